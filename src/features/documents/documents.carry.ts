import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { documentDisclosures, documentRedactions, documents, documentVersions } from './documents.tables.ts';

/**
 * Coroners Act 1988 s.13: a fresh investigation keeps the evidence gathered before. Each document of the
 * quashed case is carried over to the fresh case with its versions (the files themselves are not copied:
 * the store keeps each file once), its redactions and the coroner's decision on it, marked as made at the
 * quashed inquest. What had been released to an interested person who is carried over (`persons`: their
 * record on the quashed case to their record on the fresh one) stays released to them, with its first
 * date. Returns how many documents were carried over.
 */
export async function carryOverDocuments(
  tx: Db,
  from: { id: string; reference: string },
  toCaseId: string,
  persons: ReadonlyMap<string, string>,
): Promise<number> {
  const originals = await tx
    .select()
    .from(documents)
    .where(eq(documents.caseId, from.id))
    .orderBy(asc(documents.createdAt), asc(documents.id));
  if (originals.length === 0) return 0;
  const documentIds = new Map(originals.map((d) => [d.id, randomUUID()]));
  const ids = [...documentIds.keys()];
  // One after another: a transaction holds one connection.
  const versions = await tx.select().from(documentVersions).where(inArray(documentVersions.documentId, ids));
  const redactions = await tx
    .select()
    .from(documentRedactions)
    .where(inArray(documentRedactions.documentId, ids));
  const releases = await tx
    .select()
    .from(documentDisclosures)
    .where(and(inArray(documentDisclosures.documentId, ids), isNull(documentDisclosures.withdrawnAt)));
  const redactionIds = new Map(redactions.map((r) => [r.id, randomUUID()]));
  const versionIds = new Map(versions.map((v) => [v.id, randomUUID()]));
  const note = `(Decided at the quashed inquest ${from.reference}.)`;

  await tx.insert(documents).values(
    originals.map(({ id, ...d }) => ({
      ...d,
      id: documentIds.get(id)!,
      caseId: toCaseId,
      carriedFrom: id,
      decisionReasons: d.decidedAt ? [d.decisionReasons, note].filter(Boolean).join(' ') : d.decisionReasons,
    })),
  );
  if (redactions.length)
    await tx.insert(documentRedactions).values(
      redactions.map((r) => ({
        ...r,
        id: redactionIds.get(r.id)!,
        documentId: documentIds.get(r.documentId)!,
      })),
    );
  const renamed = (id: string) => redactionIds.get(id) ?? id;
  if (versions.length)
    await tx.insert(documentVersions).values(
      versions.map((v) => ({
        ...v,
        id: versionIds.get(v.id)!,
        documentId: documentIds.get(v.documentId)!,
        redactionIds: v.redactionIds.map(renamed),
        schedule: v.schedule && {
          ...v.schedule,
          items: v.schedule.items.map((item) => ({ ...item, redactionId: renamed(item.redactionId) })),
        },
      })),
    );
  const kept = releases.filter((r) => persons.has(r.interestedPersonId));
  if (kept.length)
    await tx.insert(documentDisclosures).values(
      kept.map(({ id: _id, ...r }) => ({
        ...r,
        documentId: documentIds.get(r.documentId)!,
        versionId: versionIds.get(r.versionId)!,
        caseId: toCaseId,
        interestedPersonId: persons.get(r.interestedPersonId)!,
      })),
    );
  return originals.length;
}
