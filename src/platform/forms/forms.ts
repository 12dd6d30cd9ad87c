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
  | { kind: 'heading'; path: string; label: string; hint?: string };

export type Option = { value: string; text: string; hint?: string };

export type FormBody = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

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
    case 'date': {
      const day = one(body[`${name}-day`]);
      const month = one(body[`${name}-month`]);
      const year = one(body[`${name}-year`]);
      if (!day && !month && !year) return undefined;
      return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    }
    case 'datetime': {
      const day = one(body[`${name}-day`]);
      const month = one(body[`${name}-month`]);
      const year = one(body[`${name}-year`]);
      const time = one(body[`${name}-time`]) || '00:00';
      if (!day && !month && !year) return undefined;
      const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{1,2}:\d{2}$/.test(time)) return 'invalid';
      const at = londonInstant(date, time.padStart(5, '0'));
      return Number.isNaN(at.getTime()) ? 'invalid' : at.toISOString();
    }
    case 'number': {
      const v = one(body[name]);
      if (!v) return undefined;
      return /^-?\d+$/.test(v) ? Number(v) : v;
    }
    case 'decimal': {
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
