import { createReadStream } from 'node:fs';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { actorOf, audit } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { queueNotification } from '../../platform/notify/notify.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { requireOwnArea } from '../cases/cases.access.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { withoutOnlineAccess } from '../interested-persons/interested-persons.queries.ts';
import { recipientOf } from '../interested-persons/interested-persons.recipients.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import { withDocumentErrors } from './documents.app-errors.ts';
import { type DocumentsContext, loadContent, storeBytes } from './documents.context.ts';
import {
  approvalStep,
  checkArea,
  checkDisclosureDate,
  checkRedactionFits,
  checkReleasable,
  type DecisionInput,
  decide,
  EXTENSIONS,
  METHOD_LABELS,
  nameForContent,
  redactedFileName,
  withoutRedactedWords,
} from './documents.domain.ts';
import { DOCUMENT_LIMITS } from './documents.limits.ts';
import { type DocumentAccess, getVersion, listReleasablePersons, listVersions } from './documents.queries.ts';
import { redactDocument } from './documents.redact.ts';
import { buildSchedule, wordsRemovedBy } from './documents.schedule.ts';
import type { Proposal, Release, UploadFields } from './documents.schema.ts';
import { findText } from './documents.search.ts';
import type { DeclaredDocument } from './documents.sniff.ts';
import { inspectSource, sanitiseFileName } from './documents.sniff.ts';
import { discardStaged, fileSource, type StagedFile } from './documents.stage.ts';
import {
  type DocumentRow,
  documentDisclosures,
  documentRedactions,
  documents,
  documentVersions,
  type RedactionRow,
  type VersionRow,
} from './documents.tables.ts';
import type { Redaction } from './documents.types.ts';

type Req = FastifyRequest;

/** Writes the route's audit event about a document of a case. */
function auditDocument(
  tx: Db,
  req: Req,
  document: { id: string; caseId: string },
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  return audit(
    tx,
    req,
    { caseId: document.caseId, subjectType: 'document', subjectId: document.id, detail },
    at,
  );
}

/**
 * Locks the document's row for the rest of the transaction, so that changes to it and its versions and
 * releases are taken one after the other.
 */
async function lockDocument(tx: Db, documentId: string): Promise<void> {
  await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).for('update');
}

/** How a user is named on what they propose: their name and organisation, or their role. */
export function proposerLabel(principal: Principal): string {
  return `${principal.name}, ${principal.organisation ?? ROLE_LABELS[principal.role]}`;
}

/**
 * Adds a document to a case from an upload staged on disk: the name made safe, the content recognised
 * and checked (documents.sniff.ts), and only then streamed into the content-addressed store and
 * recorded as version 1, the original, kept unchanged. A refused file leaves nothing in the store.
 */
export async function addDocument(
  ctx: DocumentsContext,
  req: Req,
  caseId: string,
  fields: UploadFields,
  staged: StagedFile,
  declared: DeclaredDocument,
): Promise<{ document: DocumentRow; version: VersionRow }> {
  try {
    const inspected = await withDocumentErrors('file', async () => {
      const fileName = sanitiseFileName(declared.fileName?.trim() || `${fields.title}.txt`);
      const source = fileSource(staged);
      try {
        return { fileName, ...(await inspectSource(source, declared)) };
      } finally {
        source.dispose();
      }
    });
    const stored = await withDocumentErrors(
      'file',
      () => ctx.storage.put(createReadStream(staged.path), { maxBytes: ctx.uploadLimitBytes }),
      ctx.uploadLimitBytes,
    );
    const now = ctx.clock.now();
    const principal = req.principal!;
    return await ctx.db.transaction(async (tx) => {
      const [document] = await tx
        .insert(documents)
        .values({
          caseId,
          title: fields.title,
          kind: fields.kind,
          ownerOrganisation: fields.ownerOrganisation,
          createdBy: principal.userId,
          createdAt: now,
        })
        .returning();
      const [version] = await tx
        .insert(documentVersions)
        .values({
          documentId: document!.id,
          number: 1,
          kind: 'ORIGINAL',
          sha256: stored.sha256,
          size: stored.size,
          contentType: inspected.contentType,
          fileName: nameForContent(inspected.fileName, inspected.contentType),
          pageCount: inspected.pageCount ?? null,
          pageSizes: inspected.pageSizes ?? null,
          createdBy: principal.userId,
          createdAt: now,
        })
        .returning();
      await auditDocument(
        tx,
        req,
        document!,
        {
          title: fields.title,
          ownerOrganisation: fields.ownerOrganisation,
          version: 1,
          sha256: stored.sha256,
          size: stored.size,
          contentType: inspected.contentType,
        },
        now,
      );
      return { document: document!, version: version! };
    });
  } finally {
    await discardStaged(staged.path);
  }
}

