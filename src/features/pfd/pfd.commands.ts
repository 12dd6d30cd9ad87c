import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { channelFor, queueNotification, type Sender } from '../../platform/notify/notify.ts';
import { govukDate, londonDate, londonInstant } from '../../platform/views/dates.ts';
import { findArea } from '../areas/areas.queries.ts';
import { requireOwnArea } from '../cases/cases.access.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { caseDeadlines, casePeople } from '../cases/cases.tables.ts';
import { activePerson } from '../interested-persons/interested-persons.access.ts';
import { recipientOf } from '../interested-persons/interested-persons.recipients.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import {
  ageAtDeath,
  checkCopies,
  checkExtension,
  checkResponse,
  checkSentOn,
  type PrivateAddress,
  partsOfPostalAddress,
  REMINDER_STAGES,
  type ReminderStage,
  reminderDates,
  removeAddresses,
  removeNames,
  responseDueOn,
} from './pfd.domain.ts';
import { isDeathRestricted, reportView } from './pfd.queries.ts';
import type { PfdReportInput } from './pfd.schema.ts';
import {
  type PfdRecipientRow,
  type PfdReportRow,
  type Publication,
  pfdExtensions,
  pfdRecipients,
  pfdReports,
  pfdResponses,
} from './pfd.tables.ts';
import { coronerTitle, defaultCircumstances, defaultInvestigation, reportInWords } from './pfd.text.ts';
import { reportText } from './pfd.view.ts';

export const REMINDER_JOB = 'pfd.reminder';
const PFD_CLOCK_BASIS = 'Coroners (Investigations) Regulations 2013 r.29: response within 56 days';

type Ctx = { principal: Principal; actor: Actor; now: Date; notifier: Pick<Sender, 'configured'> };

/** Coroners and officers act only on their own area's reports; the Chief Coroner's office on any. */
async function nextPfdReference(tx: Db, areaCode: string, year: number): Promise<string> {
  const result = await tx.execute<{ last: number }>(sql`
    insert into pfd_sequences (area_code, year, last) values (${areaCode}, ${year}, 1)
    on conflict (area_code, year) do update set last = pfd_sequences.last + 1
    returning last`);
  return `${areaCode}-PFD-${year}-${String(result.rows[0]!.last).padStart(4, '0')}`;
}

/** Copies to interested persons must be to this case's own interested persons. */
async function checkInterestedPersons(tx: Db, caseId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  // Only people who are interested persons now (reg. 28(4)): not those the coroner declined or removed.
  const found = await tx
    .select({ id: interestedPersons.id })
    .from(interestedPersons)
    .where(and(eq(interestedPersons.caseId, caseId), inArray(interestedPersons.id, ids), activePerson()));
  if (found.length !== new Set(ids).size)
    throw validationError({
      'copies.interestedPersonIds':
        'Choose interested persons of this case: a copy does not go to someone the coroner declined or removed',
    });
}

function reportColumns(input: PfdReportInput, caseRow: CaseRow) {
  const under18 = (ageAtDeath(caseRow) ?? 99) < 18;
  const facts = { ...caseRow, ageAtDeath: ageAtDeath(caseRow) };
  return {
    investigation: input.investigation || defaultInvestigation(facts),
    circumstances: input.circumstances || defaultCircumstances(facts),
    concerns: input.concerns,
    action: input.action,
    themes: input.themes,
    copyInterestedPersonIds: [...new Set(input.copies.interestedPersonIds)],
    safeguardingBoard: input.copies.safeguardingBoard ?? null,
    otherCopies: input.copies.others,
    deceasedUnder18: under18,
  };
}

async function writeRecipients(tx: Db, reportId: string, input: PfdReportInput): Promise<PfdRecipientRow[]> {
  await tx.delete(pfdRecipients).where(eq(pfdRecipients.reportId, reportId));
  return tx
    .insert(pfdRecipients)
    .values(
      input.recipients.map((r, i) => ({
        reportId,
        position: i + 1,
        organisation: r.organisation,
        person: r.person ?? null,
        email: r.email ?? null,
      })),
    )
    .returning();
}

/**
 * Drafts a report on a case whose investigation has begun (a coroner of the case's area); when `sentOn` is
 * given it is sent at once.
 */
