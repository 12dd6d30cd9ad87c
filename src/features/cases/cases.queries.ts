import { createHash } from 'node:crypto';
import { and, asc, desc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { type Db, preparedQuery } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { caseScope } from './cases.access.ts';
import { type Clock, clockState } from './cases.clocks.ts';
import type { CaseEvent, CaseStatus } from './cases.domain.ts';
import { searchName } from './cases.report.ts';
import { caseDeadlines, caseEvents, casePeople, cases } from './cases.tables.ts';

export type CaseRow = typeof cases.$inferSelect;

/**
 * When the coroner was made aware, as the case's clocks count it (s.16, r.8): the report, or for a fresh
 * investigation ordered after a quashing, when it began (the quashing was recorded; not the order's date). How
 * long an investigation has lasted is measured from it.
 */
export const madeAwareAt = sql`(case when ${cases.supersedesCaseId} is null then ${cases.reportedAt} else coalesce(${cases.investigationOpenedAt}, ${cases.reportedAt}) end)`;
export type PersonRow = typeof casePeople.$inferSelect;

/** The case, if this user may see it; otherwise 404 (they must not learn it exists). */
export async function getCaseFor(db: Db, principal: Principal, id: string): Promise<CaseRow> {
  if (!isUuid(id)) throw notFound('The case');
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.id, id), caseScope(principal)));
  if (!row) throw notFound('The case');
  return row;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function listCaseEvents(db: Db, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.seq));
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    at: r.at.toISOString(),
    actor: { id: r.actorId, label: r.actorLabel, role: r.actorRole },
    payload: r.payload,
  }));
}

export function listCasePeople(db: Db, caseId: string): Promise<PersonRow[]> {
  return db
    .select()
    .from(casePeople)
    .where(eq(casePeople.caseId, caseId))
    .orderBy(asc(casePeople.role), asc(casePeople.name));
}

export type DeadlineView = Clock & {
  id: string;
  caseId: string;
  source: string;
  state: ReturnType<typeof clockState>;
};

export async function listCaseDeadlines(db: Db, caseId: string, today: string): Promise<DeadlineView[]> {
  const rows = await db
    .select()
    .from(caseDeadlines)
    .where(eq(caseDeadlines.caseId, caseId))
    .orderBy(asc(caseDeadlines.dueOn));
  return rows.map((r) => ({ ...r, state: clockState(r, today) }));
}

/**
 * The officers of each area for the case list's "Officer" filter, kept for `seconds` (the busiest page need
 * not ask the database for a list that changes a few times a year). Only the filter's choices come from
 * here: who may see which case is always decided by the case query itself, and assignment forms read
 * `listAreaStaff` directly.
 */
export function areaOfficersForFilter(db: Db, seconds = 30) {
  const kept = new Map<string, { until: number; officers: ReturnType<typeof listAreaStaff> }>();
  return (areaCode: string) => {
    const now = performance.now();
    const hit = kept.get(areaCode);
    if (hit && hit.until > now) return hit.officers;
    const officers = listAreaStaff(db, areaCode, 'officer');
    kept.set(areaCode, { until: now + seconds * 1000, officers });
    officers.catch(() => kept.delete(areaCode));
    return officers;
  };
}

/** Coroners and officers of an area, for assignment. */
export function listAreaStaff(db: Db, areaCode: string, role: 'coroner' | 'officer') {
  const statement = preparedQuery(db, 'area_staff', (name) =>
    db
      .select({ id: users.id, name: users.name, coronerOffice: users.coronerOffice })
      .from(users)
      .where(
        and(
          eq(users.areaCode, sql.placeholder('areaCode')),
          eq(users.role, sql.placeholder('role')),
          eq(users.active, true),
        ),
      )
      .orderBy(asc(users.name))
      .prepare(name),
  );
  return statement.execute({ areaCode, role });
}

export type CaseFilters = {
  q?: string;
  status?: CaseStatus[];
  area?: string;
  coronerId?: string;
  officerId?: string;
  reportedFrom?: string;
  reportedTo?: string;
  deathFrom?: string;
  deathTo?: string;
  open?: boolean;
  page: number;
  pageSize: number;
};

const officer = alias(users, 'officer');
const coroner = alias(users, 'coroner');

/**
 * Finds cases by reference, name (fuzzy: a surname with a letter wrong, missing, added or swapped still finds
 * the case), status, area, coroner, officer and dates, newest first or best match first; with the number of
 * matches, in the same statement (a round trip to the database costs more than the count).
 *
 * Every search but a name search is a statement prepared once for its shape (the user's scope and which
 * filters are set), so the database plans the case list once rather than on every page view; a name search
 * is planned for its own words.
 */
