/**
 * Bank holidays in England and Wales, computed from the standing rules, with the one-off changes
 * made by royal proclamation kept in a small table. The list is the one gov.uk publishes
 * (https://www.gov.uk/bank-holidays): it includes Christmas Day and Good Friday, which are common-law
 * holidays rather than bank holidays under the Banking and Financial Dealings Act 1971, and it names
 * a weekend holiday's replacement weekday a "substitute day".
 *
 * Years 1978 (the first early May bank holiday) to 9999 are covered. A future one-off holiday is
 * only known once it is proclaimed, usually months ahead: add it to ONE_OFF_CHANGES when it is.
 */
import { addDays } from '../views/dates.ts';
import { assertIsoDate, dayOfWeek, daysInMonth, isoDate, isWeekend } from './iso-dates.ts';

export type BankHoliday = { readonly date: string; readonly name: string };

const FIRST_YEAR = 1978;
const LAST_YEAR = 9999;
/** The years whose bank holidays are known; `bankHolidays` and `findBankHoliday` refuse any other. */
export const BANK_HOLIDAY_YEARS = { first: FIRST_YEAR, last: LAST_YEAR } as const;

/**
 * One-off changes by royal proclamation under the Banking and Financial Dealings Act 1971 s.1(2)–(3):
 * a standing holiday moved (`earlyMay`, `spring`) and extra days added (`extra`).
 */
const ONE_OFF_CHANGES: Readonly<
  Record<number, { earlyMay?: BankHoliday; spring?: BankHoliday; extra?: readonly BankHoliday[] }>
> = {
  1981: { extra: [{ date: '1981-07-29', name: 'Royal wedding' }] },
  1995: { earlyMay: { date: '1995-05-08', name: 'Early May bank holiday (VE day)' } },
  1999: { extra: [{ date: '1999-12-31', name: 'Millennium celebrations' }] },
  2002: {
    spring: { date: '2002-06-04', name: 'Spring bank holiday' },
    extra: [{ date: '2002-06-03', name: 'Queen’s Golden Jubilee' }],
  },
  2011: { extra: [{ date: '2011-04-29', name: 'Royal wedding' }] },
  2012: {
    spring: { date: '2012-06-04', name: 'Spring bank holiday' },
    extra: [{ date: '2012-06-05', name: 'Queen’s Diamond Jubilee' }],
  },
  2020: { earlyMay: { date: '2020-05-08', name: 'Early May bank holiday (VE day)' } },
  2022: {
    spring: { date: '2022-06-02', name: 'Spring bank holiday' },
    extra: [
      { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  2023: { extra: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }] },
};

const computed = new Map<
  number,
  { list: readonly BankHoliday[]; byDate: ReadonlyMap<string, BankHoliday> }
>();

/** Banking and Financial Dealings Act 1971 s.1, Sch.1 and royal proclamations: England and Wales, in date order. */
export function bankHolidays(year: number): readonly BankHoliday[] {
  return holidaysOf(year).list;
}

/** Banking and Financial Dealings Act 1971 Sch.1: the bank holiday in England and Wales on `date`, if any. */
export function findBankHoliday(date: string): BankHoliday | undefined {
  assertIsoDate(date);
  return holidaysOf(Number(date.slice(0, 4))).byDate.get(date);
}

/** Banking and Financial Dealings Act 1971 Sch.1: whether `date` is a bank holiday in England and Wales. */
export function isBankHoliday(date: string): boolean {
  return findBankHoliday(date) !== undefined;
}

/** Easter Day by the Gregorian computus (Calendar (New Style) Act 1750), Meeus/Jones/Butcher method. */
export function easterSunday(year: number): string {
  assertYear(year, 1583, LAST_YEAR);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function holidaysOf(year: number) {
  let entry = computed.get(year);
  if (!entry) {
    assertYear(year, FIRST_YEAR, LAST_YEAR);
    const list = Object.freeze(computeYear(year).map((holiday) => Object.freeze(holiday)));
    entry = { list, byDate: new Map(list.map((holiday) => [holiday.date, holiday])) };
    computed.set(year, entry);
  }
  return entry;
}

function computeYear(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  const changes = ONE_OFF_CHANGES[year] ?? {};
  const holidays = [
    ...withSubstituteDays([{ date: isoDate(year, 1, 1), name: 'New Year’s Day' }]),
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    changes.earlyMay ?? { date: firstMonday(year, 5), name: 'Early May bank holiday' },
    changes.spring ?? { date: lastMonday(year, 5), name: 'Spring bank holiday' },
    { date: lastMonday(year, 8), name: 'Summer bank holiday' },
    ...withSubstituteDays([
      { date: isoDate(year, 12, 25), name: 'Christmas Day' },
      { date: isoDate(year, 12, 26), name: 'Boxing Day' },
    ]),
    ...(changes.extra ?? []),
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/**
 * A fixed-date holiday that falls at a weekend is replaced by the next weekday not already a
 * holiday, in the order given: Christmas on a Saturday gives Monday 27th and Boxing Day Tuesday 28th;
 * Christmas on a Sunday gives Boxing Day Monday 26th and Christmas Tuesday 27th. Sch.1 para 1 gives
 * 27 December when the 25th or 26th is a Sunday; the other substitute days are proclaimed each year.
 */
function withSubstituteDays(fixed: readonly BankHoliday[]): BankHoliday[] {
  const taken = new Set(fixed.filter((holiday) => !isWeekend(holiday.date)).map((holiday) => holiday.date));
  return fixed.map((holiday) => {
    if (!isWeekend(holiday.date)) return holiday;
    let date = holiday.date;
    do date = addDays(date, 1);
    while (isWeekend(date) || taken.has(date));
    taken.add(date);
    return { date, name: `${holiday.name} (substitute day)` };
  });
}

function firstMonday(year: number, month: number): string {
  const first = isoDate(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): string {
  const last = isoDate(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

function assertYear(year: number, first: number, last: number): void {
  if (!Number.isInteger(year) || year < first || year > last) {
    throw new RangeError(`Year must be a whole number from ${first} to ${last}, not ${year}`);
  }
}
