/**
 * Calendar dates as 'YYYY-MM-DD' strings. A date-only value never becomes a JS Date at local
 * midnight, so neither the machine's time zone nor the clock change can move it to another day.
 * Day arithmetic is `addDays` / `daysBetween` in `../views/dates.ts`; this file adds what those lack.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO 8601 calendar date: a real day of the Gregorian calendar written YYYY-MM-DD (years 0001–9999). */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

/** ISO 8601 calendar date: throws a RangeError unless `value` is a real YYYY-MM-DD date. */
export function assertIsoDate(value: string): void {
  if (!isIsoDate(value)) invalid(value);
}

/** ISO 8601 calendar date: YYYY-MM-DD from its parts (month 1–12). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Gregorian calendar: the number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO 8601 calendar date: the day of the week, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export function dayOfWeek(date: string): number {
  assertIsoDate(date);
  // Read at UTC midnight, so the answer is the same in every time zone.
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Coroners (Inquests) Rules 2013 r.2: a Saturday or a Sunday is never a working day. */
export function isWeekend(date: string): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/**
 * Interpretation Act 1978 Sch.1 ("month" means calendar month) and the corresponding-date rule
 * (Dodds v Walker [1981] 1 WLR 1441): the same day `months` later, or that month's last day.
 */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number, not ${months}`);
  const [year, month, day] = parseIsoDate(date) ?? invalid(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  if (newYear < 1 || newYear > 9999) throw new RangeError(`${date} plus ${months} months is out of range`);
  return isoDate(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseIsoDate(value: string): [number, number, number] | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse would accept 2023-02-30 and roll it over to 2 March, so check the day ourselves.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return [year, month, day];
}

function invalid(date: string): never {
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}
