import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { AlreadySent, claimOnce } from '../../platform/forms/once.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { StorageError } from '../../platform/storage/storage.ts';
import { londonDate } from '../../platform/views/dates.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import { withDocumentErrors } from '../documents/documents.app-errors.ts';
import { nameForContent } from '../documents/documents.domain.ts';
import { inspectDocument, sanitiseFileName } from '../documents/documents.sniff.ts';
import { isDocumentContentType } from '../documents/documents.types.ts';
import { createReport, type ResponseDocument } from './pfd.commands.ts';
import { getReportFor, reportView } from './pfd.queries.ts';
import type { PfdReportInput, PfdReportView } from './pfd.schema.ts';
import { type PfdReportRow, pfdResponses } from './pfd.tables.ts';

type Work<T> = (
  tx: Db,
  ctx: {
    principal: ReturnType<typeof principalOf>;
    actor: ReturnType<typeof actorOf>;
    now: Date;
    notifier: AppDeps['notifier'];
  },
) => Promise<T>;

/**
 * Runs one change to a report in one transaction with its audit event: the shape every PFD route shares
 * (find what the user may see → change it → audit → answer with the report as it now is).
 */
export async function changeReport(
  deps: AppDeps,
  req: FastifyRequest,
  reportId: string,
  work: (
    tx: Db,
    report: PfdReportRow,
    caseRow: CaseRow,
    ctx: Parameters<Work<unknown>>[1],
  ) => Promise<unknown>,
  detail: Record<string, unknown> = {},
): Promise<PfdReportView> {
  const { db } = deps.database;
  const principal = principalOf(req);
  const now = deps.clock.now();
  const { report, caseRow } = await getReportFor(db, principal, reportId);
  await db.transaction(async (tx) => {
    await work(tx, report, caseRow, { principal, actor: actorOf(req), now, notifier: deps.notifier });
    await audit(
      tx,
      req,
      { caseId: caseRow.id, subjectType: 'pfd-report', subjectId: report.id, detail },
      now,
    );
  });
  return currentView(deps, req, report.id);
}

/**
 * A new report on a case, with its audit event (whether it was recorded as already sent), in one transaction.
 * From the page, `once` is the page's single-use token: the same page sent again (a double click) makes no second
 * report (AlreadySent).
 */
export async function writeReport(
  deps: AppDeps,
  req: FastifyRequest,
  caseRow: CaseRow,
  input: PfdReportInput,
  once?: unknown,
): Promise<PfdReportRow> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    if (!(await claimOnce(tx, principalOf(req).userId, once, now))) throw new AlreadySent();
    const report = await createReport(tx, caseRow, input, {
      principal: principalOf(req),
      actor: actorOf(req),
      now,
      notifier: deps.notifier,
    });
    await audit(
      tx,
      req,
      {
        caseId: caseRow.id,
        subjectType: 'pfd-report',
        subjectId: report.id,
        detail: { sent: Boolean(input.sentOn) },
      },
      now,
    );
    return report;
  });
}

/** The report as the user may see it now. */
export async function currentView(
  deps: AppDeps,
  req: FastifyRequest,
  reportId: string,
): Promise<PfdReportView> {
  const { db } = deps.database;
  const { report, caseRow } = await getReportFor(db, principalOf(req), reportId);
  return reportView(db, report, caseRow, londonDate(deps.clock.now()));
}

/** The case a new report is written on, if the user may see it. */
export function caseForReport(deps: AppDeps, req: FastifyRequest, caseId: string): Promise<CaseRow> {
  return getCaseFor(deps.database.db, principalOf(req), caseId);
}

/**
 * The checks of a response's document, without keeping it: the same as any document kept on a case (what it
 * is, and that it opens: not damaged, protected, or built to expand beyond the limits) and a usable name,
 * ending as its content is.
 */
export async function checkResponseDocument(
  bytes: Buffer,
  fileName: string,
): Promise<{ contentType: string; name: string }> {
  if (bytes.length === 0)
    throw new AppError('VALIDATION_FAILED', 'The document is empty (document).', {
      document: 'The selected file is empty',
    });
  const { contentType } = await withDocumentErrors('document', () => inspectDocument(bytes, { fileName }));
  try {
    return { contentType, name: nameForContent(sanitiseFileName(fileName), contentType) };
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `${(error as Error).message} (document)`, {
      document: (error as Error).message,
    });
  }
}

/** Keeps a response document in the document store: only PDF, images and plain text, judged by content. */
export async function storeResponseDocument(
  deps: AppDeps,
  bytes: Buffer,
  fileName: string,
): Promise<ResponseDocument> {
  const { contentType, name } = await checkResponseDocument(bytes, fileName);
  try {
    const stored = await deps.storage.put(Readable.from([bytes]), { maxBytes: deps.config.uploadLimitBytes });
    return { sha256: stored.sha256, size: stored.size, contentType, name };
  } catch (error) {
    if (error instanceof StorageError) throw new AppError('TOO_LARGE', error.message);
    throw error;
  }
}

/** A response's document, for a user who may see the report. */
export async function responseDocument(
  deps: AppDeps,
  req: FastifyRequest,
  reportId: string,
  responseId: string,
) {
  const { db } = deps.database;
  const { report } = await getReportFor(db, principalOf(req), reportId);
  if (!/^[0-9a-f-]{36}$/i.test(responseId)) throw notFound('The document');
  const [response] = await db
    .select()
    .from(pfdResponses)
    .where(and(eq(pfdResponses.id, responseId), eq(pfdResponses.reportId, report.id)));
  if (!response?.documentSha256) throw notFound('The document');
  // A response may name people: every read of its document is in the audit log, as a case document's is.
  await audit(
    db,
    req,
    {
      caseId: report.caseId,
      subjectType: 'pfd-response',
      subjectId: response.id,
      detail: { reportId: report.id, name: response.documentName },
    },
    deps.clock.now(),
  );
  return {
    stream: await deps.storage.get(response.documentSha256),
    // Named as its content is, whatever it was called when it arrived (kept before names were checked so).
    name: isDocumentContentType(response.documentType)
      ? nameForContent(response.documentName ?? 'response', response.documentType)
      : (response.documentName ?? 'response'),
    contentType: response.documentType ?? 'application/octet-stream',
  };
}