/**
 * Records a proposed redaction on the original: words (checked to occur in it, and counted) or an area
 * of one page (checked to lie on the page), with the reason. Nothing is removed until a redacted
 * version is made.
 */
export async function proposeRedaction(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  input: Proposal,
): Promise<RedactionRow> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  const original = await getVersion(ctx.db, access.document.id, 1);
  const kind = input.text ? 'text' : 'box';
  checkRedactionFits(original.contentType, kind);
  let hits = 0;
  let rect: ReturnType<typeof checkArea> | null = null;
  if (kind === 'box') {
    rect = checkArea(input.page!, input.rect!, original.pageSizes ?? []);
    hits = 1;
  } else {
    const bytes = await loadContent(ctx, original.sha256);
    hits = (await withDocumentErrors('text', () => findText(bytes, original.contentType, input.text!))).hits;
    if (hits === 0) {
      throw validationError({
        text: 'These words were not found in the document. Check the spelling, or mark the area instead',
      });
    }
    if (hits > DOCUMENT_LIMITS.maxRedactionHits) {
      throw validationError({
        text: `These words are found in ${hits.toLocaleString('en-GB')} places in the document: one redaction can remove up to ${DOCUMENT_LIMITS.maxRedactionHits.toLocaleString('en-GB')}. Enter longer words, or mark the areas instead`,
      });
    }
  }
  const now = ctx.clock.now();
  const principal = req.principal!;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documentRedactions)
      .values({
        documentId: access.document.id,
        kind,
        text: kind === 'text' ? input.text! : null,
        page: kind === 'box' ? input.page! : null,
        rect,
        reason: input.reason,
        note: input.note || null,
        hits,
        proposedBy: principal.userId,
        proposedByLabel: proposerLabel(principal),
        proposedAt: now,
      })
      .returning();
    await auditDocument(
      tx,
      req,
      access.document,
      { redactionId: row!.id, kind, reason: input.reason, page: input.page, hits },
      now,
    );
    return row!;
  });
}

/** The coroner accepts or rejects a proposed redaction (a rejected one cannot go into a version the coroner approves). */
export async function reviewRedaction(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  redactionId: string,
  input: { decision: 'ACCEPTED' | 'REJECTED'; reason?: string },
): Promise<RedactionRow> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  if (!isUuid(redactionId)) throw notFound('The redaction');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(documentRedactions)
      .where(
        and(eq(documentRedactions.id, redactionId), eq(documentRedactions.documentId, access.document.id)),
      )
      .for('update');
    if (!row) throw notFound('The redaction');
    const [approved] = await tx
      .select({ number: documentVersions.number })
      .from(documentVersions)
      .where(
        and(
          eq(documentVersions.documentId, access.document.id),
          eq(documentVersions.state, 'CORONER_APPROVED'),
          sql`${redactionId}::uuid = any(${documentVersions.redactionIds})`,
        ),
      );
    if (approved && input.decision === 'REJECTED') {
      throw new AppError(
        'ACTION_NOT_ALLOWED',
        `This redaction is part of version ${approved.number}, which the coroner has approved. Make a new version without it instead.`,
      );
    }
    const [updated] = await tx
      .update(documentRedactions)
      .set({
        status: input.decision,
        reviewedBy: req.principal!.userId,
        reviewedAt: now,
        reviewReason: input.reason || null,
      })
      .where(eq(documentRedactions.id, redactionId))
      .returning();
    await auditDocument(
      tx,
      req,
      access.document,
      { redactionId, decision: input.decision, reason: input.reason },
      now,
    );
    return updated!;
  });
}

