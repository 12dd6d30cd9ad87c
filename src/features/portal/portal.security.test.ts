import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { uploadWith, watchdogReport } from '../documents/fixtures/scenario.ts';
import { asBrowser, followInvitation, linkFromOutbox } from './portal.fixtures.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;
const PASSWORD = 'four words to remember';

describe('the portal: a family member sees only their own case', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let ourCase: string;
  let otherCase: string;
  let joanId: string;
  let family: ReturnType<typeof asBrowser>;
  let familyCookie: string;
  let joanEmail: string;

  async function invite(caseId: string, personId: string, capacity: 'self' | 'representative') {
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${personId}/invitations`, {
      capacity,
    });
    expect(res.statusCode, res.body).toBe(201);
    return linkFromOutbox(t, res.json().notificationId);
  }

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer', { name: 'Tom Whitfield' }));
    coroner = await t.client(await t.user('coroner'));
    ourCase = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    otherCase = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    await officer.post(`/api/v1/cases/${ourCase}/actions`, { type: 'ASSIGN', officerId: officer.user.id });
    joanEmail = `joan.${Date.now()}@family.example`;
    const joan = await officer.post(`/api/v1/cases/${ourCase}/interested-persons`, {
      name: 'Joan Walsh',
      category: 'FAMILY',
      relationship: 'Mother',
      contact: { email: joanEmail, preferredChannel: 'email' },
      representative: {
        name: 'Priya Natarajan',
        firm: 'Natarajan Law',
        email: `priya.${Date.now()}@law.example`,
      },
      funding: 'LEGAL_AID',
    });
    joanId = joan.json().id;
    // Someone else's family, on the other case.
    await officer.post(`/api/v1/cases/${otherCase}/interested-persons`, {
      name: 'Rita Okoro',
      category: 'FAMILY',
      contact: { email: `rita.${Date.now()}@family.example` },
    });
    const link = await invite(ourCase, joanId, 'self');
    const { res, cookie } = await followInvitation(t, link, {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/portal/cases/${ourCase}`);
    familyCookie = cookie!;
    family = asBrowser(t, familyCookie);
  });
  afterAll(() => t.close());

  it('signs the person in through the invitation, and they can sign in again with their password', async () => {
    const page = await family.get(`/portal/cases/${ourCase}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The death was reported to the coroner');
    expect(page.body).toContain('What happens next');
    expect(page.body).toContain('Coroners’ Courts Support Service');
    expect(page.body).toContain('INQUEST');
    const signIn = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const anon = signIn.cookies.find((c) => c.name === 'oc_csrf')!.value;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signIn.body)![1]!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: `oc_csrf=${anon}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        email: joanEmail,
        password: PASSWORD,
        returnTo: '/portal',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/portal');
  });

  it('never shows another case: 404 in the browser and through the API', async () => {
    expect((await family.get(`/portal/cases/${otherCase}`)).statusCode).toBe(404);
    expect((await family.get('/portal/cases/not-a-uuid')).statusCode).toBe(404);
    const list = await family.get('/portal');
    expect(list.body).toContain(`/portal/cases/${ourCase}`);
    expect(list.body).not.toContain(otherCase);
    const api = await family.get('/api/v1/portal/cases');
    expect(api.json().items.map((c: { id: string }) => c.id)).toEqual([ourCase]);
    expect((await family.get(`/api/v1/portal/cases/${otherCase}`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/portal/cases/${otherCase}/messages`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/cases/${otherCase}/documents`)).statusCode).toBe(404);
    expect((await family.get(`/portal/cases/${otherCase}/documents`)).statusCode).toBe(404);
    // The message form's address, reloaded after a refusal, goes back to the messages; never another case's.
    const reloaded = await family.get(`/portal/cases/${ourCase}/messages`);
    expect(reloaded.statusCode).toBe(303);
    expect(reloaded.headers.location).toBe(`/portal/cases/${ourCase}#messages`);
    expect((await family.get(`/portal/cases/${otherCase}/messages`)).statusCode).toBe(404);
  });

  it('never shows a document that has not been released to them', async () => {
    const upload = await uploadWith(
      t,
      officer,
      ourCase,
      { title: 'Draft police statement', ownerOrganisation: 'Metropolitan Police Service' },
      {
        name: 'statement.pdf',
        type: 'application/pdf',
        bytes: watchdogReport('KESTREL'),
      },
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const documentId = upload.json().id;
    const list = await family.get(`/api/v1/cases/${ourCase}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);
    expect((await family.get(`/api/v1/documents/${documentId}/versions/1/content`)).statusCode).toBe(404);
    const page = await family.get(`/portal/cases/${ourCase}`);
    expect(page.body).not.toContain('Draft police statement');
    expect(page.body).toContain('No documents are shared with you at the moment');
  });

  it('cannot act on a case, nor see the staff’s view of it', async () => {
    const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie: familyCookie, 'x-csrf-token': 'x' }, payload });
    expect((await family.get(`/api/v1/cases/${ourCase}`)).statusCode).toBe(403);
    expect((await family.get(`/cases/${ourCase}`)).statusCode).toBe(403);
    expect((await family.get(`/cases/${ourCase}/interested-persons`)).statusCode).toBe(403);
    expect(
      (await inject('POST', `/api/v1/cases/${ourCase}/actions`, { type: 'RECORD_NOTE', note: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await inject('POST', `/api/v1/cases/${ourCase}/interested-persons`, { name: 'X', category: 'FAMILY' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await inject('POST', `/api/v1/cases/${ourCase}/interested-persons/${joanId}/decision`, {
          status: 'RECOGNISED',
          reasons: 'x',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses one of the most common passwords for a new account, and keeps the link usable', async () => {
    const sam = await officer.post(`/api/v1/cases/${ourCase}/interested-persons`, {
      name: 'Sam Walsh',
      category: 'FAMILY',
      relationship: 'Brother',
      contact: { email: `sam.${Date.now()}@family.example` },
    });
    const link = await invite(ourCase, sam.json().id, 'self');
    for (const common of ['password1234', 'Passw0rd2026!']) {
      const refused = await followInvitation(t, link, { password: common, confirmPassword: common });
      expect(refused.res.statusCode, common).toBe(400);
      expect(refused.res.body).toContain('This password is one of the most common');
      expect(refused.cookie).toBeUndefined();
    }
    const chosen = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(chosen.res.statusCode, chosen.res.body).toBe(303);
    // Signed in until the browser is closed, as at the sign-in page.
    const session = chosen.res.cookies.find((c) => c.name === 'oc_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session.maxAge).toBeUndefined();
  });

  it('refuses a link used once already, in plain words', async () => {
    const link = await invite(ourCase, joanId, 'self');
    const first = await followInvitation(t, link, { password: PASSWORD });
    expect(first.res.statusCode, first.res.body).toBe(303);
    const again = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(again.page.statusCode).toBe(410);
    expect(again.page.body).toContain('This invitation link has already been used');
    expect(again.res.statusCode).toBe(410);
    expect(again.cookie).toBeUndefined();
  });

  it('refuses an expired link, and a link replaced by a newer one', async () => {
    const stale = await invite(ourCase, joanId, 'representative');
    const link = await invite(ourCase, joanId, 'representative');
    const replaced = await followInvitation(t, stale, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(replaced.res.statusCode).toBe(410);
    expect(replaced.res.body).toContain('no longer valid');
    t.clock.advanceDays(7);
    try {
      const expired = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
      expect(expired.res.statusCode).toBe(410);
      expect(expired.res.body).toContain('This invitation link has expired');
      expect(expired.cookie).toBeUndefined();
    } finally {
      t.clock.advanceDays(-7);
    }
    const unknown = await followInvitation(t, 'A'.repeat(43), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(unknown.res.statusCode).toBe(410);
    expect(unknown.res.body).toContain('This invitation link is not valid');
  });

  it('refuses a link sent to an email address since corrected, or to someone no longer an interested person', async () => {
    const rita = (
      await officer.post(`/api/v1/cases/${ourCase}/interested-persons`, {
        name: 'Rita Walsh',
        category: 'FAMILY',
        contact: { email: `rita.${Date.now()}@wrong-domain.example` },
      })
    ).json();
    const mistyped = await invite(ourCase, rita.id, 'self');
    const corrected = await officer.put(`/api/v1/cases/${ourCase}/interested-persons/${rita.id}`, {
      name: 'Rita Walsh',
      category: 'FAMILY',
      contact: { email: `rita.${Date.now()}@right.example` },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const wrongHands = await followInvitation(t, mistyped, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(wrongHands.res.statusCode).toBe(410);
    expect(wrongHands.res.body).toContain('no longer valid');
    expect(wrongHands.cookie).toBeUndefined();
    const register = (await officer.get(`/api/v1/cases/${ourCase}/interested-persons/${rita.id}`)).json();
    expect(register.invitations.every((i: { state: string }) => i.state === 'withdrawn')).toBe(true);

    // Someone recategorised out of the family before they used their link.
    const fresh = await invite(ourCase, rita.id, 'self');
    await officer.put(`/api/v1/cases/${ourCase}/interested-persons/${rita.id}`, {
      name: 'Rita Walsh',
      category: 'SUFFICIENT_INTEREST',
      contact: { email: register.contact.email },
    });
    const ineligible = await followInvitation(t, fresh, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(ineligible.res.statusCode).toBe(410);
    expect(ineligible.cookie).toBeUndefined();
  });

  it('counts a wrong password for an existing account towards its lock-out, as at sign-in', async () => {
    const twoCases = `lee.${randomUUID().slice(0, 8)}@family.example`;
    const add = async (caseId: string) =>
      (
        await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
          name: 'Lee Marsh',
          category: 'FAMILY',
          contact: { email: twoCases },
        })
      ).json().id as string;
    const first = await followInvitation(t, await invite(ourCase, await add(ourCase), 'self'), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(first.res.statusCode).toBe(303);
    const another = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const link = await invite(another, await add(another), 'self');
    for (let i = 0; i < 4; i++) {
      const wrong = await followInvitation(t, link, { password: `wrong ${i}` });
      expect(wrong.res.statusCode).toBe(400);
      expect(wrong.res.body).toContain('Enter the password you already use to sign in to OpenCoroner');
    }
    const fifth = await followInvitation(t, link, { password: 'wrong again' });
    expect(fifth.res.body).toContain('This account is locked after too many wrong passwords');
    // Locked: the right password does not add the case, here or at sign-in, until the lock ends.
    const right = await followInvitation(t, link, { password: PASSWORD });
    expect(right.res.statusCode).toBe(400);
    expect(right.cookie).toBeUndefined();
    expect(right.res.body).toContain('This account is locked');
    const failed = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'SIGN_IN_LOCKED'));
    expect(failed.length).toBeGreaterThan(0);
  });

  it('asks for a long enough password, typed twice the same', async () => {
    const link = await invite(ourCase, joanId, 'representative');
    const short = await followInvitation(t, link, { password: 'short', confirmPassword: 'short' });
    expect(short.res.statusCode).toBe(400);
    expect(short.res.body).toContain('Enter a password of at least 12 characters');
    const spaces = ' '.repeat(14);
    const blank = await followInvitation(t, link, { password: spaces, confirmPassword: spaces });
    expect(blank.res.statusCode).toBe(400);
    expect(blank.res.body).toContain('not counting spaces at the start or end');
    const differ = await followInvitation(t, link, { password: PASSWORD, confirmPassword: `${PASSWORD}!` });
    expect(differ.res.body).toContain('The passwords do not match');
  });

  it('ends the legal representative’s access at once when they are removed', async () => {
    const link = await invite(ourCase, joanId, 'representative');
    const { res, cookie } = await followInvitation(t, link, {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(303);
    const lawyer = asBrowser(t, cookie!);
    expect((await lawyer.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(200);
    expect((await lawyer.get(`/portal/cases/${ourCase}`)).statusCode).toBe(200);
    const removed = await officer.delete(
      `/api/v1/cases/${ourCase}/interested-persons/${joanId}/representative`,
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().access.map((a: { capacity: string }) => a.capacity)).toEqual(['self']);
    expect((await lawyer.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(404);
    expect((await lawyer.get(`/portal/cases/${ourCase}`)).statusCode).toBe(404);
    expect((await lawyer.get(`/api/v1/cases/${ourCase}/documents`)).statusCode).toBe(404);
    expect((await lawyer.get('/api/v1/portal/cases')).json().items).toEqual([]);
    expect((await family.get(`/portal/cases/${ourCase}`)).statusCode).toBe(200);
  });

  it('ends a lawyer’s access at once when the office records a different lawyer', async () => {
    const email = `sam.${Date.now()}@law.example`;
    const details = {
      name: 'Joan Walsh',
      category: 'FAMILY',
      relationship: 'Mother',
      contact: { email: joanEmail, preferredChannel: 'email' },
      funding: 'LEGAL_AID',
    };
    await officer.put(`/api/v1/cases/${ourCase}/interested-persons/${joanId}`, {
      ...details,
      representative: { name: 'Sam Obi', firm: 'Obi & Co', email },
    });
    const link = await invite(ourCase, joanId, 'representative');
    const { cookie } = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
    const sam = asBrowser(t, cookie!);
    expect((await sam.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(200);
    const changed = await officer.put(`/api/v1/cases/${ourCase}/interested-persons/${joanId}`, {
      ...details,
      representative: {
        name: 'Lena Fischer',
        firm: 'Fischer Solicitors',
        email: `lena.${Date.now()}@law.example`,
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await sam.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(200);
  });

  it('keeps an audited thread of messages both ways, seen by the office on the case', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/cases/${ourCase}/messages`,
      headers: { cookie: familyCookie, 'x-csrf-token': await csrfOf(familyCookie) },
      payload: { body: 'When will we be told the date of the inquest?' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const forSomeoneElse = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/cases/${ourCase}/messages`,
      headers: { cookie: familyCookie, 'x-csrf-token': await csrfOf(familyCookie) },
      payload: { body: 'Written as someone else', interestedPersonId: randomUUID() },
    });
    expect(forSomeoneElse.statusCode).toBe(400);
    expect(forSomeoneElse.json().error.fields.interestedPersonId).toBe(
      'Choose someone you act for on this case',
    );
    const [notice] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, ourCase), eq(notifications.template, 'PORTAL_MESSAGE_RECEIVED')));
    expect(notice).toMatchObject({ email: officer.user.email });
    expect(notice!.body).not.toContain('date of the inquest');
    const staffView = await officer.get(`/api/v1/cases/${ourCase}/interested-persons/${joanId}/messages`);
    expect(staffView.json().map((m: { body: string }) => m.body)).toContain(
      'When will we be told the date of the inquest?',
    );
    const reply = await officer.post(`/api/v1/cases/${ourCase}/interested-persons/${joanId}/messages`, {
      body: 'We will write to you at least a week before.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const thread = (await family.get(`/api/v1/portal/cases/${ourCase}`)).json().messages;
    expect(thread.map((m: { from: string }) => m.from)).toEqual(['interested-person', 'coroners-office']);
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, ourCase), eq(auditEvents.action, 'PORTAL_MESSAGE_SENT')));
    expect(audited).toHaveLength(2);
    expect((await family.get(`/portal/cases/${ourCase}`)).body).toContain(
      'We will write to you at least a week before.',
    );
  });

  it('ends the family’s own access at once when the coroner removes them from the register', async () => {
    const res = await coroner.post(`/api/v1/cases/${ourCase}/interested-persons/${joanId}/decision`, {
      status: 'REMOVED',
      reasons: 'Added in error: not a relative.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await family.get(`/portal/cases/${ourCase}`)).statusCode).toBe(404);
    expect((await family.get(`/api/v1/portal/cases/${ourCase}`)).statusCode).toBe(404);
    expect((await family.get('/api/v1/portal/cases')).json().items).toEqual([]);
    // Nor does the office write into a thread they can no longer read.
    const unread = await officer.post(`/api/v1/cases/${ourCase}/interested-persons/${joanId}/messages`, {
      body: 'Are you still there?',
    });
    expect(unread.statusCode).toBe(409);
    expect(unread.json().error.message).toContain('cannot read messages here');
  });

  it('tells the area’s officers of a family message on a case with no officer, and refuses messages nobody could read', async () => {
    const rita = (await officer.get(`/api/v1/cases/${otherCase}/interested-persons`)).json().items[0];
    const offline = await officer.post(`/api/v1/cases/${otherCase}/interested-persons/${rita.id}/messages`, {
      body: 'Hello',
    });
    expect(offline.statusCode).toBe(409);
    expect(offline.json().error.message).toContain('does not follow the case online');
    const link = await invite(otherCase, rita.id, 'self');
    const { cookie } = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/cases/${otherCase}/messages`,
      headers: { cookie: cookie!, 'x-csrf-token': await csrfOf(cookie!) },
      payload: { body: 'Is anyone looking after my brother’s case?' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const notices = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, otherCase), eq(notifications.template, 'PORTAL_MESSAGE_RECEIVED')));
    expect(notices.map((n) => n.email)).toContain(officer.user.email);
  });

  it('lets a lawyer for two relatives say whom a message is about, and tells the lawyer of replies', async () => {
    const divided = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const lou = { name: 'Lou Marsh', firm: 'Marsh & Co', email: `lou.${Date.now()}@law.example` };
    const add = async (name: string) =>
      (
        await officer.post(`/api/v1/cases/${divided}/interested-persons`, {
          name,
          category: 'FAMILY',
          representative: lou,
          funding: 'PRIVATE',
        })
      ).json().id as string;
    const sarah = await add('Sarah Pike');
    const tom = await add('Tom Pike');
    const first = await followInvitation(t, await invite(divided, sarah, 'representative'), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    await followInvitation(t, await invite(divided, tom, 'representative'), { password: PASSWORD });
    const cookie = first.cookie!;
    const page = await asBrowser(t, cookie).get(`/portal/cases/${divided}`);
    expect(page.body).toContain('Who is this message about?');
    // The form posts to no place on the page: a refusal opens at its error summary, not at the messages.
    expect(page.body).toContain(`action="/portal/cases/${divided}/messages" novalidate`);
    const post = async (payload: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/portal/cases/${divided}/messages`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: await csrfOf(cookie), ...payload }).toString(),
      });
    const unsaid = await post({ body: 'About the evidence.' });
    expect(unsaid.statusCode).toBe(400);
    expect(unsaid.body).toContain('href="#interestedPersonId">Choose who the message is about');
    expect((await post({ body: 'About Tom’s evidence.', interestedPersonId: tom })).statusCode).toBe(303);
    const toms = (await officer.get(`/api/v1/cases/${divided}/interested-persons/${tom}/messages`)).json();
    expect(toms.map((m: { body: string }) => m.body)).toEqual(['About Tom’s evidence.']);
    const sarahs = (
      await officer.get(`/api/v1/cases/${divided}/interested-persons/${sarah}/messages`)
    ).json();
    expect(sarahs).toEqual([]);
    expect((await asBrowser(t, cookie).get(`/portal/cases/${divided}`)).body).toContain(
      '(about <bdi>Tom Pike</bdi>)',
    );
    const reply = await officer.post(`/api/v1/cases/${divided}/interested-persons/${tom}/messages`, {
      body: 'Thank you; noted.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, divided), eq(notifications.template, 'PORTAL_MESSAGE')));
    expect(told.map((n) => n.email)).toContain(lou.email);
  });

  it('takes at most ten messages a minute from one account each way, so it cannot flood the office’s inboxes', async () => {
    const flooded = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const person = await officer.post(`/api/v1/cases/${flooded}/interested-persons`, {
      name: 'Ray Dunn',
      category: 'FAMILY',
      contact: { email: `ray.${Date.now()}@family.example` },
    });
    const link = await invite(flooded, person.json().id, 'self');
    const { cookie } = await followInvitation(t, link, { password: PASSWORD, confirmPassword: PASSWORD });
    const csrf = await csrfOf(cookie!);
    const send = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/portal/cases/${flooded}/messages`,
        headers: { cookie: cookie!, 'x-csrf-token': csrf },
        payload: { body: `Message ${n}` },
      });
    for (let n = 1; n <= 10; n++) expect((await send(n)).statusCode).toBe(201);
    const refused = await send(11);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toEqual({
      code: 'RATE_LIMITED',
      message: 'You have sent several messages in a short time. You can send this one in a minute.',
    });
    // The form on the page counts the same way.
    const post = (n: number) =>
      t.app.inject({
        method: 'POST',
        url: `/portal/cases/${flooded}/messages`,
        headers: { cookie: cookie!, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, body: `Message ${n}` }).toString(),
      });
    for (let n = 11; n <= 20; n++) expect((await post(n)).statusCode).toBe(303);
    // Refused on the page, the case page comes back with the message still typed and why it was not sent.
    const page = await post(21);
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('<h1 class="govuk-heading-l">The investigation into the death of');
    expect(page.body).toMatch(/<textarea[^>]*name="body"[^>]*>Message 21<\/textarea>/);
    expect(page.body).toContain(
      'href="#body">You have sent several messages in a short time. You can send this one in a minute.</a>',
    );
    expect(page.body).toMatch(
      /govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> You have sent several messages in a short time/,
    );
    const thread = await officer.get(
      `/api/v1/cases/${flooded}/interested-persons/${person.json().id}/messages`,
    );
    expect(thread.json()).toHaveLength(20);
    // Counted for each account, not for the address it writes from.
    const sister = await officer.post(`/api/v1/cases/${flooded}/interested-persons`, {
      name: 'Eve Dunn',
      category: 'FAMILY',
      contact: { email: `eve.${Date.now()}@family.example` },
    });
    const eve = await followInvitation(t, await invite(flooded, sister.json().id, 'self'), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    const fromEve = await t.app.inject({
      method: 'POST',
      url: `/api/v1/portal/cases/${flooded}/messages`,
      headers: { cookie: eve.cookie!, 'x-csrf-token': await csrfOf(eve.cookie!) },
      payload: { body: 'Is my brother’s message too long?' },
    });
    expect(fromEve.statusCode, fromEve.body).toBe(201);
  });

  it('never sends the family to an officer whose account has been closed', async () => {
    const caseId = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const leaver = await t.user('officer', { name: 'Lee Departed' });
    const assigned = await officer.post(`/api/v1/cases/${caseId}/actions`, {
      type: 'ASSIGN',
      officerId: leaver.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const person = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Ana Reyes',
      category: 'FAMILY',
      contact: { email: `ana.${Date.now()}@family.example` },
    });
    const { cookie } = await followInvitation(t, await invite(caseId, person.json().id, 'self'), {
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    const ana = asBrowser(t, cookie!);
    expect((await ana.get(`/portal/cases/${caseId}`)).body).toContain(leaver.email);
    await t.db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
    const page = await ana.get(`/portal/cases/${caseId}`);
    expect(page.body).not.toContain(leaver.email);
    expect(page.body).not.toContain('Lee Departed');
    expect(page.body).toContain('An officer has not been named for this case yet.');
    expect((await ana.get(`/api/v1/portal/cases/${caseId}`)).json().officer).toBeNull();
  });

  async function csrfOf(cookie: string): Promise<string> {
    const page = await t.app.inject({ method: 'GET', url: '/portal', headers: { cookie } });
    return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }
});
