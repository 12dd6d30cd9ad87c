import { addMonths } from '../../platform/calendar/iso-dates.ts';
import { AppError } from '../../platform/http/errors.ts';
import { addDays, govukDate } from '../../platform/views/dates.ts';

/** Coroners (Investigations) Regulations 2013 r.29(4): the recipient responds within 56 days of the report. */
export const RESPONSE_DAYS = 56;

/** Reminders to a recipient who has not answered: 14 days before the due date, on it, and 14 days after. */
export const REMINDER_STAGES = {
  BEFORE: { offsetDays: -14, text: 'is due in 14 days' },
  DUE: { offsetDays: 0, text: 'is due today' },
  AFTER: { offsetDays: 14, text: 'was due 14 days ago and has not been received' },
} as const;
export type ReminderStage = keyof typeof REMINDER_STAGES;

export type RecipientState = 'DRAFT' | 'AWAITING' | 'DUE_SOON' | 'OVERDUE' | 'RESPONDED';

export const RECIPIENT_STATE_LABELS: Record<RecipientState, string> = {
  DRAFT: 'Not sent',
  AWAITING: 'Awaiting response',
  DUE_SOON: 'Response due soon',
  OVERDUE: 'Response overdue',
  RESPONDED: 'Responded',
};

export const RECIPIENT_STATE_TAGS: Record<RecipientState, string> = {
  DRAFT: 'govuk-tag--grey',
  AWAITING: 'govuk-tag--blue',
  DUE_SOON: 'govuk-tag--yellow',
  OVERDUE: 'govuk-tag--red',
  RESPONDED: 'govuk-tag--green',
};

/** The date a response is due: 56 days after the report was sent (IReg r.29(4)). */
export function responseDueOn(sentOn: string): string {
  return addDays(sentOn, RESPONSE_DAYS);
}

/**
 * Where a recipient stands today. A response is overdue from the day after the due date (the due date
 * itself is the last day to answer); "due soon" covers the last 14 days.
 */
export function recipientState(
  r: { dueOn: string | null; respondedOn: string | null },
  today: string,
): RecipientState {
  if (r.respondedOn) return 'RESPONDED';
  if (!r.dueOn) return 'DRAFT';
  if (today > r.dueOn) return 'OVERDUE';
  if (today >= addDays(r.dueOn, REMINDER_STAGES.BEFORE.offsetDays)) return 'DUE_SOON';
  return 'AWAITING';
}

/** When each reminder runs: 9am London time on its day (the caller turns the date into an instant). */
export function reminderDates(dueOn: string): { stage: ReminderStage; on: string }[] {
  return (Object.keys(REMINDER_STAGES) as ReminderStage[]).map((stage) => ({
    stage,
    on: addDays(dueOn, REMINDER_STAGES[stage].offsetDays),
  }));
}

/** The sent date must be a real day, not in the future, and not before the investigation began. */
export function checkSentOn(sentOn: string, today: string, investigationStartedOn: string | null): void {
  if (sentOn > today)
    throw new AppError(
      'VALIDATION_FAILED',
      'The date the report was sent cannot be in the future (sentOn).',
      {
        sentOn: 'The date the report was sent cannot be in the future',
      },
    );
  if (investigationStartedOn && sentOn < investigationStartedOn)
    throw new AppError(
      'VALIDATION_FAILED',
      'The report cannot be sent before the investigation began (sentOn).',
      { sentOn: 'The report cannot be sent before the investigation began' },
    );
}

