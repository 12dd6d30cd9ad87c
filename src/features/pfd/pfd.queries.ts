import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { areas } from '../areas/areas.tables.ts';
import { caseScope } from '../cases/cases.access.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { activePerson } from '../interested-persons/interested-persons.access.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import { ageAtDeath, type RecipientState, recipientState } from './pfd.domain.ts';
import type { PfdReportView, PublicPfdReport } from './pfd.schema.ts';
import {
  type PfdRecipientRow,
  type PfdReportRow,
  type PfdResponseRow,
  pfdRecipients,
  pfdReports,
  pfdResponses,
} from './pfd.tables.ts';
import { themeLabel } from './pfd.themes.ts';

/** The report and its case, if this user may see the case; otherwise 404. */
export async function getReportFor(
  db: Db,
  principal: Principal,
  id: string,
): Promise<{ report: PfdReportRow; caseRow: CaseRow }> {
  if (!isUuid(id)) throw notFound('The report');
  const [row] = await db
    .select({ report: pfdReports, caseRow: cases })
    .from(pfdReports)
    .innerJoin(cases, eq(cases.id, pfdReports.caseId))
    .where(and(eq(pfdReports.id, id), caseScope(principal)));
  if (!row) throw notFound('The report');
  return row;
}

export function listRecipients(db: Db, reportId: string): Promise<PfdRecipientRow[]> {
  return db
    .select()
    .from(pfdRecipients)
    .where(eq(pfdRecipients.reportId, reportId))
    .orderBy(asc(pfdRecipients.position));
}

export function listResponses(db: Db, reportId: string): Promise<PfdResponseRow[]> {
  return db
    .select()
    .from(pfdResponses)
    .where(eq(pfdResponses.reportId, reportId))
    .orderBy(asc(pfdResponses.receivedOn), asc(pfdResponses.createdAt));
}

/** The interested persons of a case a copy may go to (recognised or proposed, not declined or removed). */
export function copyableInterestedPersons(db: Db, caseId: string) {
  return db
    .select({
      id: interestedPersons.id,
      name: interestedPersons.name,
      email: interestedPersons.email,
      organisation: interestedPersons.organisation,
      relationship: interestedPersons.relationship,
      status: interestedPersons.status,
    })
    .from(interestedPersons)
    .where(and(eq(interestedPersons.caseId, caseId), activePerson()))
    .orderBy(asc(interestedPersons.name));
}

/** Everything `GET /pfd-reports/{id}` and the report page show. */
export async function reportView(
  db: Db,
  report: PfdReportRow,
  caseRow: CaseRow,
  today: string,
): Promise<PfdReportView> {
  const [recipients, responses, ips] = await Promise.all([
    listRecipients(db, report.id),
    listResponses(db, report.id),
    report.copyInterestedPersonIds.length
      ? db
          .select({ id: interestedPersons.id, name: interestedPersons.name })
          .from(interestedPersons)
          .where(inArray(interestedPersons.id, report.copyInterestedPersonIds))
      : Promise.resolve([]),
  ]);
  return {
    id: report.id,
    reference: report.reference,
    caseId: caseRow.id,
    caseReference: caseRow.reference,
    areaCode: report.areaCode,
    status: report.status,
    coroner: { name: report.coronerName, title: report.coronerTitle },
    deceased: {
      name: `${caseRow.givenNames} ${caseRow.familyName}`,
      ageAtDeath: ageAtDeath(caseRow),
    },
    investigation: report.investigation,
    circumstances: report.circumstances,
    concerns: report.concerns,
    action: report.action,
    themes: report.themes.map((code) => ({ code, label: themeLabel(code) })),
    copies: {
      chiefCoroner: true,
      interestedPersons: ips,
      safeguardingBoard: report.safeguardingBoard ?? null,
      others: report.otherCopies,
    },
    sentOn: report.sentOn,
    published: report.publishedAt
      ? publishedState(
          report,
          caseRow.reportingRestriction !== 'NONE' || (await isDeathRestricted(db, caseRow.id)),
        )
      : null,
    recipients: recipients.map((r) => ({
      id: r.id,
      organisation: r.organisation,
      person: r.person,
      email: r.email,
      dueOn: r.dueOn,
      originalDueOn: r.originalDueOn,
      respondedOn: r.respondedOn,
      state: recipientState(r, today),
    })),
    responses: responses.map((r) => ({
      id: r.id,
      recipientId: r.recipientId,
      receivedOn: r.receivedOn,
      summary: r.summary,
      document:
        r.documentSha256 && r.documentName
          ? {
              name: r.documentName,
              contentType: r.documentType ?? 'application/octet-stream',
              size: r.documentSize ?? 0,
            }
          : null,
    })),
  };
}

export type ReportListFilters = {
  overdue?: boolean;
  area?: string;
  caseId?: string;
  status?: 'DRAFT' | 'SENT';
  today: string;
  limit?: number;
  offset?: number;
};

