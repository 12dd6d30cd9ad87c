import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalendarEvent, escapeText, foldLine, toICalendar, utcDateTime } from './ics.ts';

const now = new Date('2026-03-27T16:05:09.123Z');

const hearing: CalendarEvent = {
  uid: 'hearing-7f0c@opencoroner.example',
  start: new Date('2026-03-30T09:30:00Z'), // 10:30 in London, the day after the clocks go forward
  end: new Date('2026-03-30T11:00:00Z'),
  summary: 'Inquest: Jane Doe',
  location: 'Court 2, Coroner’s Court, 1 High Street, Exeter',
  description: 'Resumed inquest; witnesses: 3.\nBring ID',
  status: 'CONFIRMED',
  sequence: 2,
  lastModified: new Date('2026-03-20T12:00:00Z'),
};

type Property = { name: string; value: string };

/** A small RFC 5545 reader: unfold, split into content lines, read name and value. */
function parse(ics: string): Property[] {
  expect(ics.endsWith('\r\n')).toBe(true);
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1)
    .map((line) => {
      const colon = line.indexOf(':');
      expect(colon).toBeGreaterThan(0);
      return { name: line.slice(0, colon), value: line.slice(colon + 1) };
    });
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function physicalLines(ics: string): string[] {
  return ics.split('\r\n').slice(0, -1);
}

describe('an iCalendar of hearings', () => {
  it('has the calendar properties and one event per hearing', () => {
    const ics = toICalendar({ name: 'Hearings: Jane Doe', events: [hearing], now });
    expect(parse(ics)).toEqual([
      { name: 'BEGIN', value: 'VCALENDAR' },
      { name: 'VERSION', value: '2.0' },
      { name: 'PRODID', value: '-//OpenCoroner//Hearings//EN' },
      { name: 'CALSCALE', value: 'GREGORIAN' },
      { name: 'METHOD', value: 'PUBLISH' },
      { name: 'X-WR-CALNAME', value: 'Hearings: Jane Doe' },
      { name: 'BEGIN', value: 'VEVENT' },
      { name: 'UID', value: 'hearing-7f0c@opencoroner.example' },
      { name: 'DTSTAMP', value: '20260327T160509Z' },
      { name: 'DTSTART', value: '20260330T093000Z' },
      { name: 'DTEND', value: '20260330T110000Z' },
      { name: 'SUMMARY', value: 'Inquest: Jane Doe' },
      { name: 'LOCATION', value: 'Court 2\\, Coroner’s Court\\, 1 High Street\\, Exeter' },
      { name: 'DESCRIPTION', value: 'Resumed inquest\\; witnesses: 3.\\nBring ID' },
      { name: 'STATUS', value: 'CONFIRMED' },
      { name: 'SEQUENCE', value: '2' },
      { name: 'LAST-MODIFIED', value: '20260320T120000Z' },
      { name: 'END', value: 'VEVENT' },
      { name: 'END', value: 'VCALENDAR' },
    ]);
  });

  it('writes only what an event has', () => {
    const ics = toICalendar({
      name: 'Court 1',
      events: [{ uid: 'a', start: hearing.start, end: hearing.end, summary: 'Pre-inquest review' }],
      now,
    });
    const names = parse(ics).map((p) => p.name);
    expect(names).not.toContain('LOCATION');
    expect(names).not.toContain('DESCRIPTION');
    expect(names).not.toContain('STATUS');
    expect(names).not.toContain('SEQUENCE');
    expect(names).not.toContain('LAST-MODIFIED');
  });

  it('marks a cancelled hearing so that calendars remove it', () => {
    const ics = toICalendar({
      name: 'Hearings',
      events: [hearing, { ...hearing, uid: 'hearing-2', status: 'CANCELLED', sequence: 3 }],
      now,
    });
    const properties = parse(ics);
    const second = properties.slice(properties.findIndex((p) => p.value === 'hearing-2'));
    expect(second).toContainEqual({ name: 'STATUS', value: 'CANCELLED' });
    expect(second).toContainEqual({ name: 'SEQUENCE', value: '3' });
    expect(properties.filter((p) => p.name === 'BEGIN' && p.value === 'VEVENT')).toHaveLength(2);
  });

  it('is an empty calendar when there are no hearings', () => {
    const properties = parse(toICalendar({ name: 'Nothing listed', events: [], now }));
    expect(properties.map((p) => p.name)).not.toContain('DTSTAMP');
    expect(properties.at(-1)).toEqual({ name: 'END', value: 'VCALENDAR' });
  });

  it('refuses an event that ends before it starts, or a bad sequence or date', () => {
    const build = (event: CalendarEvent) => () => toICalendar({ name: 'x', events: [event], now });
    expect(build({ ...hearing, end: hearing.start })).toThrow(RangeError);
    expect(build({ ...hearing, sequence: -1 })).toThrow(RangeError);
    expect(build({ ...hearing, sequence: 1.5 })).toThrow(RangeError);
    expect(build({ ...hearing, start: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('TEXT values', () => {
  it('escape backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(escapeText('one\r\ntwo\rthree')).toBe('one\\ntwo\\nthree');
    expect(escapeText('Time: 10:30 "sharp"')).toBe('Time: 10:30 "sharp"');
  });

  it('drop control characters but keep tabs', () => {
    expect(escapeText('a\u0000b\u0007c\td\u001be\u007f')).toBe('abc\tde');
  });

  it('survive escaping, folding and reading back, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const ics = toICalendar({
          name: text,
          events: [{ ...hearing, summary: text, description: text }],
          now,
        });
        const clean = text
          .replace(/\r\n?/g, '\n')
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters RFC 5545 TEXT forbids
          .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
        const properties = parse(ics);
        for (const name of ['X-WR-CALNAME', 'SUMMARY', 'DESCRIPTION']) {
          expect(unescapeText(properties.find((p) => p.name === name)!.value)).toBe(clean);
        }
      }),
    );
  });
});