export async function searchCases(db: Db, principal: Principal, f: CaseFilters) {
  const values: Record<string, unknown> = {};
  const bind = (name: string, value: unknown) => {
    values[name] = value;
    return sql.placeholder(name);
  };
  const conditions: SQL[] = [caseScope(principal, bind)];
  // A scope's SQL follows from the role and which of the user's values it binds, so those name its shape.
  const shape = [`${principal.role}:${Object.keys(values).join(',')}`];
  const filter = (name: string, condition: SQL) => {
    shape.push(name);
    conditions.push(condition);
  };
  let rank: SQL | undefined;
  // A page's query string can carry a parameter twice; callers pass one value, but a list must not crash.
  const q = typeof f.q === 'string' ? f.q.trim() : undefined;
  if (q) {
    if (/^[A-Za-z]{2,4}-\d{4}-\d{1,6}$/.test(q)) {
      const [area, year, seq] = q.toUpperCase().split('-');
      filter('reference', eq(cases.reference, bind('reference', `${area}-${year}-${seq!.padStart(6, '0')}`)));
    } else {
      const name = searchName(q);
      const words = name.split(' ').filter(Boolean);
      // Every word of the query within a letter of a word of the name (the name-keys index, migration 0160).
      // Trigram similarity to the whole name is not asked: on common given names it reads thousands of cases.
      const fuzzy = words.map((word) => sql`case_name_keys(${cases.searchName}) && case_name_keys(${word})`);
      conditions.push(or(and(...fuzzy), eq(cases.reference, q.toUpperCase()))!);
      rank = sql`greatest(similarity(${cases.searchName}, ${name}), word_similarity(${name}, ${cases.searchName}))`;
    }
  }
  if (f.status?.length) filter('status', sql`${cases.status} = any(${bind('statuses', f.status)})`);
  if (f.area) filter('area', eq(cases.areaCode, bind('area', f.area)));
  if (f.coronerId) filter('coroner', eq(cases.assignedCoronerId, bind('coronerId', f.coronerId)));
  if (f.officerId) filter('officer', eq(cases.assignedOfficerId, bind('officerId', f.officerId)));
  if (f.reportedFrom)
    filter(
      'reportedFrom',
      // Days are London days: midnight there, in summer time or not.
      sql`${cases.reportedAt} >= (${bind('reportedFrom', f.reportedFrom)}::date::timestamp at time zone 'Europe/London')`,
    );
  if (f.reportedTo)
    filter(
      'reportedTo',
      sql`${cases.reportedAt} < ((${bind('reportedTo', f.reportedTo)}::date + 1)::timestamp at time zone 'Europe/London')`,
    );
  if (f.deathFrom)
    filter(
      'deathFrom',
      sql`coalesce(${cases.dateOfDeath}, ${cases.dateFound}) >= ${bind('deathFrom', f.deathFrom)}::date`,
    );
  if (f.deathTo)
    filter(
      'deathTo',
      sql`coalesce(${cases.dateOfDeath}, ${cases.dateFound}) <= ${bind('deathTo', f.deathTo)}::date`,
    );
  if (f.open) filter('open', isNull(cases.closedOn));
  const where = and(...conditions);
  values.limit = f.pageSize;
  // Past the last safe integer the database cannot count an offset; no list is that long anyway.
  values.offset = Math.min(Math.max(0, Math.floor(f.page) - 1) * f.pageSize, Number.MAX_SAFE_INTEGER) || 0;
  const build = (name: string) =>
    db
      .select({
        id: cases.id,
        reference: cases.reference,
        areaCode: cases.areaCode,
        givenNames: cases.givenNames,
        familyName: cases.familyName,
        dateOfBirth: cases.dateOfBirth,
        age: cases.age,
        dateOfDeath: cases.dateOfDeath,
        dateFound: cases.dateFound,
        reportedAt: cases.reportedAt,
        status: cases.status,
        coronerName: coroner.name,
        officerName: officer.name,
        total: sql<number>`(select count(*)::int from ${cases} where ${where})`,
      })
      .from(cases)
      .leftJoin(officer, eq(officer.id, cases.assignedOfficerId))
      .leftJoin(coroner, eq(coroner.id, cases.assignedCoronerId))
      .where(where)
      .orderBy(...(rank ? [sql`${rank} desc`, desc(cases.reportedAt)] : [desc(cases.reportedAt)]))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(name);
  const statement = rank ? build('') : preparedQuery(db, `case_list_${shapeName(shape)}`, build);
  const rows = await statement.execute(values);
  const items = rows.map(({ total: _, ...item }) => item);
  if (rows.length > 0) return { items, total: rows[0]!.total };
  if (f.page === 1) return { items, total: 0 };
  // A page past the last: the count alone.
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(where)
    .prepare('')
    .execute(values);
  return { items, total: count?.n ?? 0 };
}

