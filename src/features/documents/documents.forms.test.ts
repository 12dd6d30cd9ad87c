import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { type Client, newCase, uploadWith, watchdogReport } from './fixtures/scenario.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
const MET = 'Metropolitan Police Service';

/** The value a form shows again in a text input. */
const inputValue = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];
/** The boxes shown ticked. */
const ticked = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*>`, 'g'))]
    .filter((m) => /\schecked\b/.test(m[0]))
    .map((m) => /value="([^"]*)"/.exec(m[0])?.[1]);

describe('document forms keep what was typed and say what to change', () => {
  let t: TestApp;
  let officerApi: Client;
  let coronerApi: Client;
  let officer: Browser;
  let coroner: Browser;
  let caseId: string;
  let documentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    const coronerUser = await t.user('coroner');
    officerApi = await t.client(officerUser);
    coronerApi = await t.client(coronerUser);
    officer = await t.browser(officerUser);
    coroner = await t.browser(coronerUser);
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

  it('shows the review form again, reasons kept, when a redaction in an approved version is not accepted', async () => {
    const proposed = await officerApi.post(`/api/v1/documents/${documentId}/redactions`, {
      text: 'heron',
      reason: 'SENSITIVE_OPERATIONAL',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const rid = proposed.json().id;
    const made = await officerApi.post(`/api/v1/documents/${documentId}/redacted-versions`, {
      redactionIds: [rid],
    });
    expect(made.statusCode, made.body).toBe(201);
    const v = made.json().number;
    const owner = await officerApi.post(`/api/v1/documents/${documentId}/versions/${v}/approval`, {
      stage: 'OWNER',
      note: 'by email from DS Marsh on 3 May',
    });
    expect(owner.statusCode, owner.body).toBe(200);
    expect(
      (await coronerApi.post(`/api/v1/documents/${documentId}/versions/${v}/approval`, {})).statusCode,
    ).toBe(200);

    const reason = 'The codename is already public: it was named at the trial';
    const res = await coroner.post(`/documents/${documentId}/redactions/${rid}/review`, {
      decision: 'REJECTED',
      reason,
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Review a proposed redaction');
    const refusal = `This redaction is part of version ${v}, which the coroner has approved. Make a new version without it instead.`;
    expect(res.body).toContain(`<a href="#decision">${refusal}</a>`);
    expect(res.body).toContain('govuk-error-message');
    expect(res.body).toContain(`${reason}</textarea>`);
    expect(res.body).toMatch(/value="REJECTED" checked/);
    const after = (await officerApi.get(`/api/v1/documents/${documentId}`)).json();
    expect(after.redactions.find((r: { id: string }) => r.id === rid).status).toBe('ACCEPTED');
  });

  it('shows the bundle form again when the title or the documents are missing, with the choices kept', async () => {
    const versionId = (await officerApi.get(`/api/v1/documents/${documentId}`)).json().versions[0].id;
    const form = await officer.get(`/cases/${caseId}/bundle`);
    expect(inputValue(form.body, 'title')).toBe('Hearing bundle');
    expect(ticked(form.body, 'versionIds')).toEqual([]);

    const noTitle = await officer.get(`/cases/${caseId}/bundle.pdf?title=&versionIds=${versionId}`);
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.headers['content-type']).toContain('text/html');
    expect(noTitle.body).toContain('govuk-error-summary');
    expect(noTitle.body).toContain('<a href="#title">Enter a title for the bundle</a>');
    expect(noTitle.body).not.toContain('(title)');
    expect(ticked(noTitle.body, 'versionIds')).toEqual([versionId]);

    const noDocuments = await officer.get(`/cases/${caseId}/bundle.pdf?title=Inquest+bundle`);
    expect(noDocuments.statusCode).toBe(400);
    expect(noDocuments.body).toContain('<a href="#versionIds">Choose the documents for the bundle</a>');
    expect(noDocuments.body).toContain('govuk-checkboxes__input');
    expect(inputValue(noDocuments.body, 'title')).toBe('Inquest bundle');

    // A version of another case's document is not one of this case's: asked again, choices kept.
    const elsewhere = await uploadWith(
      t,
      officerApi,
      (await newCase(officerApi)).id,
      { title: 'Another case’s statement', ownerOrganisation: MET },
      { name: 'note.txt', bytes: Buffer.from('Statement of the finder.') },
    );
    const foreign = await officer.get(
      `/cases/${caseId}/bundle.pdf?title=Inquest+bundle&versionIds=${elsewhere.json().versions[0].id}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('<a href="#versionIds">Choose versions of this case’s documents</a>');
    expect(inputValue(foreign.body, 'title')).toBe('Inquest bundle');

    const made = await officer.get(
      `/cases/${caseId}/bundle.pdf?title=Inquest+bundle&versionIds=${versionId}`,
    );
    expect(made.statusCode).toBe(200);
    expect(made.headers['content-type']).toBe('application/pdf');
  });
});
