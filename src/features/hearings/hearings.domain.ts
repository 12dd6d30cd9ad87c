import { BANK_HOLIDAY_YEARS, findBankHoliday } from '../../platform/calendar/bank-holidays.ts';
import { isWeekend } from '../../platform/calendar/iso-dates.ts';
import { AppError } from '../../platform/http/errors.ts';
import { addDays, govukDate, londonDate } from '../../platform/views/dates.ts';

/** The hearings a coroner's court lists (coroner-service.md §8). */
export const HEARING_TYPES = [
  'OPENING',
  'PRE_INQUEST_REVIEW',
  'INQUEST',
  'RESUMED_INQUEST',
  'RULING',
] as const;
export type HearingType = (typeof HEARING_TYPES)[number];

export const HEARING_TYPE_LABELS: Record<HearingType, string> = {
  OPENING: 'Inquest opening',
  PRE_INQUEST_REVIEW: 'Pre-inquest review',
  INQUEST: 'Inquest hearing',
  RESUMED_INQUEST: 'Resumed inquest',
  RULING: 'Ruling',
};

/**
 * LISTED: fixed for a date and time. POSTPONED: taken out of the list, the new date to be set.
 * ADJOURNED: began or was due and was adjourned. VACATED: will not take place. HELD: took place.
 */
export const HEARING_STATUSES = ['LISTED', 'POSTPONED', 'ADJOURNED', 'VACATED', 'HELD'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const HEARING_CHANGES = [
  'POSTPONE',
  'RELIST',
  'ADJOURN',
  'VACATE',
  'RECORD_OUTCOME',
  'REMOVE_CASE',
] as const;
export type HearingChange = (typeof HEARING_CHANGES)[number];

/** Which changes each status allows; anything else is 409 with a sentence. */
export const ALLOWED_CHANGES = {
  LISTED: ['POSTPONE', 'ADJOURN', 'VACATE', 'RECORD_OUTCOME', 'REMOVE_CASE'],
  POSTPONED: ['RELIST', 'VACATE', 'REMOVE_CASE'],
  ADJOURNED: [],
  VACATED: [],
  HELD: [],
} as const satisfies Record<HearingStatus, readonly HearingChange[]>;

const CHANGE_WORDS: Record<HearingChange, string> = {
  POSTPONE: 'postpone',
  RELIST: 'relist',
  ADJOURN: 'adjourn',
  VACATE: 'vacate',
  RECORD_OUTCOME: 'record what happened at',
  REMOVE_CASE: 'take a case out of',
};

const STATUS_WORDS: Record<HearingStatus, string> = {
  LISTED: 'is listed',
  POSTPONED: 'is postponed with the new date to be set',
  ADJOURNED: 'has been adjourned',
  VACATED: 'has been vacated',
  HELD: 'has already been held',
};

/** Refuses a change the hearing's status does not allow, saying why (409). */
export function checkChange(status: HearingStatus, change: HearingChange): void {
  if ((ALLOWED_CHANGES[status] as readonly HearingChange[]).includes(change)) return;
  const hint =
    status === 'POSTPONED' && change !== 'VACATE'
      ? ' Relist it with a new date first.'
      : status === 'LISTED' && change === 'RELIST'
        ? ' It already has a date: postpone it to a new date instead.'
        : '';
  throw new AppError(
    'ACTION_NOT_ALLOWED',
    `You cannot ${CHANGE_WORDS[change]} this hearing: it ${STATUS_WORDS[status]}.${hint}`,
  );
}

/**
 * A hearing is adjourned once it has begun (Coroners (Inquests) Rules 2013 r.24); one still to come is
 * postponed instead.
 */
export function checkAdjournment(hearing: { startsAt: Date }, now: Date): void {
  if (hearing.startsAt.getTime() > now.getTime())
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'This hearing has not started yet, so it cannot be adjourned: postpone it instead.',
    );
}

/** A time a room or a coroner is taken: [start, end). */
export type Booking = {
  hearingId: string;
  roomId: string | null;
  roomName?: string | null;
  coronerId: string | null;
  coronerName?: string | null;
  startsAt: Date;
  estimatedMinutes: number;
  label: string;
};

export const endOf = (b: Pick<Booking, 'startsAt' | 'estimatedMinutes'>): Date =>
  new Date(b.startsAt.getTime() + b.estimatedMinutes * 60_000);

const overlaps = (a: Booking, b: Booking) => a.startsAt < endOf(b) && b.startsAt < endOf(a);

const clock = (at: Date) =>
  at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });

/** Double bookings of the same room or the same coroner, each as a sentence (R-13 conflict detection). */
export function findConflicts(candidate: Booking, others: readonly Booking[]): string[] {
  const problems: string[] = [];
  for (const other of others) {
    if (other.hearingId === candidate.hearingId || !overlaps(candidate, other)) continue;
    const end = endOf(other);
    // A booking over several days names its days as well as its times.
    const when =
      londonDate(other.startsAt) === londonDate(end)
        ? `${clock(other.startsAt)} to ${clock(end)}`
        : `${clock(other.startsAt)} on ${govukDate(other.startsAt)} to ${clock(end)} on ${govukDate(end)}`;
    if (candidate.roomId && candidate.roomId === other.roomId)
      problems.push(`${other.roomName ?? 'The room'} is already booked from ${when} for ${other.label}.`);
    if (candidate.coronerId && candidate.coronerId === other.coronerId)
      problems.push(`${other.coronerName ?? 'The coroner'} is already hearing ${other.label} from ${when}.`);
  }
  return problems;
}

/** Refuses a double booking (409), explaining each clash. */
export function refuseConflicts(candidate: Booking, others: readonly Booking[]): void {
  const problems = findConflicts(candidate, others);
  if (problems.length)
    throw new AppError(
      'CONFLICT',
      `This would double-book: ${problems.join(' ')} Choose another time, room or coroner.`,
    );
}

/**
 * The London days a hearing sits, first to last. Its estimate runs on from its start: a hearing whose estimate
 * runs past the end of its day continues on the next days, as the court diary shows it ("Continues, until …")
 * and as the public list gives its last day. An end at midnight does not sit on the day that begins then.
 */
export function sittingDays(h: Pick<Booking, 'startsAt' | 'estimatedMinutes'>): string[] {
  const first = londonDate(h.startsAt);
  const last = londonDate(new Date(Math.max(h.startsAt.getTime(), endOf(h).getTime() - 1)));
  const days = [first];
  for (let day = first; day < last; ) {
    day = addDays(day, 1);
    days.push(day);
  }
  return days;
}

/** Whether a hearing sits at any time on a London day (one of several days sits on each of them). */
export function sitsOn(h: Pick<Booking, 'startsAt' | 'estimatedMinutes'>, day: string): boolean {
  const last = londonDate(new Date(Math.max(h.startsAt.getTime(), endOf(h).getTime() - 1)));
  return londonDate(h.startsAt) <= day && day <= last;
}

/** Why a day is not a working day for a hearing (r.7): a bank holiday (by name) or a weekend. */
function closedDay(date: string): { holiday: string } | { weekend: true } | undefined {
  // Before 1978 (the first early May bank holiday) the holidays are not known: only weekends count.
  const year = Number(date.slice(0, 4));
  const known = year >= BANK_HOLIDAY_YEARS.first && year <= BANK_HOLIDAY_YEARS.last;
  const holiday = known ? findBankHoliday(date) : undefined;
  if (holiday) return { holiday: holiday.name };
  if (isWeekend(date)) return { weekend: true };
  return undefined;
}

/**
 * Coroners (Inquests) Rules 2013 r.7: no hearing on a Saturday, Sunday, Christmas Day, Good Friday or a bank
 * holiday unless the coroner thinks it is required as a matter of urgency. Returns why the day needs a reason.
 */
export function dayNeedingUrgency(date: string): string | undefined {
  const closed = closedDay(date);
  if (!closed) return undefined;
  return 'holiday' in closed ? `${closed.holiday} is a bank holiday` : 'it is a weekend';
}

/**
 * r.7 over every day a hearing sits: each day that is a weekend, Christmas Day, Good Friday or a bank holiday,
 * in plain words ("Friday 25 December 2026 (Christmas Day, a bank holiday)").
 */
export function daysNeedingUrgency(h: Pick<Booking, 'startsAt' | 'estimatedMinutes'>): string[] {
  return sittingDays(h).flatMap((day) => {
    const closed = closedDay(day);
    if (!closed) return [];
    const what = 'holiday' in closed ? `${closed.holiday}, a bank holiday` : 'a weekend';
    return [`${dayInWords(day)} (${what})`];
  });
}

/**
 * Why a hearing needs a reason of urgency (r.7), or nothing: a one-day hearing on a weekend or bank holiday, or
 * one of several days that sits on any such day, naming those days.
 */
export function whyUrgencyNeeded(h: Pick<Booking, 'startsAt' | 'estimatedMinutes'>): string | undefined {
  const days = sittingDays(h);
  if (days.length === 1) return dayNeedingUrgency(days[0]!);
  const closed = daysNeedingUrgency(h);
  return closed.length ? `it would sit on ${inWords(closed)}` : undefined;
}