export async function createReport(
  tx: Db,
  caseRow: CaseRow,
  input: PfdReportInput,
  ctx: Ctx,
): Promise<PfdReportRow> {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  if (!caseRow.state.investigationOpenedAt || caseRow.status === 'QUASHED')
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      caseRow.status === 'QUASHED'
        ? 'This inquest was quashed. Write any report on the fresh investigation.'
        : 'A prevention of future deaths report comes from an investigation. Open the investigation first.',
    );
  await checkInterestedPersons(tx, caseRow.id, input.copies.interestedPersonIds);
  const area = await findArea(tx, caseRow.areaCode);
  const [report] = await tx
    .insert(pfdReports)
    .values({
      reference: await nextPfdReference(tx, caseRow.areaCode, Number(londonDate(ctx.now).slice(0, 4))),
      caseId: caseRow.id,
      areaCode: caseRow.areaCode,
      coronerId: ctx.principal.userId,
      coronerName: ctx.principal.name,
      coronerTitle: coronerTitle(ctx.principal.coronerOffice, area?.name ?? caseRow.areaCode),
      ...reportColumns(input, caseRow),
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await writeRecipients(tx, report!.id, input);
  await appendCaseEvent(tx, caseRow.id, 'PFD_REPORT_DRAFTED', ctx.actor, ctx.now, {
    title: 'Prevention of future deaths report drafted',
    summary: `${report!.reference}: ${input.concerns.length} matter${input.concerns.length === 1 ? '' : 's'} of concern, to ${input.recipients.map((r) => r.organisation).join('; ')}.`,
    reportId: report!.id,
  });
  if (input.sentOn) return sendReport(tx, report!, caseRow, input.sentOn, ctx);
  return report!;
}

/** Changes a draft (the whole report, as the form or the API gives it). */
export async function updateDraft(
  tx: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  input: PfdReportInput,
  ctx: Ctx,
): Promise<PfdReportRow> {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  if (report.status !== 'DRAFT')
    throw new AppError('ACTION_NOT_ALLOWED', 'This report has been sent, so it can no longer be changed.');
  await checkInterestedPersons(tx, caseRow.id, input.copies.interestedPersonIds);
  const [updated] = await tx
    .update(pfdReports)
    .set({ ...reportColumns(input, caseRow), updatedAt: ctx.now })
    .where(eq(pfdReports.id, report.id))
    .returning();
  await writeRecipients(tx, report.id, input);
  if (input.sentOn) return sendReport(tx, updated!, caseRow, input.sentOn, ctx);
  return updated!;
}

/**
 * Sends the report (IReg r.28): each recipient's response falls due 56 days later, with reminders queued
 * 14 days before, on and 14 days after that date; copies go to the Chief Coroner, the chosen interested
 * persons and, for a child, the safeguarding partnership. All in the caller's transaction.
 */
export async function sendReport(
  tx: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  sentOn: string,
  ctx: Ctx,
): Promise<PfdReportRow> {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  const [locked] = await tx.select().from(pfdReports).where(eq(pfdReports.id, report.id)).for('update');
  if (locked!.status !== 'DRAFT')
    throw new AppError('ACTION_NOT_ALLOWED', `This report was already sent on ${govukDate(locked!.sentOn)}.`);
  const today = londonDate(ctx.now);
  const started = caseRow.state.investigationOpenedAt
    ? londonDate(new Date(caseRow.state.investigationOpenedAt))
    : null;
  checkSentOn(sentOn, today, started);
  // Worked out again from the case: its date of birth may have been corrected since the draft was saved.
  const under18 = (ageAtDeath(caseRow) ?? 99) < 18;
  checkCopies(under18, locked!.safeguardingBoard);
  // Someone the coroner declined or removed since the draft was saved no longer gets a copy.
  await checkInterestedPersons(tx, caseRow.id, locked!.copyInterestedPersonIds);
  const recipients = await tx.select().from(pfdRecipients).where(eq(pfdRecipients.reportId, report.id));
  if (recipients.length === 0)
    throw validationError({
      recipients: 'Add at least one recipient: a person or organisation that can act',
    });
  if (locked!.concerns.length === 0)
    throw validationError({ concerns: 'Enter at least one matter of concern' });
  const dueOn = responseDueOn(sentOn);
  const [sent] = await tx
    .update(pfdReports)
    .set({ status: 'SENT', sentOn, sentAt: ctx.now, updatedAt: ctx.now, deceasedUnder18: under18 })
    .where(eq(pfdReports.id, report.id))
    .returning();
  await tx
    .update(pfdRecipients)
    .set({ dueOn, originalDueOn: dueOn })
    .where(eq(pfdRecipients.reportId, report.id));
  const subject = `Regulation 28 report to prevent future deaths (${sent!.reference})`;
  const deceased = `${caseRow.givenNames} ${caseRow.familyName}`;
  // The messages carry the report itself, word for word as its PDF.
  const words = reportInWords(reportText(await reportView(tx, sent!, caseRow, today)));
  for (const r of recipients) {
    await tx.insert(caseDeadlines).values({
      caseId: caseRow.id,
      kind: `Response due from ${r.organisation} (prevention of future deaths report)`,
      basis: PFD_CLOCK_BASIS,
      source: 'pfd',
      sourceId: r.id,
      startedOn: sentOn,
      dueOn,
    });
    await queueReminders(tx, r.id, dueOn, today);
    await queueNotification(
      tx,
      {
        caseId: caseRow.id,
        to: { name: r.person ? `${r.person}, ${r.organisation}` : r.organisation, email: r.email },
        template: 'PFD_REPORT_SENT',
        subject,
        body:
          `${sent!.coronerName}, ${sent!.coronerTitle}, has sent you a report under regulation 28 of the Coroners (Investigations) Regulations 2013 following the death of ${deceased}.\n\n` +
          `You must respond within 56 days, by ${govukDate(dueOn)}, saying what action has been or will be taken and when, or explaining why no action is proposed.\n\n` +
          `The report follows.\n\n${words}`,
        source: 'pfd',
        sourceId: r.id,
      },
      ctx.now,
      ctx.notifier,
    );
  }
  const copyBody = `A copy of the regulation 28 report ${sent!.reference} following the death of ${deceased}, sent on ${govukDate(sentOn)} to ${recipients.map((r) => r.organisation).join('; ')}.`;
  const copies: {
    name: string;
    email?: string | null;
    phone?: string | null;
    postalAddress?: string | null;
  }[] = [{ name: 'Chief Coroner’s office' }];
  if (sent!.copyInterestedPersonIds.length) {
    const ips = await tx
      .select()
      .from(interestedPersons)
      .where(inArray(interestedPersons.id, sent!.copyInterestedPersonIds));
    for (const ip of ips) copies.push(recipientOf(ip));
  }
  if (sent!.safeguardingBoard) copies.push(sent!.safeguardingBoard);
  for (const other of sent!.otherCopies) copies.push(other);
  for (const to of copies)
    await queueNotification(
      tx,
      {
        caseId: caseRow.id,
        to,
        template: 'PFD_REPORT_COPY',
        subject: `Copy: ${subject}`,
        // A text message cannot carry a report: it says the report itself follows from the office.
        body:
          channelFor(to) === 'sms'
            ? `${copyBody} The coroner’s office will send you the report itself. Contact them if it does not arrive.`
            : `${copyBody}\n\nThe report follows.\n\n${words}`,
        source: 'pfd',
        sourceId: sent!.id,
      },
      ctx.now,
      ctx.notifier,
    );
  await appendCaseEvent(tx, caseRow.id, 'PFD_REPORT_SENT', ctx.actor, ctx.now, {
    title: 'Prevention of future deaths report sent',
    summary: `${sent!.reference} sent on ${govukDate(sentOn)} to ${recipients.map((r) => r.organisation).join('; ')}. Responses are due by ${govukDate(dueOn)}. Copies: ${copies.map((c) => c.name).join('; ')}.`,
    reportId: sent!.id,
    sentOn,
  });
  return sent!;
}

/** Queues the reminders still ahead (a back-dated report does not send reminders for days already past). */
async function queueReminders(tx: Db, recipientId: string, dueOn: string, today: string): Promise<void> {
  for (const { stage, on } of reminderDates(dueOn)) {
    if (on < today) continue;
    await enqueueJob(
      tx,
      REMINDER_JOB,
      { recipientId, stage, dueOn },
      { runAt: londonInstant(on, '09:00'), uniqueKey: `${REMINDER_JOB}:${recipientId}:${stage}:${dueOn}` },
    );
  }
}

/** Marks a recipient's pending reminders done: they have answered, or the date moved. */
async function cancelReminders(tx: Db, recipientId: string, now: Date, why: string): Promise<void> {
  await tx
    .update(jobs)
    .set({ doneAt: now, lastError: why })
    .where(
      and(
        eq(jobs.kind, REMINDER_JOB),
        isNull(jobs.doneAt),
        sql`${jobs.payload}->>'recipientId' = ${recipientId}`,
      ),
    );
}

async function lockedRecipient(tx: Db, report: PfdReportRow, recipientId: string): Promise<PfdRecipientRow> {
  const [recipient] = await tx
    .select()
    .from(pfdRecipients)
    .where(and(eq(pfdRecipients.id, recipientId), eq(pfdRecipients.reportId, report.id)))
    .for('update');
  if (!recipient) throw validationError({ recipientId: 'Choose one of this report’s recipients' });
  return recipient;
}

export type ResponseDocument = { sha256: string; name: string; contentType: string; size: number };

/** Records a recipient's response (IReg r.29), meets their clock and cancels their reminders. */
export async function recordResponse(
  tx: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  input: { recipientId: string; receivedOn: string; summary?: string },
  document: ResponseDocument | null,
  ctx: Ctx,
) {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  const recipient = await lockedRecipient(tx, report, input.recipientId);
  checkResponse(report, recipient, input.receivedOn, londonDate(ctx.now));
  const [response] = await tx
    .insert(pfdResponses)
    .values({
      reportId: report.id,
      recipientId: recipient.id,
      receivedOn: input.receivedOn,
      summary: input.summary ?? null,
      documentSha256: document?.sha256 ?? null,
      documentName: document?.name ?? null,
      documentType: document?.contentType ?? null,
      documentSize: document?.size ?? null,
      recordedBy: ctx.principal.userId,
      createdAt: ctx.now,
    })
    .returning();
  const first = !recipient.respondedOn || input.receivedOn < recipient.respondedOn;
  if (first) {
    await tx
      .update(pfdRecipients)
      .set({ respondedOn: input.receivedOn })
      .where(eq(pfdRecipients.id, recipient.id));
    await tx
      .update(caseDeadlines)
      .set({ metOn: input.receivedOn })
      .where(and(eq(caseDeadlines.source, 'pfd'), eq(caseDeadlines.sourceId, recipient.id)));
  }
  await cancelReminders(tx, recipient.id, ctx.now, 'Not needed: the recipient has responded');
  await appendCaseEvent(tx, caseRow.id, 'PFD_RESPONSE_RECEIVED', ctx.actor, ctx.now, {
    title: 'Response to prevention of future deaths report received',
    summary: `${recipient.organisation} responded to ${report.reference} on ${govukDate(input.receivedOn)}${recipient.dueOn && input.receivedOn > recipient.dueOn ? ' (after the due date)' : ''}.${document ? ` Document: ${document.name}.` : ''}`,
    reportId: report.id,
    recipientId: recipient.id,
  });
  return response!;
}

/** The coroner extends a recipient's time to respond (IReg r.29(5)); the reminders follow the new date. */
export async function extendDeadline(
  tx: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  input: { recipientId: string; dueOn: string; reason: string },
  ctx: Ctx,
): Promise<void> {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  const recipient = await lockedRecipient(tx, report, input.recipientId);
  checkExtension(report, recipient, input.dueOn);
  await tx.insert(pfdExtensions).values({
    recipientId: recipient.id,
    fromDueOn: recipient.dueOn!,
    toDueOn: input.dueOn,
    reason: input.reason,
    grantedBy: ctx.principal.userId,
    createdAt: ctx.now,
  });
  await tx.update(pfdRecipients).set({ dueOn: input.dueOn }).where(eq(pfdRecipients.id, recipient.id));
  await tx
    .update(caseDeadlines)
    .set({ dueOn: input.dueOn })
    .where(and(eq(caseDeadlines.source, 'pfd'), eq(caseDeadlines.sourceId, recipient.id)));
  await cancelReminders(tx, recipient.id, ctx.now, 'Replaced: the time to respond was extended');
  await queueReminders(tx, recipient.id, input.dueOn, londonDate(ctx.now));
  await appendCaseEvent(tx, caseRow.id, 'PFD_DEADLINE_EXTENDED', ctx.actor, ctx.now, {
    title: 'Time to respond extended',
    summary: `${recipient.organisation} now has until ${govukDate(input.dueOn)} to respond to ${report.reference} (was ${govukDate(recipient.dueOn)}). Reason: ${input.reason}`,
    reportId: report.id,
    recipientId: recipient.id,
  });
}

/**
 * Publishes the report (IReg r.28(5): the Chief Coroner may publish it). Its text is fixed as published;
 * where the coroner directs, the names of the deceased, the people in the case and any others listed are
 * replaced by "[name removed]", their home addresses (first line and postcode) by "[address removed]", and
 * recipients are named only by organisation. A case under a reporting
 * restriction is published only so.
 */
export async function publishReport(
  tx: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  input: { removeNames: boolean; otherNames: string[] },
  ctx: Ctx,
): Promise<void> {
  requireOwnArea(ctx.principal, caseRow.areaCode);
  if (report.status !== 'SENT')
    throw new AppError('ACTION_NOT_ALLOWED', 'A report is published only once it has been sent.');
  if (!input.removeNames && (await isDeathRestricted(tx, caseRow.id))) {
    const message =
      'A reporting restriction is in force on this death, so the report can be published only with names removed';
    throw new AppError('VALIDATION_FAILED', `${message} (removeNames).`, { removeNames: message });
  }
  const recipients = await tx.select().from(pfdRecipients).where(eq(pfdRecipients.reportId, report.id));
  let names: string[] = [];
  let addresses: PrivateAddress[] = [];
  if (input.removeNames) {
    const [people, ips] = await Promise.all([
      tx
        .select({ name: casePeople.name, address: casePeople.address })
        .from(casePeople)
        .where(and(eq(casePeople.caseId, caseRow.id), eq(casePeople.professional, false))),
      tx
        .select({ name: interestedPersons.name, postalAddress: interestedPersons.postalAddress })
        .from(interestedPersons)
        .where(and(eq(interestedPersons.caseId, caseRow.id), eq(interestedPersons.kind, 'person'))),
    ]);
    const homes = [caseRow.sceneFound, caseRow.placeOfDeath].filter((p) => p?.placeType === 'home');
    addresses = [
      ...(caseRow.address ? [caseRow.address] : []),
      ...homes.map((p) => ({ postcode: p?.postcode })),
      ...people.flatMap((p) => (p.address ? [p.address] : [])),
      ...ips.flatMap((p) => (p.postalAddress ? [partsOfPostalAddress(p.postalAddress)] : [])),
    ];
    names = [
      `${caseRow.givenNames} ${caseRow.familyName}`,
      ...people.map((p) => p.name),
      ...ips.map((p) => p.name),
      ...input.otherNames,
      ...recipients.flatMap((r) => (r.person ? [r.person] : [])),
    ];
  }
  const clean = (text: string) =>
    input.removeNames ? removeNames(removeAddresses(text, addresses), names) : text;
  const publication: Publication = {
    removeNames: input.removeNames,
    deceasedName: input.removeNames ? null : `${caseRow.givenNames} ${caseRow.familyName}`,
    coronerName: report.coronerName,
    coronerTitle: report.coronerTitle,
    investigation: clean(report.investigation),
    circumstances: clean(report.circumstances),
    concerns: report.concerns.map(clean),
    action: clean(report.action),
    recipients: recipients.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      person: input.removeNames ? null : r.person,
    })),
  };
  await tx
    .update(pfdReports)
    .set({ publishedAt: ctx.now, publication, updatedAt: ctx.now })
    .where(eq(pfdReports.id, report.id));
  await appendCaseEvent(tx, caseRow.id, 'PFD_REPORT_PUBLISHED', ctx.actor, ctx.now, {
    title: 'Prevention of future deaths report published',
    summary: `${report.reference} was published${input.removeNames ? ' with names removed' : ''}.`,
    reportId: report.id,
  });
}