/** A short statement name for a query shape (PostgreSQL keeps 63 characters of a name). */
const shapeName = (shape: string[]) =>
  createHash('sha256').update(shape.join('|')).digest('hex').slice(0, 16);

/**
 * Likely duplicates of a new report: the same name, or one the name search would find (each word within a
 * letter of a word of the name: "Testpersen" for Testperson), and the same date of birth or date of death,
 * among the cases the reporter may see (so that the check never tells anyone of a case they may not know
 * exists). The same name comes first.
 */
export async function findLikelyDuplicates(
  db: Db,
  principal: Principal,
  input: { name: string; dateOfBirth?: string; dateOfDeath?: string; dateFound?: string },
): Promise<{ id: string; reference: string; areaCode: string; givenNames: string; familyName: string }[]> {
  const dates: SQL[] = [];
  if (input.dateOfBirth) dates.push(eq(cases.dateOfBirth, input.dateOfBirth));
  // One report may date the death by when it happened and another by when the body was found: either
  // date of one matching either date of the other is the same death as far as anyone can tell.
  for (const day of new Set([input.dateOfDeath, input.dateFound].filter((d) => d !== undefined)))
    dates.push(sql`${day}::date in (${cases.dateOfDeath}, ${cases.dateFound})`);
  const words = input.name.split(' ').filter(Boolean);
  if (dates.length === 0 || words.length === 0) return [];
  return db
    .select({
      id: cases.id,
      reference: cases.reference,
      areaCode: cases.areaCode,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
    })
    .from(cases)
    .where(
      and(
        ...words.map((word) => sql`case_name_keys(${cases.searchName}) && case_name_keys(${word})`),
        or(...dates),
        sql`${cases.status} <> 'QUASHED'`,
        caseScope(principal),
      ),
    )
    .orderBy(sql`${cases.searchName} = ${input.name} desc`, cases.reference)
    .limit(5);
}

/** Statutory clocks across cases, overdue first (per area, per officer, or everything the user may see). */
export async function searchDeadlines(
  db: Db,
  principal: Principal,
  f: { state?: 'open' | 'overdue'; area?: string; officerId?: string; today: string; limit?: number },
) {
  const conditions: SQL[] = [caseScope(principal), isNull(caseDeadlines.metOn)];
  if (f.state === 'overdue') conditions.push(sql`${caseDeadlines.dueOn} < ${f.today}::date`);
  if (f.area) conditions.push(eq(cases.areaCode, f.area));
  if (f.officerId) conditions.push(eq(cases.assignedOfficerId, f.officerId));
  const rows = await db
    .select({
      id: caseDeadlines.id,
      caseId: cases.id,
      reference: cases.reference,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
      kind: caseDeadlines.kind,
      basis: caseDeadlines.basis,
      source: caseDeadlines.source,
      sourceId: caseDeadlines.sourceId,
      startedOn: caseDeadlines.startedOn,
      dueOn: caseDeadlines.dueOn,
      metOn: caseDeadlines.metOn,
      officerName: officer.name,
    })
    .from(caseDeadlines)
    .innerJoin(cases, eq(cases.id, caseDeadlines.caseId))
    .leftJoin(officer, eq(officer.id, cases.assignedOfficerId))
    .where(and(...conditions))
    .orderBy(asc(caseDeadlines.dueOn))
    .limit(f.limit ?? 500);
  return rows.map((r) => ({ ...r, state: clockState(r, f.today) }));
}

/** Open cases per officer of an area, against the Chief Coroner's target of about 25 inquest files each. */
export async function officerWorkload(db: Db, areaCode: string) {
  const rows = await db.execute<{ id: string; name: string; open: number; inquests: number }>(sql`
    select u.id, u.name,
      count(c.id)::int as open,
      count(c.id) filter (where c.inquest_opened_on is not null)::int as inquests
    from users u
    left join cases c on c.assigned_officer_id = u.id and c.closed_on is null
    where u.role = 'officer' and u.area_code = ${areaCode} and u.active
    group by u.id, u.name
    order by open desc, u.name`);
  const [unassigned] = (
    await db.execute<{ n: number }>(
      sql`select count(*)::int as n from cases where area_code = ${areaCode} and closed_on is null and assigned_officer_id is null`,
    )
  ).rows;
  return { officers: rows.rows, unassigned: unassigned?.n ?? 0, target: 25 };
}
