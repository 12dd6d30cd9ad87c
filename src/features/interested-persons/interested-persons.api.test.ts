import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

const joan = {
  name: 'Joan Walsh',
  category: 'FAMILY',
  relationship: 'Mother',
  contact: { email: 'joan.walsh@family.example', phone: '020 7946 0001', preferredChannel: 'email' },
  isFamilyContact: true,
  representative: { name: 'Priya Natarajan', firm: 'Natarajan Law', email: 'priya@natarajan-law.example' },
  funding: 'EXCEPTIONAL_CASE_FUNDING',
};

describe('the register of interested persons (API)', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherArea: Client;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner'));
    otherArea = await t.client(await t.user('officer', { areaCode: 'IN' }));
    const res = await officer.post('/api/v1/deaths', deathReport());
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
  });
  afterAll(() => t.close());

  it('records a family member with contact details, lawyer and funding, proposed until the coroner decides', async () => {
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, joan);
    expect(res.statusCode, res.body).toBe(201);
    const person = res.json();
    expect(person).toMatchObject({
      name: 'Joan Walsh',
      category: 'FAMILY',
      status: 'PROPOSED',
      isFamilyContact: true,
      contact: { email: 'joan.walsh@family.example', preferredChannel: 'email' },
      representative: { name: 'Priya Natarajan', firm: 'Natarajan Law' },
      funding: 'EXCEPTIONAL_CASE_FUNDING',
      decision: null,
    });
    const list = await coroner.get(`/api/v1/cases/${caseId}/interested-persons`);
    expect(list.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
    const contradicts = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      ...joan,
      funding: 'NONE',
    });
    expect(contradicts.statusCode).toBe(400);
    expect(contradicts.json().error.fields.funding).toContain('A legal representative is recorded');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, person.id), eq(auditEvents.action, 'INTERESTED_PERSON_ADDED')));
    expect(audit).toHaveLength(1);
  });

  it('keeps several family contacts when a family is divided', async () => {
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Daniel Walsh',
      category: 'FAMILY',
      relationship: 'Father',
      isFamilyContact: true,
      contact: { postalAddress: '12 Hill Street, Leyton, E10 5AA', preferredChannel: 'letter' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await officer.get(`/api/v1/cases/${caseId}/interested-persons`)).json();
    expect(list.items.filter((p: { isFamilyContact: boolean }) => p.isFamilyContact)).toHaveLength(2);
  });

  it('refuses bad input with a sentence naming the field', async () => {
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Someone',
      category: 'COUSIN',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      category: 'Select why they are an interested person (section 47)',
    });
    const noEmail = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Someone',
      category: 'FAMILY',
      contact: { preferredChannel: 'email' },
    });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json().error.fields).toEqual({
      'contact.email': 'Enter an email address to contact them by email',
    });
    // Every problem at once: the missing address is named with the missing category.
    const both = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Someone',
      contact: { preferredChannel: 'letter' },
    });
    expect(both.json().error.fields).toEqual({
      category: 'Select why they are an interested person (section 47)',
      'contact.postalAddress': 'Enter a postal address to contact them by letter',
    });
    const odd = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'Someone',
      category: 'FAMILY',
      contact: 'by pigeon',
    });
    expect(odd.statusCode).toBe(400);
    const long = await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
      name: 'x'.repeat(201),
      category: 'FAMILY',
    });
    expect(long.json().error.fields).toEqual({ name: 'The name must be 200 characters or fewer' });
  });

  it('lets only the coroner decide on status, with reasons; officers are refused', async () => {
    const person = (
      await officer.post(`/api/v1/cases/${caseId}/interested-persons`, { ...joan, name: 'Ann Walsh' })
    ).json();
    const url = `/api/v1/cases/${caseId}/interested-persons/${person.id}/decision`;
    const byOfficer = await officer.post(url, { status: 'RECOGNISED', reasons: 'Mother of the deceased.' });
    expect(byOfficer.statusCode).toBe(403);
    const noReasons = await coroner.post(url, { status: 'RECOGNISED', reasons: ' ' });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.json().error.fields.reasons).toBe('Enter the reasons for your decision');
    const ok = await coroner.post(url, {
      status: 'RECOGNISED',
      reasons: 'Mother of the deceased (s.47(2)(a)).',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'RECOGNISED',
      decision: { reasons: 'Mother of the deceased (s.47(2)(a)).' },
    });
    const again = await coroner.post(url, { status: 'RECOGNISED', reasons: 'Again.' });
    expect(again.statusCode).toBe(409);
    const timeline = (await coroner.get(`/api/v1/cases/${caseId}`))
      .json()
      .events.map((e: { type: string }) => e.type);
    expect(timeline).toContain('INTERESTED_PERSON_DECISION');
    const decisions = await t.db
      .select({ caseId: auditEvents.caseId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, person.id), eq(auditEvents.action, 'INTERESTED_PERSON_DECISION')));
    expect(decisions).toEqual([{ caseId, detail: { status: 'RECOGNISED', accessEnded: [] } }]);
  });

  it('answers 404 for a case of another area and for a person of another case', async () => {
    const res = await otherArea.get(`/api/v1/cases/${caseId}/interested-persons`);
    expect(res.statusCode).toBe(404);
    const other = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const person = (await officer.post(`/api/v1/cases/${caseId}/interested-persons`, joan)).json();
    expect((await officer.get(`/api/v1/cases/${other}/interested-persons/${person.id}`)).statusCode).toBe(
      404,
    );
  });

  it('sends a single-use invitation through the outbox in the same transaction', async () => {
    const person = (await officer.post(`/api/v1/cases/${caseId}/interested-persons`, joan)).json();
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${person.id}/invitations`, {
      capacity: 'self',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, res.json().notificationId));
    expect(note).toMatchObject({ template: 'PORTAL_INVITATION', email: 'joan.walsh@family.example', caseId });
    expect(note!.body).toMatch(/\/invitations\/[A-Za-z0-9_-]{40,}/);
    // No email service here: the answer carries the link for the office to give to the person.
    expect(res.json().emailed).toBe(false);
    expect(note!.body).toContain(res.json().link);
    // The page the link opens says whose death the investigation is into.
    const deceased = (await officer.get(`/api/v1/cases/${caseId}`)).json().deceased;
    const opened = await t.app.inject({ method: 'GET', url: new URL(res.json().link).pathname });
    expect(opened.body).toContain(
      `follow the investigation into the death of <bdi>${deceased.givenNames} ${deceased.familyName}</bdi> online`,
    );
    const lawyer = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${person.id}/invitations`, {
      capacity: 'representative',
    });
    expect(lawyer.json().email).toBe('priya@natarajan-law.example');
  });

  it('will not invite someone without an email address, or someone declined', async () => {
    const noEmail = (
      await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
        name: 'Pat Walsh',
        category: 'FAMILY',
      })
    ).json();
    const res = await officer.post(`/api/v1/cases/${caseId}/interested-persons/${noEmail.id}/invitations`, {
      capacity: 'self',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Add an email address for Pat Walsh first.');
    await coroner.post(`/api/v1/cases/${caseId}/interested-persons/${noEmail.id}/decision`, {
      status: 'DECLINED',
      reasons: 'A neighbour; no sufficient interest.',
    });
    const declined = await officer.post(
      `/api/v1/cases/${caseId}/interested-persons/${noEmail.id}/invitations`,
      {
        capacity: 'self',
      },
    );
    expect(declined.statusCode).toBe(409);
  });

  it('invites someone who is not family only once the coroner has recognised them', async () => {
    const insurer = (
      await officer.post(`/api/v1/cases/${caseId}/interested-persons`, {
        name: 'Northgate Life Assurance',
        kind: 'organisation',
        category: 'INSURER',
        contact: { email: 'claims@northgate.example' },
      })
    ).json();
    expect(insurer.status).toBe('PROPOSED');
    const invite = () =>
      officer.post(`/api/v1/cases/${caseId}/interested-persons/${insurer.id}/invitations`, {
        capacity: 'self',
      });
    const early = await invite();
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('awaiting the coroner’s decision');
    const decided = await coroner.post(`/api/v1/cases/${caseId}/interested-persons/${insurer.id}/decision`, {
      status: 'RECOGNISED',
      reasons: 'The insurer of a life policy on the deceased (s.47(2)(e)).',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await invite()).statusCode).toBe(201);
  });

  it('lets the area a case is being transferred to see it, and change it only once it has accepted it', async () => {
    const moving = (await officer.post('/api/v1/deaths', deathReport())).json();
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Cause not known' },
      {
        type: 'TRANSFER',
        toAreaCode: 'IN',
        basis: 'S2',
        agreedBy: 'Senior coroner, Inner North London',
        reason: 'The family live there',
      },
    ])
      expect((await coroner.post(`/api/v1/cases/${moving.id}/actions`, action)).statusCode).toBe(200);
    expect((await otherArea.get(`/api/v1/cases/${moving.id}/interested-persons`)).statusCode).toBe(200);
    const early = await otherArea.post(`/api/v1/cases/${moving.id}/interested-persons`, joan);
    expect(early.statusCode).toBe(403);
    expect(early.json().error.message).toContain('once your area has accepted it');
    const accepted = await otherArea.post(`/api/v1/cases/${moving.id}/actions`, { type: 'ACCEPT_TRANSFER' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await otherArea.post(`/api/v1/cases/${moving.id}/interested-persons`, joan)).statusCode).toBe(
      201,
    );
    // The area it left no longer changes it.
    expect((await officer.post(`/api/v1/cases/${moving.id}/interested-persons`, joan)).statusCode).toBe(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toContain('/api/v1/cases/{id}/interested-persons/{personId}/decision');
  });
});
