import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, or } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { createUser, findUserByEmail, type Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { getGroupFor, groupCaseIds } from '../case-groups/case-groups.queries.ts';
import { caseScope } from '../cases/cases.access.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { cases } from '../cases/cases.tables.ts';
import { hearingCases, hearings } from '../hearings/hearings.tables.ts';
import {
  APPOINTMENT_BASIS_LABELS,
  basesFor,
  checkAppointedOn,
  checkAppointer,
  checkRequest,
  checkStep,
  judgeDisplayName,
  nextStatus,
  OPEN_STATUSES,
} from './judge-led.domain.ts';
import { getRequestFor, type JudgeLedRow, requestCaseRows } from './judge-led.queries.ts';
import type { AppointmentInput, JudgeLedRequestInput } from './judge-led.schema.ts';
import { judgeLedRequestCases, judgeLedRequests } from './judge-led.tables.ts';

type Ctx = { principal: Principal; actor: Actor; now: Date };

const refsText = (refs: string[]) =>
  refs.length > 1 ? ` for ${refs.length} cases (${refs.join(', ')})` : '';

/** A coroner asks the Chief Coroner for a judge to lead the inquests into the cases (CCG 30 ¶1). */
export async function requestJudgeLedInquest(
  tx: Db,
  input: JudgeLedRequestInput,
  ctx: Ctx,
): Promise<JudgeLedRow> {
  let caseIds = input.caseIds ?? [];
  let groupId: string | null = null;
  if (input.groupId) {
    const group = await getGroupFor(tx, ctx.principal, input.groupId);
    groupId = group.id;
    caseIds = await groupCaseIds(tx, group.id);
    if (caseIds.length === 0)
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        'The group has no cases in it now, so there is nothing to ask for.',
      );
  }
  const wanted = [...new Set(caseIds)];
  const rows = await tx
    .select({ id: cases.id, reference: cases.reference, areaCode: cases.areaCode, closedOn: cases.closedOn })
    .from(cases)
    .where(and(inArray(cases.id, wanted), caseScope(ctx.principal)))
    .orderBy(asc(cases.reference))
    .for('update');
  if (rows.length !== wanted.length)
    throw validationError({ caseIds: 'One of the cases could not be found. Check the cases and try again' });
  const open = await tx
    .select({ caseId: judgeLedRequestCases.caseId, requestId: judgeLedRequestCases.requestId })
    .from(judgeLedRequestCases)
    .innerJoin(judgeLedRequests, eq(judgeLedRequests.id, judgeLedRequestCases.requestId))
    .where(
      and(inArray(judgeLedRequestCases.caseId, wanted), inArray(judgeLedRequests.status, [...OPEN_STATUSES])),
    );
  const openOf = new Map(open.map((o) => [o.caseId, o.requestId]));
  const areaCode = checkRequest(
    rows.map((r) => ({ ...r, openRequestId: openOf.get(r.id) ?? null })),
    ctx.principal.areaCode,
  );
  const [request] = await tx
    .insert(judgeLedRequests)
    .values({
      areaCode,
      groupId,
      status: 'REQUESTED',
      reasons: input.reasons,
      requestedBy: ctx.principal.userId,
      requestedAt: ctx.now,
    })
    .returning();
  await tx.insert(judgeLedRequestCases).values(rows.map((r) => ({ requestId: request!.id, caseId: r.id })));
  const refs = rows.map((r) => r.reference);
  for (const r of rows)
    await appendCaseEvent(tx, r.id, 'JUDGE_LED_REQUESTED', ctx.actor, ctx.now, {
      requestId: request!.id,
      title: 'Judge-led inquest requested',
      summary: `The coroner asked the Chief Coroner’s office for a judge to lead the inquest${refsText(refs)}. Reasons: ${input.reasons}`,
    });
  return request!;
}

/** The Chief Coroner's office approves or declines the request, with reasons (CJA 2009 Sch 10). */
export async function decideRequest(
  tx: Db,
  id: string,
  input: { decision: 'APPROVED' | 'DECLINED'; reasons: string },
  ctx: Ctx,
): Promise<{ request: JudgeLedRow; caseIds: string[] }> {
  const current = await getRequestFor(tx, ctx.principal, id, true);
  checkStep(current.status, 'DECIDE', ctx.principal.role);
  const status = nextStatus(current.status, 'DECIDE', input.decision);
  const [request] = await tx
    .update(judgeLedRequests)
    .set({ status, decidedBy: ctx.principal.userId, decidedAt: ctx.now, decisionReasons: input.reasons })
    .where(eq(judgeLedRequests.id, id))
    .returning();
  const rows = await requestCaseRows(tx, id);
  for (const r of rows)
    await appendCaseEvent(
      tx,
      r.id,
      status === 'APPROVED' ? 'JUDGE_LED_APPROVED' : 'JUDGE_LED_DECLINED',
      ctx.actor,
      ctx.now,
      {
        requestId: id,
        title:
          status === 'APPROVED'
            ? 'Judge-led inquest approved by the Chief Coroner'
            : 'Judge-led inquest declined by the Chief Coroner',
        summary:
          status === 'APPROVED'
            ? `The Chief Coroner’s office approved the request; the judge will be appointed by the local authority (as an assistant coroner) or by the Chief Coroner (Schedule 10). Reasons: ${input.reasons}`
            : `The Chief Coroner’s office declined the request; the coroner of the area keeps the case. Reasons: ${input.reasons}`,
      },
    );
  return { request: request!, caseIds: rows.map((r) => r.id) };
}

