import type { z } from 'zod';
import { AppError, type FieldErrors } from './errors.ts';

/** Zod issues → one plain sentence per field, keyed by the field's dotted path. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= sentenceFor(issue, path);
  }
  return fields;
}

function sentenceFor(issue: z.core.$ZodIssue, path: string): string {
  // The body itself (no field): JSON that is not an object, or no body at all.
  if (path === '_' && issue.code === 'invalid_type') return 'Send the request body as a JSON object';
  const label = humanise(path);
  // A message written in the schema (GOV.UK wording, e.g. "Enter the date of death") wins, except that a
  // schema's message for a missing answer ("Enter …", "Select …") is not the answer to text that is too long:
  // zod gives a schema's own message to every check without one.
  const askForAnswer = issue.code === 'too_big' && /^(Enter|Select|Choose) /.test(issue.message ?? '');
  if (issue.message && !askForAnswer && !/^Invalid|^Expected|^Too |^Unrecognized/.test(issue.message))
    return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      // Zod leaves the input out of its issues; its own message says what it received.
      const received = /received (\w+)/.exec(issue.message)?.[1];
      const missing = (received ?? String(issue.input)) === 'undefined';
      const kind = KINDS[issue.expected];
      if (missing)
        return kind === 'a list' || kind === 'a JSON object'
          ? `${capitalise(label)} is required`
          : `Enter the ${label}`;
      return `${capitalise(label)} must be ${kind ?? `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? `Enter the ${label}` : `${capitalise(label)} must be at least ${min} characters`;
      if (issue.origin === 'array')
        return `${capitalise(label)} must have at least ${min} ${min === 1 ? 'item' : 'items'}`;
      return `${capitalise(label)} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum).toLocaleString('en-GB');
      if (issue.origin === 'string') return `${capitalise(label)} must be ${max} characters or fewer`;
      if (issue.origin === 'array') return `${capitalise(label)} must have ${max} items or fewer`;
      return `${capitalise(label)} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max}`;
    }
    case 'invalid_value':
      return `${capitalise(label)} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `${capitalise(label)} is not in the right format`;
    case 'unrecognized_keys':
      return `Remove the unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    default:
      return `${capitalise(label)} is not valid`;
  }
}

/** What a value of each kind zod expects is called in a sentence. */
const KINDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a JSON object',
};

/** Fields whose own name says little in a sentence. */
const LABELS: Record<string, string> = {
  q: 'search text',
  '1a': 'cause 1a',
  '1b': 'cause 1b',
  '1c': 'cause 1c',
  howWhenWhere: 'how, when and where the death came about',
};

function humanise(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  return LABELS[last] ?? last.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A 400 naming every field that is wrong. */
export function validationError(fields: FieldErrors): AppError {
  const list = Object.entries(fields);
  const summary =
    list.length === 1
      ? list[0]![0] === '_'
        ? `${list[0]![1]}.`
        : `${list[0]![1]} (${list[0]![0]}).`
      : `There are ${list.length} problems: ${list.map(([k, v]) => `${k}: ${v}`).join('; ')}.`;
  return new AppError('VALIDATION_FAILED', summary, fields);
}

/** Parses input with a schema, throwing a VALIDATION_FAILED AppError naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(fieldErrorsOf(result.error.issues));
  return result.data;
}

/** The GOV.UK error summary and per-field messages for a form (ids are the field paths with dots → dashes). */
export type FormErrors = {
  /** Each problem, linked to its question; a refusal of the whole form has none (and may carry a link in `html`). */
  errorList: ({ text: string; href: string } | { text: string } | { html: string })[];
  fields: Record<string, { text: string }>;
};

export function formErrors(fields: FieldErrors): FormErrors | undefined {
  const entries = Object.entries(fields);
  if (entries.length === 0) return undefined;
  return {
    errorList: entries.map(([path, text]) => ({ text, href: `#${fieldId(path)}` })),
    fields: Object.fromEntries(entries.map(([path, text]) => [path, { text }])),
  };
}

export const fieldId = (path: string) => path.replace(/\./g, '-');
