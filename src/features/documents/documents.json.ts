import type { DisclosureView, SharedVersion } from './documents.queries.ts';
import type { DocumentRow, RedactionRow, VersionRow } from './documents.tables.ts';

// Rows as the JSON the API returns (documents.schema.ts responses).

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function versionJson(v: VersionRow, options: { schedule: boolean }) {
  return {
    id: v.id,
    number: v.number,
    kind: v.kind,
    state: v.state,
    contentType: v.contentType,
    fileName: v.fileName,
    size: v.size,
    sha256: v.sha256,
    pageCount: v.pageCount,
    redactionIds: options.schedule ? v.redactionIds : [],
    ownerApprovedAt: iso(v.ownerApprovedAt),
    coronerApprovedAt: iso(v.coronerApprovedAt),
    createdAt: v.createdAt.toISOString(),
    ...(options.schedule
      ? {
          schedule: v.schedule?.items ?? null,
          attachmentsRemoved: v.schedule?.attachmentsRemoved ?? null,
          marksApplied: v.schedule?.marksApplied ?? null,
          pagesAsPictures: v.schedule?.pagesAsPictures ?? null,
        }
      : {}),
  };
}

export function redactionJson(r: RedactionRow) {
  return {
    id: r.id,
    kind: r.kind,
    text: r.text,
    page: r.page,
    rect: r.rect,
    reason: r.reason,
    note: r.note,
    hits: r.hits,
    status: r.status,
    proposedBy: r.proposedByLabel,
    proposedAt: r.proposedAt.toISOString(),
    reviewReason: r.reviewReason,
  };
}

/**
 * A document as staff see it. Its owner (the organisation that supplied it) is not told the coroner's
 * decision on it or the reasons, as on the document's page: those fields are null for them.
 */
export function documentJson(
  d: DocumentRow,
  versions: VersionRow[],
  options: { redactions?: RedactionRow[]; forOwner: boolean },
) {
  const { redactions, forOwner } = options;
  return {
    id: d.id,
    caseId: d.caseId,
    title: d.title,
    kind: d.kind,
    ownerOrganisation: d.ownerOrganisation,
    relevance: forOwner ? null : d.relevance,
    withheldGround: forOwner ? null : d.withheldGround,
    decisionReasons: forOwner ? null : d.decisionReasons,
    createdAt: d.createdAt.toISOString(),
    carriedFrom: d.carriedFrom,
    versions: versions.map((v) => versionJson(v, { schedule: true })),
    ...(redactions ? { redactions: redactions.map(redactionJson) } : {}),
  };
}

/** What an interested person is told of a released version: nothing of the schedule or of the decisions. */
export function sharedJson(s: SharedVersion, href: string) {
  return {
    documentId: s.documentId,
    title: s.title,
    kind: s.kind,
    version: s.versionNumber,
    redacted: s.versionKind === 'REDACTED',
    contentType: s.contentType,
    disclosedOn: s.disclosedOn,
    releasedTo: s.personName,
    href,
  };
}

export function disclosureJson(d: DisclosureView, downloads?: { count: number; last: Date }) {
  return {
    id: d.id,
    documentId: d.documentId,
    title: d.title,
    versionId: d.versionId,
    version: d.versionNumber,
    redacted: d.versionKind === 'REDACTED',
    interestedPersonId: d.interestedPersonId,
    interestedPerson: d.personName,
    disclosedOn: d.disclosedOn,
    method: d.method,
    releasedBy: d.releasedByName,
    releasedAt: d.releasedAt.toISOString(),
    withdrawnAt: iso(d.withdrawnAt),
    withdrawnBy: d.withdrawnByName,
    withdrawalReason: d.withdrawalReason,
    downloads: downloads?.count ?? 0,
    lastDownloadedAt: downloads ? downloads.last.toISOString() : null,
  };
}