export type ReportListItem = {
  id: string;
  reference: string;
  caseId: string;
  caseReference: string;
  areaCode: string;
  deceasedName: string;
  status: 'DRAFT' | 'SENT';
  sentOn: string | null;
  published: boolean;
  themes: string[];
  recipients: {
    id: string;
    organisation: string;
    dueOn: string | null;
    respondedOn: string | null;
    state: RecipientState;
    daysOverdue: number;
  }[];
};

function reportsWhere(principal: Principal, f: ReportListFilters) {
  const conditions: SQL[] = [caseScope(principal)];
  if (f.area) conditions.push(eq(cases.areaCode, f.area));
  if (f.caseId) conditions.push(eq(pfdReports.caseId, f.caseId));
  if (f.status) conditions.push(eq(pfdReports.status, f.status));
  if (f.overdue)
    conditions.push(sql`exists (select 1 from pfd_recipients r where r.report_id = ${pfdReports.id}
      and r.responded_on is null and r.due_on < ${f.today}::date)`);
  return and(...conditions);
}

/** How many reports the user may see with these filters (for totals and page counts). */
export async function countReports(db: Db, principal: Principal, f: ReportListFilters): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pfdReports)
    .innerJoin(cases, eq(cases.id, pfdReports.caseId))
    .where(reportsWhere(principal, f));
  return Number(row?.n ?? 0);
}

/** Reports the user may see, newest first; `overdue` keeps only reports with a recipient past the due date. */
export async function listReports(
  db: Db,
  principal: Principal,
  f: ReportListFilters,
): Promise<ReportListItem[]> {
  const rows = await db
    .select({
      id: pfdReports.id,
      reference: pfdReports.reference,
      caseId: pfdReports.caseId,
      caseReference: cases.reference,
      areaCode: cases.areaCode,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
      status: pfdReports.status,
      sentOn: pfdReports.sentOn,
      publishedAt: pfdReports.publishedAt,
      themes: pfdReports.themes,
    })
    .from(pfdReports)
    .innerJoin(cases, eq(cases.id, pfdReports.caseId))
    .where(reportsWhere(principal, f))
    .orderBy(sql`${pfdReports.sentOn} desc nulls first`, desc(pfdReports.createdAt), pfdReports.id)
    .limit(f.limit ?? 500)
    .offset(f.offset ?? 0);
  const recipients = rows.length
    ? await db
        .select()
        .from(pfdRecipients)
        .where(
          inArray(
            pfdRecipients.reportId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(pfdRecipients.position))
    : [];
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    caseId: r.caseId,
    caseReference: r.caseReference,
    areaCode: r.areaCode,
    deceasedName: `${r.givenNames} ${r.familyName}`,
    status: r.status,
    sentOn: r.sentOn,
    published: Boolean(r.publishedAt),
    themes: r.themes,
    recipients: recipients
      .filter((x) => x.reportId === r.id)
      .map((x) => ({
        id: x.id,
        organisation: x.organisation,
        dueOn: x.dueOn,
        respondedOn: x.respondedOn,
        state: recipientState(x, f.today),
        daysOverdue:
          x.dueOn && !x.respondedOn && x.dueOn < f.today
            ? Math.round((Date.parse(f.today) - Date.parse(x.dueOn)) / 86_400_000)
            : 0,
      })),
  }));
}

/** Recipients past their due date without a response, per area (the Chief Coroner's oversight figure). */
export async function overdueCountsByArea(db: Db, areaCodes: string[], today: string) {
  if (areaCodes.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ areaCode: cases.areaCode, n: sql<number>`count(*)::int` })
    .from(pfdRecipients)
    .innerJoin(pfdReports, eq(pfdReports.id, pfdRecipients.reportId))
    .innerJoin(cases, eq(cases.id, pfdReports.caseId))
    .where(
      and(
        isNull(pfdRecipients.respondedOn),
        isNotNull(pfdRecipients.dueOn),
        sql`${pfdRecipients.dueOn} < ${today}::date`,
        inArray(cases.areaCode, areaCodes),
      ),
    )
    .groupBy(cases.areaCode);
  return new Map(rows.map((r) => [r.areaCode, Number(r.n)]));
}

/** The report a user wrote last on a case: where the new-report page lands when it is sent twice. */
export async function latestReportBy(db: Db, caseId: string, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: pfdReports.id })
    .from(pfdReports)
    .where(and(eq(pfdReports.caseId, caseId), eq(pfdReports.createdBy, userId)))
    .orderBy(desc(pfdReports.createdAt))
    .limit(1);
  return row?.id;
}

/** The reports of one case, for its page. */
export function reportsOfCase(db: Db, caseId: string) {
  return db
    .select({
      id: pfdReports.id,
      reference: pfdReports.reference,
      status: pfdReports.status,
      sentOn: pfdReports.sentOn,
    })
    .from(pfdReports)
    .where(eq(pfdReports.caseId, caseId))
    .orderBy(asc(pfdReports.createdAt));
}

export type PublicFilters = { year?: number; area?: string; theme?: string; page: number; pageSize: number };

