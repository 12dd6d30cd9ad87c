import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { SYSTEM_ACTOR, verifyAudit } from '../../platform/audit/audit.ts';
import { findUserByEmail } from '../../platform/auth/auth.queries.ts';
import type { Database } from '../../platform/db/database.ts';
import { createLocalStore } from '../../platform/storage/storage.local.ts';
import type { DocumentStore } from '../../platform/storage/storage.ts';
import { seedDemo } from '../../seed.ts';
import { reportDeath } from '../cases/cases.commands.ts';
import { listCaseEvents } from '../cases/cases.queries.ts';
import { reportDeath as reportDeathSchema } from '../cases/cases.schema.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { familyTimeline } from '../portal/portal.domain.ts';
import { DEMO_DOCUMENT_TITLE, seedDemoDocuments } from './documents.seed.ts';
import { documentDisclosures, documents, documentVersions } from './documents.tables.ts';
import { pdftotext } from './fixtures/pdftotext.ts';

describe('demo documents', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let root: string;
  let storage: DocumentStore;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
    root = await mkdtemp(join(tmpdir(), 'opencoroner-seed-'));
    storage = createLocalStore({ root });
    await seedDemo(database.db, now, { withCases: false });
  });
  afterAll(async () => {
    await drop();
    await rm(root, { recursive: true, force: true });
  });

  it('does nothing when no East London case has the demo family as an interested person', async () => {
    expect(await seedDemoDocuments(database.db, now, storage)).toBeUndefined();
    expect(await database.db.select().from(documents)).toEqual([]);
  });

  it('releases a redacted watchdog report to the demo family, once', async () => {
    const family = await findUserByEmail(database.db, 'family@example.org');
    const caseRow = await database.db.transaction((tx) =>
      reportDeath(tx, reportDeathSchema.parse(deathReport()), SYSTEM_ACTOR, now),
    );
    const [person] = await database.db
      .insert(interestedPersons)
      .values({ caseId: caseRow.id, name: 'Joan Walsh', category: 'FAMILY', status: 'RECOGNISED' })
      .returning();
    await database.db
      .insert(interestedPersonUsers)
      .values({ interestedPersonId: person!.id, userId: family!.id, capacity: 'self' });

    await seedDemo(database.db, now, { withCases: false, storage });
    const [document] = await database.db.select().from(documents);
    expect(document).toMatchObject({ caseId: caseRow.id, title: DEMO_DOCUMENT_TITLE });
    const versions = await database.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, document!.id));
    expect(versions.map((v) => [v.number, v.state])).toEqual([
      [1, 'DRAFT'],
      [2, 'CORONER_APPROVED'],
    ]);
    const released = await database.db.select().from(documentDisclosures);
    expect(released).toEqual([
      expect.objectContaining({ interestedPersonId: person!.id, versionId: versions[1]!.id }),
    ]);
    const bytes = await buffer(await storage.get(versions[1]!.sha256));
    const text = pdftotext(bytes);
    if (text !== undefined) {
      expect(text).not.toMatch(/nightjar/i);
      expect(text).toContain('Body-worn video');
    }
    const original = pdftotext(await buffer(await storage.get(versions[0]!.sha256)));
    if (original !== undefined) expect(original).toMatch(/Operation NIGHTJAR/);

    // The family's "What has happened" tells them of it, dated by its disclosure, as for any release.
    const events = await listCaseEvents(database.db, caseRow.id);
    expect(familyTimeline(events, [person!.id])).toContainEqual(
      expect.objectContaining({ title: 'The coroner’s office shared a document with you', on: '2026-11-25' }),
    );
    expect(events.find((e) => e.type === 'DOCUMENT_DISCLOSED')?.payload).toMatchObject({
      documentId: document!.id,
      version: 2,
      disclosedOn: '2026-11-25',
      interestedPersonIds: [person!.id],
      summary: 'Version 2 (redacted), online, in their view of the case, on 25 November 2026.',
    });

    await seedDemo(database.db, now, { withCases: false, storage });
    expect(await database.db.select().from(documents)).toHaveLength(1);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
  });
});
