import { describe, expect, it } from 'vitest';
import { addDays } from '../views/dates.ts';
import { bankHolidays, easterSunday, findBankHoliday, isBankHoliday } from './bank-holidays.ts';
import { dayOfWeek } from './iso-dates.ts';

/** The England and Wales list published at https://www.gov.uk/bank-holidays, month-day per year. */
const GOV_UK: Record<number, string[]> = {
  2010: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2011: ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2012: ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26'],
  2013: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2014: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2015: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2016: ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2017: ['01-02', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2018: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
};

/** Easter Sundays 2010–2040, written out independently of any algorithm. */
const EASTER_SUNDAYS: Record<number, string> = {
  2010: '04-04',
  2011: '04-24',
  2012: '04-08',
  2013: '03-31',
  2014: '04-20',
  2015: '04-05',
  2016: '03-27',
  2017: '04-16',
  2018: '04-01',
  2019: '04-21',
  2020: '04-12',
  2021: '04-04',
  2022: '04-17',
  2023: '04-09',
  2024: '03-31',
  2025: '04-20',
  2026: '04-05',
  2027: '03-28',
  2028: '04-16',
  2029: '04-01',
  2030: '04-21',
  2031: '04-13',
  2032: '03-28',
  2033: '04-17',
  2034: '04-09',
  2035: '03-25',
  2036: '04-13',
  2037: '04-05',
  2038: '04-25',
  2039: '04-10',
  2040: '04-01',
};

/** A second, independent computus (Oudin 1940, as Tøndering gives it) to check the first. */
function oudinEaster(year: number): string {
  const g = year % 19;
  const c = Math.floor(year / 100);
  const h = (c - Math.floor(c / 4) - Math.floor((8 * c + 13) / 25) + 19 * g + 15) % 30;
  const i = h - Math.floor(h / 28) * (1 - Math.floor(29 / (h + 1)) * Math.floor((21 - g) / 11));
  const j = (year + Math.floor(year / 4) + i + 2 - c + Math.floor(c / 4)) % 7;
  const l = i - j;
  const month = 3 + Math.floor((l + 40) / 44);
  const day = l + 28 - 31 * Math.floor(month / 4);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const dates = (year: number) => bankHolidays(year).map((holiday) => holiday.date);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('bank holidays in England and Wales', () => {
  it.each(range(2010, 2026))('match the gov.uk list for %i', (year) => {
    expect(dates(year)).toEqual(GOV_UK[year]!.map((monthDay) => `${year}-${monthDay}`));
  });

  it('name substitute days as gov.uk does', () => {
    expect(bankHolidays(2021)).toEqual([
      { date: '2021-01-01', name: 'New Year’s Day' },
      { date: '2021-04-02', name: 'Good Friday' },
      { date: '2021-04-05', name: 'Easter Monday' },
      { date: '2021-05-03', name: 'Early May bank holiday' },
      { date: '2021-05-31', name: 'Spring bank holiday' },
      { date: '2021-08-30', name: 'Summer bank holiday' },
      { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
    ]);
    // Christmas on a Sunday: Boxing Day keeps the Monday, Christmas moves to the Tuesday.
    expect(findBankHoliday('2022-12-26')?.name).toBe('Boxing Day');
    expect(findBankHoliday('2022-12-27')?.name).toBe('Christmas Day (substitute day)');
    expect(findBankHoliday('2023-01-02')?.name).toBe('New Year’s Day (substitute day)');
    expect(findBankHoliday('2022-01-03')?.name).toBe('New Year’s Day (substitute day)');
  });

  it('include the one-off changes made by proclamation', () => {
    expect(findBankHoliday('2011-04-29')?.name).toBe('Royal wedding');
    expect(findBankHoliday('2012-06-05')?.name).toBe('Queen’s Diamond Jubilee');
    expect(isBankHoliday('2012-05-28')).toBe(false); // the spring holiday moved to 4 June
    expect(findBankHoliday('2020-05-08')?.name).toBe('Early May bank holiday (VE day)');
    expect(isBankHoliday('2020-05-04')).toBe(false);
    expect(findBankHoliday('2022-06-03')?.name).toBe('Platinum Jubilee bank holiday');
    expect(isBankHoliday('2022-05-30')).toBe(false);
    expect(findBankHoliday('2022-09-19')?.name).toBe(
      'Bank holiday for the State Funeral of Queen Elizabeth II',
    );
    expect(findBankHoliday('2023-05-08')?.name).toBe('Bank holiday for the coronation of King Charles III');
  });

  it('include the earlier one-off changes', () => {
    expect(dates(1981)).toContain('1981-07-29');
    expect(dates(1995)).toContain('1995-05-08');
    expect(dates(1995)).not.toContain('1995-05-01');
    expect(dates(1999)).toEqual([
      '1999-01-01',
      '1999-04-02',
      '1999-04-05',
      '1999-05-03',
      '1999-05-31',
      '1999-08-30',
      '1999-12-27',
      '1999-12-28',
      '1999-12-31',
    ]);
    expect(dates(2000)[0]).toBe('2000-01-03');
    expect(dates(2002)).toEqual([
      '2002-01-01',
      '2002-03-29',
      '2002-04-01',
      '2002-05-06',
      '2002-06-03',
      '2002-06-04',
      '2002-08-26',
      '2002-12-25',
      '2002-12-26',
    ]);
  });

  it.each(range(2027, 2040))('follow the standing rules in %i', (year) => {
    const holidays = bankHolidays(year);
    const list = holidays.map((holiday) => holiday.date);
    expect(list).toHaveLength(8);
    expect(new Set(list).size).toBe(8);
    expect([...list].sort()).toEqual(list);
    for (const date of list) expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(date));

    const [newYear, goodFriday, easterMonday, earlyMay, spring, summer, first, second] = holidays;
    const easter = `${year}-${EASTER_SUNDAYS[year]}`;
    expect(goodFriday).toEqual({ date: addDays(easter, -2), name: 'Good Friday' });
    expect(easterMonday).toEqual({ date: addDays(easter, 1), name: 'Easter Monday' });

    expect(newYear!.date).toBe(
      { 0: `${year}-01-02`, 6: `${year}-01-03` }[dayOfWeek(`${year}-01-01`)] ?? `${year}-01-01`,
    );
    expect(earlyMay!.date.slice(5, 7)).toBe('05');
    expect(Number(earlyMay!.date.slice(8))).toBeLessThanOrEqual(7);
    expect(dayOfWeek(earlyMay!.date)).toBe(1);
    expect(spring!.date.slice(5, 7)).toBe('05');
    expect(Number(spring!.date.slice(8))).toBeGreaterThan(24);
    expect(dayOfWeek(spring!.date)).toBe(1);
    expect(summer!.date.slice(5, 7)).toBe('08');
    expect(Number(summer!.date.slice(8))).toBeGreaterThan(24);
    expect(dayOfWeek(summer!.date)).toBe(1);

    const christmas = dayOfWeek(`${year}-12-25`);
    const expected =
      christmas === 6
        ? ['12-27 Christmas Day (substitute day)', '12-28 Boxing Day (substitute day)']
        : christmas === 0
          ? ['12-26 Boxing Day', '12-27 Christmas Day (substitute day)']
          : christmas === 5
            ? ['12-25 Christmas Day', '12-28 Boxing Day (substitute day)']
            : ['12-25 Christmas Day', '12-26 Boxing Day'];
    expect([first, second].map((h) => `${h!.date.slice(5)} ${h!.name}`)).toEqual(expected);
  });

  it('cover every substitution pattern in 2027–2040', () => {
    const christmasWeekdays = new Set(range(2027, 2040).map((year) => dayOfWeek(`${year}-12-25`)));
    expect(christmasWeekdays).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });

  it('fall on weekdays and are eight a year outside the proclaimed changes, 1978–2200', () => {
    const changed = new Set([1981, 1999, 2002, 2011, 2012, 2022, 2023]);
    for (const year of range(1978, 2200)) {
      const list = dates(year);
      if (!changed.has(year)) expect(list).toHaveLength(8);
      for (const date of list) expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(date));
    }
  });

  it('memoise each year and return a list that cannot be changed', () => {
    expect(bankHolidays(2024)).toBe(bankHolidays(2024));
    expect(Object.isFrozen(bankHolidays(2024))).toBe(true);
    expect(Object.isFrozen(bankHolidays(2024)[0])).toBe(true);
  });

  it('refuse years outside the rules and dates that are not dates', () => {
    expect(() => bankHolidays(1977)).toThrow(RangeError);
    expect(() => bankHolidays(10000)).toThrow(RangeError);
    expect(() => bankHolidays(2024.5)).toThrow(RangeError);
    expect(() => isBankHoliday('2023-02-30')).toThrow(RangeError);
    expect(() => isBankHoliday('25/12/2024')).toThrow(RangeError);
  });
});

describe('Easter Sunday', () => {
  it.each(range(2010, 2040))('is right in %i', (year) => {
    expect(easterSunday(year)).toBe(`${year}-${EASTER_SUNDAYS[year]}`);
  });

  it('agrees with an independent computus for 1583–4099', () => {
    for (const year of range(1583, 4099)) expect(easterSunday(year)).toBe(oudinEaster(year));
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (const year of range(1583, 4099)) {
      const easter = easterSunday(year);
      expect(dayOfWeek(easter)).toBe(0);
      expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
    }
  });
});