/** A response is recorded only once the report has been sent, and not dated before it or in the future. */
export function checkResponse(
  report: { status: string; sentOn: string | null },
  recipient: { respondedOn: string | null },
  receivedOn: string,
  today: string,
): void {
  if (report.status !== 'SENT' || !report.sentOn)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'You cannot record a response before the report has been sent. Send the report first.',
    );
  if (receivedOn < report.sentOn)
    throw new AppError(
      'VALIDATION_FAILED',
      `The response cannot be received before the report was sent on ${govukDate(report.sentOn)} (receivedOn).`,
      {
        receivedOn: `The response cannot be received before the report was sent on ${govukDate(report.sentOn)}`,
      },
    );
  if (receivedOn > today)
    throw new AppError('VALIDATION_FAILED', 'The date received cannot be in the future (receivedOn).', {
      receivedOn: 'The date received cannot be in the future',
    });
  void recipient;
}

/** The coroner may extend the time to respond (IReg r.29(5)); the new date must be later than the current one. */
export function checkExtension(
  report: { status: string },
  recipient: { dueOn: string | null; respondedOn: string | null },
  newDueOn: string,
): void {
  if (report.status !== 'SENT' || !recipient.dueOn)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'You can extend the time to respond only once the report is sent.',
    );
  if (recipient.respondedOn)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'This recipient has already responded, so there is nothing to extend.',
    );
  if (newDueOn <= recipient.dueOn)
    throw new AppError(
      'VALIDATION_FAILED',
      `The new date must be after the current due date, ${govukDate(recipient.dueOn)} (dueOn).`,
      { dueOn: `The new date must be after the current due date, ${govukDate(recipient.dueOn)}` },
    );
  // Reg. 29 sets no limit; a year past the current date is far beyond any real extension, and a mistyped
  // year would otherwise stand on the public list of reports.
  const latest = addMonths(recipient.dueOn, 12);
  if (newDueOn > latest)
    throw new AppError(
      'VALIDATION_FAILED',
      `The new date must be no later than ${govukDate(latest)}, a year after the current due date (dueOn).`,
      { dueOn: `The new date must be no later than ${govukDate(latest)}, a year after the current due date` },
    );
}

/**
 * IReg r.28(4): a copy goes to the Chief Coroner, to the interested persons the coroner chooses and, when the
 * deceased was under 18, to the Local Safeguarding Children Board (now the local safeguarding partnership).
 */
export function checkCopies(under18: boolean, safeguardingBoard: { name: string } | null | undefined): void {
  if (lacksSafeguardingCopy(under18, safeguardingBoard))
    throw new AppError(
      'VALIDATION_FAILED',
      'The deceased was under 18: enter the local safeguarding partnership to copy the report to (copies.safeguardingBoard.name).',
      {
        'copies.safeguardingBoard.name':
          'The deceased was under 18: enter the local safeguarding partnership to copy the report to',
      },
    );
}

/** IReg r.28(4): whether a report on a child's death has no local safeguarding partnership to copy it to yet. */
export function lacksSafeguardingCopy(
  under18: boolean,
  safeguardingBoard: { name: string } | null | undefined,
): boolean {
  return under18 && !safeguardingBoard?.name?.trim();
}

/** The deceased's age at death, from the date of birth and date of death (or the recorded age). */
export function ageAtDeath(c: {
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  dateFound: string | null;
  age: number | null;
}): number | null {
  const died = c.dateOfDeath ?? c.dateFound;
  if (c.dateOfBirth && died) {
    const [by, bm, bd] = c.dateOfBirth.split('-').map(Number) as [number, number, number];
    const [dy, dm, dd] = died.split('-').map(Number) as [number, number, number];
    return dy - by - (dm < bm || (dm === bm && dd < bd) ? 1 : 0);
  }
  return c.age;
}

const NAME_REMOVED = '[name removed]';

