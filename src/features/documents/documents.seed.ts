import { Readable } from 'node:stream';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DocumentStore } from '../../platform/storage/storage.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { cases } from '../cases/cases.tables.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { METHOD_LABELS } from './documents.domain.ts';
import { redactDocument } from './documents.redact.ts';
import { buildSchedule } from './documents.schedule.ts';
import { inspectDocument } from './documents.sniff.ts';
import { documentDisclosures, documentRedactions, documents, documentVersions } from './documents.tables.ts';
import { typesetText } from './documents.typeset.ts';

export const DEMO_DOCUMENT_TITLE = 'Conduct investigation report (IOPC)';
const OWNER = 'Metropolitan Police Service';
const CODENAME = 'Operation NIGHTJAR';

const REPORT = `Independent Office for Police Conduct
Investigation report: contact between police and the deceased before his death

1. Summary
Officers of the Metropolitan Police Service were deployed on ${CODENAME} in Barking on the evening of 19 November. Two officers spoke to the deceased near the churchyard at about 20:40 and left at 20:55.

2. What we looked at
Body-worn video, the ${CODENAME} briefing log, radio transcripts and the accounts of both officers.

3. Findings
The officers did not use force. Neither officer had reason to believe the deceased was unwell. The ${CODENAME} deployment ended at 23:00.

4. Recommendations
None about the officers' conduct.`;

async function put(storage: DocumentStore, bytes: Uint8Array) {
  return storage.put(Readable.from([Buffer.from(bytes)]), { maxBytes: bytes.length });
}

/**
 * Demo data: on an East London case whose interested persons include the demo family account, a
 * watchdog report with a police operation's codename redacted, approved by the police and the
 * coroner, and released to the family. Does nothing without such a case, the demo accounts or a
 * document store, or when it has run before.
 */
export async function seedDemoDocuments(
  tx: Db,
  now: Date,
  storage?: DocumentStore,
): Promise<string | undefined> {
  if (!storage) return undefined;
  const people = await tx
    .select({ email: users.email, id: users.id })
    .from(users)
    .where(inArray(users.email, ['family@example.org', 'police@example.org', 'coroner@example.org']));
  const id = (email: string) => people.find((p) => p.email === email)?.id;
  const [family, police, coroner] = [
    id('family@example.org'),
    id('police@example.org'),
    id('coroner@example.org'),
  ];
  if (!family || !police || !coroner) return undefined;
  const [target] = await tx
    .select({ caseId: cases.id, personId: interestedPersons.id, name: interestedPersons.name })
    .from(interestedPersonUsers)
    .innerJoin(interestedPersons, eq(interestedPersons.id, interestedPersonUsers.interestedPersonId))
    .innerJoin(cases, eq(cases.id, interestedPersons.caseId))
    .where(
      and(
        eq(interestedPersonUsers.userId, family),
        isNull(interestedPersonUsers.endedAt),
        inArray(interestedPersons.status, ['PROPOSED', 'RECOGNISED']),
        eq(cases.areaCode, 'EL'),
      ),
    )
    .orderBy(cases.createdAt)
    .limit(1);
  if (!target) return undefined;
  const [existing] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.caseId, target.caseId), eq(documents.title, DEMO_DOCUMENT_TITLE)));
  if (existing) return undefined;

  const original = typesetText(REPORT)
    .saveToBuffer('garbage=deduplicate,compress=yes')
    .asUint8Array()
    .slice();
  const inspected = await inspectDocument(original);
  const redacted = redactDocument(original, 'application/pdf', [
    { kind: 'text', text: CODENAME, reason: 'SENSITIVE_OPERATIONAL' },
  ]);
  const [storedOriginal, storedRedacted] = [await put(storage, original), await put(storage, redacted.bytes)];

  const [document] = await tx
    .insert(documents)
    .values({
      caseId: target.caseId,
      title: DEMO_DOCUMENT_TITLE,
      kind: 'CONDUCT_REPORT',
      ownerOrganisation: OWNER,
      relevance: 'RELEVANT',
      decidedBy: coroner,
      decidedAt: now,
      createdBy: coroner,
      createdAt: now,
    })
    .returning();
  const [proposal] = await tx
    .insert(documentRedactions)
    .values({
      documentId: document!.id,
      kind: 'text',
      text: CODENAME,
      reason: 'SENSITIVE_OPERATIONAL',
      note: 'The name of a police operation that is still running.',
      hits: redacted.schedule.redactions[0]?.hits ?? 0,
      status: 'ACCEPTED',
      proposedBy: police,
      proposedByLabel: `DS Alan Marsh, ${OWNER}`,
      proposedAt: now,
      reviewedBy: coroner,
      reviewedAt: now,
    })
    .returning();
  const common = {
    documentId: document!.id,
    contentType: 'application/pdf' as const,
    pageCount: inspected.pageCount ?? null,
    pageSizes: inspected.pageSizes ?? null,
    createdAt: now,
  };
  await tx.insert(documentVersions).values({
    ...common,
    number: 1,
    kind: 'ORIGINAL',
    sha256: storedOriginal.sha256,
    size: storedOriginal.size,
    fileName: 'iopc-report.pdf',
    createdBy: coroner,
  });
  const [version] = await tx
    .insert(documentVersions)
    .values({
      ...common,
      number: 2,
      kind: 'REDACTED',
      sha256: storedRedacted.sha256,
      size: storedRedacted.size,
      fileName: 'iopc-report (redacted, version 2).pdf',
      redactionIds: [proposal!.id],
      schedule: buildSchedule([proposal!], redacted.schedule),
      state: 'CORONER_APPROVED',
      ownerApprovedBy: police,
      ownerApprovedAt: now,
      coronerApprovedBy: coroner,
      coronerApprovedAt: now,
      createdBy: police,
    })
    .returning();
  const disclosedOn = londonDate(now);
  await tx.insert(documentDisclosures).values({
    documentId: document!.id,
    versionId: version!.id,
    caseId: target.caseId,
    interestedPersonId: target.personId,
    disclosedOn,
    method: 'ONLINE',
    releasedBy: coroner,
    releasedAt: now,
  });
  // As a real release records it (releaseVersion): the family's timeline shows the entry to the persons named.
  await appendCaseEvent(tx, target.caseId, 'DOCUMENT_DISCLOSED', SYSTEM_ACTOR, now, {
    title: `${DEMO_DOCUMENT_TITLE} disclosed to ${target.name}`,
    summary: `Version 2 (redacted), ${METHOD_LABELS.ONLINE.toLowerCase()}, on ${govukDate(disclosedOn)}.`,
    documentId: document!.id,
    version: 2,
    disclosedOn,
    interestedPersonIds: [target.personId],
  });
  await appendAudit(
    tx,
    SYSTEM_ACTOR,
    {
      action: 'DOCUMENT_RELEASED',
      caseId: target.caseId,
      subjectType: 'document',
      subjectId: document!.id,
      detail: { demo: true, version: 2, interestedPersonIds: [target.personId] },
    },
    now,
  );
  return document!.id;
}
