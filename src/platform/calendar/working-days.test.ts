import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays } from '../views/dates.ts';
import {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days.ts';

/** Any day from 2010 to 2040. */
const anyDate = fc.integer({ min: 0, max: 11_322 }).map((offset) => addDays('2010-01-01', offset));

describe('working days', () => {
  it('exclude weekends, bank holidays, Christmas Day and Good Friday', () => {
    expect(isWorkingDay('2024-03-28')).toBe(true); // Maundy Thursday
    expect(isWorkingDay('2024-03-29')).toBe(false); // Good Friday
    expect(isWorkingDay('2024-04-01')).toBe(false); // Easter Monday
    expect(isWorkingDay('2024-12-25')).toBe(false);
    expect(isWorkingDay('2024-12-24')).toBe(true);
    expect(isWorkingDay('2024-12-31')).toBe(true);
    expect(isWorkingDay('2026-03-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-29')).toBe(false); // Sunday, and the clocks go forward
    expect(isWorkingDay('2026-03-30')).toBe(true);
    expect(isWorkingDay('2022-09-19')).toBe(false); // State Funeral of Queen Elizabeth II
    expect(isWorkingDay('2021-12-27')).toBe(false); // Christmas Day substitute
  });

  it('count across Easter', () => {
    expect(nextWorkingDay('2024-03-28')).toBe('2024-04-02');
    expect(addWorkingDays('2024-03-27', 2)).toBe('2024-04-02');
    expect(workingDaysBetween('2024-03-28', '2024-04-05')).toBe(4);
  });

  it('count across Christmas and the New Year', () => {
    expect(nextWorkingDay('2021-12-24')).toBe('2021-12-29');
    expect(workingDaysBetween('2021-12-24', '2022-01-04')).toBe(4); // 29, 30, 31 Dec and 4 Jan
    // Coroners (Investigations) Regulations 2013 reg.18: five working days after a transfer agreed
    // on Thursday 22 December 2022 (26, 27 Dec and 2 Jan are bank holidays).
    expect(addWorkingDays('2022-12-22', 5)).toBe('2023-01-03');
  });

  it('count across the Platinum Jubilee', () => {
    expect(nextWorkingDay('2022-06-01')).toBe('2022-06-06');
    expect(isWorkingDay('2022-05-30')).toBe(true); // the spring holiday moved to 2 June
    expect(workingDaysBetween('2022-05-27', '2022-06-10')).toBe(8);
  });

  it('add nothing for zero and start from the day after', () => {
    expect(addWorkingDays('2024-03-30', 0)).toBe('2024-03-30');
    expect(addWorkingDays('2024-06-03', 1)).toBe('2024-06-04');
    expect(addWorkingDays('2024-06-07', 1)).toBe('2024-06-10'); // Friday to Monday
    expect(workingDaysBetween('2024-06-03', '2024-06-03')).toBe(0);
    expect(workingDaysBetween('2024-06-10', '2024-06-07')).toBe(-1);
    expect(workingDaysBetween('2024-06-09', '2024-06-08')).toBe(0); // not -0
  });

  it('roll a non-working day forward and keep a working day', () => {
    expect(workingDayOnOrAfter('2024-06-04')).toBe('2024-06-04');
    expect(workingDayOnOrAfter('2023-12-23')).toBe('2023-12-27');
    expect(workingDayOnOrAfter('2023-05-06')).toBe('2023-05-09'); // Saturday, Sunday, Coronation
  });

  it('refuse negative or fractional counts and bad dates', () => {
    expect(() => addWorkingDays('2024-06-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-06-03', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-06-31', 1)).toThrow(RangeError);
    expect(() => isWorkingDay('2024-6-3')).toThrow(RangeError);
    expect(() => workingDaysBetween('2024-06-03', 'tomorrow')).toThrow(RangeError);
    expect(() => isWorkingDay('1977-12-30')).toThrow(RangeError); // before the current rules
  });
});

describe('working day properties, 2010–2040', () => {
  it('adding lands on a working day', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 400 }), (date, n) => {
        expect(isWorkingDay(addWorkingDays(date, n))).toBe(true);
      }),
    );
  });

  it('counting undoes adding', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(400), (date, n) => {
        expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
      }),
    );
  });

  it('adding gives the first day that reaches the count', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 400 }), (date, n) => {
        expect(workingDaysBetween(date, addDays(addWorkingDays(date, n), -1))).toBe(n - 1);
      }),
    );
  });

  it('adding is monotonic in the count and in the start', () => {
    fc.assert(
      fc.property(anyDate, anyDate, fc.nat(200), fc.nat(200), (a, b, n, m) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [few, many] = n <= m ? [n, m] : [m, n];
        expect(addWorkingDays(early, few) <= addWorkingDays(early, many)).toBe(true);
        if (few < many) expect(addWorkingDays(early, few) < addWorkingDays(early, many)).toBe(true);
        expect(addWorkingDays(early, few) <= addWorkingDays(late, few)).toBe(true);
      }),
    );
  });

  it('counting adds up over consecutive spans and changes sign when reversed', () => {
    fc.assert(
      fc.property(anyDate, anyDate, anyDate, (a, b, c) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
        expect(workingDaysBetween(b, a) + workingDaysBetween(a, b)).toBe(0);
      }),
    );
  });

  it('counting agrees with checking each day in turn', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(800), (from, span) => {
        const to = addDays(from, span);
        let count = 0;
        for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
        expect(workingDaysBetween(from, to)).toBe(count);
      }),
    );
  });

  it('the next working day has only non-working days before it', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = nextWorkingDay(date);
        expect(next > date).toBe(true);
        for (let day = addDays(date, 1); day < next; day = addDays(day, 1)) {
          expect(isWorkingDay(day)).toBe(false);
        }
      }),
    );
  });

  it('a working week has five days less its holidays', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(workingDaysBetween(date, addDays(date, 7))).toBeGreaterThanOrEqual(2);
        expect(workingDaysBetween(date, addDays(date, 7))).toBeLessThanOrEqual(5);
      }),
    );
  });
});

describe("the machine's time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
    vi.resetModules();
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata'])(
    'does not change any answer in %s',
    async (zone) => {
      process.env.TZ = zone;
      // Prove the zone took effect, so the check below is not run in London by mistake.
      expect(new Date(Date.UTC(2024, 0, 1, 12)).getHours()).not.toBe(12);
      vi.resetModules(); // fresh modules, so no year was memoised under another zone
      const days = await import('./working-days.ts');
      const holidays = await import('./bank-holidays.ts');
      expect(holidays.bankHolidays(2026).map((h) => h.date)).toEqual([
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ]);
      expect(days.addWorkingDays('2026-03-26', 5)).toBe('2026-04-02'); // across the clock change
      expect(days.addWorkingDays('2026-10-22', 3)).toBe('2026-10-27');
      expect(days.workingDaysBetween('2021-12-24', '2022-01-04')).toBe(4);
      expect(days.isWorkingDay('2026-03-29')).toBe(false);
      expect(days.isWorkingDay('2026-03-30')).toBe(true);
    },
  );
});
