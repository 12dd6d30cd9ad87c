import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { isApiRequest } from './request-context.ts';

/**
 * C0 control characters other than tab, line feed and carriage return, and half of a UTF-16 surrogate pair
 * standing alone. No keyboard types them; NUL (U+0000) cannot be stored in a PostgreSQL text value, and a
 * lone surrogate (which JSON allows as "\ud800") is not valid in a PostgreSQL json value, so letting either
 * through ends in a database error.
 */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++; // a whole pair: one character outside the Basic Multilingual Plane
    }
  }
  return false;
}

export const UNUSUAL_CHARACTER_IN_ANSWER = 'Remove the unusual character from your answer';
const UNUSUAL_CHARACTER_IN_ADDRESS =
  'The web address contains an unusual character. Check the address and try again.';

/**
 * The dotted path of the first name or text in `value` holding a control character ('' for `value` itself),
 * or undefined if there is none. Walks with its own stack, so a deeply nested JSON body cannot overflow it.
 */
export function findControlCharacter(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length) {
    const { value: node, path } = stack.pop()!;
    if (typeof node === 'string') {
      if (hasControlCharacter(node)) return path;
    } else if (Array.isArray(node) || isPlainObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path ? `${path}.${key}` : key;
        if (hasControlCharacter(key)) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}

// Parsed forms, JSON and query strings (whose objects may have a bare prototype) only: a Buffer, a typed
// array or a stream is not a set of answers.
function isPlainObject(value: unknown): value is object {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/**
 * A typed answer as it was meant: a vertical tab (Word's line break) or a form feed (a page break in text
 * copied from a PDF) becomes a new line; any other control character, which no keyboard types, is dropped;
 * half a surrogate pair becomes the replacement character.
 */
export function cleanAnswer(text: string): string {
  if (!hasControlCharacter(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0b || code === 0x0c) out += '\n';
    else if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else out += text[i]!;
  }
  return out;
}

/**
 * A page form's answers (a parsed form: names to text, or to lists of text) cleaned with `cleanAnswer`, so
 * that a character pasted from another program never costs a person what they typed. The API still refuses
 * such a character, naming the field: an integration can send clean data.
 */
export function cleanFormAnswers(body: unknown): void {
  if (!isPlainObject(body) || Array.isArray(body)) return;
  const answers = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(answers)) {
    if (typeof value === 'string') answers[name] = cleanAnswer(value);
    else if (Array.isArray(value))
      answers[name] = value.map((item) => (typeof item === 'string' ? cleanAnswer(item) : item));
  }
}

/** Refuses (400) a request whose address, query string or parsed body carries a control character. */
export function refuseControlCharacters(req: FastifyRequest): void {
  if (findControlCharacter(req.params) !== undefined || findControlCharacter(req.query) !== undefined)
    throw new AppError('VALIDATION_FAILED', UNUSUAL_CHARACTER_IN_ADDRESS);
  const path = findControlCharacter(req.body);
  if (path === undefined) return;
  // The API names the field; a page has no use for a field path in its sentence.
  const named = path && isApiRequest(req);
  throw new AppError(
    'VALIDATION_FAILED',
    named ? `${UNUSUAL_CHARACTER_IN_ANSWER} (${path}).` : `${UNUSUAL_CHARACTER_IN_ANSWER}.`,
    named ? { [path]: UNUSUAL_CHARACTER_IN_ANSWER } : undefined,
  );
}
