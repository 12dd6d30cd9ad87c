import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { type Client, newCase, uploadWith, watchdogReport } from './fixtures/scenario.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
const MET = 'Metropolitan Police Service';

describe('document forms keep what was typed and say what to change', () => {
  let t: TestApp;
  let officerApi: Client;
  let officer: Browser;
  let caseId: string;
  let documentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    officerApi = await t.client(officerUser);
    officer = await t.browser(officerUser);
    caseId = (await newCase(officerApi)).id;
    const res = await uploadWith(
      t,
      officerApi,
      caseId,
      { title: 'IOPC investigation report', ownerOrganisation: MET, kind: 'CONDUCT_REPORT' },
      { name: 'iopc.pdf', bytes: watchdogReport('HERON') },
    );
    expect(res.statusCode, res.body).toBe(201);
    documentId = res.json().id;
  });
  afterAll(() => t.close());

  it('refuses on the words page what the API refuses: fewer than 3 characters', async () => {
    const before = (await officerApi.get(`/api/v1/documents/${documentId}`)).json().redactions.length;
    for (const text of ['at', ' on ', 'x']) {
      const res = await officer.post(`/documents/${documentId}/redactions/words`, { text, reason: 'OTHER' });
      expect(res.statusCode, text).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain(
        'Enter at least 3 characters to redact. To remove something shorter, mark its area instead',
      );
      expect(res.body).toContain('href="#text"');
    }
    expect((await officerApi.get(`/api/v1/documents/${documentId}`)).json().redactions.length).toBe(before);
  });
});
