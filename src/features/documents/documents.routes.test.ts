import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppDeps } from '../../app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { createViews } from '../../platform/views/views.ts';
import { documentPortalSections, documentsSharedWith } from './documents.portal.ts';
import { makePng } from './fixtures/make-documents.ts';
import { pdftotext } from './fixtures/pdftotext.ts';
import {
  addInterestedPerson,
  type Client,
  newCase,
  uploadWith,
  watchdogReport,
} from './fixtures/scenario.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
const MET = 'Metropolitan Police Service';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('document pages for the coroner’s office, the owner organisation and the family', () => {
  let t: TestApp;
  let officerApi: Client;
  let officer: Browser;
  let coroner: Browser;
  let police: Browser;
  let otherPolice: Browser;
  let family: Browser;
  let caseId: string;
  let personId: string;
  let documentId: string;
  let deceased: string;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    officerApi = await t.client(officerUser);
    officer = await t.browser(officerUser);
    coroner = await t.browser(await t.user('coroner'));
    police = await t.browser(await t.user('provider', { organisation: MET, name: 'DS Alan Marsh' }));
    otherPolice = await t.browser(await t.user('provider', { organisation: 'Essex Police' }));
    family = await t.browser(await t.user('interested-person', { name: 'Joan Walsh' }));
    caseId = (await newCase(officerApi)).id;
    deceased = (await officerApi.get(`/api/v1/cases/${caseId}`)).json().deceased.givenNames;
    personId = await addInterestedPerson(t, caseId, { name: 'Joan Walsh', userId: family.user.id });
    const res = await uploadWith(
      t,
      officerApi,
      caseId,
      { title: 'IOPC investigation report', ownerOrganisation: MET, kind: 'CONDUCT_REPORT' },
      { name: 'iopc.pdf', bytes: watchdogReport('MERLIN') },
    );
    documentId = res.json().id;
  });
  afterAll(() => t.close());

  it('lists a case’s documents and links to them from the case page', async () => {
    const list = await officer.get(`/cases/${caseId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('IOPC investigation report');
    expect(list.body).toContain('Add a document');
    const casePage = await officer.get(`/cases/${caseId}`);
    expect(casePage.body).toContain(`href="/cases/${caseId}/documents">Documents (1)`);
    expect((await officer.get(`/cases/${caseId}/documents/new`)).body).toContain(
      'enctype="multipart/form-data"',
    );
  });

  it('shows the owner organisation its documents and nothing else about the case', async () => {
    const mine = await police.get('/documents');
    expect(mine.body).toContain('IOPC investigation report');
    const page = await police.get(`/documents/${documentId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(deceased);
    expect(page.body).not.toContain('Who has read this document');
    expect(page.body).not.toContain('Joan Walsh');
    expect((await otherPolice.get(`/documents/${documentId}`)).statusCode).toBe(404);
    expect((await otherPolice.get('/documents')).body).not.toContain('IOPC investigation report');
    expect((await police.get(`/cases/${caseId}/documents`)).statusCode).toBe(403);
  });

  it('takes a proposal of words from a form, with errors in the GOV.UK error summary', async () => {
    const empty = await police.post(`/documents/${documentId}/redactions/words`, { text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter the words to redact');
    expect(empty.body).toContain('Choose why it should be redacted');
    const missing = await police.post(`/documents/${documentId}/redactions/words`, {
      text: 'albatross',
      reason: 'OTHER',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('These words were not found in the document');
    const ok = await police.post(`/documents/${documentId}/redactions/words`, {
      text: 'Merlin',
      reason: 'SENSITIVE_OPERATIONAL',
    });
    expect(ok.statusCode).toBe(303);
    expect((await police.get(ok.headers.location as string)).body).toContain('“Merlin”');
  });

  it('marks an area on a picture of the page, and audits the view of the page', async () => {
    const form = await police.get(`/documents/${documentId}/redactions/area?page=2`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`src="/documents/${documentId}/pages/2"`);
    expect(form.body).toContain('/documents/assets/mark-area.js');
    const image = await police.get(`/documents/${documentId}/pages/2`);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await police.get(`/documents/${documentId}/pages/9`)).statusCode).toBe(404);
    const viewed = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, documentId), eq(auditEvents.actorId, police.user.id)));
    expect(viewed.map((e) => e.detail)).toContainEqual(
      expect.objectContaining({ via: 'page-image', page: 2 }),
    );
    const bad = await police.post(`/documents/${documentId}/redactions/area?page=2`, {
      page: '2',
      left: 'ten',
      top: '40',
      width: '50',
      height: '5',
      reason: 'OTHER',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the distance from the left edge as a number from 0 to 100');
    const ok = await police.post(`/documents/${documentId}/redactions/area?page=2`, {
      page: '2',
      left: '5',
      top: '40',
      width: '60',
      height: '4',
      reason: 'THIRD_PARTY_PERSONAL_DATA',
    });
    expect(ok.statusCode).toBe(303);
    expect((await police.get(`/documents/${documentId}`)).body).toContain('An area of page 2');
    const js = await t.app.inject({ method: 'GET', url: '/documents/assets/mark-area.js' });
    expect(js.headers['content-type']).toContain('javascript');
  });

  it('makes a redacted version from the page and shows its schedule to the owner', async () => {
    const none = await police.post(`/documents/${documentId}/redacted-versions`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose the redactions to apply');
    const doc = (await officerApi.get(`/api/v1/documents/${documentId}`)).json();
    const made = await police.post(`/documents/${documentId}/redacted-versions`, {
      redactionIds: doc.redactions.map((r: { id: string }) => r.id),
    });
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toBe(`/documents/${documentId}/versions/2?done=version`);
    const version = await police.get(made.headers.location as string);
    expect(version.body).toContain('Redaction schedule');
    expect(version.body).toContain('“Merlin”');
    expect(version.body).toContain('Approve for your organisation');
  });

  it('records approvals from the version page: the owner’s, then the coroner’s', async () => {
    const owner = await police.post(`/documents/${documentId}/versions/2/approval`, { stage: 'OWNER' });
    expect(owner.statusCode).toBe(303);
    const coronerPage = await coroner.get(`/documents/${documentId}/versions/2`);
    expect(coronerPage.body).toContain('Approve for disclosure');
    expect(coronerPage.body).toContain('judicial decision');
    expect(coronerPage.body).toContain('by DS Alan Marsh');
    const done = await coroner.post(`/documents/${documentId}/versions/2/approval`, { stage: 'CORONER' });
    expect(done.statusCode).toBe(303);
    expect((await coroner.get(done.headers.location as string)).body).toContain('Approved by the coroner');
    // Nothing waits for the police now: the original, of which a redacted version was made, is not counted.
    const row = /IOPC investigation report<\/a>[\s\S]*?<\/tr>/.exec(
      (await police.get('/documents')).body,
    )![0];
    const cells = [...row.matchAll(/<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells.at(-1)).toBe('0');
    const officerNote = await officer.post(`/documents/${documentId}/versions/1/approval`, {
      stage: 'OWNER',
    });
    expect(officerNote.statusCode).toBe(400);
    expect(officerNote.body).toContain('how the owner agreed');
  });

  it('lets the coroner review a proposal and record the decision on relevance', async () => {
    const doc = (await officerApi.get(`/api/v1/documents/${documentId}`)).json();
    const rid = doc.redactions[0].id;
    const form = await coroner.get(`/documents/${documentId}/redactions/${rid}/review`);
    expect(form.statusCode).toBe(200);
    const noReason = await coroner.post(`/documents/${documentId}/redactions/${rid}/review`, {
      decision: 'REJECTED',
    });
    expect(noReason.statusCode).toBe(400);
    expect((await officer.get(`/documents/${documentId}/redactions/${rid}/review`)).statusCode).toBe(403);
    const decision = await coroner.get(`/documents/${documentId}/decision`);
    expect(decision.body).toContain(
      'r.15(d): the document relates to contemplated or commenced criminal proceedings',
    );
    const saved = await coroner.post(`/documents/${documentId}/decision`, {
      relevance: 'RELEVANT',
      withhold: 'no',
    });
    expect(saved.statusCode).toBe(303);
    expect((await coroner.get(`/documents/${documentId}`)).body).toContain('Relevant');
  });

  it('releases a version to the family from the release page', async () => {
    const form = await officer.get(`/documents/${documentId}/release`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Joan Walsh');
    const bad = await officer.post(`/documents/${documentId}/release`, { method: 'ONLINE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose who to release it to');
    const versionId = (await officerApi.get(`/api/v1/documents/${documentId}`)).json().versions[1].id;
    const on = (day: string, month: string, year: string) => ({
      versionId,
      interestedPersonIds: [personId],
      method: 'ONLINE',
      'disclosedOn-day': day,
      'disclosedOn-month': month,
      'disclosedOn-year': year,
    });
    const impossible = await officer.post(`/documents/${documentId}/release`, on('31', '2', '2026'));
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('Date of disclosure must be a real date');
    expect(impossible.body).not.toContain('YYYY-MM-DD');
    const cleared = await officer.post(`/documents/${documentId}/release`, on('', '', ''));
    expect(cleared.statusCode).toBe(400);
    expect(cleared.body).toContain('Enter the date of disclosure');
    const byPost = await officer.post(`/documents/${documentId}/release`, {
      ...on('25', '11', '2026'),
      interestedPersonIds: [await addInterestedPerson(t, caseId, { name: 'Metropolitan Police Service' })],
      method: 'POST',
    });
    expect(byPost.statusCode, byPost.body).toBe(303);
    const recorded = await officer.get(byPost.headers.location as string);
    expect(recorded.body).toContain('Release recorded. Send each person the marked copy');
    expect(recorded.body).not.toContain('It now appears in each person’s view');
    const ok = await officer.post(`/documents/${documentId}/release`, {
      versionId,
      interestedPersonIds: [personId],
      method: 'ONLINE',
      'disclosedOn-day': '25',
      'disclosedOn-month': '11',
      'disclosedOn-year': '2026',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const page = await officer.get(ok.headers.location as string);
    expect(page.body).toContain('Released. It now appears in each person’s view of the case.');
  });

  it('shows the family what was shared with them, and gives them the marked, redacted copy', async () => {
    const shared = await documentsSharedWith(t.db, family.user.id, caseId);
    expect(shared).toEqual([
      expect.objectContaining({ documentId, version: 2, redacted: true, releasedTo: 'Joan Walsh' }),
    ]);
    const deps = { database: t.database, views: createViews({ navigation: [] }) } as unknown as AppDeps;
    const principal = { userId: family.user.id, role: 'interested-person' } as Principal;
    const sections = await documentPortalSections(deps, principal, caseId);
    expect(sections).toHaveLength(1);
    expect(sections[0]!.title).toBe('Documents shared with you');
    expect(sections[0]!.html).toContain(shared[0]!.href);
    expect(sections[0]!.html).not.toContain('Merlin');
    expect(await documentPortalSections(deps, { ...principal, userId: police.user.id }, caseId)).toEqual([]);

    const page = await family.get(`/portal/cases/${caseId}/documents`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('IOPC investigation report');
    expect(page.body).not.toMatch(/merlin/i);
    const file = await family.get(shared[0]!.href);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    const text = pdftotext(file.rawPayload);
    if (text !== undefined) {
      expect(text).not.toMatch(/merlin/i);
      expect(text).toContain('Disclosed to Joan Walsh on 25 November 2026');
    }
    expect((await family.get(`/portal/cases/${caseId}/documents/${documentId}/versions/1`)).statusCode).toBe(
      404,
    );
    const elsewhere = (await newCase(officerApi)).id;
    expect((await family.get(`/portal/cases/${elsewhere}/documents`)).statusCode).toBe(404);
    expect(
      (await family.get(`/portal/cases/${elsewhere}/documents/${documentId}/versions/2`)).statusCode,
    ).toBe(404);
    expect((await family.get(`/documents/${documentId}`)).statusCode).toBe(403);
  });

  it('shows who read the document, the disclosure log, and lets staff withdraw a release', async () => {
    const page = await coroner.get(`/documents/${documentId}`);
    expect(page.body).toContain('Who has read this document');
    expect(page.body).toContain('Joan Walsh (Interested person)');
    expect(page.body).toContain('marked for Joan Walsh');
    const log = await coroner.get(`/cases/${caseId}/disclosure-log`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('No disclosure dates have been set at a pre-inquest review.');
    expect(log.body).toContain('Joan Walsh');
    const release = (await officerApi.get(`/api/v1/cases/${caseId}/disclosure-log`)).json().releases[0];
    expect(release.downloads).toBe(1);
    const form = await officer.get(`/documents/${documentId}/disclosures/${release.id}/withdraw`);
    expect(form.statusCode).toBe(200);
    expect(
      (await officer.post(`/documents/${documentId}/disclosures/${release.id}/withdraw`, {})).statusCode,
    ).toBe(400);
    const done = await officer.post(`/documents/${documentId}/disclosures/${release.id}/withdraw`, {
      reason: 'Released before the owner’s second review',
    });
    expect(done.statusCode).toBe(303);
    expect((await family.get(`/portal/cases/${caseId}/documents`)).body).toContain(
      'No documents are shared with you at the moment',
    );
  });

  it('makes a hearing bundle from the bundle page, and downloads a version as an attachment', async () => {
    const png = await uploadWith(
      t,
      officerApi,
      caseId,
      { title: 'Scene photograph', ownerOrganisation: MET },
      {
        name: 'scene.png',
        bytes: makePng(40, 30),
      },
    );
    const form = await officer.get(`/cases/${caseId}/bundle`);
    expect(form.body).toContain('Scene photograph: version 1: original');
    const ids = [
      (await officerApi.get(`/api/v1/documents/${documentId}`)).json().versions[1].id,
      png.json().versions[0].id,
    ];
    const bundle = await officer.get(
      `/cases/${caseId}/bundle.pdf?title=Inquest+bundle&versionIds=${ids[0]}&versionIds=${ids[1]}`,
    );
    expect(bundle.statusCode, bundle.body).toBe(200);
    expect(bundle.headers['content-type']).toBe('application/pdf');
    expect((await officer.get(`/cases/${caseId}/bundle.pdf?title=x`)).statusCode).toBe(400);
    const file = await officer.get(`/documents/${documentId}/versions/1/file`);
    expect(file.headers['content-disposition']).toContain('filename="iopc.pdf"');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(UUID.test(documentId)).toBe(true);
  });

  it('shows no banner, rather than failing, for a notice named like a built-in of every object', async () => {
    for (const done of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      for (const url of [
        `/cases/${caseId}/documents?done=${done}`,
        `/documents/${documentId}?done=${done}`,
        `/documents/${documentId}/versions/1?done=${done}`,
      ]) {
        const res = await officer.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body).not.toContain('govuk-notification-banner--success');
      }
    }
    expect((await officer.get(`/documents/${documentId}?done=added`)).body).toContain('Document added.');
    for (const file of ['constructor', '__proto__', 'toString']) {
      expect((await t.app.inject({ method: 'GET', url: `/documents/assets/${file}` })).statusCode).toBe(404);
    }
  });

  it('asks again for the page of a marked area when the form’s page is not one of the document’s', async () => {
    const before = (await officerApi.get(`/api/v1/documents/${documentId}`)).json().redactions.length;
    const area = { left: '5', top: '40', width: '60', height: '4', reason: 'THIRD_PARTY_PERSONAL_DATA' };
    for (const page of ['abc', '999', '0', ['1', '2']]) {
      const res = await police.post(`/documents/${documentId}/redactions/area`, { ...area, page });
      expect(res.statusCode, `page=${page}`).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toMatch(/Choose a page from 1 to \d+/);
      expect(res.body).toContain('value="60"');
    }
    const query = await police.post(`/documents/${documentId}/redactions/area?page=abc`, area);
    expect(query.statusCode).toBe(400);
    expect((await officerApi.get(`/api/v1/documents/${documentId}`)).json().redactions.length).toBe(before);
  });

  it('makes a redacted version only from redactions proposed on the document, whatever else the form carries', async () => {
    const doc = (await officerApi.get(`/api/v1/documents/${documentId}`)).json();
    const accepted = doc.redactions.find((r: { status: string }) => r.status !== 'REJECTED');
    for (const redactionIds of ['ZZZ', ['ZZZ', '../1'], '_unchecked']) {
      const res = await police.post(`/documents/${documentId}/redacted-versions`, { redactionIds });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Choose the redactions to apply');
    }
    const mixed = await police.post(`/documents/${documentId}/redacted-versions`, {
      redactionIds: [accepted.id, 'ZZZ'],
    });
    expect(mixed.statusCode, mixed.body).toBe(303);
    expect(mixed.headers.location).toMatch(/\/versions\/\d+\?done=version$/);
  });

  it('answers 404 for a release or a redaction that is not a real id', async () => {
    const withdraw = await officer.post(`/documents/${documentId}/disclosures/abc/withdraw`, { reason: 'x' });
    expect(withdraw.statusCode).toBe(404);
    const review = await coroner.post(`/documents/${documentId}/redactions/abc/review`, {
      decision: 'ACCEPTED',
    });
    expect(review.statusCode).toBe(404);
  });
});
