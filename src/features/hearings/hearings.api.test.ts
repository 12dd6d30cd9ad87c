import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppDeps } from '../../app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { courts } from '../areas/areas.tables.ts';
import { caseDeadlines } from '../cases/cases.tables.ts';
import { hearingOversightMeasures } from './hearings.feature.ts';
import { inquestCase } from './hearings.fixtures.ts';
import { meetSentNotices } from './hearings.notices.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('Hearings through the API', () => {
  let t: TestApp;
  let admin: Client;
  let coroner: Client;
  let officer: Client;
  let otherAdmin: Client;
  let walthamstow: string;
  let stPancras: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.client(await t.user('court-admin'));
    coroner = await t.client(await t.user('coroner', { name: 'Nadia Persaud' }));
    officer = await t.client(await t.user('officer'));
    otherAdmin = await t.client(await t.user('court-admin', { areaCode: 'IN' }));
    const [w] = await t.db.select().from(courts).where(eq(courts.name, "Walthamstow Coroner's Court"));
    const [s] = await t.db.select().from(courts).where(eq(courts.name, "St Pancras Coroner's Court"));
    walthamstow = w!.id;
    stPancras = s!.id;
  });
  beforeEach(() => t.clock.set('2026-11-25T10:00:00Z'));
  afterAll(() => t.close());

  async function room(jury = true) {
    const name = `Court ${randomUUID().slice(0, 6)}`;
    const res = await admin.post(`/api/v1/courts/${walthamstow}/rooms`, {
      name,
      capacity: 40,
      juryCapable: jury,
      videoLink: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().rooms.find((r: { name: string }) => r.name === name).id as string;
  }
  async function newCoroner() {
    return (await t.user('coroner', { name: `Coroner ${randomUUID().slice(0, 4)}` })).id;
  }

  it('lists a pre-inquest review, tells the next of kin and the interested person, and starts the r.9 clock', async () => {
    const c = await inquestCase(t, officer, coroner);
    const roomId = await room();
    const res = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      coronerId: await newCoroner(),
      startsAt: '2026-12-14T10:00:00Z',
      estimatedMinutes: 60,
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({
      type: 'PRE_INQUEST_REVIEW',
      status: 'LISTED',
      typeLabel: 'Pre-inquest review',
      endsAt: '2026-12-14T11:00:00.000Z',
    });
    expect(h.cases).toEqual([{ id: c.id, reference: c.reference, name: c.name }]);
    const audited = await t.db
      .select({ caseId: auditEvents.caseId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'HEARING_LISTED'), eq(auditEvents.subjectId, h.id)));
    expect(audited).toEqual([
      {
        caseId: c.id,
        detail: { type: 'PRE_INQUEST_REVIEW', startsAt: '2026-12-14T10:00:00Z', alreadyHeld: false },
      },
    ]);

    const sent = (await admin.get(`/api/v1/cases/${c.id}/notifications`)).json();
    expect(sent.map((n: { to: string }) => n.to).sort()).toEqual([
      `Mary ${c.familyName}`,
      `Sarah ${c.familyName}`,
    ]);
    expect(
      sent.every(
        (n: { template: string; status: string }) => n.template === 'HEARING_LISTED' && n.status === 'kept',
      ),
    ).toBe(true);
    expect(sent.find((n: { to: string }) => n.to.startsWith('Sarah')).channel).toBe('sms');
    const [message] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, c.id), eq(notifications.channel, 'email')));
    expect(message!.body).toContain(
      `The pre-inquest review in the investigation into the death of ${c.name} will be held on 14 December 2026 at 10am at Walthamstow Coroner's Court`,
    );
    expect(message!.body).toContain(`quote the reference ${c.reference}`);

    const clocks = await t.db
      .select()
      .from(caseDeadlines)
      .where(and(eq(caseDeadlines.caseId, c.id), eq(caseDeadlines.source, 'hearing')));
    expect(clocks).toHaveLength(1);
    expect(clocks[0]).toMatchObject({
      kind: 'Give notice of the pre-inquest review on 14 December 2026',
      dueOn: '2026-12-02',
      metOn: null,
    });
    const detail = (await coroner.get(`/api/v1/cases/${c.id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ type: 'HEARING_LISTED' });

    // Unmet a week later, the notice shows as an overdue clock.
    t.clock.set('2026-12-03T10:00:00Z');
    const overdue = (await coroner.get('/api/v1/deadlines?state=overdue')).json();
    expect(JSON.stringify(overdue)).toContain('Give notice of the pre-inquest review on 14 December 2026');

    // Sent by hand: the clock is met.
    const byHand = await admin.post(`/api/v1/hearings/${h.id}/notices/sent-by-hand`);
    expect(byHand.statusCode, byHand.body).toBe(200);
    const [met] = await t.db
      .select()
      .from(caseDeadlines)
      .where(and(eq(caseDeadlines.caseId, c.id), eq(caseDeadlines.source, 'hearing')));
    expect(met!.metOn).toBe('2026-12-03');
  });

  it('never makes notice of a hearing less than a week away due after the hearing itself (r.9)', async () => {
    const c = await inquestCase(t, officer, coroner);
    const coronerId = await newCoroner();
    const listed = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await room(),
      coronerId,
      startsAt: '2026-11-30T10:00:00Z',
    });
    expect(listed.statusCode, listed.body).toBe(201);
    const dueOn = async (kind: string) => {
      const deadlines = (await coroner.get(`/api/v1/cases/${c.id}/deadlines`)).json();
      return deadlines.find((d: { kind: string }) => d.kind === kind)?.dueOn;
    };
    expect(await dueOn('Give notice of the pre-inquest review on 30 November 2026')).toBe('2026-11-30');

    t.clock.set('2026-11-27T10:00:00Z');
    const postponed = await admin.post(`/api/v1/hearings/${listed.json().id}/postpone`, {
      reason: 'The coroner is unwell',
      newStartsAt: '2026-12-01T10:00:00Z',
    });
    expect(postponed.statusCode, postponed.body).toBe(200);
    expect(await dueOn('Give notice of the change to the pre-inquest review (listed 1 December 2026)')).toBe(
      '2026-12-01',
    );
  });

  it('refuses a double-booked room or coroner, explaining the clash', async () => {
    const [a, b] = [
      await inquestCase(t, officer, coroner, { interestedPerson: false }),
      await inquestCase(t, officer, coroner, { interestedPerson: false }),
    ];
    const roomId = await room();
    const coronerId = await newCoroner();
    const first = await admin.post(`/api/v1/cases/${a.id}/hearings`, {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId,
      coronerId,
      startsAt: '2026-12-15T10:00:00Z',
      estimatedMinutes: 180,
    });
    expect(first.statusCode, first.body).toBe(201);
    const sameRoom = await admin.post(`/api/v1/cases/${b.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      coronerId: await newCoroner(),
      startsAt: '2026-12-15T12:00:00Z',
    });
    expect(sameRoom.statusCode).toBe(409);
    expect(sameRoom.json().error.message).toMatch(
      new RegExp(`is already booked from 10:00 to 13:00 for the inquest hearing of ${a.reference}`),
    );
    const sameCoroner = await admin.post(`/api/v1/cases/${b.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await room(),
      coronerId,
      startsAt: '2026-12-15T09:30:00Z',
    });
    expect(sameCoroner.statusCode).toBe(409);
    expect(sameCoroner.json().error.message).toMatch(/is already hearing the inquest hearing of/);
    const after = await admin.post(`/api/v1/cases/${b.id}/hearings`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      coronerId,
      startsAt: '2026-12-15T13:00:00Z',
    });
    expect(after.statusCode, after.body).toBe(201);
  });

  it('needs a reason of urgency on a weekend or bank holiday (r.7)', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const body = {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await room(),
      startsAt: '2026-12-28T10:00:00Z',
    };
    const refused = await admin.post(`/api/v1/cases/${c.id}/hearings`, body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.urgencyReason).toBe(
      'Give the reason this hearing is urgent: Boxing Day (substitute day) is a bank holiday',
    );
    const ok = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      ...body,
      urgencyReason: 'The family fly home on 29 December',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().urgencyReason).toBe('The family fly home on 29 December');
  });

  it('needs a reason of urgency when any day a hearing of several days sits is a weekend or bank holiday (r.7)', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const list = async (body: Record<string, unknown>) =>
      admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        roomId: await room(),
        coronerId: await newCoroner(),
        ...body,
      });
    // Thursday 24 December, 48 hours: it sits on Christmas Day and on Saturday 26 December.
    const christmas = await list({ startsAt: '2026-12-24T09:00:00Z', estimatedMinutes: 2880 });
    expect(christmas.statusCode).toBe(400);
    expect(christmas.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: {
        urgencyReason:
          'Give the reason this hearing is urgent: it would sit on Friday 25 December 2026 (Christmas Day, a bank holiday) and Saturday 26 December 2026 (a weekend)',
      },
    });
    expect(christmas.json().error.message).toMatch(/\(urgencyReason\)\.$/);
    // Friday 4 December, 72 hours: Saturday and Sunday (and Monday).
    const friday = await list({ startsAt: '2026-12-04T10:00:00Z', estimatedMinutes: 4320 });
    expect(friday.statusCode).toBe(400);
    expect(friday.json().error.fields.urgencyReason).toBe(
      'Give the reason this hearing is urgent: it would sit on Saturday 5 December 2026 (a weekend) and Sunday 6 December 2026 (a weekend)',
    );
    const urgent = await list({
      startsAt: '2026-12-04T10:00:00Z',
      estimatedMinutes: 4320,
      urgencyReason: 'The body must be released for burial',
    });
    expect(urgent.statusCode, urgent.body).toBe(201);
    expect(urgent.json().urgencyReason).toBe('The body must be released for burial');

    // Moved to a Thursday, a hearing of 48 hours runs into Saturday 16 January.
    const monday = await list({ startsAt: '2027-01-11T10:00:00Z', estimatedMinutes: 2880 });
    expect(monday.statusCode, monday.body).toBe(201);
    const moved = { reason: 'A witness is abroad', newStartsAt: '2027-01-14T10:00:00Z' };
    const refusedMove = await admin.post(`/api/v1/hearings/${monday.json().id}/postpone`, moved);
    expect(refusedMove.statusCode).toBe(400);
    expect(refusedMove.json().error.fields.urgencyReason).toBe(
      'Give the reason this hearing is urgent: it would sit on Saturday 16 January 2027 (a weekend)',
    );
    const movedOk = await admin.post(`/api/v1/hearings/${monday.json().id}/postpone`, {
      ...moved,
      urgencyReason: 'The witness is only in England that weekend',
    });
    expect(movedOk.statusCode, movedOk.body).toBe(200);
    expect(movedOk.json()).toMatchObject({ status: 'LISTED', startsAt: '2027-01-14T10:00:00.000Z' });

    // Relisted for a Friday: over 72 hours it needs a reason; cut to an hour it does not.
    const tuesday = await list({ startsAt: '2027-01-19T10:00:00Z', estimatedMinutes: 4320 });
    expect(tuesday.statusCode, tuesday.body).toBe(201);
    const id = tuesday.json().id as string;
    expect(
      (await admin.post(`/api/v1/hearings/${id}/postpone`, { reason: 'Awaiting a report' })).statusCode,
    ).toBe(200);
    const relist = await admin.post(`/api/v1/hearings/${id}/relist`, { startsAt: '2027-01-22T10:00:00Z' });
    expect(relist.statusCode).toBe(400);
    expect(relist.json().error.fields.urgencyReason).toMatch(
      /it would sit on Saturday 23 January 2027 \(a weekend\) and Sunday 24 January 2027 \(a weekend\)$/,
    );
    const shorter = await admin.post(`/api/v1/hearings/${id}/relist`, {
      startsAt: '2027-01-22T10:00:00Z',
      estimatedMinutes: 60,
    });
    expect(shorter.statusCode, shorter.body).toBe(200);
    expect(shorter.json().urgencyReason).toBeNull();

    // Adjourned to resume on a Friday at its own length, 48 hours: it runs on into Saturday and Sunday.
    const inquest = await list({ startsAt: '2027-02-01T10:00:00Z', estimatedMinutes: 2880 });
    expect(inquest.statusCode, inquest.body).toBe(201);
    t.clock.set('2027-02-01T11:00:00Z');
    const adjourn = { reason: 'The pathologist is ill', resumesAt: '2027-02-05T10:00:00Z' };
    const refusedAdjourn = await admin.post(`/api/v1/hearings/${inquest.json().id}/adjourn`, adjourn);
    expect(refusedAdjourn.statusCode).toBe(400);
    expect(refusedAdjourn.json().error.fields.urgencyReason).toBe(
      'Give the reason this hearing is urgent: it would sit on Saturday 6 February 2027 (a weekend) and Sunday 7 February 2027 (a weekend)',
    );
    // Nothing was changed by the refusal.
    const still = await admin.get(`/api/v1/hearings/${inquest.json().id}`);
    expect(still.json().status).toBe('LISTED');
    const adjourned = await admin.post(`/api/v1/hearings/${inquest.json().id}/adjourn`, {
      ...adjourn,
      urgencyReason: 'The family travel home on 8 February',
    });
    expect(adjourned.statusCode, adjourned.body).toBe(200);
  });

  it('answers bad input with a 400 or 409 and a sentence', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const base = { type: 'PRE_INQUEST_REVIEW', courtId: walthamstow, startsAt: '2026-12-16T10:00:00Z' };
    const unreadable = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      ...base,
      startsAt: '31/12/2026 10am',
    });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().error.message).toMatch(
      /Enter the date and time of the hearing as a real date and time/,
    );
    const otherArea = await admin.post(`/api/v1/cases/${c.id}/hearings`, { ...base, courtId: stPancras });
    expect(otherArea.statusCode).toBe(400);
    expect(otherArea.json().error.fields.courtId).toMatch(/belongs to another coroner area/);
    const past = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      ...base,
      startsAt: '2026-11-24T10:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toMatch(/in the future/);
    const held = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      ...base,
      type: 'OPENING',
      startsAt: '2026-11-23T10:00:00Z',
      alreadyHeld: true,
    });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().status).toBe('HELD');
    const beforeReport = await admin.post(`/api/v1/cases/${c.id}/hearings`, {
      ...base,
      type: 'OPENING',
      startsAt: '1900-01-02T10:00:00Z',
      alreadyHeld: true,
    });
    expect(beforeReport.statusCode).toBe(400);
    expect(beforeReport.json().error.fields.startsAt).toBe(
      'A hearing cannot be dated before the death was reported',
    );
    const noInquest = await inquestCase(t, officer, coroner, { interestedPerson: false, openInquest: false });
    const refused = await admin.post(`/api/v1/cases/${noInquest.id}/hearings`, base);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      `Case ${noInquest.reference} has no opened inquest: open the inquest before listing a pre-inquest review.`,
    );
    const badMinutes = await admin.post(`/api/v1/cases/${c.id}/hearings`, { ...base, estimatedMinutes: 2 });
    expect(badMinutes.statusCode).toBe(400);
  });

  it('postpones with the date to be set, relists, and the public list says which at each step', async () => {
    const c = await inquestCase(t, officer, coroner);
    const listed = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        roomId: await room(),
        startsAt: '2026-12-17T10:00:00Z',
      })
    ).json();
    const publicRow = async (from: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/public/hearings?courtId=${walthamstow}&from=${from}&to=${from}`,
        })
      )
        .json()
        .items.find((i: { id: string }) => i.id === listed.id);
    expect(await publicRow('2026-12-17')).toMatchObject({
      statusText: 'Listed',
      deceased: [{ name: c.name, restricted: false }],
    });

    const postponed = await admin.post(`/api/v1/hearings/${listed.id}/postpone`, {
      reason: 'The pathologist’s report is not ready',
      newStartsAt: null,
    });
    expect(postponed.statusCode, postponed.body).toBe(200);
    expect(postponed.json().status).toBe('POSTPONED');
    expect(await publicRow('2026-12-17')).toMatchObject({
      status: 'POSTPONED',
      statusText: 'Postponed – new date to be set',
    });
    const templates = async () =>
      (await admin.get(`/api/v1/cases/${c.id}/notifications`))
        .json()
        .map((n: { template: string }) => n.template);
    expect((await templates()).filter((x: string) => x === 'HEARING_POSTPONED')).toHaveLength(2);

    const wrong = await admin.post(`/api/v1/hearings/${listed.id}/adjourn`, { reason: 'x' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.message).toMatch(/Relist it with a new date first/);

    const relisted = await admin.post(`/api/v1/hearings/${listed.id}/relist`, {
      startsAt: '2027-01-12T10:00:00Z',
    });
    expect(relisted.statusCode, relisted.body).toBe(200);
    expect(relisted.json()).toMatchObject({
      status: 'LISTED',
      startsAt: '2027-01-12T10:00:00.000Z',
      version: 3,
    });
    expect(await publicRow('2026-12-17')).toBeUndefined();
    expect(await publicRow('2027-01-12')).toMatchObject({ statusText: 'Listed' });
    expect((await templates()).filter((x: string) => x === 'HEARING_RELISTED')).toHaveLength(2);
    expect(relisted.json().changes.map((x: { kind: string }) => x.kind)).toEqual([
      'LISTED',
      'POSTPONED',
      'RELISTED',
    ]);
  });

  it('ends an investigation only once its hearings to come are vacated, and then announces none as listed', async () => {
    const c = await inquestCase(t, officer, coroner);
    const listed = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        startsAt: '2026-12-16T10:00:00Z',
      })
    ).json();
    const onList = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/hearings?from=2026-12-16&to=2026-12-16' }))
        .json()
        .items.some((i: { id: string }) => i.id === listed.id);
    expect(await onList()).toBe(true);
    const suspend = { type: 'SUSPEND', basis: 'SCH1_PARA2', reason: 'A man has been charged with murder' };
    expect((await coroner.post(`/api/v1/cases/${c.id}/actions`, suspend)).statusCode).toBe(200);
    const end = { type: 'DECIDE_NOT_TO_RESUME', reason: 'He was convicted; the trial answered how she died' };
    const refused = await coroner.post(`/api/v1/cases/${c.id}/actions`, end);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(
      'This case still has a hearing to come: Pre-inquest review on 16 December 2026',
    );
    expect(await onList()).toBe(true);
    const vacated = await admin.post(`/api/v1/hearings/${listed.id}/vacate`, {
      reason: 'The trial has ended',
    });
    expect(vacated.statusCode, vacated.body).toBe(200);
    expect((await coroner.post(`/api/v1/cases/${c.id}/actions`, end)).statusCode).toBe(200);
    const row = (
      await t.app.inject({ method: 'GET', url: '/api/v1/public/hearings?from=2026-12-16&to=2026-12-16' })
    )
      .json()
      .items.find((i: { id: string }) => i.id === listed.id);
    expect(row?.status ?? 'not on the list').not.toBe('LISTED');
  });

  it('hides the name and identifying detail of a restricted case on the public list and its CSV', async () => {
    const c = await inquestCase(t, officer, coroner, { restriction: 'CYPA_S39' });
    const listed = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        roomId: await room(),
        startsAt: '2026-12-18T10:00:00Z',
      })
    ).json();
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/hearings?from=2026-12-18&to=2026-12-18',
    });
    expect(list.statusCode).toBe(200);
    const row = list.json().items.find((i: { id: string }) => i.id === listed.id);
    expect(row.deceased).toEqual([
      { name: 'Name withheld (reporting restriction)', age: null, dateOfDeath: null, restricted: true },
    ]);
    expect(list.body).not.toContain(c.familyName);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/hearings.csv?from=2026-12-18&to=2026-12-18',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).not.toContain(c.familyName);
    expect(csv.body).toContain('Name withheld (reporting restriction)');
    const page = await t.app.inject({ method: 'GET', url: '/hearings?from=2026-12-18&to=2026-12-18' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(c.familyName);
  });

  it('adjourns to a resumed hearing, vacates, and records directions that become clocks', async () => {
    const c = await inquestCase(t, officer, coroner);
    const roomId = await room();
    const inquest = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'INQUEST',
        courtId: walthamstow,
        roomId,
        startsAt: '2026-12-21T10:00:00Z',
        estimatedMinutes: 300,
      })
    ).json();
    t.clock.set('2026-12-21T11:00:00Z');
    const adjourned = await coroner.post(`/api/v1/hearings/${inquest.id}/adjourn`, {
      reason: 'A witness is ill',
      resumesAt: '2027-02-02T10:00:00Z',
    });
    expect(adjourned.statusCode, adjourned.body).toBe(200);
    expect(adjourned.json().status).toBe('ADJOURNED');
    const all = (await admin.get(`/api/v1/cases/${c.id}/hearings`)).json();
    const resumed = all.find((h: { adjournedFrom: string | null }) => h.adjournedFrom === inquest.id);
    expect(resumed).toMatchObject({
      type: 'RESUMED_INQUEST',
      status: 'LISTED',
      startsAt: '2027-02-02T10:00:00.000Z',
    });
    const vacated = await admin.post(`/api/v1/hearings/${resumed.id}/vacate`, {
      reason: 'The inquest will be heard with a linked case',
    });
    expect(vacated.json().status).toBe('VACATED');

    t.clock.set('2026-11-25T10:00:00Z');
    const pir = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        roomId,
        startsAt: '2026-11-26T10:00:00Z',
      })
    ).json();
    t.clock.set('2026-11-26T15:00:00Z');
    const outcome = await coroner.post(`/api/v1/hearings/${pir.id}/outcome`, {
      heldOn: '2026-11-26',
      notes: 'Scope settled.',
      directions: [
        { kind: 'SCOPE', text: 'The inquest will consider the crisis team’s response' },
        {
          kind: 'DISCLOSURE',
          text: 'The trust to disclose its serious incident report',
          dueOn: '2027-01-08',
        },
        { kind: 'WITNESSES', text: 'Families to propose witnesses', dueOn: '2026-12-18' },
      ],
    });
    expect(outcome.statusCode, outcome.body).toBe(200);
    const deadlines = (await coroner.get(`/api/v1/cases/${c.id}/deadlines`)).json();
    const kinds = JSON.stringify(deadlines);
    expect(kinds).toContain('Disclosure: The trust to disclose its serious incident report');
    expect(kinds).toContain('Witnesses: Families to propose witnesses');
    expect(kinds).not.toContain('crisis team’s response');
    const again = await coroner.post(`/api/v1/hearings/${pir.id}/vacate`, { reason: 'x' });
    expect(again.statusCode).toBe(409);
  });

  it('adjourns a hearing only once it has started, saying to postpone one still to come', async () => {
    const c = await inquestCase(t, officer, coroner);
    const inquest = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'INQUEST',
        courtId: walthamstow,
        roomId: await room(),
        coronerId: await newCoroner(),
        startsAt: '2026-12-22T10:00:00Z',
        estimatedMinutes: 300,
      })
    ).json();
    const adjourn = { reason: 'Witness unavailable', resumesAt: '2027-03-30T10:00:00Z' };
    const early = await admin.post(`/api/v1/hearings/${inquest.id}/adjourn`, adjourn);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toEqual({
      code: 'ACTION_NOT_ALLOWED',
      message: 'This hearing has not started yet, so it cannot be adjourned: postpone it instead.',
    });
    const hearingsOfCase = async () => (await admin.get(`/api/v1/cases/${c.id}/hearings`)).json();
    expect(await hearingsOfCase()).toMatchObject([{ id: inquest.id, status: 'LISTED' }]);
    const publicList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/hearings?from=2026-12-22&to=2026-12-22',
    });
    const row = publicList.json().items.find((h: { id: string }) => h.id === inquest.id);
    expect(row).toMatchObject({ status: 'LISTED' });

    // At its start it may be adjourned.
    t.clock.set('2026-12-22T10:00:00Z');
    const adjourned = await admin.post(`/api/v1/hearings/${inquest.id}/adjourn`, adjourn);
    expect(adjourned.statusCode, adjourned.body).toBe(200);
    expect(adjourned.json().status).toBe('ADJOURNED');
  });

  it('lists two hearings of the same cases heard together at once, each crossing the other, without failing', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await inquestCase(t, officer, coroner), await inquestCase(t, officer, coroner)];
      const body = (hour: number) => ({
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        startsAt: `2027-04-0${round + 5}T${hour}:00:00Z`, // Monday to Wednesday
        estimatedMinutes: 30,
      });
      const both = await Promise.all([
        admin.post(`/api/v1/cases/${a.id}/hearings`, { ...body(10), caseIds: [b.id] }),
        admin.post(`/api/v1/cases/${b.id}/hearings`, { ...body(14), caseIds: [a.id] }),
      ]);
      expect(
        both.map((r) => r.statusCode),
        both.map((r) => r.body).join(),
      ).toEqual([201, 201]);
    }
  });

  it('hears several cases together: each family is told, and the public list names each deceased', async () => {
    const [a, b] = [await inquestCase(t, officer, coroner), await inquestCase(t, officer, coroner)];
    const other = await inquestCase(
      t,
      await t.client(await t.user('officer', { areaCode: 'IN' })),
      await t.client(await t.user('coroner', { areaCode: 'IN' })),
      { areaCode: 'IN', interestedPerson: false },
    );
    const body = {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId: await room(),
      startsAt: '2027-01-05T10:00:00Z',
      estimatedMinutes: 600,
    };
    const refused = await admin.post(`/api/v1/cases/${a.id}/hearings`, { ...body, caseIds: [other.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.caseIds).toBe(
      'Each case heard together must be a case of the same coroner area',
    );
    const res = await admin.post(`/api/v1/cases/${a.id}/hearings`, { ...body, caseIds: [b.id] });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      res
        .json()
        .cases.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    for (const c of [a, b]) {
      const sent = (await admin.get(`/api/v1/cases/${c.id}/notifications`)).json();
      expect(sent.map((n: { to: string }) => n.to).sort()).toEqual([
        `Mary ${c.familyName}`,
        `Sarah ${c.familyName}`,
      ]);
    }
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/hearings?courtId=${walthamstow}&from=2027-01-05&to=2027-01-05`,
    });
    const row = list.json().items.find((i: { id: string }) => i.id === res.json().id);
    expect(row.deceased.map((d: { name: string }) => d.name).sort()).toEqual([a.name, b.name].sort());
  });

  it('keeps a suspended inquest and a case leaving the area out of the list, saying what to do first', async () => {
    const c = await inquestCase(t, officer, coroner);
    const list = (type: string, day: string) =>
      admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type,
        courtId: walthamstow,
        startsAt: `${day}T10:00:00Z`,
      });
    const inquest = await list('INQUEST', '2026-12-07');
    expect(inquest.statusCode, inquest.body).toBe(201);
    const review = await list('PRE_INQUEST_REVIEW', '2026-12-02');
    expect(review.statusCode, review.body).toBe(201);
    const suspend = {
      type: 'SUSPEND',
      basis: 'SCH1_PARA2',
      reason: 'A man has been charged with manslaughter',
    };
    const refused = await coroner.post(`/api/v1/cases/${c.id}/actions`, suspend);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(
      'This case still has a hearing to come: Inquest hearing on 7 December 2026',
    );
    expect(refused.json().error.message).toContain(
      'While the investigation is suspended its inquest is not heard',
    );
    expect(refused.json().error.message).not.toContain('Pre-inquest review');

    // The inquest day passes without a record of it; the case is suspended; it cannot resume while suspended.
    t.clock.set('2026-12-08T10:00:00Z');
    expect((await coroner.post(`/api/v1/cases/${c.id}/actions`, suspend)).statusCode).toBe(200);
    const resumed = await admin.post(`/api/v1/hearings/${inquest.json().id}/adjourn`, {
      reason: 'The trial comes first',
      resumesAt: '2027-03-01T10:00:00Z',
    });
    expect(resumed.statusCode).toBe(409);
    expect(resumed.json().error.message).toContain(`Case ${c.reference} is suspended`);
    const adjourned = await admin.post(`/api/v1/hearings/${inquest.json().id}/adjourn`, {
      reason: 'The trial comes first',
    });
    expect(adjourned.statusCode, adjourned.body).toBe(200);

    // Transferring: the hearings to come stay with this area, so they are vacated first.
    const resume = {
      type: 'RESUME',
      proceedingsOutcome: 'Acquitted',
      reason: 'The trial did not answer how he died',
    };
    const back = await coroner.post(`/api/v1/cases/${c.id}/actions`, resume);
    expect(back.statusCode, back.body).toBe(200);
    const later = await list('PRE_INQUEST_REVIEW', '2026-12-15');
    expect(later.statusCode, later.body).toBe(201);
    const transfer = {
      type: 'TRANSFER',
      toAreaCode: 'IN',
      basis: 'S2',
      agreedBy: 'HM Senior Coroner Inner North London',
      reason: 'The family live there',
    };
    const notYet = await coroner.post(`/api/v1/cases/${c.id}/actions`, transfer);
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.message).toContain(
      'The receiving area lists its hearings once it accepts the case.',
    );
    expect(
      (await admin.post(`/api/v1/hearings/${later.json().id}/vacate`, { reason: 'The case is moving' }))
        .statusCode,
    ).toBe(200);
    const moved = await coroner.post(`/api/v1/cases/${c.id}/actions`, transfer);
    expect(moved.statusCode, moved.body).toBe(200);
    const whileMoving = await list('PRE_INQUEST_REVIEW', '2026-12-16');
    expect(whileMoving.statusCode).toBe(409);
    expect(whileMoving.json().error.message).toContain('is being transferred to another coroner area');
  });

  it('takes one case out of a hearing heard together: only its family is told, and its investigation may then end', async () => {
    const [a, b] = [await inquestCase(t, officer, coroner), await inquestCase(t, officer, coroner)];
    const listed = (
      await admin.post(`/api/v1/cases/${a.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        startsAt: '2027-01-06T10:00:00Z',
        caseIds: [b.id],
      })
    ).json();
    const notices = async (caseId: string) =>
      (await admin.get(`/api/v1/cases/${caseId}/notifications`))
        .json()
        .map((n: { template: string }) => n.template);
    const suspend = { type: 'SUSPEND', basis: 'SCH1_PARA2', reason: 'A man has been charged with murder' };
    expect((await coroner.post(`/api/v1/cases/${b.id}/actions`, suspend)).statusCode).toBe(200);
    const end = { type: 'DECIDE_NOT_TO_RESUME', reason: 'He was convicted; the trial answered how she died' };
    const refused = await coroner.post(`/api/v1/cases/${b.id}/actions`, end);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('take this case out of one that hears other cases too');

    // Bad input and the wrong people first.
    const url = `/api/v1/hearings/${listed.id}/remove-case`;
    const missing = await admin.post(url, { caseId: b.id });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.reason).toBe('Enter the reason the case is taken out of the hearing');
    const notHeard = await admin.post(url, { caseId: randomUUID(), reason: 'Heard separately' });
    expect(notHeard.statusCode).toBe(400);
    expect(notHeard.json().error.fields.caseId).toBe('Select one of the cases heard at this hearing');
    expect((await officer.post(url, { caseId: b.id, reason: 'x' })).statusCode).toBe(403);

    const removed = await admin.post(url, {
      caseId: b.id,
      reason: 'The investigation is ending after the trial',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect(removed.json().status).toBe('LISTED');
    expect(removed.json().changes.at(-1)).toMatchObject({
      kind: 'CASE_REMOVED',
      detail: { caseId: b.id, reason: 'The investigation is ending after the trial' },
    });
    expect(await notices(b.id)).toContain('HEARING_CASE_REMOVED');
    expect(await notices(a.id)).not.toContain('HEARING_CASE_REMOVED');
    const sent = (await admin.get(`/api/v1/cases/${b.id}/notifications`))
      .json()
      .find((n: { template: string }) => n.template === 'HEARING_CASE_REMOVED');
    expect(sent.subject).toBe(`Change to the pre-inquest review: ${b.name}`);
    const [trail] = await t.db
      .select({ caseId: auditEvents.caseId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'HEARING_CASE_REMOVED'), eq(auditEvents.subjectId, listed.id)));
    expect(trail?.caseId).toBe(b.id);
    expect(
      (await admin.get(`/api/v1/cases/${b.id}/hearings`)).json().map((h: { id: string }) => h.id),
    ).not.toContain(listed.id);
    const publicRow = (
      await t.app.inject({ method: 'GET', url: '/api/v1/public/hearings?from=2027-01-06&to=2027-01-06' })
    )
      .json()
      .items.find((i: { id: string }) => i.id === listed.id);
    expect(publicRow.deceased.map((d: { name: string }) => d.name)).toEqual([a.name]);
    expect((await coroner.post(`/api/v1/cases/${b.id}/actions`, end)).statusCode).toBe(200);

    // The last case is not taken out: the hearing is vacated instead.
    const last = await admin.post(url, { caseId: a.id, reason: 'x' });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toContain('vacate the hearing instead');
  });

  it('changes a room, and lists the area’s hearings for staff by court and dates', async () => {
    const roomId = await room(false);
    const changed = await admin.put(`/api/v1/courts/${walthamstow}/rooms/${roomId}`, {
      capacity: 55,
      juryCapable: true,
      videoLink: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().rooms.find((r: { id: string }) => r.id === roomId)).toMatchObject({
      capacity: 55,
      juryCapable: true,
      videoLink: false,
    });
    expect(
      (
        await otherAdmin.put(`/api/v1/courts/${walthamstow}/rooms/${roomId}`, {
          capacity: 5,
          juryCapable: false,
          videoLink: false,
        })
      ).statusCode,
    ).toBe(404);
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const h = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'INQUEST',
        courtId: walthamstow,
        roomId,
        startsAt: '2027-01-06T10:00:00Z',
      })
    ).json();
    const list = await officer.get(`/api/v1/hearings?courtId=${walthamstow}&from=2027-01-06&to=2027-01-06`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((i: { id: string }) => i.id === h.id)).toMatchObject({
      type: 'INQUEST',
      status: 'LISTED',
      cases: expect.stringContaining(c.reference),
    });
    expect((await officer.get('/api/v1/hearings?from=2027-01-06&to=2027-01-01')).statusCode).toBe(400);
    expect(
      (await otherAdmin.get(`/api/v1/hearings?from=2027-01-06&to=2027-01-06`))
        .json()
        .items.some((i: { id: string }) => i.id === h.id),
    ).toBe(false);
  });

  it('refuses other roles and other areas', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const body = { type: 'PRE_INQUEST_REVIEW', courtId: walthamstow, startsAt: '2026-12-22T10:00:00Z' };
    expect((await officer.post(`/api/v1/cases/${c.id}/hearings`, body)).statusCode).toBe(403);
    expect((await otherAdmin.post(`/api/v1/cases/${c.id}/hearings`, body)).statusCode).toBe(404);
    const h = (await admin.post(`/api/v1/cases/${c.id}/hearings`, { ...body, roomId: await room() })).json();
    expect((await otherAdmin.get(`/api/v1/hearings/${h.id}`)).statusCode).toBe(404);
    expect((await otherAdmin.post(`/api/v1/hearings/${h.id}/vacate`, { reason: 'x' })).statusCode).toBe(404);
    expect((await officer.get(`/api/v1/hearings/${h.id}`)).statusCode).toBe(200);
    expect(
      (
        await otherAdmin.post(`/api/v1/courts/${walthamstow}/rooms`, {
          name: 'X',
          capacity: 3,
          juryCapable: false,
          videoLink: false,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('meets a notice clock once the outbox has sent every message, and counts postponed hearings per area', async () => {
    const c = await inquestCase(t, officer, coroner);
    const h = (
      await admin.post(`/api/v1/cases/${c.id}/hearings`, {
        type: 'PRE_INQUEST_REVIEW',
        courtId: walthamstow,
        roomId: await room(),
        startsAt: '2026-12-23T10:00:00Z',
      })
    ).json();
    await t.db
      .update(notifications)
      .set({ status: 'sent', sentAt: new Date('2026-11-27T09:00:00Z') })
      .where(eq(notifications.caseId, c.id));
    await meetSentNotices(t.db);
    const [clock] = await t.db
      .select()
      .from(caseDeadlines)
      .where(and(eq(caseDeadlines.caseId, c.id), eq(caseDeadlines.source, 'hearing')));
    expect(clock!.metOn).toBe('2026-11-27');
    const before = await hearingOversightMeasures({ database: t.database } as AppDeps, ['EL']);
    await admin.post(`/api/v1/hearings/${h.id}/postpone`, { reason: 'Awaiting expert evidence' });
    const after = await hearingOversightMeasures({ database: t.database } as AppDeps, ['EL']);
    expect(after[0]!.value).toBe(before[0]!.value + 1);
    expect(after[0]!.label).toBe('Hearings postponed without a date');
  });
});
