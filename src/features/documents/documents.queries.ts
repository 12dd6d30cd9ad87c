import { and, asc, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { caseScope } from '../cases/cases.access.ts';
import { clockState } from '../cases/cases.clocks.ts';
import { caseDeadlines, cases } from '../cases/cases.tables.ts';
import { actingFor, activePerson } from '../interested-persons/interested-persons.access.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { withoutRedactedWords } from './documents.domain.ts';
import { wordsRemovedBy } from './documents.schedule.ts';
import {
  type DisclosureRow,
  type DocumentRow,
  documentDisclosures,
  documentRedactions,
  documents,
  documentVersions,
  type RedactionRow,
  type VersionRow,
} from './documents.tables.ts';

/** The documents row of the outer query, fully qualified: inside a subquery a bare column name would bind to the subquery's own table. */
const DOC_ID = sql.raw('"documents"."id"');

export type CaseHeading = {
  id: string;
  reference: string;
  areaCode: string;
  givenNames: string;
  familyName: string;
};

const caseHeading = {
  id: cases.id,
  reference: cases.reference,
  areaCode: cases.areaCode,
  givenNames: cases.givenNames,
  familyName: cases.familyName,
};

/** A document a user may see, with its case and how they see it: as staff of the area, or as its owner. */
export type DocumentAccess = { document: DocumentRow; caseRow: CaseHeading; as: 'staff' | 'owner' };

/**
 * Staff of the coroner's office see the documents of cases in their scope; evidence providers see the
 * documents their organisation owns, on any case, and nothing else of it. Anyone else: 404.
 */
export async function getDocumentFor(db: Db, principal: Principal, id: string): Promise<DocumentAccess> {
  if (!isUuid(id)) throw notFound('The document');
  const condition = documentScope(principal);
  if (!condition) throw notFound('The document');
  const [row] = await db
    .select({ document: documents, caseRow: caseHeading })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(and(eq(documents.id, id), condition));
  if (!row) throw notFound('The document');
  return { ...row, as: principal.role === 'provider' ? 'owner' : 'staff' };
}

/** Which documents a user sees (undefined: none). */
export function documentScope(principal: Principal): SQL | undefined {
  switch (principal.role) {
    case 'coroner':
    case 'officer':
    case 'chief-coroner':
      return caseScope(principal);
    case 'provider':
      return principal.organisation ? eq(documents.ownerOrganisation, principal.organisation) : undefined;
    default:
      return undefined;
  }
}

/** The case, for staff who may see it (404 otherwise). */
export async function getStaffCase(db: Db, principal: Principal, caseId: string): Promise<CaseHeading> {
  if (!isUuid(caseId) || !['coroner', 'officer', 'chief-coroner'].includes(principal.role))
    throw notFound('The case');
  const [row] = await db
    .select(caseHeading)
    .from(cases)
    .where(and(eq(cases.id, caseId), caseScope(principal)));
  if (!row) throw notFound('The case');
  return row;
}

export async function findCaseHeading(db: Db, caseId: string): Promise<CaseHeading | undefined> {
  if (!isUuid(caseId)) return undefined;
  const [row] = await db.select(caseHeading).from(cases).where(eq(cases.id, caseId));
  return row;
}

/** The reference of the quashed case a carried-over document came from. */
export async function carriedFromReference(db: Db, document: DocumentRow): Promise<string | undefined> {
  if (!document.carriedFrom) return undefined;
  const [row] = await db
    .select({ reference: cases.reference })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(eq(documents.id, document.carriedFrom));
  return row?.reference;
}

export type DocumentSummary = DocumentRow & {
  versions: number;
  latestState: VersionRow['state'];
  approvedVersions: number;
  pendingProposals: number;
  activeReleases: number;
};

/** The documents of a case (for a provider: only their organisation's), newest first, with counts. */
export async function listCaseDocuments(
  db: Db,
  caseId: string,
  ownerOrganisation?: string,
): Promise<DocumentSummary[]> {
  if (!isUuid(caseId)) return [];
  const rows = await db
    .select({
      document: documents,
      versions: sql<number>`(select count(*)::int from document_versions v where v.document_id = ${DOC_ID})`,
      latestState: sql<
        VersionRow['state']
      >`(select v.state from document_versions v where v.document_id = ${DOC_ID} order by v.number desc limit 1)`,
      approvedVersions: sql<number>`(select count(*)::int from document_versions v where v.document_id = ${DOC_ID} and v.state = 'CORONER_APPROVED')`,
      pendingProposals: sql<number>`(select count(*)::int from document_redactions r where r.document_id = ${DOC_ID} and r.status = 'PROPOSED')`,
      activeReleases: sql<number>`(select count(*)::int from document_disclosures d where d.document_id = ${DOC_ID} and d.withdrawn_at is null)`,
    })
    .from(documents)
    .where(
      and(
        eq(documents.caseId, caseId),
        ownerOrganisation === undefined ? undefined : eq(documents.ownerOrganisation, ownerOrganisation),
      ),
    )
    .orderBy(desc(documents.createdAt), asc(documents.title));
  return rows.map(({ document, ...counts }) => ({ ...document, ...counts }));
}

/** Documents an organisation owns, on every case, with the case reference only. */
export async function listOwnedDocuments(db: Db, organisation: string) {
  return db
    .select({
      id: documents.id,
      title: documents.title,
      kind: documents.kind,
      createdAt: documents.createdAt,
      reference: cases.reference,
      pendingProposals: sql<number>`(select count(*)::int from document_redactions r where r.document_id = ${DOC_ID} and r.status = 'PROPOSED')`,
      // The original waits for the owner only while no redacted version has been made of it.
      draftVersions: sql<number>`(select count(*)::int from document_versions v where v.document_id = ${DOC_ID} and v.state = 'DRAFT'
        and not (v.kind = 'ORIGINAL' and exists (select 1 from document_versions w where w.document_id = v.document_id and w.kind = 'REDACTED')))`,
    })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(eq(documents.ownerOrganisation, organisation))
    .orderBy(desc(documents.createdAt))
    .limit(500);
}

/** Documents in the user's scope waiting for the coroner's office: proposals to review, versions to approve. */
export async function listDocumentsNeedingAction(db: Db, principal: Principal) {
  const scope = documentScope(principal);
  if (!scope) return [];
  return db
    .select({
      id: documents.id,
      title: documents.title,
      caseId: cases.id,
      reference: cases.reference,
      givenNames: cases.givenNames,
      familyName: cases.familyName,
      pendingProposals: sql<number>`(select count(*)::int from document_redactions r where r.document_id = ${DOC_ID} and r.status = 'PROPOSED')`,
      awaitingApproval: sql<number>`(select count(*)::int from document_versions v where v.document_id = ${DOC_ID} and v.state <> 'CORONER_APPROVED')`,
    })
    .from(documents)
    .innerJoin(cases, eq(cases.id, documents.caseId))
    .where(
      and(
        scope,
        sql`(exists (select 1 from document_redactions r where r.document_id = ${DOC_ID} and r.status = 'PROPOSED')
          or exists (select 1 from document_versions v where v.document_id = ${DOC_ID} and v.state = 'OWNER_APPROVED'))`,
      ),
    )
    .orderBy(asc(documents.createdAt))
    .limit(200);
}

export function listVersions(db: Db, documentId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(asc(documentVersions.number));
}

/** A number a version may have: a whole number from 1 that fits the database's integer column. */
const isVersionNumber = (number: number) =>
  Number.isInteger(number) && number >= 1 && number <= 2_147_483_647;

/** A version number as written in an address: digits only ("01", "1.0" or "1e0" name no version). */
export const versionInPath = (v: string): number => (/^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : Number.NaN);

export async function getVersion(db: Db, documentId: string, number: number): Promise<VersionRow> {
  const [row] = isVersionNumber(number)
    ? await db
        .select()
        .from(documentVersions)
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.number, number)))
    : [];
  if (!row) throw notFound('The version');
  return row;
}

