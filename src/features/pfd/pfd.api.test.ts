import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppDeps } from '../../app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { interestedPersons } from '../interested-persons/interested-persons.tables.ts';
import { REMINDER_JOB, sendReminder } from './pfd.commands.ts';
import { pfdOversightMeasures } from './pfd.feature.ts';
import { concludedCase } from './pfd.fixtures.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('Prevention of Future Deaths reports through the API', () => {
  let t: TestApp;
  let coroner: Client;
  let officer: Client;
  let chief: Client;
  let otherCoroner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    coroner = await t.client(await t.user('coroner', { name: 'Nadia Rahman' }));
    officer = await t.client(await t.user('officer'));
    chief = await t.client(await t.user('chief-coroner'));
    otherCoroner = await t.client(await t.user('coroner', { areaCode: 'IN' }));
  });
  beforeEach(() => t.clock.set('2026-11-25T10:00:00Z'));
  afterAll(() => t.close());

  const twoBodies = [
    {
      organisation: 'North East London NHS Foundation Trust',
      person: 'Chief Executive',
      email: 'ceo@nelft.example',
    },
    { organisation: 'Metropolitan Police Service', email: 'commissioner@met.example' },
  ];

  it('refuses a report with no concern or no recipient, naming the field', async () => {
    const c = await concludedCase(officer, coroner);
    const noConcern = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: [],
      recipients: twoBodies,
    });
    expect(noConcern.statusCode).toBe(400);
    expect(noConcern.json().error.code).toBe('VALIDATION_FAILED');
    expect(noConcern.json().error.fields.concerns).toBe('Enter at least one matter of concern');
    const noRecipient = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, { concerns: ['x'] });
    expect(noRecipient.statusCode).toBe(400);
    expect(noRecipient.json().error.fields.recipients).toMatch(/at least one recipient/);
    const badEmail = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: ['x'],
      recipients: [{ organisation: 'Trust', email: 'not-an-email' }],
    });
    expect(badEmail.statusCode).toBe(400);
    expect(Object.keys(badEmail.json().error.fields)).toEqual(['recipients.0.email']);
    const future = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: ['x'],
      recipients: twoBodies,
      sentOn: '2026-12-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields.sentOn).toMatch(/future/);
    // A copy goes only to someone who is an interested person now, not to one the coroner declined.
    const [declined] = await t.db
      .insert(interestedPersons)
      .values({
        caseId: c.id,
        name: 'Acme Life Insurance',
        kind: 'organisation',
        category: 'INSURER',
        status: 'DECLINED',
      })
      .returning();
    const toDeclined = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: ['x'],
      recipients: twoBodies,
      copies: { interestedPersonIds: [declined!.id] },
    });
    expect(toDeclined.statusCode).toBe(400);
    expect(toDeclined.json().error.fields['copies.interestedPersonIds']).toMatch(/declined or removed/);
  });

  it('refuses officers (a judicial decision), other areas (404) and cases without an investigation', async () => {
    const c = await concludedCase(officer, coroner);
    const body = { concerns: ['x'], recipients: twoBodies };
    expect((await officer.post(`/api/v1/cases/${c.id}/pfd-reports`, body)).statusCode).toBe(403);
    expect((await otherCoroner.post(`/api/v1/cases/${c.id}/pfd-reports`, body)).statusCode).toBe(404);
    const reported = (await officer.post('/api/v1/deaths', deathReport())).json();
    const early = await coroner.post(`/api/v1/cases/${reported.id}/pfd-reports`, body);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/Open the investigation first/);
  });

  it('issues a report to two bodies: due dates, reminders, copies, one answers, the other goes overdue after 56 days', async () => {
    const c = await concludedCase(officer, coroner);
    const [ip] = await t.db
      .insert(interestedPersons)
      .values({
        caseId: c.id,
        name: 'Joan Walsh',
        category: 'FAMILY',
        relationship: 'Mother',
        email: 'joan@example.org',
      })
      .returning();
    const draft = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: [
        'The crisis team did not visit after two referrals.',
        'Medicines were not reconciled at discharge.',
      ],
      recipients: twoBodies,
      action: 'Review the crisis pathway.',
      themes: ['mental-health-services', 'drugs-and-alcohol'],
      copies: { interestedPersonIds: [ip!.id] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const report = draft.json();
    expect(report).toMatchObject({ status: 'DRAFT', sentOn: null, coroner: { name: 'Nadia Rahman' } });
    expect(report.reference).toMatch(/^EL-PFD-2026-\d{4}$/);
    expect(report.coroner.title).toBe('Senior Coroner for the coroner area of East London');
    expect(report.investigation).toContain(`death of ${c.name}`);
    expect(report.recipients.map((r: { state: string }) => r.state)).toEqual(['DRAFT', 'DRAFT']);

    const early = await officer.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: report.recipients[0].id,
      receivedOn: '2026-11-25',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe(
      'You cannot record a response before the report has been sent. Send the report first.',
    );

    // Someone removed from the register after the draft was saved is not sent a copy.
    await t.db.update(interestedPersons).set({ status: 'REMOVED' }).where(eq(interestedPersons.id, ip!.id));
    const toRemoved = await coroner.post(`/api/v1/pfd-reports/${report.id}/send`, { sentOn: '2026-11-25' });
    expect(toRemoved.statusCode).toBe(400);
    expect(toRemoved.json().error.fields['copies.interestedPersonIds']).toMatch(/declined or removed/);
    await t.db.update(interestedPersons).set({ status: 'PROPOSED' }).where(eq(interestedPersons.id, ip!.id));

    const sent = await coroner.post(`/api/v1/pfd-reports/${report.id}/send`, { sentOn: '2026-11-25' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().recipients.map((r: { dueOn: string; state: string }) => [r.dueOn, r.state])).toEqual([
      ['2027-01-20', 'AWAITING'],
      ['2027-01-20', 'AWAITING'],
    ]);
    const again = await coroner.post(`/api/v1/pfd-reports/${report.id}/send`, { sentOn: '2026-11-25' });
    expect(again.statusCode).toBe(409);

    const [trust, police] = sent.json().recipients as { id: string }[];
    const reminderJobs = await t.db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, REMINDER_JOB),
          sql`${jobs.payload}->>'recipientId' in (${trust!.id}, ${police!.id})`,
        ),
      );
    expect(
      reminderJobs.map((j) => `${(j.payload as { stage: string }).stage} ${j.runAt.toISOString()}`).sort(),
    ).toEqual([
      'AFTER 2027-02-03T09:00:00.000Z',
      'AFTER 2027-02-03T09:00:00.000Z',
      'BEFORE 2027-01-06T09:00:00.000Z',
      'BEFORE 2027-01-06T09:00:00.000Z',
      'DUE 2027-01-20T09:00:00.000Z',
      'DUE 2027-01-20T09:00:00.000Z',
    ]);
    const sentMessages = await t.db.select().from(notifications).where(eq(notifications.caseId, c.id));
    expect(sentMessages.map((n) => `${n.template} ${n.recipientName}`).sort()).toEqual([
      'PFD_REPORT_COPY Chief Coroner’s office',
      'PFD_REPORT_COPY Joan Walsh',
      'PFD_REPORT_SENT Chief Executive, North East London NHS Foundation Trust',
      'PFD_REPORT_SENT Metropolitan Police Service',
    ]);
    // Each message carries the report itself: its concerns, word for word.
    for (const n of sentMessages) {
      expect(n.body, n.recipientName).toContain('The crisis team did not visit after two referrals.');
      expect(n.body).toContain(report.reference);
    }

    // The trust answers, with its letter.
    t.clock.set('2027-01-10T10:00:00Z');
    const before = await officer.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: trust!.id,
      receivedOn: '2026-11-20',
    });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.fields.receivedOn).toMatch(/before the report was sent/);
    const answered = await officer.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: trust!.id,
      receivedOn: '2027-01-08',
      summary: 'The crisis pathway now visits within 24 hours.',
      document: {
        fileName: 'response — final.txt',
        contentBase64: Buffer.from('We have acted.').toString('base64'),
      },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().recipients[0]).toMatchObject({ respondedOn: '2027-01-08', state: 'RESPONDED' });
    // A response document gets the checks of any document kept on a case: a damaged PDF is refused.
    const damaged = await officer.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: trust!.id,
      receivedOn: '2027-01-09',
      document: {
        fileName: 'broken.pdf',
        contentBase64: Buffer.from('%PDF-1.7\n garbage').toString('base64'),
      },
    });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().error.fields.document).toMatch(/damaged/);
    // Text named as a web page is kept and sent as text, so it opens as what it is.
    const named = await officer.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: trust!.id,
      receivedOn: '2027-01-09',
      document: {
        fileName: 'reply.html',
        contentBase64: Buffer.from('<script>alert(1)</script>').toString('base64'),
      },
    });
    expect(named.statusCode, named.body).toBe(200);
    const renamed = named
      .json()
      .responses.find((r: { document?: { name: string } }) => r.document?.name !== 'response — final.txt');
    expect(renamed.document.name).toBe('reply.html.txt');
    const asText = await coroner.get(`/api/v1/pfd-reports/${report.id}/responses/${renamed.id}/document`);
    expect(asText.headers['content-disposition']).toContain('filename="reply.html.txt"');
    const response = answered.json().responses[0];
    expect(response.document).toMatchObject({
      name: 'response — final.txt',
      contentType: 'text/plain',
      size: 14,
    });
    const doc = await coroner.get(`/api/v1/pfd-reports/${report.id}/responses/${response.id}/document`);
    expect(doc.body).toBe('We have acted.');
    expect(doc.headers['cache-control']).toBe('private, no-store');
    // A name in any script is given as the browser reads it, not refused.
    expect(doc.headers['content-disposition']).toBe(
      `attachment; filename="response _ final.txt"; filename*=UTF-8''response%20%E2%80%94%20final.txt`,
    );
    // A response may name people: each read of its document is in the case's audit trail.
    const reads = await t.db
      .select({ caseId: auditEvents.caseId, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'PFD_RESPONSE_DOCUMENT_READ'), eq(auditEvents.subjectId, response.id)),
      );
    expect(reads).toEqual([{ caseId: report.caseId, actorId: coroner.user.id }]);
    const pending = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, REMINDER_JOB), sql`${jobs.payload}->>'recipientId' = ${trust!.id}`));
    expect(pending.every((j) => j.doneAt !== null)).toBe(true);

    // Reminders: the police get theirs; the trust, who answered, is skipped.
    const deps = { notifier: t.notifier };
    expect(
      await sendReminder(
        t.db,
        { recipientId: trust!.id, stage: 'DUE', dueOn: '2027-01-20' },
        t.clock.now(),
        deps.notifier,
      ),
    ).toBe('skipped');
    expect(
      await sendReminder(
        t.db,
        { recipientId: police!.id, stage: 'BEFORE', dueOn: '2027-01-20' },
        t.clock.now(),
        deps.notifier,
      ),
    ).toBe('sent');
    const reminders = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, c.id), eq(notifications.template, 'PFD_REMINDER_BEFORE')));
    expect(reminders.map((n) => [n.recipientName, n.subject])).toEqual([
      [
        'Metropolitan Police Service',
        expect.stringMatching(/^Reminder: your response to report EL-PFD-2026-\d{4} is due in 14 days$/),
      ],
    ]);

    // Day 56 is the last day to answer; on day 57 the police are on the overdue register.
    t.clock.set('2027-01-20T12:00:00Z');
    const onTime = (await chief.get('/api/v1/pfd-reports?overdue=true')).json();
    expect(onTime.items.map((i: { id: string }) => i.id)).not.toContain(report.id);
    t.clock.set('2027-01-21T09:00:00Z');
    const overdue = (await chief.get('/api/v1/pfd-reports?overdue=true')).json();
    const entry = overdue.items.find((i: { id: string }) => i.id === report.id);
    expect(
      entry.recipients.map((r: { organisation: string; state: string }) => [r.organisation, r.state]),
    ).toEqual([
      ['North East London NHS Foundation Trust', 'RESPONDED'],
      ['Metropolitan Police Service', 'OVERDUE'],
    ]);
    const measures = await pfdOversightMeasures(
      { database: t.database, clock: t.clock } as unknown as AppDeps,
      ['EL', 'IN'],
    );
    expect(measures.find((m) => m.areaCode === 'EL')!.value).toBeGreaterThanOrEqual(1);
    expect(measures.find((m) => m.areaCode === 'EL')!.label).toBe('PFD responses overdue');
    const caseDetail = (await coroner.get(`/api/v1/cases/${c.id}`)).json();
    expect(caseDetail.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['PFD_REPORT_DRAFTED', 'PFD_REPORT_SENT', 'PFD_RESPONSE_RECEIVED']),
    );
    const clocks = (await coroner.get(`/api/v1/cases/${c.id}/deadlines`)).json();
    expect(
      clocks
        .filter((d: { kind: string }) => d.kind.startsWith('Response due from'))
        .map((d: { state: string }) => d.state)
        .sort(),
    ).toEqual(['met', 'overdue']);
  });

  it('extends the time to respond, moving the due date and the reminders', async () => {
    const c = await concludedCase(officer, coroner);
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: ['x'],
        recipients: [twoBodies[1]],
        sentOn: '2026-11-25',
      })
    ).json();
    const rid = report.recipients[0].id;
    expect(report.recipients[0].dueOn).toBe('2027-01-20');
    const earlier = await coroner.post(`/api/v1/pfd-reports/${report.id}/extensions`, {
      recipientId: rid,
      dueOn: '2027-01-01',
      reason: 'x',
    });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().error.fields.dueOn).toMatch(/after the current due date/);
    const extended = await coroner.post(`/api/v1/pfd-reports/${report.id}/extensions`, {
      recipientId: rid,
      dueOn: '2027-02-16',
      reason: 'Awaiting a board decision',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json().recipients[0]).toMatchObject({ dueOn: '2027-02-16', originalDueOn: '2027-01-20' });
    const live = await t.db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, REMINDER_JOB),
          sql`${jobs.payload}->>'recipientId' = ${rid}`,
          sql`${jobs.doneAt} is null`,
        ),
      );
    expect(live.map((j) => (j.payload as { dueOn: string }).dueOn)).toEqual([
      '2027-02-16',
      '2027-02-16',
      '2027-02-16',
    ]);
    expect(
      await sendReminder(
        t.db,
        { recipientId: rid, stage: 'DUE', dueOn: '2027-01-20' },
        t.clock.now(),
        t.notifier,
      ),
    ).toBe('skipped');
  });

  it('passes a sent report to the area a case is transferred to: it keeps the 56-day clock', async () => {
    const created = await officer.post('/api/v1/deaths', { ...deathReport(), notADuplicate: true });
    const id = created.json().id;
    const act = (who: Client, action: Record<string, unknown>) =>
      who.post(`/api/v1/cases/${id}/actions`, action);
    await act(coroner, { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'x' });
    const report = (
      await coroner.post(`/api/v1/cases/${id}/pfd-reports`, {
        concerns: ['x'],
        recipients: [twoBodies[1]],
        sentOn: '2026-11-25',
      })
    ).json();
    const moved = await act(coroner, {
      type: 'TRANSFER',
      toAreaCode: 'IN',
      basis: 'S2',
      agreedBy: 'HM Senior Coroner Inner North London',
      reason: 'The family live there',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await act(otherCoroner, { type: 'ACCEPT_TRANSFER' })).statusCode).toBe(200);

    expect((await coroner.get(`/api/v1/pfd-reports/${report.id}`)).statusCode).toBe(404);
    const rid = report.recipients[0].id;
    const extended = await otherCoroner.post(`/api/v1/pfd-reports/${report.id}/extensions`, {
      recipientId: rid,
      dueOn: '2027-02-16',
      reason: 'Awaiting a board decision',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    const answered = await otherCoroner.post(`/api/v1/pfd-reports/${report.id}/responses`, {
      recipientId: rid,
      receivedOn: '2026-11-25',
      summary: 'We have changed our policy.',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const listed = (await otherCoroner.get('/api/v1/pfd-reports')).json().items;
    expect(listed.map((r: { id: string }) => r.id)).toContain(report.id);
    const elList = (await coroner.get('/api/v1/pfd-reports')).json().items;
    expect(elList.map((r: { id: string }) => r.id)).not.toContain(report.id);
    // A list like any other: paged, with the total of all pages.
    const all = (await coroner.get('/api/v1/pfd-reports?pageSize=500')).json();
    const firstPage = (await coroner.get('/api/v1/pfd-reports?pageSize=1')).json();
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.total).toBe(all.total);
    expect(all.total).toBeGreaterThan(1);
    const second = (await coroner.get('/api/v1/pfd-reports?pageSize=1&page=2')).json();
    expect(second.items[0].id).not.toBe(firstPage.items[0].id);
    expect((await coroner.get('/api/v1/pfd-reports?pageSize=501')).statusCode).toBe(400);
  });

  it('asks for the safeguarding copy when the date of birth was corrected after the draft', async () => {
    const c = (await officer.post('/api/v1/deaths', { ...deathReport(), notADuplicate: true })).json();
    await coroner.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['VIOLENT_OR_UNNATURAL'],
      reason: 'x',
    });
    const draft = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: ['x'],
        recipients: [twoBodies[0]],
      })
    ).json();
    const corrected = await officer.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { deceased: { dateOfBirth: '2012-01-01' } },
      reason: 'The year of birth was typed wrongly',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const refused = await coroner.post(`/api/v1/pfd-reports/${draft.id}/send`, { sentOn: '2026-11-25' });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(['copies.safeguardingBoard.name']);
  });

  it('sends interested persons their copy the way they asked, or to their lawyer', async () => {
    const c = await concludedCase(officer, coroner);
    const people = await t.db
      .insert(interestedPersons)
      .values([
        {
          caseId: c.id,
          name: 'Joan Lettersby',
          category: 'FAMILY',
          email: 'joan@example.org',
          phone: '07700 900123',
          postalAddress: '1 High Street, London E17 1AA',
          preferredChannel: 'letter',
        },
        {
          caseId: c.id,
          name: 'Paul Lettersby',
          category: 'FAMILY',
          representative: { name: 'Ann Law', firm: 'Law LLP', email: 'ann@law.example' },
        },
      ])
      .returning();
    const sent = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      concerns: ['x'],
      recipients: [twoBodies[0]],
      copies: { interestedPersonIds: people.map((p) => p.id) },
      sentOn: '2026-11-25',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const copies = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, c.id), eq(notifications.template, 'PFD_REPORT_COPY')));
    const byName = new Map(copies.map((n) => [n.recipientName, n]));
    expect(byName.get('Joan Lettersby')).toMatchObject({ channel: 'letter', email: null });
    expect(byName.get('Paul Lettersby (care of Ann Law)')).toMatchObject({
      channel: 'email',
      email: 'ann@law.example',
    });
  });

  it('requires a copy to the safeguarding partnership when the deceased was under 18', async () => {
    const c = await concludedCase(officer, coroner, { deceased: { dateOfBirth: '2010-05-01' } });
    const body = { concerns: ['x'], recipients: [twoBodies[0]], sentOn: '2026-11-25' };
    const refused = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, body);
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(['copies.safeguardingBoard.name']);
    const ok = await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
      ...body,
      copies: { safeguardingBoard: { name: 'Waltham Forest Safeguarding Children Partnership' } },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().copies.safeguardingBoard.name).toBe('Waltham Forest Safeguarding Children Partnership');
  });

  it('publishes a report on a case under a reporting restriction only with names removed', async () => {
    const c = await concludedCase(officer, coroner);
    const restricted = await coroner.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'SET_REPORTING_RESTRICTION',
      order: 'CCA_S11',
    });
    expect(restricted.statusCode, restricted.body).toBe(200);
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: [`${c.name} was not visited.`],
        recipients: [twoBodies[0]],
        sentOn: '2026-11-25',
      })
    ).json();
    const named = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: false });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.fields.removeNames).toContain('reporting restriction');
    const notYet = await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    expect(notYet.statusCode).toBe(404);
    const published = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true });
    expect(published.statusCode, published.body).toBe(200);
    const pub = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` })
    ).json();
    expect(pub.deceasedName).toBeNull();
    expect(JSON.stringify(pub)).not.toContain(c.name);
  });

  /** A report on a concluded case naming the deceased, sent and published as written. */
  async function publishedWithNames() {
    const c = await concludedCase(officer, coroner);
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: [`${c.name} was not visited.`],
        recipients: [twoBodies[0]],
        sentOn: '2026-11-25',
      })
    ).json();
    expect(
      (await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: false })).statusCode,
    ).toBe(200);
    return { c, report };
  }

  it('withholds a report published with names once a reporting restriction is made, until it is published again without them', async () => {
    const { c, report } = await publishedWithNames();
    const publicReport = () =>
      t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    const publicCsv = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/pfd-reports.csv' })).body;
    expect((await publicReport()).json().deceasedName).toBe(c.name);
    expect(await publicCsv()).toContain(c.name);

    const restricted = await coroner.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'SET_REPORTING_RESTRICTION',
      order: 'CCA_S11',
    });
    expect(restricted.statusCode, restricted.body).toBe(200);
    expect((await publicReport()).statusCode).toBe(404);
    expect(await publicCsv()).not.toContain(c.name);
    const page = await t.app.inject({ method: 'GET', url: `/prevention-of-future-deaths/${report.id}` });
    expect(page.statusCode).toBe(404);
    expect((await coroner.get(`/api/v1/pfd-reports/${report.id}`)).json().published).toMatchObject({
      removeNames: false,
      withheld: true,
    });
    const staffPage = await (await t.browser(coroner.user)).get(`/pfd-reports/${report.id}`);
    expect(staffPage.body).toContain('so the public can no longer see the published report');

    expect(
      (await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true })).statusCode,
    ).toBe(200);
    const again = await publicReport();
    expect(again.statusCode).toBe(200);
    expect(JSON.stringify(again.json())).not.toContain(c.name);
    expect((await coroner.get(`/api/v1/pfd-reports/${report.id}`)).json().published.withheld).toBe(false);
  });

  it('withholds a report published with names once the fresh investigation after a quashing is restricted', async () => {
    const { c, report } = await publishedWithNames();
    const quash = await coroner.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn: '2026-11-25',
      grounds: 'Insufficiency of inquiry',
    });
    expect(quash.statusCode, quash.body).toBe(200);
    const publicReport = () =>
      t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    expect((await publicReport()).statusCode).toBe(200);
    const restricted = await coroner.post(`/api/v1/cases/${quash.json().freshCaseId}/actions`, {
      type: 'SET_REPORTING_RESTRICTION',
      order: 'CCA_S11',
    });
    expect(restricted.statusCode, restricted.body).toBe(200);
    expect((await publicReport()).statusCode).toBe(404);
    const csv = (await t.app.inject({ method: 'GET', url: '/api/v1/public/pfd-reports.csv' })).body;
    expect(csv).not.toContain(c.name);
    expect((await coroner.get(`/api/v1/pfd-reports/${report.id}`)).json().published.withheld).toBe(true);
    const named = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: false });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.fields.removeNames).toContain('reporting restriction');
    expect(
      (await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true })).statusCode,
    ).toBe(200);
    const again = await publicReport();
    expect(again.statusCode).toBe(200);
    expect(JSON.stringify(again.json())).not.toContain(c.name);
  });

  it('gives the day of publication as it was in London', async () => {
    const c = await concludedCase(officer, coroner);
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: ['x'],
        recipients: [twoBodies[0]],
        sentOn: '2026-11-25',
      })
    ).json();
    t.clock.set('2027-07-14T23:30:00Z'); // 00:30 on 15 July, British Summer Time
    const published = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true });
    expect(published.statusCode, published.body).toBe(200);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    expect(pub.json().publishedOn).toBe('2027-07-15');
  });

  it('with names removed, also removes the home addresses of the person who died and of the people in the case', async () => {
    const c = await concludedCase(officer, coroner, {
      deceased: { address: { line1: '14 Ripple Road', town: 'Barking', postcode: 'IG11 7PX' } },
    });
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: [
          'He lived at 14 Ripple Road, Barking IG11 7PX. Margaret Hale, of 3 church road, found him in the churchyard (IG11 8AS).',
        ],
        recipients: [twoBodies[0]],
        sentOn: '2026-11-25',
      })
    ).json();
    const published = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true });
    expect(published.statusCode, published.body).toBe(200);
    const pub = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` })
    ).json();
    // The churchyard is a public place: where he was found stays, as the report wrote it.
    expect(pub.concerns[0]).toBe(
      'He lived at [address removed], Barking [address removed]. [name removed], of [address removed], found him in the churchyard (IG11 8AS).',
    );
  });

  it('publishes with names removed, on the public API and CSV without signing in', async () => {
    const c = await concludedCase(officer, coroner);
    const [given, family] = [c.name.split(' ').slice(0, -1).join(' '), c.name.split(' ').at(-1)!];
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: [`${c.name} was not visited. Mr ${family} had asked for help; Dr Okoye was told.`],
        recipients: [twoBodies[0]],
        themes: ['mental-health-services'],
        sentOn: '2026-11-25',
      })
    ).json();
    const notYet = await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    expect(notYet.statusCode).toBe(404);
    // Publishing is the Chief Coroner's (IReg r.28(5)), not the coroner's who wrote the report.
    const byCoroner = await coroner.post(`/api/v1/pfd-reports/${report.id}/publish`, { removeNames: true });
    expect(byCoroner.statusCode).toBe(403);
    const published = await chief.post(`/api/v1/pfd-reports/${report.id}/publish`, {
      removeNames: true,
      otherNames: ['Dr Okoye'],
    });
    expect(published.statusCode, published.body).toBe(200);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/pfd-reports/${report.id}` });
    expect(pub.statusCode).toBe(200);
    const body = pub.json();
    expect(body.deceasedName).toBeNull();
    expect(body.concerns[0]).toBe(
      '[name removed] was not visited. Mr [name removed] had asked for help; [name removed] was told.',
    );
    expect(JSON.stringify(body)).not.toContain(family);
    expect(JSON.stringify(body)).not.toContain(given);
    expect(body.recipients).toEqual([
      {
        organisation: 'North East London NHS Foundation Trust',
        person: null,
        dueOn: '2027-01-20',
        respondedOn: null,
        state: 'AWAITING',
      },
    ]);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/pfd-reports?year=2026&area=EL&theme=mental-health-services&pageSize=500',
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(report.id);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/pfd-reports.csv?year=2026&area=EL',
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const line = csv.body.split('\r\n').find((l) => l.startsWith(report.reference));
    expect(line).toContain('North East London NHS Foundation Trust');
    expect(line).toContain(
      `,2027-01-20,,AWAITING,${t.config.publicUrl}/prevention-of-future-deaths/${report.id}`,
    );
    expect(csv.body.split('\r\n')[0]).toBe(
      'reference,area_code,area_name,sent_on,published_on,deceased_name,coroner,themes,concerns,recipient_organisation,recipient_person,response_due_on,responded_on,response_state,report_url',
    );
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/public/pfd-reports?year=nineteen' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('year');
  });

  it('links later deaths in the same area that share a theme, with the reasons', async () => {
    const c = await concludedCase(officer, coroner);
    const report = (
      await coroner.post(`/api/v1/cases/${c.id}/pfd-reports`, {
        concerns: ['x'],
        recipients: [twoBodies[0]],
        themes: ['drugs-and-alcohol'],
        sentOn: '2026-11-25',
      })
    ).json();
    t.clock.set('2026-11-27T10:00:00Z');
    const later = (
      await officer.post(
        '/api/v1/deaths',
        deathReport({
          reportedAt: '2026-11-26T08:00:00Z',
          death: { circumstances: 'Suspected heroin overdose in a hostel.' },
          circumstanceTags: ['paraphernalia-present'],
        }),
      )
    ).json();
    const unrelated = (
      await officer.post(
        '/api/v1/deaths',
        deathReport({
          reportedAt: '2026-11-26T08:00:00Z',
          circumstanceTags: [],
          death: { circumstances: 'Fell from a ladder.' },
        }),
      )
    ).json();
    const elsewhere = (
      await officer.post(
        '/api/v1/deaths',
        deathReport({
          areaCode: 'IN',
          reportedAt: '2026-11-26T08:00:00Z',
          death: { circumstances: 'A heroin overdose.' },
        }),
      )
    ).json();
    const links = (await coroner.get(`/api/v1/pfd-reports/${report.id}/later-deaths`)).json() as {
      caseId: string;
      matches: { theme: string; reasons: string[] }[];
    }[];
    const ids = links.map((l) => l.caseId);
    expect(ids).toContain(later.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(ids).not.toContain(c.id);
    expect(links.find((l) => l.caseId === later.id)!.matches).toEqual([
      {
        theme: 'drugs-and-alcohol',
        label: 'Drugs and alcohol',
        reasons: [
          'The circumstances mention “overdose”',
          'The circumstances mention “heroin”',
          'Circumstance: paraphernalia present',
        ],
      },
    ]);
  });

  it('documents the reports, statistics and open data in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/public/pfd-reports',
      '/api/v1/public/pfd-reports.csv',
      '/api/v1/public/pfd-reports/{id}',
      '/api/v1/public/statistics',
      '/api/v1/public/statistics.csv',
      '/api/v1/public/statistics.ods',
    ])
      expect(doc.paths[path].get.tags, path).toEqual(['Open data']);
    expect(doc.paths['/api/v1/cases/{id}/pfd-reports'].post.summary).toMatch(
      /Prevention of Future Deaths report/,
    );
    expect(doc.paths['/api/v1/pfd-reports'].get.tags).toEqual(['Prevention of Future Deaths reports']);
  });
});
