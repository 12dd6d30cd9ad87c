import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { asBrowser, followInvitation, linkFromOutbox } from './portal.fixtures.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;
const PASSWORD = 'four words to remember';

describe('the family’s pages, for a family whose names are written right to left', () => {
  let t: TestApp;
  let officer: Client;
  let caseId: string;
  let personId: string;
  let family: ReturnType<typeof asBrowser>;
  let familyCookie: string;
  let lawyer: ReturnType<typeof asBrowser>;

  async function invite(capacity: 'self' | 'representative') {
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${personId}/invitations`, {
      capacity,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { cookie } = await followInvitation(t, await linkFromOutbox(t, res.json().notificationId), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    return cookie!;
  }

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer', { name: 'يوسف حداد' }));
    caseId = (
      await officer.post(
        '/api/v1/deaths',
        deathReport({ deceased: { givenNames: 'דוד', familyName: 'כהן' }, notADuplicate: true }),
      )
    ).json().id;
    await officer.post(`/api/v1/cases/${caseId}/actions`, { type: 'ASSIGN', officerId: officer.user.id });
    personId = (
      await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
        name: 'שרה כהן',
        category: 'FAMILY',
        relationship: 'Sister',
        contact: { email: `sarah.${Date.now()}@family.example` },
        representative: {
          name: 'Priya Natarajan',
          firm: 'Natarajan Law',
          email: `priya.${Date.now()}@law.example`,
        },
        funding: 'LEGAL_AID',
      })
    ).json().id;
    familyCookie = await invite('self');
    family = asBrowser(t, familyCookie);
    lawyer = asBrowser(t, await invite('representative'));
  });
  afterAll(() => t.close());

  async function csrfOf(cookie: string): Promise<string> {
    const page = await t.app.inject({ method: 'GET', url: '/portal', headers: { cookie } });
    return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }

  it('sets each name apart, so that it keeps its place beside the date and the words around it', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: `/portal/cases/${caseId}/messages`,
      headers: { cookie: familyCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: await csrfOf(familyCookie),
        body: 'When can we see him?',
      }).toString(),
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const reply = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${personId}/messages`, {
      body: 'We will call you tomorrow.',
    });
    expect(reply.statusCode, reply.body).toBe(201);

    const page = await family.get(`/portal/cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The investigation into the death of <bdi>דוד כהן</bdi></h1>');
    expect(page.body).toContain('<bdi>يوسف حداد</bdi> looks after this case');
    // Not "29 ,שרה כהן November 2026": the name is isolated from the date that follows it.
    expect(page.body).toMatch(/<strong><bdi>שרה כהן<\/bdi><\/strong>, \d{1,2} [A-Z][a-z]+ \d{4} at /);
    expect(page.body).toMatch(
      /<strong><bdi>يوسف حداد<\/bdi>, coroner’s office<\/strong>, \d{1,2} [A-Z][a-z]+ \d{4} at /,
    );

    const list = await lawyer.get('/portal');
    expect(list.body).toContain('The investigation into the death of <bdi>דוד כהן</bdi></a>');
    expect(list.body).toContain('You act for <bdi>שרה כהן</bdi>');
  });

  it('leads back from the documents shared with them to their case', async () => {
    const page = await family.get(`/portal/cases/${caseId}/documents`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Documents shared with you');
    const back = `<a href="/portal/cases/${caseId}" class="govuk-back-link">Back to the case</a>`;
    expect(page.body).toContain(back);
    expect((await family.get(`/portal/cases/${caseId}/documents/`)).body).toContain(back);
  });
});