export function listRedactions(db: Db, documentId: string): Promise<RedactionRow[]> {
  return db
    .select()
    .from(documentRedactions)
    .where(eq(documentRedactions.documentId, documentId))
    .orderBy(asc(documentRedactions.proposedAt), asc(documentRedactions.id));
}

const releaser = alias(users, 'releaser');
const withdrawer = alias(users, 'withdrawer');

export type DisclosureView = DisclosureRow & {
  title: string;
  versionNumber: number;
  versionKind: VersionRow['kind'];
  personName: string;
  releasedByName: string | null;
  withdrawnByName: string | null;
};

/** Releases of a document, or of every document of a case, oldest first. */
export async function listDisclosures(
  db: Db,
  where: { documentId: string } | { caseId: string },
): Promise<DisclosureView[]> {
  const rows = await db
    .select({
      disclosure: documentDisclosures,
      title: documents.title,
      versionNumber: documentVersions.number,
      versionKind: documentVersions.kind,
      personName: interestedPersons.name,
      releasedByName: releaser.name,
      withdrawnByName: withdrawer.name,
    })
    .from(documentDisclosures)
    .innerJoin(documents, eq(documents.id, documentDisclosures.documentId))
    .innerJoin(documentVersions, eq(documentVersions.id, documentDisclosures.versionId))
    .innerJoin(interestedPersons, eq(interestedPersons.id, documentDisclosures.interestedPersonId))
    .leftJoin(releaser, eq(releaser.id, documentDisclosures.releasedBy))
    .leftJoin(withdrawer, eq(withdrawer.id, documentDisclosures.withdrawnBy))
    .where(
      'documentId' in where
        ? eq(documentDisclosures.documentId, where.documentId)
        : eq(documentDisclosures.caseId, where.caseId),
    )
    .orderBy(asc(documentDisclosures.releasedAt), asc(interestedPersons.name));
  return rows.map(({ disclosure, ...rest }) => ({ ...disclosure, ...rest }));
}

