import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { createUser, findUserByEmail, type Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { getGroupFor, groupCaseIds } from '../case-groups/case-groups.queries.ts';
import { caseGroups } from '../case-groups/case-groups.tables.ts';
import { caseScope } from '../cases/cases.access.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { cases } from '../cases/cases.tables.ts';
import { fundedAreaCodes } from '../local-authority/local-authority.access.ts';
import {
  APPOINTMENT_BASIS_LABELS,
  checkAppointedOn,
  checkRequest,
  checkStep,
  type JudgeLedStatus,
  judgeDisplayName,
  nextStatus,
  OPEN_STATUSES,
  STATUS_LABELS,
} from './judge-led.domain.ts';
import type { AppointmentInput, JudgeLedRequestInput, JudgeLedRequestView } from './judge-led.schema.ts';
import { judgeLedRequestCases, judgeLedRequests } from './judge-led.tables.ts';

export type JudgeLedRow = typeof judgeLedRequests.$inferSelect;
type Ctx = { principal: Principal; actor: Actor; now: Date };

/** Which requests a user sees: their area's (staff), the areas their council funds, or every area's. */
export async function requestScope(db: Db, principal: Principal): Promise<SQL> {
  switch (principal.role) {
    case 'chief-coroner':
    case 'system-admin':
      return sql`true`;
    case 'local-authority': {
      const areas = await fundedAreaCodes(db, principal);
      return areas.length ? inArray(judgeLedRequests.areaCode, areas) : sql`false`;
    }
    default:
      return principal.areaCode ? eq(judgeLedRequests.areaCode, principal.areaCode) : sql`false`;
  }
}

/** The request, if this user may see it (locked for the transaction when asked); otherwise 404. */
export async function getRequestFor(
  db: Db,
  principal: Principal,
  id: string,
  lock = false,
): Promise<JudgeLedRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('The request');
  const query = db
    .select()
    .from(judgeLedRequests)
    .where(and(eq(judgeLedRequests.id, id), await requestScope(db, principal)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('The request');
  return row;
}

async function requestCaseRows(db: Db, requestId: string) {
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
      coronerId: cases.assignedCoronerId,
    })
    .from(judgeLedRequestCases)
    .innerJoin(cases, eq(cases.id, judgeLedRequestCases.caseId))
    .where(eq(judgeLedRequestCases.requestId, requestId))
    .orderBy(asc(cases.reference));
}

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
            ? `The Chief Coroner’s office approved the request; the local authority will appoint the judge. Reasons: ${input.reasons}`
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
  checkAppointedOn(input.appointedOn, londonDate(current.decidedAt!), londonDate(ctx.now));
  const name = judgeDisplayName(input.judgeTitle, input.judgeName);
  const existing = await findUserByEmail(tx, input.judgeEmail);
  let account: JudgeAccount;
  if (existing) {
    if (existing.role !== 'coroner' || existing.areaCode !== current.areaCode || !existing.active)
      throw new AppError(
        'CONFLICT',
        'An account with this email address already exists for someone who is not a coroner of this area. Use the judge’s own address, or ask the system administrator.',
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
      organisation: input.judgeTitle,
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
      appointmentBasis: input.basis,
      appointedOn: input.appointedOn,
      appointedBy: ctx.principal.userId,
      appointedByOrganisation: ctx.principal.organisation,
      appointedAt: ctx.now,
    })
    .where(eq(judgeLedRequests.id, id))
    .returning();
  const rows = await requestCaseRows(tx, id);
  if (rows.length)
    await tx
      .update(cases)
      .set({ assignedCoronerId: account.id, updatedAt: ctx.now })
      .where(
        inArray(
          cases.id,
          rows.map((r) => r.id),
        ),
      );
  const by = ctx.principal.organisation ? `${ctx.principal.organisation} council` : 'The local authority';
  for (const r of rows)
    await appendCaseEvent(tx, r.id, 'JUDGE_APPOINTED', ctx.actor, ctx.now, {
      requestId: id,
      judgeId: account.id,
      title: 'Judge appointed to lead the inquest',
      summary: `${by} appointed ${name} on ${govukDate(input.appointedOn)}: ${APPOINTMENT_BASIS_LABELS[input.basis]}. ${name} is now the coroner conducting this case.`,
    });
  return { request: request!, caseIds: rows.map((r) => r.id), account };
}

