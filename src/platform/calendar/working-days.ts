/**
 * Working days for the statutory clocks. The Coroners (Inquests) Rules 2013 r.2 and the Coroners
 * (Investigations) Regulations 2013 reg.2 define a working day as any day other than a Saturday or
 * Sunday, Christmas Day or Good Friday, or a bank holiday under the Banking and Financial Dealings
 * Act 1971 in England and Wales. Dates are 'YYYY-MM-DD' strings throughout.
 */
import { addDays, daysBetween } from '../views/dates.ts';
import { bankHolidays, easterSunday } from './bank-holidays.ts';
import { assertIsoDate, dayOfWeek, isoDate, isWeekend } from './iso-dates.ts';

/** Coroners (Inquests) Rules 2013 r.2 and Coroners (Investigations) Regulations 2013 reg.2: working day. */
export function isWorkingDay(date: string): boolean {
  return !isWeekend(date) && !closedWeekdays(yearOf(date)).has(date);
}

/**
 * Coroners (Inquests) Rules 2013 r.2: the day `n` working days after `date`, not counting `date`
 * itself (e.g. Coroners (Investigations) Regulations 2013 reg.18: five working days). n = 0 gives `date`.
 */
export function addWorkingDays(date: string, n: number): string {
  assertIsoDate(date);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Working days to add must be a whole number ≥ 0, not ${n}`);
  }
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/**
 * Coroners (Inquests) Rules 2013 r.2: the working days after `from` up to and including `to`, so that
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`; negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string): number {
  assertIsoDate(from);
  assertIsoDate(to);
  if (to < from) return 0 - workingDaysBetween(to, from); // 0 - x, so a weekend span is 0, not -0
  // Weekdays by arithmetic, then the holidays that fall on them, so a span of years costs little.
  const days = daysBetween(from, to);
  const first = dayOfWeek(from);
  let weekdays = Math.floor(days / 7) * 5;
  for (let i = 1; i <= days % 7; i++) {
    const day = (first + i) % 7;
    if (day !== 0 && day !== 6) weekdays++;
  }
  let closed = 0;
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    for (const day of closedWeekdays(year)) if (day > from && day <= to) closed++;
  }
  return weekdays - closed;
}

/** Coroners (Inquests) Rules 2013 r.2: the first working day after `date` (never `date` itself). */
export function nextWorkingDay(date: string): string {
  return addWorkingDays(date, 1);
}

/**
 * Coroners (Inquests) Rules 2013 r.2: `date` if it is a working day, otherwise the next one
 * (for a deadline or a hearing date that lands on a weekend or holiday).
 */
export function workingDayOnOrAfter(date: string): string {
  return isWorkingDay(date) ? date : nextWorkingDay(date);
}

const closedByYear = new Map<number, ReadonlySet<string>>();

/**
 * The weekdays of a year that are not working days. Christmas Day and Good Friday are named by the
 * rule itself, so they are added here rather than trusted to the bank holiday list.
 */
function closedWeekdays(year: number): ReadonlySet<string> {
  let closed = closedByYear.get(year);
  if (!closed) {
    const days = bankHolidays(year).map((holiday) => holiday.date);
    days.push(isoDate(year, 12, 25), addDays(easterSunday(year), -2));
    closed = new Set(days.filter((day) => !isWeekend(day)));
    closedByYear.set(year, closed);
  }
  return closed;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