/** Interested persons of a case who may be sent a copy. */
export function listReleasablePersons(db: Db, caseId: string) {
  return db
    .select({
      id: interestedPersons.id,
      name: interestedPersons.name,
      relationship: interestedPersons.relationship,
      organisation: interestedPersons.organisation,
      status: interestedPersons.status,
      email: interestedPersons.email,
      phone: interestedPersons.phone,
      postalAddress: interestedPersons.postalAddress,
    })
    .from(interestedPersons)
    .where(
      and(
        eq(interestedPersons.caseId, caseId),
        activePerson(), // the interested persons a copy may be released to
      ),
    )
    .orderBy(asc(interestedPersons.name));
}

/** Disclosure dates set at a pre-inquest review, kept as clocks by the hearings feature. */
export async function listDisclosureClocks(db: Db, caseId: string, today: string) {
  const rows = await db
    .select()
    .from(caseDeadlines)
    .where(and(eq(caseDeadlines.caseId, caseId), eq(caseDeadlines.kind, 'DISCLOSURE_DUE')))
    .orderBy(asc(caseDeadlines.dueOn));
  return rows.map((r) => ({ ...r, state: clockState(r, today) }));
}

export type ReadEvent = {
  at: Date;
  actor: string;
  role: string | null;
  version: number | null;
  via: string | null;
  recipient: string | null;
  page: number | null;
};

/** Who read a document's content, and when, from the audit log (newest first). */
export async function listReads(
  db: Db,
  caseId: string,
  documentId: string,
  limit = 200,
): Promise<ReadEvent[]> {
  const rows = await db
    .select({
      at: auditEvents.occurredAt,
      actor: auditEvents.actorLabel,
      role: auditEvents.actorRole,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.caseId, caseId),
        eq(auditEvents.subjectType, 'document'),
        eq(auditEvents.subjectId, documentId),
        eq(auditEvents.action, 'DOCUMENT_CONTENT_READ'),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    role: r.role,
    version: typeof r.detail.version === 'number' ? r.detail.version : null,
    via: typeof r.detail.via === 'string' ? r.detail.via : null,
    recipient: typeof r.detail.recipient === 'string' ? r.detail.recipient : null,
    page: typeof r.detail.page === 'number' ? r.detail.page : null,
  }));
}

/** Downloads of each release (by its id) by the interested person's side, from the audit log: how many, and the last. */
export async function downloadsByDisclosure(db: Db, caseId: string) {
  const rows = await db.execute<{ id: string; n: number; last: Date }>(sql`
    select detail->>'disclosureId' as id, count(*)::int as n, max(occurred_at) as last
    from audit_events
    where case_id = ${caseId} and action = 'DOCUMENT_CONTENT_READ' and detail ? 'disclosureId'
      and actor_role = 'interested-person'
    group by 1`);
  return new Map(rows.rows.map((r) => [r.id, { count: Number(r.n), last: new Date(r.last) }]));
}