describe('line folding', () => {
  it('leaves a line of 75 octets alone and folds a longer one', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine('x'.repeat(75 + 74 + 1))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('counts octets, not characters, and never splits a character', () => {
    // 'é' is two octets: 37 of them fill 74 octets, and the 38th would make 76.
    expect(foldLine('é'.repeat(38))).toBe(`${'é'.repeat(37)}\r\n é`);
    // '😀' is four octets (and two UTF-16 units): 18 fill 72, the 19th would make 76.
    expect(foldLine('😀'.repeat(19))).toBe(`${'😀'.repeat(18)}\r\n 😀`);
    // A lone surrogate goes out as U+FFFD, three octets: 25 fill 75.
    expect(foldLine('\uD800'.repeat(26))).toBe(`${'\uD800'.repeat(25)}\r\n \uD800`);
  });

  it('keeps every physical line within 75 octets and each one valid UTF-8', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 400 }), (text) => {
        const ics = toICalendar({ name: 'Hearings', events: [{ ...hearing, location: text }], now });
        for (const line of physicalLines(ics)) {
          const bytes = new TextEncoder().encode(line);
          expect(bytes.length).toBeLessThanOrEqual(75);
          expect(decoder.decode(bytes)).toBe(line);
        }
      }),
    );
  });

  it('folds a long Welsh location in a real event', () => {
    const location =
      'Llys y Crwner, Canolfan Ddinesig, Heol y Frenhines, Caerdydd — ystafell 2 (llawr cyntaf, ŵyr ŷd)';
    const ics = toICalendar({ name: 'Gwrandawiadau', events: [{ ...hearing, location }], now });
    const lines = physicalLines(ics);
    const start = lines.findIndex((line) => line.startsWith('LOCATION:'));
    expect(lines[start + 1]!.startsWith(' ')).toBe(true);
    expect(unescapeText(parse(ics).find((p) => p.name === 'LOCATION')!.value)).toBe(location);
  });
});

describe('UTC date-times', () => {
  it('are written in UTC whatever the wall-clock time in London', () => {
    expect(utcDateTime(new Date('2026-07-01T10:00:00+01:00'))).toBe('20260701T090000Z');
    expect(utcDateTime(new Date('2026-10-25T01:30:00Z'))).toBe('20261025T013000Z');
    expect(utcDateTime(new Date('2026-01-05T23:59:59.999Z'))).toBe('20260105T235959Z');
  });

  it('refuse an invalid date or a year iCalendar cannot write', () => {
    expect(() => utcDateTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => utcDateTime(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});