/**
 * r.7: a hearing sitting on a weekend or bank holiday (on any of its days) needs a recorded reason of urgency;
 * otherwise none is kept.
 */
export function checkUrgency(
  h: Pick<Booking, 'startsAt' | 'estimatedMinutes'>,
  urgencyReason: string | undefined | null,
): string | null {
  const why = whyUrgencyNeeded(h);
  const reason = urgencyReason?.trim();
  if (why && !reason)
    throw new AppError(
      'VALIDATION_FAILED',
      `Give the reason this hearing is urgent: ${why} (Coroners (Inquests) Rules 2013 rule 7) (urgencyReason).`,
      { urgencyReason: `Give the reason this hearing is urgent: ${why}` },
    );
  return why ? reason! : null;
}

/** A new date must be in the future; only a hearing already held may be recorded in the past. */
export function checkNotPast(startsAt: Date, now: Date, field = 'startsAt'): void {
  if (startsAt.getTime() <= now.getTime())
    throw new AppError(
      'VALIDATION_FAILED',
      `The hearing must be listed for a time in the future; to record a hearing that has already taken place, say it was held (${field}).`,
      { [field]: 'Enter a date and time in the future' },
    );
}

/**
 * The rules on a new date and time that can be judged while other answers are still missing or wrong (in the
 * past, a weekend without a reason of urgency), by field: so that a page shows them together, in one round.
 */
export function whenProblems(
  input: Record<string, unknown>,
  field: string,
  now: Date,
  /** The hearing's length when the answers do not give one (a change to a hearing keeps its own). */
  minutes = 60,
): Record<string, string> {
  const value = input[field];
  const startsAt = typeof value === 'string' ? new Date(value) : undefined;
  if (!startsAt || Number.isNaN(startsAt.getTime())) return {};
  // A length given but not yet usable (not a whole number of minutes, out of range) is judged on its first day.
  const given = input.estimatedMinutes;
  const estimatedMinutes =
    given === undefined
      ? minutes
      : typeof given === 'number' && Number.isInteger(given) && given >= 5 && given <= 14400
        ? given
        : 5;
  const problems: Record<string, string> = {};
  const collect = (check: () => unknown) => {
    try {
      check();
    } catch (error) {
      if (error instanceof AppError && error.fields) Object.assign(problems, error.fields);
    }
  };
  if (input.alreadyHeld !== true) collect(() => checkNotPast(startsAt, now, field));
  collect(() =>
    checkUrgency(
      { startsAt, estimatedMinutes },
      typeof input.urgencyReason === 'string' ? input.urgencyReason : undefined,
    ),
  );
  return problems;
}

/**
 * A hearing that hears several cases together may go on without one of them (its investigation ends, or it is
 * to be heard on its own): the case is taken out, and the others stay listed. The last case is not taken out:
 * the hearing is vacated instead. A hearing whose time has passed is recorded as held or adjourned instead.
 */
export function checkCaseRemoval(
  hearing: { status: HearingStatus; startsAt: Date },
  caseIds: readonly string[],
  caseId: string,
  now: Date,
): void {
  if (!caseIds.includes(caseId))
    throw new AppError('VALIDATION_FAILED', 'That case is not heard at this hearing (caseId).', {
      caseId: 'Select one of the cases heard at this hearing',
    });
  if (caseIds.length < 2)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'This is the only case heard at this hearing: vacate the hearing instead (the family and interested persons are told).',
    );
  if (hearing.status === 'LISTED' && hearing.startsAt.getTime() <= now.getTime())
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'The time of this hearing has passed: record what happened at it, or that it was adjourned, instead.',
    );
}

export type CaseForListing = {
  reference: string;
  status: string;
  investigationOpenedAt: string | null;
  inquestOpenedOn: string | null;
  closed: boolean;
  jury: boolean | null;
};

/**
 * A hearing needs a case with an opened inquest (IR r.5), except the opening itself, which needs an open
 * investigation. A closed case has no further hearings.
 */