/**
 * The interested persons a user acts for (their own record, or as representative), still current: on the
 * case `caseId` (none when it is not a case's id), or on every case when it is left out.
 */
export async function personsOfUser(db: Db, userId: string, caseId?: string) {
  if (caseId !== undefined && !isUuid(caseId)) return [];
  return db
    .select({
      id: interestedPersons.id,
      caseId: interestedPersons.caseId,
      name: interestedPersons.name,
      capacity: interestedPersonUsers.capacity,
    })
    .from(interestedPersonUsers)
    .innerJoin(interestedPersons, eq(interestedPersons.id, interestedPersonUsers.interestedPersonId))
    .where(and(actingFor(userId), caseId === undefined ? undefined : eq(interestedPersons.caseId, caseId)));
}

export type SharedVersion = {
  disclosureId: string;
  documentId: string;
  title: string;
  kind: DocumentRow['kind'];
  versionNumber: number;
  versionKind: VersionRow['kind'];
  contentType: VersionRow['contentType'];
  size: number;
  disclosedOn: string;
  method: DisclosureRow['method'];
  personId: string;
  personName: string;
  capacity: 'self' | 'representative';
};

/**
 * The versions released to the interested persons a user acts for on a case and not withdrawn: all an
 * interested person may see of the case's documents (no schedule, nothing withheld, nothing else).
 */
export async function listSharedWith(db: Db, userId: string, caseId: string): Promise<SharedVersion[]> {
  if (!isUuid(caseId)) return [];
  const rows = await db
    .select({
      disclosureId: documentDisclosures.id,
      documentId: documents.id,
      title: documents.title,
      // What the version removed (its schedule), which its title must not give away either.
      schedule: documentVersions.schedule,
      kind: documents.kind,
      versionNumber: documentVersions.number,
      versionKind: documentVersions.kind,
      contentType: documentVersions.contentType,
      size: documentVersions.size,
      disclosedOn: documentDisclosures.disclosedOn,
      method: documentDisclosures.method,
      personId: interestedPersons.id,
      personName: interestedPersons.name,
      capacity: interestedPersonUsers.capacity,
    })
    .from(documentDisclosures)
    .innerJoin(documents, eq(documents.id, documentDisclosures.documentId))
    .innerJoin(documentVersions, eq(documentVersions.id, documentDisclosures.versionId))
    .innerJoin(interestedPersons, eq(interestedPersons.id, documentDisclosures.interestedPersonId))
    .innerJoin(interestedPersonUsers, eq(interestedPersonUsers.interestedPersonId, interestedPersons.id))
    .where(
      and(
        eq(documentDisclosures.caseId, caseId),
        eq(interestedPersons.caseId, caseId),
        isNull(documentDisclosures.withdrawnAt),
        actingFor(userId),
      ),
    )
    .orderBy(desc(documentDisclosures.disclosedOn), asc(documents.title), asc(documentVersions.number));
  return rows.map(({ schedule, ...shared }) => ({
    ...shared,
    title: withoutRedactedWords(shared.title, wordsRemovedBy(schedule)),
  }));
}

/** The release through which a user may read one version (the earliest, if several); undefined: 404. */
export async function findSharedVersion(
  db: Db,
  userId: string,
  documentId: string,
  number: number,
): Promise<{ shared: SharedVersion; version: VersionRow; caseId: string } | undefined> {
  if (!isUuid(documentId) || !isVersionNumber(number)) return undefined;
  const [doc] = await db
    .select({ caseId: documents.caseId })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (!doc) return undefined;
  const shared = (await listSharedWith(db, userId, doc.caseId))
    .filter((s) => s.documentId === documentId && s.versionNumber === number)
    .sort((a, b) => a.disclosedOn.localeCompare(b.disclosedOn));
  const first = shared[0];
  if (!first) return undefined;
  const version = await getVersion(db, documentId, number);
  return { shared: first, version, caseId: doc.caseId };
}
