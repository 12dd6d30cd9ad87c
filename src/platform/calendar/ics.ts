/**
 * iCalendar (RFC 5545) for hearing calendars, such as `GET /cases/{id}/calendar.ics`. Times are
 * written in UTC, so no VTIMEZONE is needed and calendar clients show them in local time.
 */

export type CalendarEventStatus = 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';

export type CalendarEvent = {
  /** Stable and globally unique, e.g. `hearing-<id>@<host>`: clients match updates on it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  status?: CalendarEventStatus;
  /** Raise it on every change to a published event (RFC 5545 §3.8.7.4). */
  sequence?: number;
  lastModified?: Date;
};

export type Calendar = { name: string; events: readonly CalendarEvent[]; now: Date };

/** RFC 5545 §3.4: content lines of more than 75 octets are folded with CRLF and one space. */
const MAX_LINE_OCTETS = 75;

/** RFC 5545 §3.4 and §3.6: a published VCALENDAR of VEVENTs, CRLF line endings, lines folded at 75 octets. */
export function toICalendar({ name, events, now }: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OpenCoroner//Hearings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...events.flatMap((event) => eventLines(event, now)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** RFC 5545 §3.3.11: TEXT with backslash, semicolon, comma and line breaks escaped, control characters dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 5545 TEXT may not contain them
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
  );
}

/** RFC 5545 §3.3.5: DATE-TIME in UTC, YYYYMMDDTHHMMSSZ (seconds, no fraction). */
export function utcDateTime(at: Date): string {
  const time = at.getTime();
  if (Number.isNaN(time)) throw new RangeError('Not a valid date and time');
  const iso = at.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`Year out of range for iCalendar: ${iso}`);
  return `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** RFC 5545 §3.1: split a content line into lines of at most 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  let folded = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > MAX_LINE_OCTETS) {
      folded += '\r\n ';
      octets = 1; // the space that marks a continuation line counts towards its 75 octets
    }
    folded += char;
    octets += size;
  }
  return folded;
}

function eventLines(event: CalendarEvent, now: Date): string[] {
  if (event.end.getTime() <= event.start.getTime()) {
    // RFC 5545 §3.8.2.2: DTEND must be later than DTSTART.
    throw new RangeError(`Event ${event.uid} ends at or before its start`);
  }
  if (event.sequence !== undefined && (!Number.isInteger(event.sequence) || event.sequence < 0)) {
    throw new RangeError(`Event ${event.uid} has a sequence that is not a whole number ≥ 0`);
  }
  const optional = (name: string, value: string | undefined) =>
    value === undefined ? [] : [`${name}:${escapeText(value)}`];
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(now)}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...optional('LOCATION', event.location),
    ...optional('DESCRIPTION', event.description),
    ...(event.status ? [`STATUS:${event.status}`] : []),
    ...(event.sequence !== undefined ? [`SEQUENCE:${event.sequence}`] : []),
    ...(event.lastModified ? [`LAST-MODIFIED:${utcDateTime(event.lastModified)}`] : []),
    'END:VEVENT',
  ];
}

function utf8Length(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  // A lone surrogate is sent as U+FFFD, three octets.
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
