import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { channelFor, queueNotification, type Sender } from '../../platform/notify/notify.ts';
import { findArea } from '../areas/areas.queries.ts';
import { noticeRecipients } from '../interested-persons/interested-persons.recipients.ts';
import { appendCaseEvent } from './cases.commands.ts';
import type { CaseRow } from './cases.queries.ts';

export type TransferFacts = {
  deceased: string;
  reference: string;
  fromArea: string;
  toArea: string;
  basis: 'S2' | 'S3';
};

/**
 * The plain-English letter to the family and interested persons when the receiving area takes a case on
 * (Coroners (Investigations) Regulations 2013 reg. 18): who looks after it now, and that nothing is lost.
 */
export function transferNoticeText(to: string, f: TransferFacts): { subject: string; body: string } {
  const why =
    f.basis === 'S3'
      ? `The Chief Coroner directed that the coroner for ${f.toArea} should carry on the investigation.`
      : `The coroner for ${f.fromArea} and the coroner for ${f.toArea} agreed that the coroner for ${f.toArea} should carry on the investigation.`;
  return {
    subject: `The investigation into the death of ${f.deceased} has moved to ${f.toArea}`,
    body: [
      `Dear ${to},`,
      `We are writing to tell you that the investigation into the death of ${f.deceased} is now being looked after by the coroner’s office for ${f.toArea}, instead of the coroner’s office for ${f.fromArea}.`,
      why,
      'Everything gathered so far has been passed on, and nothing you have already told us or sent us is lost. You do not need to do anything.',
      `The reference stays the same: ${f.reference}. If you have any questions, contact the coroner’s office for ${f.toArea} and quote it.`,
      `The coroner’s office for ${f.toArea}`,
    ].join('\n\n'),
  };
}

const CHANNEL_WORDS = { email: 'by email', sms: 'by text message', letter: 'by post' } as const;

/**
 * Tells the family and every interested person that the case has moved, in the caller's transaction, and
 * notes on the case's timeline who was told and how. Nobody known: the timeline says so.
 */
export async function giveTransferNotice(
  tx: Db,
  input: { caseRow: CaseRow; fromAreaCode: string; basis: 'S2' | 'S3' },
  ctx: { actor: Actor; now: Date; sender: Pick<Sender, 'configured'> },
): Promise<number> {
  const { caseRow } = input;
  const [from, to] = await Promise.all([findArea(tx, input.fromAreaCode), findArea(tx, caseRow.areaCode)]);
  const facts: TransferFacts = {
    deceased: `${caseRow.givenNames} ${caseRow.familyName}`,
    reference: caseRow.reference,
    fromArea: from?.name ?? input.fromAreaCode,
    toArea: to?.name ?? caseRow.areaCode,
    basis: input.basis,
  };
  const recipients = await noticeRecipients(tx, caseRow.id);
  const told: string[] = [];
  for (const recipient of recipients) {
    const queued = await queueNotification(
      tx,
      {
        caseId: caseRow.id,
        to: recipient,
        template: 'CASE_TRANSFERRED',
        ...transferNoticeText(recipient.name, facts),
        source: 'case',
        sourceId: caseRow.id,
      },
      ctx.now,
      ctx.sender,
    );
    const how = CHANNEL_WORDS[channelFor(recipient)];
    told.push(`${recipient.name} (${how}${queued.status === 'kept' ? ', for the office to send' : ''})`);
  }
  await appendCaseEvent(tx, caseRow.id, 'TRANSFER_NOTICE_GIVEN', ctx.actor, ctx.now, {
    title: 'Family and interested persons told of the transfer',
    summary: told.length
      ? `${told.join(', ')}.`
      : 'Nobody was recorded to be told: no next of kin or interested person is on the case.',
  });
  return recipients.length;
}
