import { and, eq } from 'drizzle-orm';
import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { makeTextPdf } from './fixtures/make-documents.ts';
import { addInterestedPerson, type Client, newCase, uploadWith } from './fixtures/scenario.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
const MET = 'Metropolitan Police Service';

/** The text of a PDF's first page (a bundle's index), as MuPDF reads it, lines joined by spaces. */
function firstPage(bytes: Uint8Array): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  return doc.loadPage(0).toStructuredText('').asText().replace(/\s+/g, ' ');
}

describe('a redacted version’s title and file name do not give away what it removed', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let family: Client;
  let officerPages: Browser;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    officer = await t.client(officerUser);
    officerPages = await t.browser(officerUser);
    coroner = await t.client(await t.user('coroner'));
    family = await t.client(await t.user('interested-person', { name: 'Joan Walsh' }));
    caseId = (await newCase(officer)).id;
  });
  afterAll(() => t.close());

  /** A document of the case, with a redacted version made from `proposal`; returns its id and the version. */
  async function redacted(
    title: string,
    file: { name: string; bytes: Uint8Array },
    proposal: Record<string, unknown>,
  ): Promise<{ documentId: string; version: { id: string; number: number; fileName: string } }> {
    const added = await uploadWith(t, officer, caseId, { title, ownerOrganisation: MET }, file);
    expect(added.statusCode, added.body).toBe(201);
    const documentId = added.json().id;
    const proposed = await officer.post(`/api/v1/documents/${documentId}/redactions`, {
      reason: 'THIRD_PARTY_PERSONAL_DATA',
      ...proposal,
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const made = await officer.post(`/api/v1/documents/${documentId}/redacted-versions`, {
      redactionIds: [proposed.json().id],
    });
    expect(made.statusCode, made.body).toBe(201);
    return { documentId, version: made.json() };
  }

  it('names a redacted version in a bundle’s index without the words it removed', async () => {
    const { version } = await redacted(
      'Operation NIGHTJAR IOPC report',
      {
        name: 'iopc.pdf',
        bytes: makeTextPdf([
          ['Officers of Operation Nightjar followed the deceased.', 'The towpath was dark.'],
        ]),
      },
      { text: 'nightjar' },
    );
    const api = await officer.post(`/api/v1/cases/${caseId}/bundles`, {
      title: 'Inquest bundle',
      versionIds: [version.id],
    });
    expect(api.statusCode, api.body).toBe(200);
    const page = await officerPages.get(
      `/cases/${caseId}/bundle.pdf?title=Inquest+bundle&versionIds=${version.id}`,
    );
    expect(page.statusCode).toBe(200);
    for (const bundle of [api.rawPayload, page.rawPayload]) {
      const index = firstPage(bundle);
      expect(index).toContain('1. Operation [redacted] IOPC report (redacted, version 2)');
      expect(index).not.toMatch(/nightjar/i);
    }
  });

  it('leaves out the words an area covered: in the file name, the title the family sees, the notice and the bundle', async () => {
    const { documentId, version } = await redacted(
      'Statement of Albert Ross',
      {
        name: 'Albert Ross statement.pdf',
        bytes: makeTextPdf([['Albert Ross', 'Statement taken on 3 May 2026 at Walthamstow.']]),
      },
      // The first line only: its letters' middles are 64 to 72 points from the top of the page.
      { page: 1, rect: { x: 60, y: 58, width: 200, height: 18 } },
    );
    const schedule = (await officer.get(`/api/v1/documents/${documentId}`)).json().versions[1].schedule;
    expect(schedule).toEqual([expect.objectContaining({ kind: 'box', what: 'Albert Ross' })]);
    expect(version.fileName).toBe('[redacted] statement (redacted, version 2).pdf');

    const owner = await officer.post(`/api/v1/documents/${documentId}/versions/2/approval`, {
      stage: 'OWNER',
      note: 'by email from DS Marsh on 3 May',
    });
    expect(owner.statusCode, owner.body).toBe(200);
    const approved = await coroner.post(`/api/v1/documents/${documentId}/versions/2/approval`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const personId = await addInterestedPerson(t, caseId, { name: 'Joan Walsh', userId: family.user.id });
    const released = await officer.post(`/api/v1/documents/${documentId}/disclosures`, {
      versionId: version.id,
      interestedPersonIds: [personId],
      method: 'ONLINE',
    });
    expect(released.statusCode, released.body).toBe(201);

    const notices = await t.db
      .select({ body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.caseId, caseId), eq(notifications.template, 'DOCUMENT_DISCLOSED')));
    expect(notices.map((n) => n.body)).toEqual([
      expect.stringContaining('shared a document with you: Statement of [redacted].'),
    ]);
    expect(notices[0]!.body).not.toContain('Albert');

    const shared = (await family.get(`/api/v1/cases/${caseId}/documents`)).json().items;
    expect(shared).toEqual([expect.objectContaining({ documentId, title: 'Statement of [redacted]' })]);
    const download = await family.get(`/api/v1/documents/${documentId}/versions/2/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain(
      '[redacted] statement (redacted, version 2).pdf',
    );
    expect(download.headers['content-disposition']).not.toMatch(/albert|ross/i);

    const bundle = await officer.post(`/api/v1/cases/${caseId}/bundles`, {
      title: 'Inquest bundle',
      versionIds: [version.id],
    });
    expect(bundle.statusCode, bundle.body).toBe(200);
    const index = firstPage(bundle.rawPayload);
    expect(index).toContain('1. Statement of [redacted] (redacted, version 2)');
    expect(index).not.toMatch(/albert|ross/i);
  });
});
