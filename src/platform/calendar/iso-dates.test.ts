import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../views/dates.ts';
import {
  addMonths,
  assertIsoDate,
  dayOfWeek,
  daysInMonth,
  isIsoDate,
  isoDate,
  isWeekend,
} from './iso-dates.ts';

const anyDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((at) => at.toISOString().slice(0, 10));

describe('calendar dates', () => {
  it('accept only real YYYY-MM-DD days', () => {
    for (const good of ['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '9999-12-31']) {
      expect(isIsoDate(good)).toBe(true);
    }
    for (const bad of ['2023-02-29', '1900-02-29', '2023-02-30', '2023-04-31', '2023-13-01', '2023-00-10']) {
      expect(isIsoDate(bad)).toBe(false);
    }
    for (const bad of ['0000-01-01', '2023-1-01', '20230101', '2023-01-01T00:00', ' 2023-01-01', '']) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(() => assertIsoDate('2023-02-30')).toThrow(RangeError);
  });

  it('format parts with leading zeros', () => {
    expect(isoDate(2024, 3, 5)).toBe('2024-03-05');
    expect(isoDate(999, 12, 31)).toBe('0999-12-31');
  });

  it('know the length of each month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it('know the day of the week', () => {
    expect(dayOfWeek('2024-12-25')).toBe(3); // Wednesday
    expect(dayOfWeek('2021-12-25')).toBe(6);
    expect(dayOfWeek('2022-12-25')).toBe(0);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    // The Sundays of the clock changes stay Sundays.
    expect(dayOfWeek('2026-03-29')).toBe(0);
    expect(dayOfWeek('2026-10-25')).toBe(0);
    expect(isWeekend('2026-03-28')).toBe(true);
    expect(isWeekend('2026-03-30')).toBe(false);
  });

  it('step one day of the week per day', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect((((dayOfWeek(b) - dayOfWeek(a) - daysBetween(a, b)) % 7) + 7) % 7).toBe(0);
      }),
    );
  });
});

describe('adding calendar months', () => {
  it('keeps the day of the month when the month has it', () => {
    expect(addMonths('2024-01-15', 1)).toBe('2024-02-15');
    expect(addMonths('2024-11-30', 2)).toBe('2025-01-30');
    expect(addMonths('2024-03-31', 6)).toBe('2024-09-30');
    expect(addMonths('2024-03-15', -3)).toBe('2023-12-15');
    expect(addMonths('2024-03-15', 0)).toBe('2024-03-15');
    expect(addMonths('2024-03-15', 12)).toBe('2025-03-15');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-08-31', 1)).toBe('2024-09-30');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('gives six and twelve months from the day the coroner is made aware', () => {
    // Coroners (Inquests) Rules 2013 r.8 and Coroners and Justice Act 2009 s.16.
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-08-31', 12)).toBe('2026-08-31');
  });

  it('refuses fractions, bad dates and years out of range', () => {
    expect(() => addMonths('2024-01-31', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('9999-12-01', 1)).toThrow(RangeError);
    expect(() => addMonths('0001-01-01', -1)).toThrow(RangeError);
  });

  it('lands in the right month, never past the day it started from', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -600, max: 600 }), (date, n) => {
        const result = addMonths(date, n);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const [ry, rm, rd] = result.split('-').map(Number) as [number, number, number];
        expect(ry * 12 + rm - (y * 12 + m)).toBe(n);
        expect(rd).toBe(Math.min(d, daysInMonth(ry, rm)));
      }),
    );
  });
});
