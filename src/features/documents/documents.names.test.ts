import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { makeTextPdf } from './fixtures/make-documents.ts';
import { type Client, newCase, uploadWith } from './fixtures/scenario.ts';

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
  let officerPages: Browser;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    officer = await t.client(officerUser);
    officerPages = await t.browser(officerUser);
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
});