/**
 * Makes a new version from the original with the chosen proposals applied: content truly removed and
 * the result checked by extracting its text again (documents.redact.ts), stored, and recorded as a
 * draft with its redaction schedule. The original is never changed, so the result is reproducible.
 */
export async function makeRedactedVersion(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  redactionIds: string[],
): Promise<VersionRow> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  const wanted = [...new Set(redactionIds)];
  if (wanted.length === 0 || !wanted.every(isUuid)) {
    throw validationError({ redactionIds: 'Choose redactions proposed on this document' });
  }
  const proposals = await ctx.db
    .select()
    .from(documentRedactions)
    .where(
      and(eq(documentRedactions.documentId, access.document.id), inArray(documentRedactions.id, wanted)),
    );
  // In the order asked for, so the same request always gives the same version.
  proposals.sort((a, b) => wanted.indexOf(a.id) - wanted.indexOf(b.id));
  if (proposals.length !== wanted.length) {
    throw validationError({ redactionIds: 'Choose redactions proposed on this document' });
  }
  const rejected = proposals.find((p) => p.status === 'REJECTED');
  if (rejected) {
    throw new AppError(
      'ACTION_NOT_ALLOWED',
      'One of the chosen redactions was not accepted by the coroner. Leave it out and try again.',
    );
  }
  const original = await getVersion(ctx.db, access.document.id, 1);
  const bytes = await loadContent(ctx, original.sha256);
  const engineRedactions: Redaction[] = proposals.map((p) =>
    p.kind === 'text'
      ? { kind: 'text', text: p.text!, reason: p.reason }
      : { kind: 'box', page: p.page!, rect: p.rect!, reason: p.reason },
  );
  const result = await withDocumentErrors('redactionIds', () =>
    redactDocument(bytes, original.contentType, engineRedactions),
  );
  const stored = await storeBytes(ctx, result.bytes);
  const schedule = buildSchedule(proposals, result.schedule);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockDocument(tx, access.document.id);
    const [{ last } = { last: 0 }] = await tx
      .select({ last: sql<number>`coalesce(max(${documentVersions.number}), 0)::int` })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, access.document.id));
    const number = last + 1;
    const [version] = await tx
      .insert(documentVersions)
      .values({
        documentId: access.document.id,
        number,
        kind: 'REDACTED',
        sha256: stored.sha256,
        size: stored.size,
        contentType: original.contentType,
        fileName: redactedFileName(
          original.fileName,
          number,
          EXTENSIONS[original.contentType][0]!,
          wordsRemovedBy(schedule),
        ),
        pageCount: original.pageCount,
        pageSizes: original.pageSizes,
        redactionIds: proposals.map((p) => p.id),
        schedule,
        createdBy: req.principal!.userId,
        createdAt: now,
      })
      .returning();
    await auditDocument(
      tx,
      req,
      access.document,
      {
        version: number,
        sha256: stored.sha256,
        redactionIds: proposals.map((p) => p.id),
        areas: schedule.areas.length,
      },
      now,
    );
    return version!;
  });
}

/** Approves a version as its owner or as the coroner (documents.domain.ts `approvalStep`). */
export async function approveVersion(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  number: number,
  input: { stage?: 'OWNER' | 'CORONER'; note?: string },
): Promise<VersionRow> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  const principal = req.principal!;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // The version as it is once locked: two approvals sent at once are taken one after the other.
    const { id } = await getVersion(tx, access.document.id, number);
    const [version] = await tx
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.id, id))
      .for('update');
    const step = approvalStep(version!.state, input, principal.role);
    const changes: Partial<VersionRow> = { state: step.state };
    if (step.stage === 'OWNER') {
      Object.assign(changes, {
        ownerApprovedBy: principal.userId,
        ownerApprovedAt: now,
        ownerApprovalNote: input.note || null,
      });
    } else {
      if (version!.redactionIds.length) {
        // Locked, so that a proposal rejected at the same moment is seen rejected here.
        const proposals = await tx
          .select({ id: documentRedactions.id, status: documentRedactions.status })
          .from(documentRedactions)
          .where(inArray(documentRedactions.id, version!.redactionIds))
          .orderBy(asc(documentRedactions.id))
          .for('update');
        if (proposals.some((p) => p.status === 'REJECTED')) {
          throw new AppError(
            'ACTION_NOT_ALLOWED',
            'This version applies a redaction you did not accept. Make a new version without it.',
          );
        }
        await tx
          .update(documentRedactions)
          .set({ status: 'ACCEPTED', reviewedBy: principal.userId, reviewedAt: now })
          .where(
            and(
              inArray(documentRedactions.id, version!.redactionIds),
              eq(documentRedactions.status, 'PROPOSED'),
            ),
          );
      }
      Object.assign(changes, { coronerApprovedBy: principal.userId, coronerApprovedAt: now });
    }
    const [updated] = await tx
      .update(documentVersions)
      .set(changes)
      .where(eq(documentVersions.id, id))
      .returning();
    await auditDocument(
      tx,
      req,
      access.document,
      { version: number, stage: step.stage, note: input.note },
      now,
    );
    return updated!;
  });
}

