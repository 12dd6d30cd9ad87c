import type { Readable } from 'node:stream';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../platform/http/content-disposition.ts';
import { notFound } from '../../platform/http/errors.ts';
import { audit } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { withDocumentErrors } from './documents.app-errors.ts';
import { type BundleDocument, makeBundle } from './documents.bundle.ts';
import { type DocumentsContext, loadContent } from './documents.context.ts';
import { copyRecipient, nameForContent, recipientText, withoutRedactedWords } from './documents.domain.ts';
import {
  type CaseHeading,
  type DocumentAccess,
  findSharedVersion,
  getVersion,
  listDisclosures,
} from './documents.queries.ts';
import { wordsRemovedBy } from './documents.schedule.ts';
import { renderPage } from './documents.search.ts';
import { documents, documentVersions, type VersionRow } from './documents.tables.ts';
import { watermarkDocument } from './documents.watermark.ts';

// Every read of a document's content goes through here, and each is written to the audit log (who,
// which version, how) before a byte is sent.

type Req = FastifyRequest;

export type ReadVia = 'download' | 'api' | 'portal' | 'page-image' | 'bundle' | 'copy';

async function auditRead(
  ctx: DocumentsContext,
  req: Req,
  target: { caseId: string; documentId: string; version: VersionRow },
  detail: Record<string, unknown>,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction((tx) =>
    audit(
      tx,
      req,
      {
        action: 'DOCUMENT_CONTENT_READ',
        caseId: target.caseId,
        subjectType: 'document',
        subjectId: target.documentId,
        detail: {
          version: target.version.number,
          versionId: target.version.id,
          sha256: target.version.sha256,
          ...detail,
        },
      },
      now,
    ),
  );
}

/** A version's file for staff of the coroner's office or its owner: as stored, unwatermarked. */
export async function readVersion(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  number: number,
  via: ReadVia,
): Promise<{ version: VersionRow; stream: Readable }> {
  const version = await getVersion(ctx.db, access.document.id, number);
  const stream = await withDocumentErrors('file', () => ctx.storage.get(version.sha256));
  try {
    await auditRead(
      ctx,
      req,
      { caseId: access.document.caseId, documentId: access.document.id, version },
      { via },
    );
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { version, stream };
}

/**
 * A version released to the signed-in interested person (or their representative): only through a
 * release to one of the persons they act for that is not withdrawn (anything else: 404), and marked
 * with the recipient's name and the date of disclosure.
 */
export async function readSharedVersion(
  ctx: DocumentsContext,
  req: Req,
  documentId: string,
  number: number,
  via: ReadVia,
  caseId?: string,
): Promise<{ version: VersionRow; bytes: Uint8Array }> {
  const principal = req.principal!;
  const found = await findSharedVersion(ctx.db, principal.userId, documentId, number);
  if (!found || (caseId !== undefined && found.caseId !== caseId)) throw notFound('The document');
  const { shared, version } = found;
  const marked = copyRecipient(principal, { name: shared.personName }, shared.capacity);
  const recipient = recipientText(marked);
  const original = await loadContent(ctx, version.sha256);
  const bytes = await withDocumentErrors('file', () =>
    watermarkDocument(original, version.contentType, { ...marked, disclosedOn: shared.disclosedOn }),
  );
  await auditRead(
    ctx,
    req,
    { caseId: found.caseId, documentId, version },
    { via, disclosureId: shared.disclosureId, interestedPersonId: shared.personId, recipient },
  );
  return { version, bytes };
}

/**
 * The copy of a release marked for its recipient, for the coroner's office to send by email or post
 * (or hand over): the same marking the recipient's own download carries.
 */
export async function readReleaseCopy(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  disclosureId: string,
): Promise<{ version: VersionRow; bytes: Uint8Array }> {
  const release = (await listDisclosures(ctx.db, { documentId: access.document.id })).find(
    (d) => d.id === disclosureId && !d.withdrawnAt,
  );
  if (!release) throw notFound('The release');
  const version = await getVersion(ctx.db, access.document.id, release.versionNumber);
  const original = await loadContent(ctx, version.sha256);
  const bytes = await withDocumentErrors('file', () =>
    watermarkDocument(original, version.contentType, {
      recipientName: release.personName,
      disclosedOn: release.disclosedOn,
    }),
  );
  await auditRead(
    ctx,
    req,
    { caseId: access.document.caseId, documentId: access.document.id, version },
    {
      via: 'copy',
      disclosureId,
      interestedPersonId: release.interestedPersonId,
      recipient: release.personName,
    },
  );
  return { version, bytes };
}

/** One page of the original as a picture, for marking an area to redact. */
export async function readPageImage(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  page: number,
): Promise<Uint8Array> {
  const original = await getVersion(ctx.db, access.document.id, 1);
  if (!Number.isSafeInteger(page) || page < 1 || page > (original.pageCount ?? 0)) throw notFound('The page');
  const bytes = await loadContent(ctx, original.sha256);
  const png = await withDocumentErrors('page', () => renderPage(bytes, original.contentType, page));
  await auditRead(
    ctx,
    req,
    { caseId: access.document.caseId, documentId: access.document.id, version: original },
    { via: 'page-image', page },
  );
  return png;
}

/**
 * A hearing bundle: the chosen versions of the case's documents, in the order given, as one
 * paginated PDF with an index page. Each version put in is a read, audited as such.
 */
export async function makeCaseBundle(
  ctx: DocumentsContext,
  req: Req,
  caseRow: CaseHeading,
  input: { title: string; versionIds: string[] },
): Promise<Uint8Array> {
  const ids = [...new Set(input.versionIds)];
  const rows = await ctx.db
    .select({ version: documentVersions, title: documents.title, caseId: documents.caseId })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(inArray(documentVersions.id, ids));
  const byId = new Map(rows.filter((r) => r.caseId === caseRow.id).map((r) => [r.version.id, r]));
  if (ids.some((id) => !byId.has(id))) {
    throw validationError({ versionIds: 'Choose versions of this case’s documents' });
  }
  const chosen = ids.map((id) => byId.get(id)!);
  const parts: BundleDocument[] = [];
  for (const { version, title } of chosen) {
    parts.push({
      // A redacted version is named without the words it removed, as the family sees its title.
      title:
        version.kind === 'REDACTED'
          ? `${withoutRedactedWords(title, wordsRemovedBy(version.schedule))} (redacted, version ${version.number})`
          : title,
      bytes: await loadContent(ctx, version.sha256),
      contentType: version.contentType,
    });
  }
  const made = await withDocumentErrors('versionIds', () =>
    makeBundle(parts, {
      title: input.title,
      caseHeading: `Investigation into the death of ${caseRow.givenNames} ${caseRow.familyName} (${caseRow.reference})`,
    }),
  );
  for (const { version } of chosen) {
    await auditRead(
      ctx,
      req,
      { caseId: caseRow.id, documentId: version.documentId, version },
      { via: 'bundle', bundle: input.title },
    );
  }
  return made.bytes;
}

/** Sends a version's file as a download: its recognised type (never the sender's), no sniffing, no caching. */
export function sendFile(
  reply: FastifyReply,
  version: VersionRow,
  body: Readable | Uint8Array,
): FastifyReply {
  const type = version.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : version.contentType;
  return reply
    .type(type)
    .header('content-disposition', contentDisposition(nameForContent(version.fileName, version.contentType)))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body);
}