/** The reminder job: tells a recipient who has not answered, unless they have, or the date has moved. */
export async function sendReminder(
  db: Db,
  payload: { recipientId: string; stage: ReminderStage; dueOn: string },
  now: Date,
  notifier: Pick<Sender, 'configured'>,
): Promise<'sent' | 'skipped'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ recipient: pfdRecipients, report: pfdReports })
      .from(pfdRecipients)
      .innerJoin(pfdReports, eq(pfdReports.id, pfdRecipients.reportId))
      .where(eq(pfdRecipients.id, payload.recipientId));
    if (!row || row.recipient.respondedOn || row.recipient.dueOn !== payload.dueOn) return 'skipped';
    const stage = REMINDER_STAGES[payload.stage];
    if (!stage) return 'skipped';
    const { recipient, report } = row;
    await queueNotification(
      tx,
      {
        caseId: report.caseId,
        to: {
          name: recipient.person ? `${recipient.person}, ${recipient.organisation}` : recipient.organisation,
          email: recipient.email,
        },
        template: `PFD_REMINDER_${payload.stage}`,
        subject: `Reminder: your response to report ${report.reference} ${stage.text}`,
        body: `Your response to the regulation 28 report to prevent future deaths ${report.reference}, sent on ${govukDate(report.sentOn)} by ${report.coronerName}, ${stage.text}. The due date is ${govukDate(recipient.dueOn)}. Send it to the coroner's office, saying what action has been or will be taken and when, or explaining why no action is proposed.`,
        source: 'pfd',
        sourceId: recipient.id,
      },
      now,
      notifier,
    );
    return 'sent';
  });
}