/** A name as a pattern: any accents, either apostrophe, any spacing between its words. */
function namePattern(name: string): string {
  return [...name.normalize('NFD').replace(/\p{M}/gu, '')]
    .map((c) => {
      if (/\s/.test(c)) return '\\s+';
      if (/['’‘]/.test(c)) return "['’‘]";
      if (/\p{L}/u.test(c)) return `${c}\\p{M}*`;
      return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
}

/**
 * Replaces the given names in published text: each full name first, then each part of it of three or more
 * letters on its own (so "Mr Walgate" and "Anthony" go too, and "Hughes" of "O'Neill-Hughes"), whole words
 * only, ignoring case, accents ("Zoe" for "Zoë") and which apostrophe was typed.
 */
export function removeNames(text: string, names: readonly string[]): string {
  const full = names.map((n) => n.trim()).filter((n) => n.length >= 2);
  const parts = full
    .flatMap((n) => [...n.split(/\s+/), ...n.split(/[\s\-‐‑]+/)])
    .filter((p) => p.replace(/[^\p{L}]/gu, '').length >= 3);
  const candidates = [...new Set([...full, ...parts])].sort((a, b) => b.length - a.length);
  // Compared with accents as separate marks (NFD), put back together (NFC) at the end.
  let out = text.normalize('NFD');
  for (const name of candidates) {
    out = out.replace(
      new RegExp(`(^|[^\\p{L}\\p{M}\\p{N}\\]])${namePattern(name)}(?=$|[^\\p{L}\\p{M}\\p{N}])`, 'giu'),
      (_m, before: string) => `${before}${NAME_REMOVED}`,
    );
  }
  // "[name removed] [name removed]" (a full name matched word by word) reads as one removal.
  return out.replace(/\[name removed\](\s+\[name removed\])+/g, NAME_REMOVED).normalize('NFC');
}

const ADDRESS_REMOVED = '[address removed]';

/** What identifies a home in an address: its first line and its postcode. */
export type PrivateAddress = { line1?: string | null; postcode?: string | null };

/** A postcode as a pattern: either case, with or without the space before its last three characters. */
function postcodePattern(postcode: string): string | null {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z0-9]{5,7}$/.test(compact)) return null;
  return `${compact.slice(0, -3)}\\s*${compact.slice(-3)}`;
}

/**
 * Replaces the first line and the postcode of each given address in published text with "[address removed]",
 * whole words only, ignoring case and accents, the spacing between words and a comma after a house number
 * ("14, Ripple Road"), and whether a postcode has its space. A first line with no letters, or shorter than five
 * characters, is too little to tell from other text and is left.
 */
export function removeAddresses(text: string, addresses: readonly PrivateAddress[]): string {
  const patterns: { length: number; pattern: string }[] = [];
  for (const a of addresses) {
    const line1 = a.line1?.trim() ?? '';
    if (/\p{L}/u.test(line1) && line1.length >= 5) {
      const words = line1.split(/[\s,]+/).filter(Boolean);
      patterns.push({ length: line1.length, pattern: words.map(namePattern).join('[\\s,]+') });
    }
    const postcode = a.postcode ? postcodePattern(a.postcode) : null;
    if (postcode) patterns.push({ length: postcode.length, pattern: postcode });
  }
  let out = text.normalize('NFD');
  for (const { pattern } of patterns.sort((a, b) => b.length - a.length)) {
    out = out.replace(
      new RegExp(`(^|[^\\p{L}\\p{M}\\p{N}\\]])${pattern}(?=$|[^\\p{L}\\p{M}\\p{N}])`, 'giu'),
      (_m, before: string) => `${before}${ADDRESS_REMOVED}`,
    );
  }
  // "[address removed], [address removed]" (a first line and its postcode) reads as one removal.
  return out.replace(/\[address removed\]([\s,]+\[address removed\])+/g, ADDRESS_REMOVED).normalize('NFC');
}

/** The first line and the postcode of an address typed as free text ("12 High Street, Barking IG11 8AA"). */
export function partsOfPostalAddress(text: string): PrivateAddress {
  const line1 = text
    .split(/\r?\n|,/)
    .find((l) => l.trim())
    ?.trim();
  const postcode = text.match(/\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b/i)?.[0];
  return { line1, postcode };
}

/** The concerns as the form's one text box gives them: paragraphs separated by a blank line. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
