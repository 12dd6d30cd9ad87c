import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { caseGroups } from '../case-groups/case-groups.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { fundedAreaCodes } from '../local-authority/local-authority.access.ts';
import { conclusionBar, type JudgeLedStatus, judgeDisplayName, STATUS_LABELS } from './judge-led.domain.ts';
import type { JudgeLedRequestView } from './judge-led.schema.ts';
import { judgeLedRequestCases, judgeLedRequests } from './judge-led.tables.ts';

export type JudgeLedRow = typeof judgeLedRequests.$inferSelect;

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
  if (!isUuid(id)) throw notFound('The request');
  const query = db
    .select()
    .from(judgeLedRequests)
    .where(and(eq(judgeLedRequests.id, id), await requestScope(db, principal)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('The request');
  return row;
}

export async function requestCaseRows(db: Db, requestId: string) {
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
      coronerId: cases.assignedCoronerId,
      areaCode: cases.areaCode,
      closedOn: cases.closedOn,
    })
    .from(judgeLedRequestCases)
    .innerJoin(cases, eq(cases.id, judgeLedRequestCases.caseId))
    .where(eq(judgeLedRequestCases.requestId, requestId))
    .orderBy(asc(cases.reference));
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
type ListFilters = { status?: JudgeLedStatus; areas?: string[]; limit?: number; offset?: number };

async function listConditions(db: Db, principal: Principal, f: ListFilters): Promise<SQL | undefined> {
  const conditions: SQL[] = [await requestScope(db, principal)];
  if (f.status) conditions.push(eq(judgeLedRequests.status, f.status));
  if (f.areas) conditions.push(f.areas.length ? inArray(judgeLedRequests.areaCode, f.areas) : sql`false`);
  return and(...conditions);
}

/** How many requests the user may see match the filters. */
export async function countRequests(db: Db, principal: Principal, f: ListFilters = {}): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(judgeLedRequests)
    .where(await listConditions(db, principal, f));
  return row?.n ?? 0;
}

export async function listRequests(db: Db, principal: Principal, f: ListFilters = {}) {
  const where = await listConditions(db, principal, f);
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
    .where(where)
    .orderBy(
      sql`case ${judgeLedRequests.status} when 'REQUESTED' then 0 when 'APPROVED' then 1 else 2 end`,
      desc(judgeLedRequests.requestedAt),
      desc(judgeLedRequests.id),
    )
    .limit(f.limit ?? 500)
    .offset(f.offset ?? 0);
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

/**
 * Why this user may not record the case's conclusion because of a judge-led request, or undefined
 * (`conclusionBar`). Only requests of the case's own area count: a case transferred since keeps no judge.
 */
export async function findConclusionBar(
  db: Db,
  caseRow: { id: string; areaCode: string },
  userId: string,
): Promise<string | undefined> {
  const rows = await db
    .select({
      status: judgeLedRequests.status,
      judgeUserId: judgeLedRequests.judgeUserId,
      judgeName: judgeLedRequests.judgeName,
      judgeTitle: judgeLedRequests.judgeTitle,
      // The appointment made the judge the conductor of this case only if it was still open then.
      conductsCase: sql<boolean>`exists (select 1 from case_events e where e.case_id = ${caseRow.id}
        and e.type = 'JUDGE_APPOINTED' and e.payload->>'requestId' = ${judgeLedRequests.id}::text)`,
    })
    .from(judgeLedRequestCases)
    .innerJoin(judgeLedRequests, eq(judgeLedRequests.id, judgeLedRequestCases.requestId))
    .where(and(eq(judgeLedRequestCases.caseId, caseRow.id), eq(judgeLedRequests.areaCode, caseRow.areaCode)))
    .orderBy(desc(judgeLedRequests.requestedAt));
  return conclusionBar(
    rows.map((r) => ({
      status: r.status,
      judgeUserId: r.judgeUserId,
      judgeName: r.judgeName ? judgeDisplayName(r.judgeTitle ?? '', r.judgeName) : null,
      conductsCase: Boolean(r.conductsCase),
    })),
    userId,
  );
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

/** The requests made for a group, newest first. */
export async function requestsOfGroup(db: Db, groupId: string) {
  return db
    .select({ id: judgeLedRequests.id, status: judgeLedRequests.status })
    .from(judgeLedRequests)
    .where(eq(judgeLedRequests.groupId, groupId))
    .orderBy(desc(judgeLedRequests.requestedAt));
}