/** The coroner's relevance decision and r.15 ground (documents.domain.ts `decide`). */
export async function decideDocument(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  input: DecisionInput,
): Promise<DocumentRow> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  const decided = decide(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Locked as a release locks it, so a release made meanwhile is seen before withholding.
    await lockDocument(tx, access.document.id);
    if (decided.withheldGround) {
      const [active] = await tx
        .select({ id: documentDisclosures.id })
        .from(documentDisclosures)
        .where(
          and(
            eq(documentDisclosures.documentId, access.document.id),
            isNull(documentDisclosures.withdrawnAt),
          ),
        )
        .limit(1);
      if (active) {
        throw new AppError(
          'ACTION_NOT_ALLOWED',
          'Copies of this document have been released. Withdraw them before deciding to withhold it.',
        );
      }
    }
    const [updated] = await tx
      .update(documents)
      .set({
        relevance: decided.relevance,
        withheldGround: decided.withheldGround,
        decisionReasons: decided.reasons,
        decidedBy: req.principal!.userId,
        decidedAt: now,
      })
      .where(eq(documents.id, access.document.id))
      .returning();
    await auditDocument(tx, req, access.document, { ...decided }, now);
    return updated!;
  });
}

/**
 * A document released online is read in the person's online account (or their lawyer's): refused for anyone
 * who has neither an account nor an invitation link waiting to be used, so nothing is recorded as shared that
 * they could never read.
 */
async function requireOnlineAccess(tx: Db, persons: { id: string; name: string }[], now: Date) {
  const offline = await withoutOnlineAccess(tx, persons, now);
  if (offline.length)
    throw validationError({
      method: `${names(offline.map((p) => p.name))} cannot read documents online: ${offline.length === 1 ? 'they have no' : 'none of them has an'} online account or invitation waiting. Invite them to follow the case online first, or release it by email, by post or by hand`,
    });
}

const names = (list: string[]) =>
  list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;

/**
 * Releases an approved version to interested persons (r.13), recording the date and how; each
 * appears in their view of the case. Persons who already hold it are left as they are.
 */
