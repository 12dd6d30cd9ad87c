import { isIsoDate } from '../calendar/iso-dates.ts';
import { londonInstant } from '../views/dates.ts';

/**
 * A question on a page. Forms are declared as lists of fields whose `path` is the dotted path of the value
 * in the JSON the API takes, so one zod schema validates both and its errors land on the right field.
 */
export type Field =
  | {
      kind: 'text' | 'textarea' | 'email' | 'time';
      path: string;
      label: string;
      hint?: string;
      autocomplete?: string;
      width?: string;
      rows?: number;
    }
  | { kind: 'number' | 'decimal'; path: string; label: string; hint?: string; width?: string }
  | { kind: 'date'; path: string; label: string; hint?: string }
  | { kind: 'datetime'; path: string; label: string; hint?: string }
  | {
      kind: 'radios' | 'select';
      path: string;
      label: string;
      hint?: string;
      options: Option[];
      inline?: boolean;
    }
  | { kind: 'checkboxes'; path: string; label: string; hint?: string; options: Option[] }
  | { kind: 'boolean'; path: string; label: string; hint?: string; yes?: string; no?: string }
  | { kind: 'heading'; path: string; label: string; hint?: string }
  /**
   * A map to pick a place on, filling the `lat` and `lon` fields (paths) when a tile server is configured and
   * the browser runs scripts; `path` is the place's `accuracyM`, set from the map's scale when picked.
   */
  | { kind: 'map'; path: string; label: string; lat: string; lon: string };

export type Option = { value: string; text: string; hint?: string };

export type FormBody = Record<string, string | string[] | undefined>;

/** One answer as text; anything else a body could carry (a JSON number or object) reads as no answer. */
const one = (v: unknown): string => {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
};

/**
 * Years a date on a form may have (GOV.UK date input: "Year must include 4 numbers"). A date and time is
 * something that happened or will happen in this service, so it starts later; schemas may narrow both.
 */
export const FORM_YEARS = {
  date: { first: 1000, last: 9999 },
  datetime: { first: 1900, last: 9999 },
} as const;

type DateAnswer =
  | { kind: 'blank' }
  | { kind: 'problem'; message: string; inTime?: boolean }
  | { kind: 'date'; date: string; time: string };

/** Reads the day, month, year (and time) boxes of a date field, saying what is wrong as GOV.UK words it. */
function readDate(field: Field & { kind: 'date' | 'datetime' }, body: FormBody): DateAnswer {
  const name = field.path;
  const day = one(body[`${name}-day`]);
  const month = one(body[`${name}-month`]);
  const year = one(body[`${name}-year`]);
  const rawTime = field.kind === 'datetime' ? one(body[`${name}-time`]) : '';
  if (!day && !month && !year) return { kind: 'blank' };
  const label = field.label.replace(/\s*\([^)]*\)\s*$/, '');
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => ![day, month, year][i]);
  if (missing.length) return { kind: 'problem', message: `${label} must include a ${missing.join(' and ')}` };
  const { first, last } = FORM_YEARS[field.kind];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { kind: 'problem', message: `${label} must be a real date, for example 14 12 2026` };
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(date)) return { kind: 'problem', message: `${label} must be a real date` };
  if (Number(year) < first || Number(year) > last)
    return { kind: 'problem', message: `${label} must be a real date, in the years ${first} to ${last}` };
  if (field.kind === 'date') return { kind: 'date', date, time: '00:00' };
  // A hearing or a report has a time of day: a date alone is not taken as midnight.
  if (!rawTime)
    return { kind: 'problem', message: `${label} must include a time, for example 14:30`, inTime: true };
  const clock = /^(\d{1,2})[:.](\d{2})$/.exec(rawTime);
  if (!clock || Number(clock[1]) > 23 || Number(clock[2]) > 59)
    return { kind: 'problem', message: `${label} must have a real time, from 00:00 to 23:59`, inTime: true };
  return { kind: 'date', date, time: `${clock[1]!.padStart(2, '0')}:${clock[2]}` };
}

