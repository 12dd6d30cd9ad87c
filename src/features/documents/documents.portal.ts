import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink, PortalSection } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { readSharedVersion, sendFile } from './documents.content.ts';
import type { DocumentsContext } from './documents.context.ts';
import { documentPermissions as can } from './documents.policy.ts';
import {
  findCaseHeading,
  listCaseDocuments,
  listSharedWith,
  personsOfUser,
  type SharedVersion,
  versionInPath,
} from './documents.queries.ts';
import { sharedRows } from './documents.view.ts';

/** Where the family downloads a version released to them: always watermarked, always audited. */
export const portalDownloadHref = (caseId: string, s: Pick<SharedVersion, 'documentId' | 'versionNumber'>) =>
  `/portal/cases/${caseId}/documents/${s.documentId}/versions/${s.versionNumber}`;

export type DocumentSharedWith = {
  documentId: string;
  title: string;
  version: number;
  redacted: boolean;
  disclosedOn: string;
  releasedTo: string;
  href: string;
};

/**
 * What an interested-person user may see of a case's documents: the versions released (r.13) to the
 * interested persons they act for and not withdrawn, each with its download link. For the family portal.
 */
export async function documentsSharedWith(
  db: Db,
  userId: string,
  caseId: string,
): Promise<DocumentSharedWith[]> {
  return (await listSharedWith(db, userId, caseId)).map((s) => ({
    documentId: s.documentId,
    title: s.title,
    version: s.versionNumber,
    redacted: s.versionKind === 'REDACTED',
    disclosedOn: s.disclosedOn,
    releasedTo: s.personName,
    href: portalDownloadHref(caseId, s),
  }));
}

async function sectionHtml(
  deps: Pick<AppDeps, 'views'>,
  db: Db,
  userId: string,
  caseId: string,
): Promise<string> {
  const shared = await listSharedWith(db, userId, caseId);
  return deps.views.env.render('documents/views/portal-section.njk', {
    rows: sharedRows(shared, (s) => portalDownloadHref(caseId, s)),
  });
}

/** The "Documents shared with you" section of an interested person's view of their case. */
export async function documentPortalSections(
  deps: AppDeps,
  principal: Principal,
  caseId: string,
): Promise<PortalSection[]> {
  if (principal.role !== 'interested-person') return [];
  const { db } = deps.database;
  if ((await personsOfUser(db, principal.userId, caseId)).length === 0) return [];
  return [
    { title: 'Documents shared with you', html: await sectionHtml(deps, db, principal.userId, caseId) },
  ];
}

/** "Documents (4)" on the case page, for the coroner's office. */
export async function documentCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!['coroner', 'officer', 'chief-coroner'].includes(principal.role)) return [];
  const documents = await listCaseDocuments(deps.database.db, caseRow.id);
  return [
    { text: `Documents (${documents.length})`, href: `/cases/${caseRow.id}/documents` },
    { text: 'Disclosure log', href: `/cases/${caseRow.id}/disclosure-log` },
  ];
}

/** The family's own page of documents shared with them, and the download of each. */
export function registerPortalPages(app: FastifyInstance, deps: AppDeps, ctx: DocumentsContext): void {
  const { db } = ctx;

  app.get<{ Params: { id: string } }>(
    '/portal/cases/:id/documents',
    { config: { permission: can.portal, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const persons = await personsOfUser(db, principal.userId, req.params.id);
      if (persons.length === 0) throw notFound('The case');
      const caseRow = await findCaseHeading(db, req.params.id);
      if (!caseRow) throw notFound('The case');
      return reply.page('documents/views/portal.njk', {
        title: 'Documents shared with you',
        caption: `The investigation into the death of ${caseRow.givenNames} ${caseRow.familyName}`,
        caseHref: `/portal/cases/${caseRow.id}`,
        sectionHtml: await sectionHtml(deps, db, principal.userId, caseRow.id),
      });
    },
  );

  app.get<{ Params: { id: string; documentId: string; v: string } }>(
    '/portal/cases/:id/documents/:documentId/versions/:v',
    { config: { permission: can.portal, audit: 'DOCUMENT_CONTENT_READ' } },
    async (req, reply) => {
      const { version, bytes } = await readSharedVersion(
        ctx,
        req,
        req.params.documentId,
        versionInPath(req.params.v),
        'portal',
        req.params.id,
      );
      return sendFile(reply, version, bytes);
    },
  );
}
