import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { AppDeps } from '../../app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { createViews } from '../../platform/views/views.ts';
import { courts } from '../areas/areas.tables.ts';
import { findCase } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { hearingCaseLinks, hearingPortalSections } from './hearings.feature.ts';
import { inquestCase } from './hearings.fixtures.ts';
import { hearingCases, hearings } from './hearings.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;
type Browser = Awaited<ReturnType<TestApp['browser']>>;

const when = (prefix: string, day: string, month: string, year: string, time: string) => ({
  [`${prefix}-day`]: day,
  [`${prefix}-month`]: month,
  [`${prefix}-year`]: year,
  [`${prefix}-time`]: time,
});

describe('Hearing pages', () => {
  let t: TestApp;
  let admin: Browser;
  let coroner: Client;
  let officer: Client;
  let walthamstow: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.browser(await t.user('court-admin', { name: 'Priya Shah' }));
    coroner = await t.client(await t.user('coroner'));
    officer = await t.client(await t.user('officer'));
    const [w] = await t.db.select().from(courts).where(eq(courts.name, "Walthamstow Coroner's Court"));
    walthamstow = w!.id;
  });
  beforeEach(() => t.clock.set('2026-11-25T10:00:00Z'));
  afterAll(() => t.close());

  async function addRoom(jury: 'yes' | 'no' = 'yes') {
    const name = `Court ${randomUUID().slice(0, 6)}`;
    const res = await admin.post(`/courts/${walthamstow}/rooms/new`, {
      name,
      capacity: '30',
      juryCapable: jury,
      videoLink: 'yes',
    });
    expect(res.statusCode, res.body).toBe(303);
    const courtsPage = await admin.get('/courts');
    expect(courtsPage.body).toContain(name);
    const listPage = await admin.get(`/api/v1/courts`);
    return listPage.json()[0].rooms
      ? (listPage.json() as { rooms: { id: string; name: string }[] }[])
          .flatMap((c) => c.rooms)
          .find((r) => r.name === name)!.id
      : '';
  }

  it('lets a court administrator add a room, list a hearing, postpone it with the date to be set and relist it', async () => {
    const c = await inquestCase(t, officer, coroner);
    const roomId = await addRoom();
    const form = await admin.get(`/cases/${c.id}/hearings/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('List a hearing');

    const missing = await admin.post(`/cases/${c.id}/hearings/new`, {
      courtId: walthamstow,
      estimatedMinutes: '60',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('Select the type of hearing');
    expect(missing.body).toContain('Enter the date and time of the hearing');
    expect(missing.body).not.toContain('as a real date and time');

    // A date without a time is not taken as midnight.
    const noTime = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '14', '12', '2026', ''),
      estimatedMinutes: '60',
    });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.body).toContain(
      'href="#startsAt-time">Date and time must include a time, for example 14:30',
    );
    expect(noTime.body).not.toContain('href="#startsAt">');

    const unknownCase = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      ...when('startsAt', '14', '12', '2026', '10:00'),
      caseReferences: 'EL-2026-999999',
    });
    expect(unknownCase.statusCode).toBe(400);
    expect(unknownCase.body).toContain('There is no case EL-2026-999999 in this coroner area');

    // What is missing, a case that is not there, and the rules on the date given, all in one round.
    const together = await admin.post(`/cases/${c.id}/hearings/new`, {
      courtId: walthamstow,
      ...when('startsAt', '12', '12', '2026', '10:00'), // a Saturday
      caseReferences: 'EL-2026-999999',
    });
    expect(together.statusCode).toBe(400);
    expect(together.body).toContain('href="#type">Select the type of hearing');
    expect(together.body).toContain('There is no case EL-2026-999999 in this coroner area');
    expect(together.body).toContain(
      'href="#urgencyReason">Give the reason this hearing is urgent: it is a weekend',
    );
    // The summary lists them in the order of the questions on the page.
    const summary = together.body.slice(
      0,
      together.body.indexOf('</ul>', together.body.indexOf('govuk-error-summary')),
    );
    const order = ['#type', '#caseReferences', '#urgencyReason'].map((href) =>
      summary.indexOf(`href="${href}"`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const past = await admin.post(`/cases/${c.id}/hearings/new`, {
      courtId: walthamstow,
      ...when('startsAt', '2', '11', '2026', '10:00'),
    });
    expect(past.body).toContain('Select the type of hearing');
    expect(past.body).toContain('Enter a date and time in the future');

    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '14', '12', '2026', '10:00'),
      estimatedMinutes: '60',
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const hearingPage = await admin.get(listed.headers.location as string);
    expect(hearingPage.statusCode).toBe(200);
    expect(hearingPage.body).toContain('Pre-inquest review');
    expect(hearingPage.body).toContain(`Mary ${c.familyName}`);
    expect(hearingPage.body).toContain('To be sent by the office');
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;
    const audited = await t.db
      .select({ caseId: auditEvents.caseId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'HEARING_LISTED'), eq(auditEvents.subjectId, id)));
    expect(audited).toEqual([
      { caseId: c.id, detail: expect.objectContaining({ type: 'PRE_INQUEST_REVIEW', alreadyHeld: false }) },
    ]);

    const clash = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '14', '12', '2026', '10:30'),
      estimatedMinutes: '60',
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('This would double-book');

    expect((await admin.get(`/hearings/${id}/postpone`)).body).toContain(
      'This is sent to the family and the other interested persons in their notice, word for word.',
    );
    const noReason = await admin.post(`/hearings/${id}/postpone`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter the reason for postponing the hearing');
    const weekend = await admin.post(
      `/hearings/${id}/postpone`,
      when('newStartsAt', '13', '12', '2026', '10:00'),
    );
    expect(weekend.statusCode).toBe(400);
    expect(weekend.body).toContain('Enter the reason for postponing the hearing');
    expect(weekend.body).toContain('Give the reason this hearing is urgent: it is a weekend');
    const postponed = await admin.post(`/hearings/${id}/postpone`, {
      reason: 'Awaiting the post-mortem report',
    });
    expect(postponed.statusCode, postponed.body).toBe(303);
    expect((await admin.get(`/hearings/${id}`)).body).toContain('Postponed, new date to be set');

    const relisted = await admin.post(`/hearings/${id}/relist`, when('startsAt', '12', '1', '2027', '14:00'));
    expect(relisted.statusCode, relisted.body).toBe(303);
    const [row] = await t.db.select().from(hearings).where(eq(hearings.id, id));
    expect(row).toMatchObject({ status: 'LISTED', startsAt: new Date('2027-01-12T14:00:00Z') });

    const edit = await admin.post(`/courts/${walthamstow}/rooms/${roomId}/edit`, {
      capacity: '12',
      juryCapable: 'no',
      videoLink: 'no',
    });
    expect(edit.statusCode, edit.body).toBe(303);
    expect((await admin.get(`/courts/${walthamstow}/rooms/${roomId}/edit`)).body).toContain('value="12"');
    const list = await admin.get(`/cases/${c.id}/hearings`);
    expect(list.body).toContain('12 January 2027');
    const caseRow = await findCase(t.db, c.id);
    const links = await hearingCaseLinks(
      { database: t.database } as AppDeps,
      { role: 'court-admin' } as never,
      caseRow!,
    );
    expect(links).toEqual([{ text: 'Hearings (1)', href: `/cases/${c.id}/hearings` }]);
  });

  it('takes one case out of a hearing heard together, from the hearing page, asking which and why', async () => {
    const [a, b] = [await inquestCase(t, officer, coroner), await inquestCase(t, officer, coroner)];
    const listed = await admin.post(`/cases/${a.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      ...when('startsAt', '17', '12', '2026', '10:00'),
      caseReferences: b.reference,
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;
    const page = await admin.get(`/hearings/${id}`);
    expect(page.body).toMatch(
      new RegExp(`href="/hearings/${id}/remove-case"[^>]*>\\s*Take a case out of this hearing`),
    );
    const form = await admin.get(`/hearings/${id}/remove-case`);
    expect(form.body).toContain(`${b.reference}: ${b.name}`);
    const blank = await admin.post(`/hearings/${id}/remove-case`, {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('href="#caseId">Select the case to take out of the hearing');
    expect(blank.body).toContain('href="#reason">Enter the reason the case is taken out of the hearing');
    const done = await admin.post(`/hearings/${id}/remove-case`, {
      caseId: b.id,
      reason: 'To be heard on its own',
    });
    expect(done.statusCode, done.body).toBe(303);
    const after = await admin.get(`/hearings/${id}`);
    expect(after.body).toContain(`${b.reference} taken out of the hearing`);
    expect(after.body).not.toContain('Take a case out of this hearing');
    expect((await admin.get(`/cases/${b.id}`)).body).toContain('Taken out of the pre-inquest review');
  });

  it('names every case that cannot be heard with this one, by the question that named them, and lists none for a closed case', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const [closedA, closedB] = [
      await inquestCase(t, officer, coroner, { interestedPerson: false }),
      await inquestCase(t, officer, coroner, { interestedPerson: false }),
    ];
    for (const x of [closedA, closedB]) {
      const ended = await coroner.post(`/api/v1/cases/${x.id}/actions`, {
        type: 'RECORD_CONCLUSION',
        concludedOn: '2026-11-24',
        medicalCause: { '1a': 'Unascertained' },
        howWhenWhere: 'Found at home',
        shortForm: 'open',
        byJury: false,
      });
      expect(ended.statusCode, ended.body).toBe(200);
    }
    const refused = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      ...when('startsAt', '16', '12', '2026', '10:00'),
      caseReferences: `${closedA.reference}, ${closedB.reference}`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`href="#caseReferences">Case ${closedA.reference} is closed`);
    expect(refused.body).toContain(`Case ${closedB.reference} is closed`);

    // A closed case's hearings page says why none can be listed, and the form is refused before it is filled in.
    const page = await admin.get(`/cases/${closedA.id}/hearings`);
    expect(page.body).toContain('No hearing can be listed for this case now.');
    expect(page.body).not.toContain(`/cases/${closedA.id}/hearings/new`);
    expect((await admin.get(`/cases/${closedA.id}/hearings/new`)).statusCode).toBe(409);

    // A hearing still to come offers no record of what happened; opened from a case, it leads back there.
    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      ...when('startsAt', '16', '12', '2026', '10:00'),
    });
    const url = (listed.headers.location as string).split('?')[0]!;
    expect((await admin.get(url)).body).not.toContain(`${url}/outcome`);

    // Ending the investigation is refused on its form, with the way to the hearings that stand in the way.
    const ending = await (await t.browser(coroner.user)).post(`/cases/${c.id}/actions/RECORD_CONCLUSION`, {
      'concludedOn-day': '25',
      'concludedOn-month': '11',
      'concludedOn-year': '2026',
      'medicalCause.1a': 'Unascertained',
      howWhenWhere: 'Found at home',
      shortForm: 'open',
      byJury: 'no',
    });
    expect(ending.statusCode).toBe(409);
    expect(ending.body).toContain(
      `<a class="govuk-link" href="/cases/${c.id}/hearings">the case’s hearings page</a>`,
    );
  });

  it('warns after listing or moving a hearing less than a week away that the notice will be short', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const short =
      'This hearing is less than a week away, so the family and interested persons will have less than a week’s notice of it.';
    const later = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '14', '12', '2026', '10:00'),
      estimatedMinutes: '60',
    });
    expect(later.statusCode, later.body).toBe(303);
    expect((await admin.get(later.headers.location as string)).body).not.toContain(short);
    const id = (later.headers.location as string).split('/')[2]!.split('?')[0]!;

    const moved = await admin.post(`/hearings/${id}/postpone`, {
      reason: 'The coroner is needed elsewhere',
      ...when('newStartsAt', '30', '11', '2026', '10:00'),
    });
    expect(moved.statusCode, moved.body).toBe(303);
    const page = await admin.get(moved.headers.location as string);
    expect(page.body).toContain(short);
    expect(page.body).toContain('govuk-warning-text');
    // Only as the date is fixed, not each time the page is seen.
    expect((await admin.get(`/hearings/${id}`)).body).not.toContain(short);

    const soon = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '27', '11', '2026', '14:00'),
      estimatedMinutes: '60',
    });
    expect(soon.statusCode, soon.body).toBe(303);
    expect((await admin.get(soon.headers.location as string)).body).toContain(short);
  });

  it('offers to adjourn a hearing only once it has started, and refuses the page before then', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '16', '12', '2026', '10:00'),
      estimatedMinutes: '120',
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;
    const refusal = 'This hearing has not started yet, so it cannot be adjourned: postpone it instead.';
    const before = await admin.get(`/hearings/${id}`);
    expect(before.body).toContain(`href="/hearings/${id}/postpone"`);
    expect(before.body).not.toContain(`href="/hearings/${id}/adjourn"`);
    const form = await admin.get(`/hearings/${id}/adjourn`);
    expect(form.statusCode).toBe(409);
    expect(form.body).toContain(refusal);
    const posted = await admin.post(`/hearings/${id}/adjourn`, {
      reason: 'Witness unavailable',
      ...when('resumesAt', '30', '3', '2027', '10:00'),
    });
    expect(posted.statusCode).toBe(409);
    expect(posted.body).toContain(refusal);
    const [row] = await t.db.select().from(hearings).where(eq(hearings.id, id));
    expect(row!.status).toBe('LISTED');

    // Once it has started (signed in again: the session of three weeks ago has ended).
    t.clock.set('2026-12-16T10:30:00Z');
    const clerk = await t.browser(admin.user);
    expect((await clerk.get(`/hearings/${id}`)).body).toContain(`href="/hearings/${id}/adjourn"`);
    const adjourned = await clerk.post(`/hearings/${id}/adjourn`, { reason: 'Witness unavailable' });
    expect(adjourned.statusCode, adjourned.body).toBe(303);
    expect((await clerk.get(`/hearings/${id}`)).body).toContain('Adjourned');
  });

  it('warns on the hearing page when a jury is decided after the inquest was listed in a room with no jury box', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const roomId = await addRoom('no');
    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '18', '12', '2026', '10:00'),
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const url = (listed.headers.location as string).split('?')[0]!;
    expect((await admin.get(url)).body).not.toContain('has no jury box');
    const jury = await coroner.post(`/api/v1/cases/${c.id}/actions`, {
      type: 'DECIDE_JURY',
      jury: true,
      basis: 'S7_2_B',
      reason: 'The death followed an act of a police officer.',
    });
    expect(jury.statusCode, jury.body).toBe(200);
    expect((await admin.get(url)).body).toContain(
      'has no jury box. Postpone the hearing and relist it in a room with one.',
    );
    const postponed = await admin.post(`${url}/postpone`, { reason: 'A jury is to be summoned' });
    expect(postponed.statusCode, postponed.body).toBe(303);
    const page = (await admin.get(url)).body;
    expect(page).toContain('has no jury box. Relist it in a room with a jury box.');
    expect(page).not.toContain('Postpone the hearing');
  });

  it('records what happened with directions, and refuses a direction due before the hearing on the right field', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '25', '11', '2026', '14:00'),
    });
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;
    t.clock.set('2026-11-25T18:00:00Z');
    const bad = await admin.post(`/hearings/${id}/outcome`, {
      'heldOn-day': '25',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      'directions.1.kind': 'DISCLOSURE',
      'directions.1.text': 'Trust to disclose its report',
      'directions.1.dueOn-day': '1',
      'directions.1.dueOn-month': '11',
      'directions.1.dueOn-year': '2026',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#directions-1-dueOn"');
    const ok = await admin.post(`/hearings/${id}/outcome`, {
      'heldOn-day': '25',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      'directions.0.kind': 'JURY',
      'directions.0.text': 'No jury',
      'directions.1.kind': 'DISCLOSURE',
      'directions.1.text': 'Trust to disclose its report',
      'directions.1.dueOn-day': '8',
      'directions.1.dueOn-month': '1',
      'directions.1.dueOn-year': '2027',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const page = await admin.get(`/hearings/${id}`);
    expect(page.body).toContain('Trust to disclose its report (by 8 January 2027)');
    const deadlines = (await coroner.get(`/api/v1/cases/${c.id}/deadlines`)).json();
    expect(JSON.stringify(deadlines)).toContain('Disclosure: Trust to disclose its report');
  });

  it('adds a court to the administrator’s own area, refusing a blank form and a name already used', async () => {
    const name = `Ilford Coroner's Court ${randomUUID().slice(0, 4)}`;
    const blank = await admin.post('/courts/new', {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter the court&#39;s name');
    const badPostcode = await admin.post('/courts/new', {
      name,
      addressLine1: '1 High Road',
      town: 'Ilford',
      postcode: 'zzz',
    });
    expect(badPostcode.statusCode).toBe(400);
    expect(badPostcode.body).toContain('Enter a real postcode, like E17 8QP');
    const ok = await admin.post('/courts/new', {
      name,
      addressLine1: '1 High Road',
      town: 'Ilford',
      postcode: 'IG1 1AA',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const [court] = await t.db.select().from(courts).where(eq(courts.name, name));
    expect(court).toMatchObject({ areaCode: 'EL', town: 'Ilford', postcode: 'IG1 1AA' });
    const again = await admin.post('/courts/new', { name, addressLine1: '2 High Road', town: 'Ilford' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a court with this name in the area');
  });

  it('asks for a reason of urgency on the page when a hearing of several days runs into a weekend or bank holiday', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const roomId = await addRoom();
    // Thursday 24 December 2026 at 9am for 48 hours: Christmas Day and Saturday 26 December.
    const christmas = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '24', '12', '2026', '09:00'),
      estimatedMinutes: '2880',
    });
    expect(christmas.statusCode).toBe(400);
    expect(christmas.body).toContain(
      'href="#urgencyReason">Give the reason this hearing is urgent: it would sit on Friday 25 December 2026 (Christmas Day, a bank holiday) and Saturday 26 December 2026 (a weekend)',
    );
    // What was typed is kept.
    expect(christmas.body).toMatch(/name="estimatedMinutes"[^>]*value="2880"/);

    // Relisted on a Friday at its own length (72 hours), from the page.
    const listed = await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId,
      ...when('startsAt', '11', '1', '2027', '10:00'),
      estimatedMinutes: '4320',
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const id = (listed.headers.location as string).split('/')[2]!.split('?')[0]!;
    expect((await admin.post(`/hearings/${id}/postpone`, { reason: 'Awaiting a report' })).statusCode).toBe(
      303,
    );
    const friday = await admin.post(`/hearings/${id}/relist`, when('startsAt', '15', '1', '2027', '10:00'));
    expect(friday.statusCode).toBe(400);
    expect(friday.body).toContain(
      'href="#urgencyReason">Give the reason this hearing is urgent: it would sit on Saturday 16 January 2027 (a weekend) and Sunday 17 January 2027 (a weekend)',
    );
    const [row] = await t.db.select().from(hearings).where(eq(hearings.id, id));
    expect(row!.status).toBe('POSTPONED');
  });

  it('shows the court diary for the week, and a staff calendar feed of the court', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '2', '12', '2026', '11:00'),
    });
    const diary = await admin.get(`/court-diary?court=${walthamstow}&week=2026-12-02`);
    expect(diary.statusCode).toBe(200);
    expect(diary.body).toContain('Week beginning 30 November 2026');
    expect(diary.body).toContain(c.reference);
    const made = await admin.post(`/courts/${walthamstow}/calendar-feed`);
    expect(made.statusCode).toBe(200);
    const url = /value="(http[^"]+\.ics)"/.exec(made.body)![1]!;
    const feed = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain(c.reference);

    // An inquest of several days shows on each day it sits, also in the weeks after the one it starts in.
    const long = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const longInquest = {
      type: 'INQUEST',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '8', '1', '2027', '10:00'),
      estimatedMinutes: String(5 * 24 * 60),
    };
    // From a Friday it sits on the weekend: the days the diary shows it on are the days r.7 judges.
    const weekend = await admin.post(`/cases/${long.id}/hearings/new`, longInquest);
    expect(weekend.statusCode).toBe(400);
    expect(weekend.body).toContain(
      'href="#urgencyReason">Give the reason this hearing is urgent: it would sit on Saturday 9 January 2027 (a weekend) and Sunday 10 January 2027 (a weekend)',
    );
    const listed = await admin.post(`/cases/${long.id}/hearings/new`, {
      ...longInquest,
      urgencyReason: 'A witness can attend only on these days',
    });
    expect(listed.statusCode, listed.body).toBe(303);
    const first = await admin.get(`/court-diary?court=${walthamstow}&week=2027-01-04`);
    expect(first.body).toContain('From 10am, until 13 January 2027 at 10am');
    const saturday = first.body.slice(
      first.body.indexOf('Saturday 9 January 2027'),
      first.body.indexOf('Sunday 10 January 2027'),
    );
    expect(saturday).toContain(long.reference);
    expect(saturday).toContain('Continues, until 13 January 2027 at 10am');
    const next = await admin.get(`/court-diary?court=${walthamstow}&week=2027-01-11`);
    expect(next.body).toContain(long.reference);
    expect(next.body).toContain('Continues, until 13 January 2027 at 10am');
  });

  it('gives an interested person their hearings and a secret calendar address that stops when replaced or when they lose access', async () => {
    const c = await inquestCase(t, officer, coroner, { interestedPerson: false });
    const ipUser = await t.user('interested-person', { name: 'Mary Family' });
    const [ip] = await t.db
      .insert(interestedPersons)
      .values({
        caseId: c.id,
        name: 'Mary Family',
        category: 'FAMILY',
        email: 'mary@family.example',
        status: 'RECOGNISED',
      })
      .returning();
    await t.db
      .insert(interestedPersonUsers)
      .values({ interestedPersonId: ip!.id, userId: ipUser.id, capacity: 'self' });
    await admin.post(`/cases/${c.id}/hearings/new`, {
      type: 'PRE_INQUEST_REVIEW',
      courtId: walthamstow,
      roomId: await addRoom(),
      ...when('startsAt', '3', '12', '2026', '10:00'),
    });

    const deps = {
      database: t.database,
      clock: t.clock,
      views: createViews({ navigation: [] }),
    } as unknown as AppDeps;
    const principal = { role: 'interested-person', userId: ipUser.id } as never;
    const [section] = await hearingPortalSections(deps, principal, c.id);
    expect(section!.title).toBe('Hearings');
    expect(section!.html).toContain('Pre-inquest review');
    expect(section!.html).toContain(`/cases/${c.id}/calendar-feed`);

    const family = await t.browser(ipUser);
    expect((await family.get(`/cases/${c.id}/calendar-feed`)).statusCode).toBe(200);
    const first = /value="(http[^"]+\.ics)"/.exec(
      (await family.post(`/cases/${c.id}/calendar-feed`)).body,
    )![1]!;
    const path = new URL(first).pathname;
    const ics = await t.app.inject({ method: 'GET', url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain(`SUMMARY:Pre-inquest review: ${c.name}`);
    expect(ics.body).toContain('STATUS:CONFIRMED');

    const second = /value="(http[^"]+\.ics)"/.exec(
      (await family.post(`/cases/${c.id}/calendar-feed`)).body,
    )![1]!;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: new URL(second).pathname })).statusCode).toBe(200);
    // The page sent again (a reload) makes no new address: the one just copied keeps working.
    const once = /name="_once" value="([^"]+)"/.exec(
      (await family.get(`/cases/${c.id}/calendar-feed`)).body,
    )![1]!;
    const third = /value="(http[^"]+\.ics)"/.exec(
      (await family.post(`/cases/${c.id}/calendar-feed`, { _once: once })).body,
    )![1]!;
    const reload = await family.post(`/cases/${c.id}/calendar-feed`, { _once: once });
    expect(reload.body).toContain('You have already made a calendar address from this page');
    expect(reload.body).not.toContain('.ics"');
    expect((await t.app.inject({ method: 'GET', url: new URL(third).pathname })).statusCode).toBe(200);

    // Someone who is not family counts only once the coroner has recognised them (s.47).
    await t.db
      .update(interestedPersons)
      .set({ status: 'PROPOSED', category: 'INSURER' })
      .where(eq(interestedPersons.id, ip!.id));
    expect((await t.app.inject({ method: 'GET', url: new URL(third).pathname })).statusCode).toBe(404);
    await t.db
      .update(interestedPersons)
      .set({ status: 'RECOGNISED', category: 'FAMILY' })
      .where(eq(interestedPersons.id, ip!.id));
    expect((await t.app.inject({ method: 'GET', url: new URL(third).pathname })).statusCode).toBe(200);
    await t.db.update(interestedPersons).set({ status: 'REMOVED' }).where(eq(interestedPersons.id, ip!.id));
    expect((await t.app.inject({ method: 'GET', url: new URL(third).pathname })).statusCode).toBe(404);
    expect((await family.get(`/cases/${c.id}/calendar-feed`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/calendar-feeds/cal_guess.ics' })).statusCode).toBe(
      404,
    );

    // Once the investigation has ended with no hearing to come, the family is told so, and offered no calendar.
    await t.db
      .update(interestedPersons)
      .set({ status: 'RECOGNISED' })
      .where(eq(interestedPersons.id, ip!.id));
    await t.db
      .update(hearings)
      .set({ status: 'VACATED' })
      .where(
        inArray(
          hearings.id,
          t.db.select({ id: hearingCases.hearingId }).from(hearingCases).where(eq(hearingCases.caseId, c.id)),
        ),
      );
    const [waiting] = await hearingPortalSections(deps, principal, c.id);
    expect(waiting!.html).toContain('No hearing dates have been set yet');
    await t.db.update(cases).set({ status: 'CONCLUDED' }).where(eq(cases.id, c.id));
    const [ended] = await hearingPortalSections(deps, principal, c.id);
    expect(ended!.html).toContain('there are no hearings to come');
    expect(ended!.html).not.toContain('No hearing dates have been set yet');
    expect(ended!.html).not.toContain('calendar-feed');
  });

  it('shows the public list to anyone, and refuses an unreadable date with a message', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/hearings' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Inquest hearings');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/hearings?from-day=31&from-month=2&from-year=2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date, for example 14 12 2026');
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/hearings?from=2026-12-10&to=2026-12-01',
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.message).toMatch(/The last date must be the same as or after the first date/);
    const tooLong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/hearings?from=2026-01-01&to=2026-12-31',
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes every hearing route', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const paths = Object.keys(res.json().paths);
      for (const p of [
        '/api/v1/cases/{id}/hearings',
        '/api/v1/hearings/{id}/postpone',
        '/api/v1/hearings/{id}/outcome',
        '/api/v1/cases/{id}/notifications',
        '/api/v1/public/hearings',
        '/api/v1/public/hearings.csv',
        '/api/v1/cases/{id}/calendar.ics',
        '/api/v1/courts/{id}/rooms',
      ])
        expect(paths).toContain(p);
    } finally {
      await t.close();
    }
  });
});
