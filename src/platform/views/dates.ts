/** Dates are stored in UTC and shown in Europe/London (API.md "Conventions"). */
import { isIsoDate } from '../calendar/iso-dates.ts';

const LONDON = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const shortDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The London calendar date of a date-only value (YYYY-MM-DD) or an instant, as [year, month, day]. */
function calendarDate(value: string | Date): [string, number, number] | undefined {
  const match = typeof value === 'string' ? DATE_ONLY.exec(value) : null;
  if (match) return [match[1]!, Number(match[2]), Number(match[3])];
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return undefined;
  const [y, m, d] = londonDate(at).split('-') as [string, string, string];
  return [y, Number(m), Number(d)];
}

/** "25 November 2026" for a date-only value (YYYY-MM-DD) or an instant (shown as the London date). */
export function govukDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  // Written out rather than through Intl: a list page shows many dates, and Intl takes microseconds each.
  const date = calendarDate(value);
  if (!date || date[1] < 1 || date[1] > 12) return dateFormat.format(new Date(value));
  return `${date[2]} ${MONTHS[date[1] - 1]} ${date[0]}`;
}

export function govukShortDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return shortDateFormat.format(new Date(Date.UTC(y, m - 1, d, 12)));
  }
  return shortDateFormat.format(new Date(value));
}

/** "2:30pm" (GOV.UK style: "midday" and "midnight" for 12:00 and 00:00). */
export function govukTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const { hour, minute } = londonParts(new Date(value));
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  // Written out: Intl's British 12-hour clock counts 0 to 11 ("0:30 pm" for half past twelve).
  const clock = `${hour % 12 || 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}`;
  return `${clock}${hour < 12 ? 'am' : 'pm'}`;
}

export function govukDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return `${govukDate(value)} at ${govukTime(value)}`;
}

const londonDates = new Map<number, string>();

/** The calendar date (YYYY-MM-DD) of an instant in London. */
export function londonDate(at: Date): string {
  // London's offset changes only on the hour, so an instant's date depends only on its hour: remember it
  // (working it out through Intl is slow, and imports and clock pages ask for it many times).
  const hour = Math.floor(at.getTime() / 3_600_000);
  const known = londonDates.get(hour);
  if (known !== undefined) return known;
  const p = londonParts(at);
  const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  if (londonDates.size >= 200_000) londonDates.clear();
  londonDates.set(hour, date);
  return date;
}

export function londonParts(at: Date): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * The instant of a London wall-clock time (handles the clock changes). A date that is not a real day of years
 * 1–9999, or a time that is not HH:MM within 00:00–23:59, gives an invalid Date (NaN) rather than rolling over
 * to another day. A time skipped by the spring change (01:00–01:59) is read as the hour after, as clocks show it.
 */
export function londonInstant(date: string, time = '00:00'): Date {
  if (!isIsoDate(date) || !/^\d{2}:\d{2}$/.test(time)) return new Date(Number.NaN);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  if (hh > 23 || mm > 59) return new Date(Number.NaN);
  // Date.UTC would read years 0–99 as 1900–1999: set the full year explicitly.
  const wall = new Date(0);
  wall.setUTCFullYear(y, m - 1, d);
  wall.setUTCHours(hh, mm, 0, 0);
  const guess = wall.getTime();
  const reads = (candidate: Date, hour: number) => {
    const p = londonParts(candidate);
    return p.year === y && p.month === m && p.day === d && p.hour === hour && p.minute === mm;
  };
  // London is UTC+0 or UTC+1, and was UTC+2 in the summers of 1941–45 and 1947: keep the offset that reads
  // back as the wall time.
  for (const offsetHours of [0, 1, 2]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    if (reads(candidate, hh)) return candidate;
  }
  // Only a spring change skips wall times: at the offset before it, such a time reads one hour later.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    if (reads(candidate, hh + 1)) return candidate;
  }
  return new Date(Number.NaN);
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
