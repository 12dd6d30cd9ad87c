import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { followInvitation } from '../portal/portal.fixtures.ts';
import { interestedPersons } from './interested-persons.tables.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;

const joanForm = {
  kind: 'person',
  name: 'Joan Walsh',
  category: 'FAMILY',
  relationship: 'Mother',
  isFamilyContact: 'yes',
  'contact.email': 'joan.pages@family.example',
  'contact.preferredChannel': 'email',
  'representative.name': 'Priya Natarajan',
  'representative.firm': 'Natarajan Law',
  'representative.email': 'priya.pages@law.example',
  funding: 'LEGAL_AID',
};

describe('the register pages of the coroner’s office', () => {
  let t: TestApp;
  let officer: Browser;
  let coroner: Browser;
  let caseId: string;
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.browser(await t.user('officer'));
    coroner = await t.browser(await t.user('coroner', { name: 'Nadia Rahman' }));
    const api = await t.client(officer.user);
    caseId = (await api.post('/api/v1/deaths', deathReport())).json().id;
  });
  afterAll(() => t.close());

  it('adds an interested person through the form, showing GOV.UK errors first', async () => {
    const bad = await officer.post(`/cases/${caseId}/interested-persons/new`, {
      ...joanForm,
      name: '',
      category: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Enter the name of the person or organisation');
    expect(bad.body).toContain('href="#category"');
    const res = await officer.post(`/cases/${caseId}/interested-persons/new`, joanForm);
    expect(res.statusCode, res.body).toBe(303);
    personId = /interested-persons\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    const [row] = await t.db.select().from(interestedPersons).where(eq(interestedPersons.id, personId));
    expect(row).toMatchObject({
      isFamilyContact: true,
      email: 'joan.pages@family.example',
      representative: { name: 'Priya Natarajan', firm: 'Natarajan Law', email: 'priya.pages@law.example' },
      funding: 'LEGAL_AID',
      status: 'PROPOSED',
    });
    const page = await officer.get(res.headers.location as string);
    expect(page.body).toContain('The interested person has been added to the register.');
    expect(page.body).toContain('Awaiting the coroner’s decision');
    expect(page.body).not.toContain('Record your decision');
  });

  it('lists the register and links it from the case page', async () => {
    const register = await officer.get(`/cases/${caseId}/interested-persons`);
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Joan Walsh');
    expect(register.body).toContain('<bdi>Priya Natarajan</bdi>, <bdi>Natarajan Law</bdi>');
    const casePage = await officer.get(`/cases/${caseId}`);
    expect(casePage.body).toContain('Interested persons (1)');
  });

  it('shows no banner, rather than failing, for a notice named like a built-in of every object', async () => {
    for (const done of ['constructor', '__proto__', 'toString']) {
      for (const url of [
        `/cases/${caseId}/interested-persons?done=${done}`,
        `/cases/${caseId}/interested-persons/${personId}?done=${done}`,
      ]) {
        const res = await officer.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body).not.toContain('govuk-notification-banner');
      }
    }
    expect((await officer.get(`/cases/${caseId}/interested-persons/${personId}?done=saved`)).body).toContain(
      'The details have been saved.',
    );
  });

  it('keeps the decision on status for the coroner: officers are refused', async () => {
    expect((await officer.get(`/cases/${caseId}/interested-persons/${personId}/decision`)).statusCode).toBe(
      403,
    );
    const byOfficer = await officer.post(`/cases/${caseId}/interested-persons/${personId}/decision`, {
      status: 'RECOGNISED',
      reasons: 'Mother.',
    });
    expect(byOfficer.statusCode).toBe(403);
    const noReasons = await coroner.post(`/cases/${caseId}/interested-persons/${personId}/decision`, {
      status: 'RECOGNISED',
    });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('Enter the reasons for your decision');
    const ok = await coroner.post(`/cases/${caseId}/interested-persons/${personId}/decision`, {
      status: 'RECOGNISED',
      reasons: 'Mother of the deceased.',
    });
    expect(ok.statusCode).toBe(303);
    const page = await coroner.get(`/cases/${caseId}/interested-persons/${personId}`);
    expect(page.body).toContain('<bdi>Nadia Rahman</bdi>, 25 November 2026: Mother of the deceased.');
  });

  it('sends invitations, removes the representative and sends messages, each audited', async () => {
    const base = `/cases/${caseId}/interested-persons/${personId}`;
    // No email service is set up here: the office is shown the link once, to give to the person itself.
    const self = await officer.post(`${base}/invitations`, { capacity: 'self' });
    expect(self.statusCode).toBe(200);
    expect(self.body).toContain('Email is not set up for this service, so the invitation was not emailed.');
    const link = /http:\/\/[^\s<]+\/invitations\/[A-Za-z0-9_-]{40,}/.exec(self.body)?.[0];
    expect(link).toBeDefined();
    const invitationPage = await t.app.inject({ method: 'GET', url: new URL(link!).pathname });
    expect(invitationPage.statusCode).toBe(200);
    expect(invitationPage.headers['cache-control']).toBe('no-store');
    expect((await officer.get(base)).body).not.toContain(new URL(link!).pathname);
    expect((await officer.post(`${base}/invitations`, { capacity: 'representative' })).statusCode).toBe(200);
    const sent = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, caseId), eq(notifications.template, 'PORTAL_INVITATION')));
    expect(sent.map((n) => n.email).sort()).toEqual(['joan.pages@family.example', 'priya.pages@law.example']);
    // The page sent again (a reload after the link was shown) makes nothing new: the link given out still works.
    const form = await officer.get(base);
    const once = /name="capacity" value="self">\s*<input type="hidden" name="_once" value="([^"]+)"/.exec(
      form.body,
    )![1]!;
    const first = await officer.post(`${base}/invitations`, { capacity: 'self', _once: once });
    const firstLink = /http:\/\/[^\s<]+\/invitations\/[A-Za-z0-9_-]{40,}/.exec(first.body)![0];
    const again = await officer.post(`${base}/invitations`, { capacity: 'self', _once: once });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('This invitation was already made');
    expect(again.body).not.toMatch(/\/invitations\/[A-Za-z0-9_-]{40,}/);
    expect((await t.app.inject({ method: 'GET', url: new URL(firstLink).pathname })).statusCode).toBe(200);
    const page = await officer.get(`${base}?done=invited`);
    expect(page.body).toContain('Not used yet');
    // Removing the lawyer is confirmed first, saying what it does; nothing changes until then.
    expect((await officer.get(base)).body).toContain(`href="${base}/representative/removal"`);
    const confirm = await officer.get(`${base}/representative/removal`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('will no longer see this case');
    expect(confirm.body).toContain('funding will be recorded as “Not represented”');
    expect((await officer.get(base)).body).not.toMatch(
      /Funding\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not represented/,
    );
    const removed = await officer.post(`${base}/representative/removal`);
    expect(removed.statusCode).toBe(303);
    expect((await officer.get(removed.headers.location as string)).body).toContain(
      'funding is now recorded as not represented',
    );
    // With no lawyer left, the confirmation page leads back to the person.
    expect((await officer.get(`${base}/representative/removal`)).statusCode).toBe(303);
    expect((await officer.get(base)).body).toMatch(
      /Funding\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not represented/,
    );
    const after = await officer.get(base);
    expect(after.body).not.toContain('Invite their legal representative');
    expect(after.body).toContain('No longer valid');
    const empty = await officer.post(`${base}/messages`, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your message');
    expect(
      (await officer.post(`${base}/messages`, { body: 'The post-mortem report is ready.' })).statusCode,
    ).toBe(303);
    expect((await officer.get(base)).body).toContain('The post-mortem report is ready.');
    const register = await officer.get(`/cases/${caseId}/interested-persons`);
    expect(register.body).toMatch(/<td class="govuk-table__cell">\s*1\s*<\/td>/);
    expect(register.body).toContain('Invited, not used yet');
    const actions = (
      await t.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.subjectId, personId))
    ).map((a) => a.action);
    for (const action of [
      'INTERESTED_PERSON_ADDED',
      'INTERESTED_PERSON_DECISION',
      'PORTAL_INVITATION_SENT',
      'REPRESENTATIVE_REMOVED',
    ])
      expect(actions).toContain(action);
  });

  it('offers the coroner a decision on someone awaiting one who is not family, and points refusals at their button', async () => {
    const api = await t.client(officer.user);
    const insurer = (
      await api.post(`/api/v1/cases/${caseId}/interested-persons`, {
        name: 'Acme Insurers',
        kind: 'organisation',
        category: 'INSURER',
      })
    ).json();
    const url = `/cases/${caseId}/interested-persons/${insurer.id}`;
    const awaiting = await coroner.get(url);
    expect(awaiting.body).toContain(`href="${url}/decision"`);
    // No invitation until the coroner decides, and the page says so where the buttons would be.
    expect(awaiting.body).not.toContain('id="invite-self"');
    expect(awaiting.body).toContain(
      '<bdi>Acme Insurers</bdi> can be invited to follow the case online once the coroner decides they are an interested person.',
    );
    const pat = (
      await api.post(`/api/v1/cases/${caseId}/interested-persons`, { name: 'Pat Walsh', category: 'FAMILY' })
    ).json();
    const patUrl = `/cases/${caseId}/interested-persons/${pat.id}`;
    const form = await officer.get(patUrl);
    const once = /name="capacity" value="self">\s*<input type="hidden" name="_once" value="([^"]+)"/.exec(
      form.body,
    )![1]!;
    const refused = await officer.post(`${patUrl}/invitations`, { capacity: 'self', _once: once });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#invite-self">Add an email address for Pat Walsh first.');
    expect(refused.body).toContain('id="invite-self"');
    const unread = await officer.post(`${patUrl}/messages`, { body: 'Hello' });
    expect(unread.statusCode).toBe(400);
    expect(unread.body).toContain('href="#body">Pat Walsh does not follow the case online');
  });

  it('sets a name written right to left apart from the date and words beside it, on the office’s pages', async () => {
    const api = await t.client(officer.user);
    const sarah = (
      await api.post(`/api/v1/cases/${caseId}/interested-persons`, {
        name: 'שרה כהן',
        category: 'FAMILY',
        contact: { email: `sarah.${Date.now()}@family.example` },
        representative: { name: 'مريم حداد', firm: 'مكتب حداد للمحاماة' },
        funding: 'PRIVATE',
      })
    ).json();
    const base = `/cases/${caseId}/interested-persons/${sarah.id}`;
    expect(
      (await coroner.post(`${base}/decision`, { status: 'RECOGNISED', reasons: 'Sister.' })).statusCode,
    ).toBe(303);
    // No email service here: the office is given the link to hand over, naming her.
    const invited = await officer.post(`${base}/invitations`, { capacity: 'self' });
    expect(invited.body).toContain('Invitation link to give to <bdi>שרה כהן</bdi>');
    expect(invited.body).toContain('Give this link to <bdi>שרה כהן</bdi> yourself');
    const secret = /\/invitations\/([A-Za-z0-9_-]{40,})/.exec(invited.body)![1]!;
    const invitation = await t.app.inject({ method: 'GET', url: `/invitations/${secret}` });
    expect(invitation.body).toMatch(/to follow the investigation into the death of <bdi>[^<]+<\/bdi> online/);
    const password = 'four words to remember';
    const { cookie } = await followInvitation(t, secret, { password, confirmPassword: password });
    const portal = await t.app.inject({ method: 'GET', url: '/portal', headers: { cookie: cookie! } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(portal.body)![1]!;
    const fromSarah = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/cases/${caseId}/messages`,
      headers: { cookie: cookie!, 'x-csrf-token': csrf },
      payload: { body: 'When is the hearing?' },
    });
    expect(fromSarah.statusCode, fromSarah.body).toBe(201);
    const yusuf = await t.browser(await t.user('officer', { name: 'يوسف حداد' }));
    expect((await yusuf.post(`${base}/messages`, { body: 'We will write this week.' })).statusCode).toBe(303);

    const page = await officer.get(base);
    expect(page.body).toMatch(/<strong><bdi>שרה כהן<\/bdi><\/strong>, \d{1,2} [A-Z][a-z]+ \d{4} at /);
    expect(page.body).toMatch(
      /<strong><bdi>يوسف حداد<\/bdi>, coroner’s office<\/strong>, \d{1,2} [A-Z][a-z]+ \d{4} at /,
    );
    expect(page.body).toContain('<li><bdi>שרה כהן</bdi> (sarah.');
    expect(page.body).toContain('<bdi>مريم حداد</bdi>, <bdi>مكتب حداد للمحاماة</bdi>');
    expect(page.body).toMatch(/<bdi>Nadia Rahman<\/bdi>, \d{1,2} [A-Z][a-z]+ \d{4}: Sister\./);
    const removal = await officer.get(`${base}/representative/removal`);
    expect(removal.body).toContain('<bdi>مريم حداد</bdi> will no longer see this case');
    expect(removal.body).toContain('<bdi>שרה כהן</bdi>’s funding');
    expect((await officer.get(`${base}/edit`)).body).toContain('Change the details of <bdi>שרה כהן</bdi>');
  });

  it('takes the office back to the messages when the address a refused message was sent to is opened again', async () => {
    const base = `/cases/${caseId}/interested-persons/${personId}`;
    const empty = await officer.post(`${base}/messages`, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your message');
    // Reloaded, or gone back to, that address is the person's page at their messages, not "Page not found".
    const again = await officer.get(`${base}/messages`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${base}#messages`);
    const page = await officer.get(again.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="messages"');
    // Someone who can read the page but not send messages is taken there too.
    const chief = await t.browser(await t.user('chief-coroner'));
    expect((await chief.get(`${base}/messages`)).headers.location).toBe(`${base}#messages`);
    // An address naming nobody on the case stays not found.
    expect(
      (await officer.get(`/cases/${caseId}/interested-persons/00000000-0000-4000-8000-000000000000/messages`))
        .statusCode,
    ).toBe(404);
  });

  it('changes the details; a new lawyer replaces the old one', async () => {
    const base = `/cases/${caseId}/interested-persons/${personId}`;
    const form = await officer.get(`${base}/edit`);
    expect(form.body).toContain('value="joan.pages@family.example"');
    const res = await officer.post(`${base}/edit`, {
      ...joanForm,
      'representative.name': 'Sam Obi',
      'representative.firm': 'Obi & Co',
    });
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(interestedPersons).where(eq(interestedPersons.id, personId));
    expect(row!.representative).toMatchObject({ name: 'Sam Obi', firm: 'Obi & Co' });
  });
});
