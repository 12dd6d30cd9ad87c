import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { queueNotification, type Sender } from '../../platform/notify/notify.ts';
import { govukDate, govukTime } from '../../platform/views/dates.ts';
import { caseDeadlines, cases } from '../cases/cases.tables.ts';
import { noticeRecipients } from '../interested-persons/interested-persons.recipients.ts';
import { HEARING_TYPE_LABELS, type HearingClock, type HearingType } from './hearings.domain.ts';

export const NOTICE_TEMPLATES = [
  'HEARING_LISTED',
  'HEARING_MOVED',
  'HEARING_POSTPONED',
  'HEARING_RELISTED',
  'HEARING_ADJOURNED',
  'HEARING_VACATED',
  'HEARING_CASE_REMOVED',
] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

export type NoticeFacts = {
  template: NoticeTemplate;
  type: HearingType;
  deceased: string;
  reference: string;
  startsAt: Date;
  estimatedMinutes: number;
  court: string;
  address: string;
  room: string | null;
  videoLink: boolean;
  reason?: string | null;
  /** The new date (moved, relisted) or the date it resumes (adjourned). */
  next?: Date | null;
};

const when = (at: Date) => `${govukDate(at)} at ${govukTime(at)}`;

function length(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = minutes / 60;
  if (minutes <= 8 * 60)
    return Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${hours.toFixed(1)} hours`;
  const days = Math.round(minutes / (6 * 60));
  return `${days} court day${days === 1 ? '' : 's'}`;
}

/**
 * The plain-English notice for the family and interested persons (Coroners (Inquests) Rules 2013 r.9, r.10
 * and r.24): what is happening, when and where, and who to ask.
 */
export function noticeText(to: string, f: NoticeFacts): { subject: string; body: string } {
  const what = HEARING_TYPE_LABELS[f.type].toLowerCase();
  const place = `${f.court}, ${f.address}${f.room ? ` (${f.room})` : ''}`;
  const about = `the investigation into the death of ${f.deceased}`;
  const ending = [
    `You are welcome to attend. You do not need to bring anything.${f.videoLink ? ' If you would like to join by video link, please ask the coroner’s office.' : ''}`,
    `If you have any questions, or cannot attend, contact the coroner’s office and quote the reference ${f.reference}.`,
  ];
  const because = f.reason ? [`The reason is: ${f.reason}`] : [];
  let subject: string;
  let lines: string[];
  switch (f.template) {
    case 'HEARING_LISTED':
      subject = `Date of the ${what}: ${f.deceased}`;
      lines = [
        `The ${what} in ${about} will be held on ${when(f.startsAt)} at ${place}.`,
        `It is expected to last about ${length(f.estimatedMinutes)}.`,
        ...ending,
      ];
      break;
    case 'HEARING_MOVED':
    case 'HEARING_RELISTED':
      subject = `New date for the ${what}: ${f.deceased}`;
      lines = [
        f.template === 'HEARING_MOVED'
          ? `The ${what} in ${about}, which was to be held on ${when(f.startsAt)}, has been moved.`
          : `A new date has been set for the ${what} in ${about}, which was postponed.`,
        ...because,
        `It will now be held on ${when(f.next ?? f.startsAt)} at ${place}.`,
        ...ending,
      ];
      break;
    case 'HEARING_POSTPONED':
      subject = `The ${what} has been postponed: ${f.deceased}`;
      lines = [
        `The ${what} in ${about}, which was to be held on ${when(f.startsAt)}, has been postponed.`,
        ...because,
        'A new date has not been set yet. We will write to you again as soon as it is.',
        `If you have any questions, contact the coroner’s office and quote the reference ${f.reference}.`,
      ];
      break;
    case 'HEARING_ADJOURNED':
      subject = `The ${what} has been adjourned: ${f.deceased}`;
      lines = [
        `The ${what} in ${about}, listed for ${when(f.startsAt)}, has been adjourned.`,
        ...because,
        f.next
          ? `It will continue on ${when(f.next)} at ${place}.`
          : 'A date for it to continue has not been set yet. We will write to you again as soon as it is.',
        `If you have any questions, contact the coroner’s office and quote the reference ${f.reference}.`,
      ];
      break;
    case 'HEARING_VACATED':
      subject = `The ${what} will not take place: ${f.deceased}`;
      lines = [
        `The ${what} in ${about}, listed for ${when(f.startsAt)}, will no longer take place.`,
        ...because,
        `If you have any questions, contact the coroner’s office and quote the reference ${f.reference}.`,
      ];
      break;
    case 'HEARING_CASE_REMOVED':
      subject = `Change to the ${what}: ${f.deceased}`;
      lines = [
        `The ${what} that was listed for ${when(f.startsAt)} at ${place} was to deal with ${about} together with other cases. It will no longer deal with ${about}.`,
        ...because,
        'You do not need to attend that hearing. If there is to be another hearing, we will write to you with its date.',
        `If you have any questions, contact the coroner’s office and quote the reference ${f.reference}.`,
      ];
      break;
  }
  return { subject, body: [`Dear ${to},`, ...lines, `${f.court}`].join('\n\n') };
}

/**
 * Queues the notice to everyone to be told about one case and starts its clock, in the caller's transaction;
 * with nobody known to tell, the clock is met at once.
 */
export async function giveNotice(
  tx: Db,
  input: {
    caseId: string;
    hearingId: string;
    facts: Omit<NoticeFacts, 'deceased' | 'reference'>;
    clock: HearingClock;
  },
  now: Date,
  sender: Pick<Sender, 'configured'>,
): Promise<number> {
  const [c] = await tx
    .select({ reference: cases.reference, givenNames: cases.givenNames, familyName: cases.familyName })
    .from(cases)
    .where(eq(cases.id, input.caseId));
  const recipients = await noticeRecipients(tx, input.caseId);
  for (const to of recipients) {
    const text = noticeText(to.name, {
      ...input.facts,
      deceased: `${c!.givenNames} ${c!.familyName}`,
      reference: c!.reference,
    });
    await queueNotification(
      tx,
      {
        caseId: input.caseId,
        to,
        template: input.facts.template,
        ...text,
        source: 'hearing',
        sourceId: input.clock.sourceId,
      },
      now,
      sender,
    );
  }
  await tx
    .insert(caseDeadlines)
    .values({
      caseId: input.caseId,
      kind: input.clock.kind,
      basis: input.clock.basis,
      source: 'hearing',
      sourceId: input.clock.sourceId,
      startedOn: input.clock.startedOn,
      dueOn: input.clock.dueOn,
      metOn: recipients.length === 0 ? input.clock.startedOn : null,
    })
    .onConflictDoNothing();
  return recipients.length;
}

/** A notice's clock is met once every message of it has been sent (by the provider, or by hand). */
export async function meetSentNotices(db: Db): Promise<number> {
  const result = await db.execute(sql`
    update case_deadlines d
    set met_on = (select (max(n.sent_at) at time zone 'Europe/London')::date from notifications n
                  where n.source = 'hearing' and n.source_id = d.source_id and n.case_id = d.case_id)
    where d.source = 'hearing' and d.met_on is null and d.source_id like '%:notice:%'
      and exists (select 1 from notifications n where n.source = 'hearing' and n.source_id = d.source_id
                  and n.case_id = d.case_id)
      and not exists (select 1 from notifications n where n.source = 'hearing' and n.source_id = d.source_id
                      and n.case_id = d.case_id and n.status <> 'sent')`);
  return Number(result.rowCount ?? 0);
}

/**
 * The office has sent the kept notices (letters, or every message when no sending service is configured)
 * itself: they are recorded as sent, and their clocks met.
 */
export async function recordSentByHand(tx: Db, hearingId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(notifications)
    .set({ status: 'sent', sentAt: now })
    .where(
      and(
        eq(notifications.source, 'hearing'),
        eq(notifications.status, 'kept'),
        sql`${notifications.sourceId} like ${`${hearingId}:notice:%`}`,
      ),
    )
    .returning({ id: notifications.id });
  await meetSentNotices(tx);
  return rows.length;
}

/** The notices about one hearing, newest first. */
export function noticesOfHearing(db: Db, hearingId: string) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.source, 'hearing'),
        sql`${notifications.sourceId} like ${`${hearingId}:notice:%`}`,
      ),
    )
    .orderBy(sql`${notifications.createdAt} desc`, notifications.recipientName);
}