/** A readable one-time password: four groups of lowercase letters and digits. */
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

export type JudgeAccount = {
  id: string;
  email: string;
  name: string;
  created: boolean;
  temporaryPassword: string | null;
};

/**
 * The local authority records the appointment of the judge (for example as an assistant coroner for the
 * area, CJA 2009 Sch 3). In the same transaction the judge gets a coroner account for the area (or keeps
 * the one they have there) and becomes the conducting coroner of every case in the request.
 */
export async function appointJudge(
  tx: Db,
  id: string,
  input: AppointmentInput,
  ctx: Ctx,
): Promise<{ request: JudgeLedRow; caseIds: string[]; account: JudgeAccount }> {
  const current = await getRequestFor(tx, ctx.principal, id, true);
  checkStep(current.status, 'APPOINT_JUDGE', ctx.principal.role);
  // Left out, the appointment is the kind this user makes.
  const basis = input.basis ?? basesFor(ctx.principal.role)[0] ?? 'ASSISTANT_CORONER';
  checkAppointer(basis, ctx.principal.role);
  checkAppointedOn(input.appointedOn, londonDate(current.decidedAt!), londonDate(ctx.now));
  // The judge conducts the cases still open in the area; one concluded, closed or transferred since the
  // request keeps the record it has.
  const rows = (await requestCaseRows(tx, id)).filter((r) => r.areaCode === current.areaCode && !r.closedOn);
  if (rows.length === 0)
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'None of the cases in this request is still open in this coroner area, so there is no inquest for the judge to lead.',
    );
  const name = judgeDisplayName(input.judgeTitle, input.judgeName);
  const existing = await findUserByEmail(tx, input.judgeEmail);
  let account: JudgeAccount;
  if (existing) {
    // Only a judge's own account (one made for an earlier judge-led inquest in this area) is used again:
    // never another coroner's, which would make them the "judge".
    if (
      existing.role !== 'coroner' ||
      existing.coronerOffice !== 'judge' ||
      existing.areaCode !== current.areaCode ||
      !existing.active
    )
      throw new AppError(
        'CONFLICT',
        `This email address belongs to the account of ${existing.name}, which is not a judge’s account in this coroner area. Use the judge’s own address, or ask the system administrator.`,
        { judgeEmail: 'This email address belongs to another account. Enter the judge’s own address' },
      );
    account = {
      id: existing.id,
      email: existing.email,
      name: existing.name,
      created: false,
      temporaryPassword: null,
    };
  } else {
    const password = temporaryPassword();
    const user = await createUser(tx, {
      email: input.judgeEmail,
      name,
      role: 'coroner',
      coronerOffice: 'judge',
      areaCode: current.areaCode,
      password,
    });
    account = { id: user.id, email: user.email, name: user.name, created: true, temporaryPassword: password };
  }
  const status = nextStatus(current.status, 'APPOINT_JUDGE');
  const [request] = await tx
    .update(judgeLedRequests)
    .set({
      status,
      judgeUserId: account.id,
      judgeName: input.judgeName,
      judgeTitle: input.judgeTitle,
      appointmentBasis: basis,
      appointedOn: input.appointedOn,
      appointedBy: ctx.principal.userId,
      appointedByOrganisation: ctx.principal.organisation,
      appointedAt: ctx.now,
    })
    .where(eq(judgeLedRequests.id, id))
    .returning();
  const caseIds = rows.map((r) => r.id);
  await tx
    .update(cases)
    .set({ assignedCoronerId: account.id, updatedAt: ctx.now })
    .where(inArray(cases.id, caseIds));
  // The judge now sits at the hearings still to come (the court diary and the public list say so): those
  // listed for a time still ahead, and those postponed with the new date to be set, whatever their old date.
  await tx
    .update(hearings)
    .set({ coronerId: account.id, updatedAt: ctx.now })
    .where(
      and(
        inArray(
          hearings.id,
          tx
            .select({ id: hearingCases.hearingId })
            .from(hearingCases)
            .where(inArray(hearingCases.caseId, caseIds)),
        ),
        or(
          and(eq(hearings.status, 'LISTED'), gte(hearings.startsAt, ctx.now)),
          eq(hearings.status, 'POSTPONED'),
        ),
      ),
    );
  const by =
    basis === 'SCHEDULE_10'
      ? 'The Chief Coroner'
      : ctx.principal.organisation
        ? `${ctx.principal.organisation} council`
        : 'The local authority';
  for (const r of rows)
    await appendCaseEvent(tx, r.id, 'JUDGE_APPOINTED', ctx.actor, ctx.now, {
      requestId: id,
      judgeId: account.id,
      title: 'Judge appointed to lead the inquest',
      summary: `${by} appointed ${name} on ${govukDate(input.appointedOn)}: ${APPOINTMENT_BASIS_LABELS[basis]}. ${name} is now the coroner conducting this case.`,
    });
  return { request: request!, caseIds: rows.map((r) => r.id), account };
}