export function checkCaseCanBeHeard(type: HearingType, c: CaseForListing): void {
  if (c.closed || c.status === 'QUASHED')
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `Case ${c.reference} is closed: no hearing can be listed for it.`,
    );
  // The receiving area lists its hearings once it has accepted the case.
  if (c.status === 'TRANSFER_PENDING')
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `Case ${c.reference} is being transferred to another coroner area: its hearings are listed there once that area accepts it.`,
    );
  if (type === 'OPENING') {
    if (!c.investigationOpenedAt)
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        `Case ${c.reference} has no investigation open: open one before listing the inquest opening.`,
      );
    return;
  }
  const what = HEARING_TYPE_LABELS[type].toLowerCase();
  const article = /^[aeiou]/.test(what) ? 'an' : 'a';
  if (!c.inquestOpenedOn)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `Case ${c.reference} has no opened inquest: open the inquest before listing ${article} ${what}.`,
    );
  // While suspended (Sch.1) the inquest is not heard; a pre-inquest review may still be.
  if (c.status === 'SUSPENDED' && type !== 'PRE_INQUEST_REVIEW')
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      `Case ${c.reference} is suspended: resume the investigation before listing ${article} ${what}.`,
    );
}

/** Why no hearing at all can be listed for the case now (closed, being transferred, no investigation), if so. */
export function whyNoHearing(c: CaseForListing): string | undefined {
  try {
    checkCaseCanBeHeard('OPENING', c);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

/** Whether a jury would sit in a room without a jury box (CJA 2009 s.7): a jury inquest needs one. */
export function lacksJuryBox(
  type: HearingType,
  room: { juryCapable: boolean } | null,
  anyJury: boolean,
): boolean {
  return Boolean(room && anyJury && (type === 'INQUEST' || type === 'RESUMED_INQUEST') && !room.juryCapable);
}

/** A jury inquest needs a room with a jury box (CJA 2009 s.7). */
export function checkRoomFits(
  type: HearingType,
  room: { name: string; juryCapable: boolean } | null,
  anyJury: boolean,
): void {
  if (room && lacksJuryBox(type, room, anyJury)) {
    const message = `${room.name} has no jury box, and this inquest is heard with a jury. Choose a jury-capable room.`;
    throw new AppError('CONFLICT', message, { roomId: message });
  }
}

export const DIRECTION_KINDS = ['SCOPE', 'JURY', 'ARTICLE_2', 'WITNESSES', 'DISCLOSURE', 'OTHER'] as const;
export type DirectionKind = (typeof DIRECTION_KINDS)[number];
export const DIRECTION_LABELS: Record<DirectionKind, string> = {
  SCOPE: 'Scope of the inquest',
  JURY: 'Jury',
  ARTICLE_2: 'Article 2',
  WITNESSES: 'Witnesses',
  DISCLOSURE: 'Disclosure',
  OTHER: 'Other direction',
};

export type Direction = { kind: DirectionKind; text: string; dueOn?: string };
export type HearingOutcome = { heldOn: string; notes?: string; directions: Direction[] };

export type HearingClock = {
  kind: string;
  basis: string;
  sourceId: string;
  startedOn: string;
  dueOn: string;
};

/**
 * Coroners (Inquests) Rules 2013 r.9(1)-(2): notice within one week of fixing the date, and never after the
 * hearing itself: for a hearing less than a week away, by its own day. A hearing that has begun (adjourned, or
 * changed after its day) leaves the full week.
 */
export function noticeDueOn(startsAt: Date, now: Date): string {
  const weekOn = addDays(londonDate(now), 7);
  if (startsAt.getTime() <= now.getTime()) return weekOn;
  // ISO dates compare as strings: the hearing's own day, if it comes before the week is out.
  const day = londonDate(startsAt);
  if (day < weekOn) return day;
  return weekOn;
}

/** r.9: a hearing still to come but less than a week away leaves the family less than a week's notice. */
export function isShortNotice(startsAt: Date, now: Date): boolean {
  return startsAt.getTime() > now.getTime() && noticeDueOn(startsAt, now) < addDays(londonDate(now), 7);
}

/** Coroners (Inquests) Rules 2013 r.9(1)-(2): notice of a date fixed within one week; r.10/r.24 on each change. */
export function noticeClock(
  hearing: { id: string; type: HearingType; startsAt: Date; version: number },
  change: 'FIXED' | 'CHANGED',
  now: Date,
): HearingClock {
  const today = londonDate(now);
  const what = HEARING_TYPE_LABELS[hearing.type].toLowerCase();
  return {
    kind:
      change === 'FIXED'
        ? `Give notice of the ${what} on ${govukDay(hearing.startsAt)}`
        : `Give notice of the change to the ${what} (listed ${govukDay(hearing.startsAt)})`,
    basis:
      change === 'FIXED'
        ? 'Coroners (Inquests) Rules 2013 r.9 (within one week of fixing the date)'
        : 'Coroners (Inquests) Rules 2013 r.10 and r.24 (notice of a change)',
    sourceId: noticeSourceId(hearing.id, hearing.version),
    startedOn: today,
    dueOn: noticeDueOn(hearing.startsAt, now),
  };
}

export const noticeSourceId = (hearingId: string, version: number) => `${hearingId}:notice:${version}`;

/** Each direction with a date becomes a clock on the case (e.g. disclosure by a date). */
export function directionClocks(
  hearingId: string,
  heldOn: string,
  directions: readonly Direction[],
): HearingClock[] {
  return directions.flatMap((d, i) =>
    d.dueOn
      ? [
          {
            kind: `${DIRECTION_LABELS[d.kind]}: ${shorten(d.text, 120)}`,
            basis: `Direction given at the hearing on ${govukDayOf(heldOn)}`,
            sourceId: `${hearingId}:direction:${i + 1}`,
            startedOn: heldOn,
            dueOn: d.dueOn,
          },
        ]
      : [],
  );
}

/** A direction's date must not be before the hearing that gave it. */
export function checkOutcome(outcome: HearingOutcome, listedOn: string, today: string): void {
  if (outcome.heldOn > today)
    throw new AppError(
      'VALIDATION_FAILED',
      'The hearing cannot be recorded as held on a future date (heldOn).',
      {
        heldOn: 'The date it was held must be today or in the past',
      },
    );
  if (outcome.heldOn < listedOn)
    throw new AppError(
      'VALIDATION_FAILED',
      'The hearing cannot have been held before the date it was listed for (heldOn).',
      {
        heldOn: 'The date it was held cannot be before the date it was listed for',
      },
    );
  for (const [i, d] of outcome.directions.entries())
    if (d.dueOn && d.dueOn < outcome.heldOn)
      throw new AppError(
        'VALIDATION_FAILED',
        `Direction ${i + 1} is due before the hearing that gave it (directions.${i}.dueOn).`,
        { [`directions.${i}.dueOn`]: 'The date must be on or after the day of the hearing' },
      );
}

/** Reporting restrictions (CYPA 1933 s.39, CCA 1981 s.4(2) and s.11): no name or identifying detail in public. */
export const isRestricted = (order: string | null | undefined) => Boolean(order && order !== 'NONE');

export type PublicCase = {
  givenNames: string;
  familyName: string;
  age: number | null;
  dateOfDeath: string | null;
  reportingRestriction: string;
};

/**
 * What the public list shows of the deaths heard at one hearing. A case under a reporting restriction shows
 * nothing identifying; and when one of several heard together is restricted, none is named, since the named
 * deaths beside it could identify it.
 */
export function publicDeceasedOfHearing(cases: readonly PublicCase[]) {
  const anyRestricted = cases.some((c) => isRestricted(c.reportingRestriction));
  return cases.map((c) => (anyRestricted ? WITHHELD : publicDeceased(c)));
}

const WITHHELD = {
  name: 'Name withheld (reporting restriction)',
  age: null,
  dateOfDeath: null,
  restricted: true,
};

/** What the public list shows of one deceased person: everything, or nothing identifying when restricted. */
export function publicDeceased(c: PublicCase): {
  name: string;
  age: number | null;
  dateOfDeath: string | null;
  restricted: boolean;
} {
  if (isRestricted(c.reportingRestriction)) return WITHHELD;
  return {
    name: `${c.givenNames} ${c.familyName}`,
    age: c.age,
    dateOfDeath: c.dateOfDeath,
    restricted: false,
  };
}

/** The public words for a hearing's state on the list. */
export function publicStatus(status: HearingStatus): string {
  switch (status) {
    case 'LISTED':
      return 'Listed';
    case 'POSTPONED':
      return 'Postponed – new date to be set';
    case 'ADJOURNED':
      return 'Adjourned';
    case 'VACATED':
      return 'Vacated – will not go ahead';
    case 'HELD':
      return 'Heard';
  }
}

/** The type of a hearing that resumes an adjourned one. */
export const resumedType = (type: HearingType): HearingType =>
  type === 'INQUEST' || type === 'RESUMED_INQUEST' ? 'RESUMED_INQUEST' : type;

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

function govukDay(at: Date): string {
  return at.toLocaleDateString('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

function govukDayOf(date: string): string {
  return govukDay(new Date(`${date}T12:00:00Z`));
}

/** "Friday 25 December 2026". */
function dayInWords(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    timeZone: 'UTC',
  });
  return `${weekday} ${govukDate(date)}`;
}

/** "a", "a and b", "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