/**
 * The date fields answered with a date or time that does not exist (31 2 2027, 0 0 2026, 25:99), each with a
 * GOV.UK sentence. `readForm` gives such a field the value 'invalid', which every date schema refuses; a
 * page shows these sentences instead of the schema's more general one.
 */
export function dateProblems(fields: readonly Field[], body: FormBody): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    if (field.kind !== 'date' && field.kind !== 'datetime') continue;
    const answer = readDate(field, body);
    // A problem with the time is put on the time box (`PATH-time`), so the error summary leads there.
    if (answer.kind === 'problem')
      problems[answer.inTime ? `${field.path}-time` : field.path] = answer.message;
  }
  return problems;
}

/** Reads a posted form into the nested object the schema expects; blank answers are left out. */
export function readForm(fields: readonly Field[], body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = readField(field, body);
    if (value !== undefined) setPath(out, field.path, value);
  }
  return out;
}

function readField(field: Field, body: FormBody): unknown {
  const name = field.path;
  switch (field.kind) {
    case 'heading':
      return undefined;
    case 'checkboxes': {
      const v = body[name];
      return (Array.isArray(v) ? v : v ? [v] : []).filter((x) => x !== '_unchecked');
    }
    case 'date':
    case 'datetime': {
      const answer = readDate(field, body);
      if (answer.kind === 'blank') return undefined;
      if (answer.kind === 'problem') return 'invalid';
      if (field.kind === 'date') return answer.date;
      const at = londonInstant(answer.date, answer.time);
      return Number.isNaN(at.getTime()) ? 'invalid' : at.toISOString();
    }
    case 'number': {
      const v = one(body[name]);
      if (!v) return undefined;
      return /^-?\d+$/.test(v) ? Number(v) : v;
    }
    case 'decimal':
    case 'map': {
      const v = one(body[name]);
      if (!v) return undefined;
      return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    case 'boolean': {
      const v = one(body[name]);
      return v === 'yes' ? true : v === 'no' ? false : undefined;
    }
    default: {
      const v = one(body[name]);
      return v === '' ? undefined : v;
    }
  }
}

/** The values to show in each field again: from a posted form, or from saved data. */
export function formValues(
  fields: readonly Field[],
  source: { body?: FormBody; data?: Record<string, unknown> },
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (source.body) {
      if (field.kind === 'date' || field.kind === 'datetime') {
        values[field.path] = {
          day: one(source.body[`${field.path}-day`]),
          month: one(source.body[`${field.path}-month`]),
          year: one(source.body[`${field.path}-year`]),
          time: one(source.body[`${field.path}-time`]),
        };
      } else if (field.kind === 'checkboxes') {
        const v = source.body[field.path];
        values[field.path] = Array.isArray(v) ? v : v ? [v] : [];
      } else {
        values[field.path] = one(source.body[field.path]);
      }
      continue;
    }
    const v = getPath(source.data ?? {}, field.path);
    if (field.kind === 'date' && typeof v === 'string') {
      const [year, month, day] = v.split('-');
      values[field.path] = { day: String(Number(day)), month: String(Number(month)), year };
    } else if (field.kind === 'datetime' && typeof v === 'string') {
      const d = new Date(v);
      const date = d.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
      const [year, month, day] = date.split('-');
      values[field.path] = {
        day: String(Number(day)),
        month: String(Number(month)),
        year,
        time: d.toLocaleTimeString('en-GB', {
          timeZone: 'Europe/London',
          hour: '2-digit',
          minute: '2-digit',
        }),
      };
    } else if (field.kind === 'boolean') {
      values[field.path] = v === true ? 'yes' : v === false ? 'no' : '';
    } else {
      values[field.path] = v ?? (field.kind === 'checkboxes' ? [] : '');
    }
  }
  return values;
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

export function getPath(source: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      source,
    );
}