/** When and how a report was published, and whether the public is kept from it (the rule of `shownToPublic`). */
function publishedState(report: PfdReportRow, restricted: boolean) {
  const removeNames = report.publication?.removeNames ?? false;
  return {
    at: report.publishedAt!.toISOString(),
    removeNames,
    withheld: !removeNames && restricted,
  };
}

/**
 * Whether a reporting restriction is in force on the death of the case `caseId` (a column or a value): on the
 * case itself or on a fresh investigation that superseded it after a High Court quashing, which is where a
 * restriction made since is recorded (a quashed case takes no new actions).
 */
function restrictedDeath(caseId: SQLWrapper | string): SQL {
  return sql`exists (
    with recursive line(id) as (
      select ${caseId}::uuid
      union all
      select c.superseded_by_case_id from cases c join line on c.id = line.id where c.superseded_by_case_id is not null
    )
    select 1 from line join cases r on r.id = line.id where r.reporting_restriction <> 'NONE')`;
}

/** Whether a reporting restriction is in force on the death of this case (`restrictedDeath`). */
export async function isDeathRestricted(db: Db, caseId: string): Promise<boolean> {
  const { rows } = await db.execute<{ restricted: boolean }>(
    sql`select ${restrictedDeath(caseId)} as restricted`,
  );
  return Boolean(rows[0]?.restricted);
}

/**
 * What the public may read: published reports, except one published with names on a death that has come
 * under a reporting restriction since (on its case or on the fresh investigation that superseded it); it is
 * withheld until the Chief Coroner's office publishes it again with names removed.
 */
function shownToPublic(): SQL {
  return sql`${pfdReports.publishedAt} is not null and (coalesce((${pfdReports.publication}->>'removeNames')::boolean, false) or not ${restrictedDeath(pfdReports.caseId)})`;
}

/** Published reports (their published text), newest first, with where each recipient stands today. */
export async function listPublished(
  db: Db,
  f: PublicFilters,
  today: string,
): Promise<{ items: PublicPfdReport[]; total: number }> {
  const conditions: SQL[] = [shownToPublic(), isNotNull(pfdReports.sentOn)];
  if (f.area) conditions.push(eq(pfdReports.areaCode, f.area));
  if (f.year)
    conditions.push(
      sql`${pfdReports.sentOn} >= make_date(${f.year}::int, 1, 1) and ${pfdReports.sentOn} < make_date(${f.year}::int + 1, 1, 1)`,
    );
  if (f.theme) conditions.push(sql`${f.theme} = any(${pfdReports.themes})`);
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db
      .select({ report: pfdReports, areaName: areas.name })
      .from(pfdReports)
      .innerJoin(areas, eq(areas.code, pfdReports.areaCode))
      .where(where)
      .orderBy(desc(pfdReports.sentOn), desc(pfdReports.publishedAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(pfdReports).where(where),
  ]);
  const recipients = rows.length
    ? await db
        .select()
        .from(pfdRecipients)
        .where(
          inArray(
            pfdRecipients.reportId,
            rows.map((r) => r.report.id),
          ),
        )
        .orderBy(asc(pfdRecipients.position))
    : [];
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => publicView(r.report, r.areaName, recipients, today)),
  };
}

export async function findPublished(db: Db, id: string, today: string): Promise<PublicPfdReport> {
  if (!isUuid(id)) throw notFound('The report');
  const [row] = await db
    .select({ report: pfdReports, areaName: areas.name })
    .from(pfdReports)
    .innerJoin(areas, eq(areas.code, pfdReports.areaCode))
    .where(and(eq(pfdReports.id, id), shownToPublic()));
  if (!row) throw notFound('The report');
  return publicView(row.report, row.areaName, await listRecipients(db, id), today);
}

function publicView(
  report: PfdReportRow,
  areaName: string,
  recipients: PfdRecipientRow[],
  today: string,
): PublicPfdReport {
  const p = report.publication!;
  const published = new Map(p.recipients.map((r) => [r.id, r]));
  return {
    id: report.id,
    reference: report.reference,
    areaCode: report.areaCode,
    areaName,
    sentOn: report.sentOn!,
    publishedOn: londonDate(report.publishedAt!),
    deceasedName: p.deceasedName,
    coroner: { name: p.coronerName, title: p.coronerTitle },
    themes: report.themes.map((code) => ({ code, label: themeLabel(code) })),
    investigation: p.investigation,
    circumstances: p.circumstances,
    concerns: p.concerns,
    action: p.action,
    recipients: recipients
      .filter((r) => r.reportId === report.id)
      .map((r) => ({
        organisation: published.get(r.id)?.organisation ?? r.organisation,
        person: published.get(r.id)?.person ?? null,
        dueOn: r.dueOn!,
        respondedOn: r.respondedOn,
        state: recipientState(r, today) as 'AWAITING' | 'DUE_SOON' | 'OVERDUE' | 'RESPONDED',
      })),
  };
}