export async function releaseVersion(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  input: Release,
): Promise<{ released: string[]; alreadyHeld: string[]; version: VersionRow }> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  const { document } = access;
  const now = ctx.clock.now();
  const today = londonDate(now);
  const disclosedOn = input.disclosedOn ?? today;
  checkDisclosureDate(disclosedOn, today, londonDate(document.createdAt));
  const persons = await listReleasablePersons(ctx.db, document.caseId);
  const wanted = [...new Set(input.interestedPersonIds)];
  const chosen = persons.filter((p) => wanted.includes(p.id));
  if (chosen.length !== wanted.length) {
    throw validationError({ interestedPersonIds: 'Choose interested persons of this case' });
  }
  return ctx.db.transaction(async (tx) => {
    await lockDocument(tx, document.id);
    const [current] = await tx.select().from(documents).where(eq(documents.id, document.id));
    const versions = await listVersions(tx, document.id);
    const version = versions.find((v) => v.id === input.versionId);
    if (!version) throw validationError({ versionId: 'Choose a version of this document' });
    checkReleasable(current!, version);
    const held = await tx
      .select({ personId: documentDisclosures.interestedPersonId })
      .from(documentDisclosures)
      .where(and(eq(documentDisclosures.versionId, version.id), isNull(documentDisclosures.withdrawnAt)));
    const heldIds = new Set(held.map((h) => h.personId));
    const fresh = chosen.filter((p) => !heldIds.has(p.id));
    if (input.method === 'ONLINE') await requireOnlineAccess(tx, fresh, now);
    if (fresh.length) {
      await tx.insert(documentDisclosures).values(
        fresh.map((p) => ({
          documentId: document.id,
          versionId: version.id,
          caseId: document.caseId,
          interestedPersonId: p.id,
          disclosedOn,
          method: input.method,
          releasedBy: req.principal!.userId,
          releasedAt: now,
        })),
      );
      const which =
        version.kind === 'REDACTED' ? `version ${version.number} (redacted)` : `version ${version.number}`;
      await appendCaseEvent(tx, document.caseId, 'DOCUMENT_DISCLOSED', actorOf(req), now, {
        title: `${document.title} disclosed to ${names(fresh.map((p) => p.name))}`,
        summary: `${which[0]!.toUpperCase()}${which.slice(1)}, ${METHOD_LABELS[input.method].toLowerCase()}, on ${govukDate(disclosedOn)}.`,
        documentId: document.id,
        version: version.number,
        disclosedOn,
        interestedPersonIds: fresh.map((p) => p.id),
      });
      if (input.method === 'ONLINE') {
        // The notice names the document as the person will see it: without the words the version removed.
        const title = withoutRedactedWords(document.title, wordsRemovedBy(version.schedule));
        const rows = await tx
          .select()
          .from(interestedPersons)
          .where(
            inArray(
              interestedPersons.id,
              fresh.map((p) => p.id),
            ),
          );
        for (const person of rows) {
          await queueNotification(
            tx,
            {
              caseId: document.caseId,
              to: recipientOf(person),
              template: 'DOCUMENT_DISCLOSED',
              subject: 'A document from the coroner is ready for you',
              body: `The coroner has shared a document with you: ${title}. Sign in to OpenCoroner (or first use the invitation link the coroner’s office sent you) to read it under “Documents shared with you”.`,
              source: 'documents',
              sourceId: document.id,
            },
            now,
            ctx.notifier,
          );
        }
      }
    }
    await auditDocument(
      tx,
      req,
      document,
      {
        version: version.number,
        versionId: version.id,
        interestedPersonIds: fresh.map((p) => p.id),
        alreadyHeld: [...heldIds].filter((id) => wanted.includes(id)),
        disclosedOn,
        method: input.method,
      },
      now,
    );
    return {
      released: fresh.map((p) => p.id),
      alreadyHeld: chosen.filter((p) => heldIds.has(p.id)).map((p) => p.id),
      version,
    };
  });
}

/** Withdraws a release: the interested person no longer sees that version. */
export async function withdrawRelease(
  ctx: DocumentsContext,
  req: Req,
  access: DocumentAccess,
  disclosureId: string,
  reason: string,
): Promise<void> {
  requireOwnArea(req.principal!, access.caseRow.areaCode);
  if (!isUuid(disclosureId)) throw notFound('The release');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(documentDisclosures)
      .where(
        and(eq(documentDisclosures.id, disclosureId), eq(documentDisclosures.documentId, access.document.id)),
      )
      .for('update');
    if (!row) throw notFound('The release');
    if (row.withdrawnAt) throw new AppError('ACTION_NOT_ALLOWED', 'This release has already been withdrawn.');
    await tx
      .update(documentDisclosures)
      .set({ withdrawnAt: now, withdrawnBy: req.principal!.userId, withdrawalReason: reason })
      .where(eq(documentDisclosures.id, disclosureId));
    const [person] = (await listReleasablePersons(tx, access.document.caseId)).filter(
      (p) => p.id === row.interestedPersonId,
    );
    await appendCaseEvent(tx, access.document.caseId, 'DOCUMENT_DISCLOSURE_WITHDRAWN', actorOf(req), now, {
      title: `${access.document.title} withdrawn${person ? ` from ${person.name}` : ''}`,
      summary: reason,
      documentId: access.document.id,
      disclosureId,
      interestedPersonId: row.interestedPersonId,
    });
    await auditDocument(
      tx,
      req,
      access.document,
      { disclosureId, interestedPersonId: row.interestedPersonId, reason },
      now,
    );
  });
}