/** The request as its page and the API show it. */
export async function requestView(db: Db, row: JudgeLedRow): Promise<JudgeLedRequestView> {
  const rows = await requestCaseRows(db, row.id);
  const ids = [
    row.requestedBy,
    row.decidedBy,
    row.appointedBy,
    row.judgeUserId,
    ...rows.map((r) => r.coronerId),
  ].filter((x): x is string => Boolean(x));
  const [people, group] = await Promise.all([
    ids.length
      ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
      : Promise.resolve([]),
    row.groupId
      ? db
          .select({ id: caseGroups.id, name: caseGroups.name })
          .from(caseGroups)
          .where(eq(caseGroups.id, row.groupId))
      : Promise.resolve([]),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id ? (byId.get(id) ?? { id, name: 'Unknown user' }) : null);
  return {
    id: row.id,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    areaCode: row.areaCode,
    group: group[0] ?? null,
    reasons: row.reasons,
    cases: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      name: `${r.givenNames} ${r.familyName}`,
      coroner: r.coronerId ? (byId.get(r.coronerId)?.name ?? null) : null,
    })),
    requestedBy: person(row.requestedBy),
    requestedAt: row.requestedAt.toISOString(),
    decision:
      row.decidedAt && row.status !== 'REQUESTED'
        ? {
            decision: row.status === 'DECLINED' ? 'DECLINED' : 'APPROVED',
            reasons: row.decisionReasons ?? '',
            by: person(row.decidedBy),
            at: row.decidedAt.toISOString(),
          }
        : null,
    appointment:
      row.status === 'JUDGE_APPOINTED' && row.appointedAt
        ? {
            judge: person(row.judgeUserId),
            judgeName: row.judgeName ?? '',
            judgeTitle: row.judgeTitle ?? '',
            basis: row.appointmentBasis ?? 'ASSISTANT_CORONER',
            appointedOn: row.appointedOn ?? '',
            appointedBy: person(row.appointedBy),
            organisation: row.appointedByOrganisation,
            at: row.appointedAt.toISOString(),
          }
        : null,
  };
}

/** Requests the user may see, those awaiting a step first, then newest first. */
export async function listRequests(
  db: Db,
  principal: Principal,
  f: { status?: JudgeLedStatus; areas?: string[]; limit?: number } = {},
) {
  const conditions: SQL[] = [await requestScope(db, principal)];
  if (f.status) conditions.push(eq(judgeLedRequests.status, f.status));
  if (f.areas) conditions.push(f.areas.length ? inArray(judgeLedRequests.areaCode, f.areas) : sql`false`);
  const rows = await db
    .select({
      id: judgeLedRequests.id,
      status: judgeLedRequests.status,
      areaCode: judgeLedRequests.areaCode,
      requestedAt: judgeLedRequests.requestedAt,
      judgeName: judgeLedRequests.judgeName,
      judgeTitle: judgeLedRequests.judgeTitle,
      appointedOn: judgeLedRequests.appointedOn,
      appointedByOrganisation: judgeLedRequests.appointedByOrganisation,
      appointedBy: judgeLedRequests.appointedBy,
      groupName: caseGroups.name,
      references: sql<
        string[]
      >`array(select c.reference from judge_led_request_cases x join cases c on c.id = x.case_id where x.request_id = ${judgeLedRequests.id} order by c.reference)`,
    })
    .from(judgeLedRequests)
    .leftJoin(caseGroups, eq(caseGroups.id, judgeLedRequests.groupId))
    .where(and(...conditions))
    .orderBy(
      sql`case ${judgeLedRequests.status} when 'REQUESTED' then 0 when 'APPROVED' then 1 else 2 end`,
      desc(judgeLedRequests.requestedAt),
    )
    .limit(f.limit ?? 500);
  return rows.map((r) => ({
    ...r,
    statusLabel: STATUS_LABELS[r.status],
    requestedAt: r.requestedAt.toISOString(),
  }));
}

/** The requests a case is in, newest first. */
export async function requestsOfCase(db: Db, caseId: string) {
  return db
    .select({ id: judgeLedRequests.id, status: judgeLedRequests.status })
    .from(judgeLedRequestCases)
    .innerJoin(judgeLedRequests, eq(judgeLedRequests.id, judgeLedRequestCases.requestId))
    .where(eq(judgeLedRequestCases.caseId, caseId))
    .orderBy(desc(judgeLedRequests.requestedAt));
}

/** Requests awaiting the Chief Coroner's decision, per area. */
export async function awaitingDecisionByArea(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ areaCode: judgeLedRequests.areaCode, n: sql<number>`count(*)::int` })
    .from(judgeLedRequests)
    .where(eq(judgeLedRequests.status, 'REQUESTED'))
    .groupBy(judgeLedRequests.areaCode);
  return new Map(rows.map((r) => [r.areaCode, r.n]));
}
