import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { govukDate, govukDateTime, govukTime, londonDate, londonInstant } from './dates.ts';

/** The London date of an instant as Intl writes it: the independent answer the tests compare with. */
const intlLondon = (locale: string, options: Intl.DateTimeFormatOptions) => {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/London', ...options });
  return (at: Date) => format.format(at);
};
const intlDate = intlLondon('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

describe('londonDate', () => {
  it('is the London calendar date of any instant, asked once or again', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2045, 0, 1) }), (ms) => {
        const at = new Date(ms);
        expect(londonDate(at)).toBe(intlDate(at));
        expect(londonDate(new Date(ms))).toBe(intlDate(at));
      }),
      { numRuns: 2000 },
    );
  });

  it('changes day at London midnight on both sides of the clock changes', () => {
    expect(londonDate(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    expect(londonDate(new Date('2026-03-29T00:00:00Z'))).toBe('2026-03-29');
    expect(londonDate(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    expect(londonDate(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-10-24T22:59:59Z'))).toBe('2026-10-24');
    expect(londonDate(new Date('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-25T23:59:59Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-26T00:00:00Z'))).toBe('2026-10-26');
  });
});

describe('govukDate', () => {
  const intlLong = intlLondon('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

  it('writes any date or instant as GOV.UK does, the London date for an instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2045, 0, 1) }), (ms) => {
        const at = new Date(ms);
        expect(govukDate(at)).toBe(intlLong(at));
        expect(govukDate(at.toISOString())).toBe(intlLong(at));
        const day = at.toISOString().slice(0, 10);
        expect(govukDate(day)).toBe(intlLong(new Date(`${day}T12:00:00Z`)));
      }),
      { numRuns: 2000 },
    );
    expect(govukDate('2026-01-05')).toBe('5 January 2026');
    expect(govukDate(new Date('2026-10-24T23:30:00Z'))).toBe('25 October 2026');
    expect(govukDate(null)).toBe('');
  });
});

describe('govukTime', () => {
  it('writes London times on a 12-hour clock as GOV.UK does, half past twelve included', () => {
    expect(govukTime('2026-11-27T00:05:00Z')).toBe('12:05am');
    expect(govukTime('2026-11-27T00:00:00Z')).toBe('midnight');
    expect(govukTime('2026-11-27T09:00:00Z')).toBe('9am');
    expect(govukTime('2026-11-27T12:00:00Z')).toBe('midday');
    expect(govukTime('2026-11-27T12:30:00Z')).toBe('12:30pm');
    expect(govukTime('2026-11-27T23:59:00Z')).toBe('11:59pm');
    // British Summer Time: 11:30 UTC is half past twelve in London.
    expect(govukTime('2026-07-01T11:30:00Z')).toBe('12:30pm');
    expect(govukDateTime('2026-07-01T23:15:00Z')).toBe('2 July 2026 at 12:15am');
  });

  it('agrees with a 24-hour London clock for any minute (property)', () => {
    const clock = intlLondon('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const [h, m] = clock(at).split(':').map(Number) as [number, number];
        const expected =
          m === 0 && h === 0
            ? 'midnight'
            : m === 0 && h === 12
              ? 'midday'
              : `${h % 12 || 12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
        expect(govukTime(at)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('londonInstant', () => {
  const iso = (date: string, time?: string) => {
    const at = londonInstant(date, time);
    return Number.isNaN(at.getTime()) ? 'invalid' : at.toISOString();
  };

  it('reads London wall-clock time in winter, in summer and in the skipped spring hour', () => {
    expect(iso('2026-12-14', '10:00')).toBe('2026-12-14T10:00:00.000Z');
    expect(iso('2026-07-01', '10:00')).toBe('2026-07-01T09:00:00.000Z');
    expect(iso('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
    // 01:30 does not happen on 29 March 2026: it is read as the hour after, 02:30 BST.
    expect(iso('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
    // Double summer time (UTC+2) in the war years and 1947, and its skipped spring hour.
    expect(iso('1944-06-05', '10:00')).toBe('1944-06-05T08:00:00.000Z');
    expect(iso('1947-08-10')).toBe('1947-08-09T22:00:00.000Z');
    expect(iso('1947-04-13', '02:30')).toBe('1947-04-13T01:30:00.000Z');
  });

  it('round-trips every real wall-clock time through londonDate', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hh, mm) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
          expect(londonDate(londonInstant(date, time))).toBe(date);
        },
      ),
    );
  });

  it('gives an invalid instant for a date or time that does not exist, rather than another day', () => {
    expect(iso('2027-02-31', '10:00')).toBe('invalid');
    expect(iso('2026-00-00', '10:00')).toBe('invalid');
    expect(iso('2027-01-01', '25:99')).toBe('invalid');
    expect(iso('2027-01-01', '24:00')).toBe('invalid');
    expect(iso('2027-01-01', '9:00')).toBe('invalid');
    // Years 0–99 are not 1900–1999.
    expect(iso('0099-11-20', '09:00')).not.toBe('1999-11-20T09:00:00.000Z');
  });
});
