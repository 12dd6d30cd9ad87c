import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { checkSignIn, findUserByEmail } from '../../platform/auth/auth.queries.ts';
import { courts } from '../areas/areas.tables.ts';
import { hearingCases, hearings } from '../hearings/hearings.tables.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('judge-led inquests: request, the Chief Coroner’s decision, the local authority’s appointment', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let chief: Client;
  let council: Client;
  let otherCouncil: Client;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner', { name: 'Nadia Rahman' }));
    chief = await t.client(await t.user('chief-coroner'));
    council = await t.client(await t.user('local-authority', { organisation: 'Waltham Forest' }));
    otherCouncil = await t.client(
      await t.user('local-authority', { areaCode: 'SL', organisation: 'Croydon' }),
    );
    await t.db.execute(
      // The test database may not hold the demo areas' councils; Waltham Forest funds East London.
      sql`insert into local_authorities (area_code, name, is_lead)
        values ('EL', 'Waltham Forest', true) on conflict do nothing`,
    );
  });
  afterAll(() => t.close());

  async function newCase(areaCode = 'EL'): Promise<{ id: string; reference: string }> {
    const res = await officer.post('/api/v1/deaths', deathReport({ areaCode }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const eventTypes = async (id: string) =>
    (await coroner.get(`/api/v1/cases/${id}`)).json().events.map((e: { type: string }) => e.type) as string[];

  it('takes four grouped cases from request to a judge conducting all four', async () => {
    const four = [await newCase(), await newCase(), await newCase(), await newCase()];
    const group = (
      await officer.post('/api/v1/case-groups', {
        name: 'Deaths at Forest Lodge',
        reason: 'Four residents died in the same fire.',
        caseIds: four.map((c) => c.id),
      })
    ).json();

    // Only a coroner asks.
    expect(
      (await officer.post('/api/v1/judge-led-requests', { groupId: group.id, reasons: 'x' })).statusCode,
    ).toBe(403);
    const requested = await coroner.post('/api/v1/judge-led-requests', {
      groupId: group.id,
      reasons: 'Material the inquests must consider can be seen only by a judge.',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const request = requested.json();
    expect(request.status).toBe('REQUESTED');
    expect(request.group.name).toBe('Deaths at Forest Lodge');
    expect(request.cases).toHaveLength(4);

    // The group's page shows the request, and no longer offers to ask for one.
    const groupPage = (await (await t.browser(coroner.user)).get(`/case-groups/${group.id}`)).body;
    expect(groupPage).toContain('Judge-led inquests: awaiting the Chief Coroner’s decision');
    expect(groupPage).not.toContain('Ask the Chief Coroner for a judge to lead these inquests');

    // A second request for the same cases while this one is in progress is refused.
    const twice = await coroner.post('/api/v1/judge-led-requests', {
      caseIds: [four[0]!.id],
      reasons: 'again',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('already in a request for a judge-led inquest');

    // Only the Chief Coroner's office decides; the local authority cannot appoint before it has.
    for (const who of [coroner, officer, council]) {
      const res = await who.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
        decision: 'APPROVED',
        reasons: 'r',
      });
      expect(res.statusCode).toBe(403);
    }
    const early = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      judgeName: 'Peter Lane',
      judgeTitle: 'His Honour Judge',
      judgeEmail: `peter.lane.${request.id.slice(0, 8)}@judiciary.example`,
      appointedOn: '2026-11-25',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toEqual({
      code: 'ACTION_NOT_ALLOWED',
      message:
        'The Chief Coroner’s office has not decided this request yet. A judge can be appointed only once it is approved.',
    });

    t.clock.set('2026-11-26T10:00:00Z');
    const approved = await chief.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
      decision: 'APPROVED',
      reasons: 'Sensitive material; a judge is needed.',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('APPROVED');
    const again = await chief.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
      decision: 'DECLINED',
      reasons: 'r',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('The Chief Coroner’s office has already approved this request.');

    // A council that does not fund the area does not see the request.
    const judgeEmail = `peter.lane.${request.id.slice(0, 8)}@judiciary.example`;
    const body = {
      judgeName: 'Peter Lane',
      judgeTitle: 'His Honour Judge',
      judgeEmail,
      appointedOn: '2026-11-26',
    };
    expect(
      (await otherCouncil.post(`/api/v1/judge-led-requests/${request.id}/appointment`, body)).statusCode,
    ).toBe(404);
    const future = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      ...body,
      appointedOn: '2026-12-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields.appointedOn).toContain('today or in the past');
    // Another coroner's address never makes that coroner the "judge".
    const mistaken = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      ...body,
      judgeEmail: coroner.user.email.toUpperCase(),
    });
    expect(mistaken.statusCode).toBe(409);
    expect(mistaken.json().error.fields.judgeEmail).toContain('belongs to another account');
    // Each records the appointment they make: the council an assistant coroner (Sch 3), the Chief Coroner's
    // office a judge under Schedule 10.
    const url = `/api/v1/judge-led-requests/${request.id}/appointment`;
    const bySchedule10 = await council.post(url, { ...body, basis: 'SCHEDULE_10' });
    expect(bySchedule10.statusCode).toBe(403);
    expect(bySchedule10.json().error.message).toContain('Chief Coroner’s office records it');
    expect((await chief.post(url, { ...body, basis: 'ASSISTANT_CORONER' })).statusCode).toBe(403);

    // A hearing still to come, one already held, and one postponed with its new date to be set (its old date
    // now past), listed before the appointment with the area coroner.
    const [court] = await t.db
      .insert(courts)
      .values({
        areaCode: 'EL',
        name: 'Walthamstow Coroner’s Court',
        addressLine1: '1 Queens Road',
        town: 'London',
      })
      .returning();
    const hearing = async (status: 'LISTED' | 'HELD' | 'POSTPONED', startsAt: string) => {
      const [h] = await t.db
        .insert(hearings)
        .values({
          areaCode: 'EL',
          courtId: court!.id,
          coronerId: coroner.user.id,
          type: 'PRE_INQUEST_REVIEW',
          status,
          startsAt: new Date(startsAt),
          estimatedMinutes: 60,
        })
        .returning();
      await t.db.insert(hearingCases).values({ hearingId: h!.id, caseId: four[0]!.id });
      return h!.id;
    };
    const coming = await hearing('LISTED', '2027-01-12T10:00:00Z');
    const held = await hearing('HELD', '2026-11-02T10:00:00Z');
    const postponed = await hearing('POSTPONED', '2026-11-20T10:00:00Z');

    t.clock.set('2026-11-27T10:00:00Z');
    const appointed = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, body);
    expect(appointed.statusCode, appointed.body).toBe(200);
    const sitting = async (id: string) =>
      (await t.db.select({ coronerId: hearings.coronerId }).from(hearings).where(eq(hearings.id, id)))[0]!
        .coronerId;
    expect(await sitting(coming)).toBe((await findUserByEmail(t.db, judgeEmail))!.id);
    expect(await sitting(postponed)).toBe((await findUserByEmail(t.db, judgeEmail))!.id);
    expect(await sitting(held)).toBe(coroner.user.id);
    const { request: done, judgeAccount } = appointed.json();
    expect(done.status).toBe('JUDGE_APPOINTED');
    expect(done.appointment.organisation).toBe('Waltham Forest');
    expect(judgeAccount.created).toBe(true);
    expect(judgeAccount.name).toBe('His Honour Judge Peter Lane');
    expect(judgeAccount.temporaryPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    // The judge is a coroner of the area, can sign in, and conducts every case.
    const judge = await findUserByEmail(t.db, judgeEmail);
    expect(judge).toMatchObject({ role: 'coroner', coronerOffice: 'judge', areaCode: 'EL' });
    const signIn = await checkSignIn(
      t.db,
      judgeEmail,
      judgeAccount.temporaryPassword,
      t.clock.now(),
      t.config.signIn,
    );
    expect(signIn.ok).toBe(true);
    for (const c of four) {
      const detail = (await coroner.get(`/api/v1/cases/${c.id}`)).json();
      expect(detail.assignedCoroner).toEqual({ id: judge!.id, name: 'His Honour Judge Peter Lane' });
      const types = detail.events.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'CASE_GROUPED',
          'JUDGE_LED_REQUESTED',
          'JUDGE_LED_APPROVED',
          'JUDGE_APPOINTED',
        ]),
      );
      const audited = (await t.db.select().from(auditEvents).where(eq(auditEvents.caseId, c.id))).map(
        (e) => e.action,
      );
      expect(audited).toEqual(
        expect.arrayContaining(['JUDGE_LED_REQUESTED', 'JUDGE_LED_DECIDED', 'JUDGE_APPOINTED']),
      );
    }
    const created = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'USER_CREATED'), eq(auditEvents.subjectId, judge!.id)));
    expect(created).toHaveLength(1);

    // The judge, signed in, sees the cases as their own.
    const judgeApi = await t.client(judge!);
    const list = (await judgeApi.get(`/api/v1/cases?q=${four[0]!.reference}`)).json();
    expect(list.items[0].id).toBe(four[0]!.id);

    const late = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, body);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('A judge has already been appointed for this request.');
    t.clock.set('2026-11-25T10:00:00Z');
  });

  it('a judge appointed by the Chief Coroner (Schedule 10) is named as such, and leads only the cases still open', async () => {
    const [open, closing] = [await newCase(), await newCase()];
    const request = (
      await coroner.post('/api/v1/judge-led-requests', {
        caseIds: [open.id, closing.id],
        reasons: 'Sensitive material.',
      })
    ).json();
    const approved = await chief.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
      decision: 'APPROVED',
      reasons: 'Material only a judge may see.',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // One investigation ends before the appointment: no duty to investigate.
    for (const action of [
      { type: 'OPEN_PRELIMINARY_ENQUIRIES' },
      { type: 'DECIDE_NO_DUTY', route: 'MCCD', reason: 'Natural causes; the GP can certify.' },
    ]) {
      const res = await coroner.post(`/api/v1/cases/${closing.id}/actions`, action);
      expect(res.statusCode, res.body).toBe(200);
    }
    // The Chief Coroner's office makes only Schedule 10 appointments: left out, that is the basis.
    const appointed = await chief.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      judgeName: 'Peter Lane',
      judgeTitle: 'His Honour Judge',
      judgeEmail: `p.lane.${request.id.slice(0, 8)}@judiciary.example`,
      appointedOn: '2026-11-25',
    });
    expect(appointed.statusCode, appointed.body).toBe(200);
    expect(appointed.json().request.appointment.basis).toBe('SCHEDULE_10');
    const openCase = (await coroner.get(`/api/v1/cases/${open.id}`)).json();
    expect(openCase.assignedCoroner.name).toBe('His Honour Judge Peter Lane');
    const event = openCase.events.find((e: { type: string }) => e.type === 'JUDGE_APPOINTED');
    expect(event.payload.summary).toMatch(/^The Chief Coroner appointed His Honour Judge Peter Lane/);
    const closedCase = (await coroner.get(`/api/v1/cases/${closing.id}`)).json();
    expect(closedCase.assignedCoroner?.name).not.toBe('His Honour Judge Peter Lane');
    expect(closedCase.events.map((e: { type: string }) => e.type)).not.toContain('JUDGE_APPOINTED');
  });

  it('a declined request leaves the coroner with the case, and no judge can be appointed', async () => {
    const one = await newCase();
    const request = (
      await coroner.post('/api/v1/judge-led-requests', { caseIds: [one.id], reasons: 'Complex.' })
    ).json();
    const declined = await chief.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
      decision: 'DECLINED',
      reasons: 'The senior coroner can hear it.',
    });
    expect(declined.json().status).toBe('DECLINED');
    expect(await eventTypes(one.id)).toContain('JUDGE_LED_DECLINED');
    const res = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      judgeName: 'A Judge',
      judgeTitle: 'Her Honour Judge',
      judgeEmail: `a.judge.${request.id.slice(0, 8)}@judiciary.example`,
      appointedOn: '2026-11-25',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('declined this request');
    // Once declined, the coroner may ask again.
    expect(
      (await coroner.post('/api/v1/judge-led-requests', { caseIds: [one.id], reasons: 'New evidence.' }))
        .statusCode,
    ).toBe(201);
    // Lists are paged (API.md "Lists"); the declined request is among the caller's.
    const firstPage = (await chief.get('/api/v1/judge-led-requests?status=DECLINED&pageSize=1')).json();
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.total).toBeGreaterThanOrEqual(1);
    const all = (
      await chief.get(`/api/v1/judge-led-requests?status=DECLINED&pageSize=${Math.min(500, firstPage.total)}`)
    ).json();
    expect(all.items.map((r: { id: string }) => r.id)).toContain(request.id);
    expect((await chief.get('/api/v1/judge-led-requests?pageSize=501')).statusCode).toBe(400);
  });

  it('refuses another area’s cases, closed cases and both cases and a group at once', async () => {
    const elsewhere = (
      await (
        await t.client(await t.user('officer', { areaCode: 'IN' }))
      ).post('/api/v1/deaths', deathReport({ areaCode: 'IN' }))
    ).json();
    expect(
      (await coroner.post('/api/v1/judge-led-requests', { caseIds: [elsewhere.id], reasons: 'r' }))
        .statusCode,
    ).toBe(400);
    const closed = await newCase();
    const noDuty = await coroner.post(`/api/v1/cases/${closed.id}/actions`, {
      type: 'DECIDE_NO_DUTY',
      route: 'MCCD',
      reason: 'Natural causes; the GP will certify.',
    });
    expect(noDuty.statusCode, noDuty.body).toBe(200);
    const res = await coroner.post('/api/v1/judge-led-requests', { caseIds: [closed.id], reasons: 'r' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('is closed');
    const both = await coroner.post('/api/v1/judge-led-requests', {
      caseIds: [closed.id],
      groupId: '00000000-0000-4000-8000-000000000000',
      reasons: 'r',
    });
    expect(both.statusCode).toBe(400);
  });

  it('answers an address that names no request with 404, however the id is written', async () => {
    const chiefPage = await t.browser(chief.user);
    for (const id of ['-'.repeat(36), 'a'.repeat(36), 'not-a-request']) {
      expect((await chief.get(`/api/v1/judge-led-requests/${id}`)).statusCode, id).toBe(404);
      const decided = await chief.post(`/api/v1/judge-led-requests/${id}/decision`, {
        decision: 'APPROVED',
        reasons: 'Agreed.',
      });
      expect(decided.statusCode, id).toBe(404);
      expect(decided.json().error.code).toBe('NOT_FOUND');
      expect((await chiefPage.get(`/judge-led-requests/${id}`)).statusCode, id).toBe(404);
    }
  });

  it('runs every step from the pages, showing the judge’s one-time password once', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const coronerPage = await t.browser(coroner.user);
    const casePage = await coronerPage.get(`/cases/${a.id}`);
    expect(casePage.body).toContain('Ask for a judge-led inquest');
    const form = await coronerPage.get(`/judge-led-requests/new?caseId=${a.id}`);
    expect(form.body).toContain(a.reference);
    const empty = await coronerPage.post('/judge-led-requests/new', {
      references: `${a.reference}\n${b.reference}`,
      reasons: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why a judge should lead the inquest');
    const tooMany = await coronerPage.post('/judge-led-requests/new', {
      references: Array.from({ length: 201 }, (_, i) => `EL-2026-${String(i + 1).padStart(6, '0')}`).join(
        '\n',
      ),
      reasons: '',
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Enter 200 case references or fewer');
    expect(tooMany.body).toContain('Enter why a judge should lead the inquest');
    const sent = await coronerPage.post('/judge-led-requests/new', {
      references: `${a.reference}\n${b.reference}`,
      reasons: 'A judge should see the sensitive material.',
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const url = sent.headers.location!.split('?')[0]!;

    const councilPage = await t.browser(council.user);
    const tooSoon = await councilPage.get(`${url}/appointment`);
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.body).toContain('has not decided this request yet');
    expect((await coronerPage.get(`${url}/decision`)).statusCode).toBe(403);

    const chiefPage = await t.browser(chief.user);
    expect((await chiefPage.get(url)).body).toContain('Decide this request');
    for (const saved of ['constructor', '__proto__', 'toString']) {
      const res = await coronerPage.get(`${url}?saved=${saved}`);
      expect(res.statusCode, saved).toBe(200);
      expect(res.body).not.toContain('govuk-notification-banner');
    }
    const noChoice = await chiefPage.post(`${url}/decision`, { reasons: '' });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Choose whether to approve or decline the request');
    expect(
      (await chiefPage.post(`${url}/decision`, { decision: 'APPROVED', reasons: 'Agreed.' })).statusCode,
    ).toBe(303);

    const judgeEmail = `hhj.${url.slice(-8)}@judiciary.example`;
    // Every problem at once: a bad email address and a date still to come.
    const twoProblems = await councilPage.post(`${url}/appointment`, {
      judgeTitle: 'Her Honour Judge',
      judgeName: 'Ruth Mensah',
      judgeEmail: 'not an address',
      'appointedOn-day': '1',
      'appointedOn-month': '1',
      'appointedOn-year': '2027',
      basis: 'ASSISTANT_CORONER',
    });
    expect(twoProblems.statusCode).toBe(400);
    expect(twoProblems.body).toContain('email address in the correct format');
    expect(twoProblems.body).toContain('The date of appointment must be today or in the past');
    const noSuchDay = await councilPage.post(`${url}/appointment`, {
      judgeTitle: 'Her Honour Judge',
      judgeName: 'Ruth Mensah',
      judgeEmail,
      'appointedOn-day': '31',
      'appointedOn-month': '2',
      'appointedOn-year': '2026',
      basis: 'ASSISTANT_CORONER',
    });
    expect(noSuchDay.statusCode).toBe(400);
    expect(noSuchDay.body).toContain('Date of appointment must be a real date');
    expect(noSuchDay.body).not.toContain('YYYY-MM-DD');
    const appointment = await councilPage.post(`${url}/appointment`, {
      judgeTitle: 'Her Honour Judge',
      judgeName: 'Ruth <b>Mensah</b>',
      judgeEmail,
      'appointedOn-day': '25',
      'appointedOn-month': '11',
      'appointedOn-year': '2026',
      basis: 'ASSISTANT_CORONER',
    });
    expect(appointment.statusCode, appointment.body).toBe(200);
    expect(appointment.headers['cache-control']).toBe('no-store');
    const password = /id="temporary-password">([^<]+)</.exec(appointment.body)?.[1];
    expect(password).toBeTruthy();
    // What was typed is shown as typed, never as markup.
    expect(appointment.body).toContain('Ruth &lt;b&gt;Mensah&lt;/b&gt; is now the coroner');
    expect(appointment.body).not.toContain('<b>Mensah</b>');
    expect((await checkSignIn(t.db, judgeEmail, password!, t.clock.now(), t.config.signIn)).ok).toBe(true);
    expect((await councilPage.get(url)).body).not.toContain(password!);
    const after = await coronerPage.get(`/cases/${b.id}`);
    expect(after.body).toContain('Her Honour Judge Ruth &lt;b&gt;Mensah&lt;/b&gt;');
    expect(after.body).toContain('Judge appointed to lead the inquest');
  });

  describe('concluding an inquest a judge has been asked to conduct', () => {
    const conclusion = {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-25',
      medicalCause: { '1a': 'Head injury' },
      howWhenWhere: 'Fell from a balcony at home on 19 November 2026.',
      shortForm: 'accident-or-misadventure',
      byJury: false,
    };
    const conclusionForm = {
      'concludedOn-day': '25',
      'concludedOn-month': '11',
      'concludedOn-year': '2026',
      'medicalCause.1a': 'Head injury',
      howWhenWhere: 'Fell from a balcony at home on 19 November 2026.',
      shortForm: 'accident-or-misadventure',
      byJury: 'no',
    };
    const WITH_THE_CHIEF_CORONER =
      'This inquest cannot be concluded while the request for a judge to conduct it is with the Chief Coroner’s office.';
    const JUDGE_TO_BE_APPOINTED =
      'This inquest cannot be concluded yet: the Chief Coroner’s office approved the request for a judge to conduct it, and the judge has not been appointed.';

    async function inquestOpened(): Promise<{ id: string; reference: string }> {
      const c = await newCase();
      for (const action of [
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'A fall' },
        { type: 'OPEN_INQUEST', openedOn: '2026-11-21' },
      ]) {
        const res = await coroner.post(`/api/v1/cases/${c.id}/actions`, action);
        expect(res.statusCode, res.body).toBe(200);
      }
      return c;
    }
    async function requestFor(id: string): Promise<string> {
      const res = await coroner.post('/api/v1/judge-led-requests', {
        caseIds: [id],
        reasons: 'Material the inquest must consider can be seen only by a judge.',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }
    const decide = async (requestId: string, decision: 'APPROVED' | 'DECLINED') => {
      const res = await chief.post(`/api/v1/judge-led-requests/${requestId}/decision`, {
        decision,
        reasons: 'Considered.',
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const conclude = (who: Client, id: string) => who.post(`/api/v1/cases/${id}/actions`, conclusion);

    it('is refused while the Chief Coroner’s office decides and until a judge is appointed; then the judge concludes it', async () => {
      const c = await inquestOpened();
      const requestId = await requestFor(c.id);

      // Awaiting the Chief Coroner's decision: refused through the API, saying why.
      const api = await conclude(coroner, c.id);
      expect(api.statusCode).toBe(409);
      expect(api.json().error.code).toBe('ACTION_NOT_ALLOWED');
      expect(api.json().error.message).toContain(WITH_THE_CHIEF_CORONER);
      // An officer is still told first that the conclusion is a coroner's to record.
      expect((await conclude(officer, c.id)).statusCode).toBe(403);

      // The case page does not offer the Record of Inquest, and says why; the form is refused before it is
      // filled in, and a form sent anyway comes back with the sentence heading the error summary.
      const page = await t.browser(coroner.user);
      const casePage = await page.get(`/cases/${c.id}`);
      expect(casePage.statusCode).toBe(200);
      expect(casePage.body).not.toContain(`/cases/${c.id}/actions/RECORD_CONCLUSION`);
      expect(casePage.body).toContain(`/cases/${c.id}/actions/DECIDE_JURY`);
      expect(casePage.body).toContain(WITH_THE_CHIEF_CORONER);
      const form = await page.get(`/cases/${c.id}/actions/RECORD_CONCLUSION`);
      expect(form.statusCode).toBe(409);
      expect(form.body).toContain(WITH_THE_CHIEF_CORONER);
      const sent = await page.post(`/cases/${c.id}/actions/RECORD_CONCLUSION`, conclusionForm);
      expect(sent.statusCode).toBe(409);
      expect(sent.body).toContain('govuk-error-summary');
      expect(sent.body).toContain(WITH_THE_CHIEF_CORONER);

      // Approved, the judge still to be appointed: refused too.
      await decide(requestId, 'APPROVED');
      const approved = await conclude(coroner, c.id);
      expect(approved.statusCode).toBe(409);
      expect(approved.json().error).toEqual({
        code: 'ACTION_NOT_ALLOWED',
        message: `${JUDGE_TO_BE_APPOINTED} The judge records the conclusion once appointed.`,
      });
      const approvedPage = await page.get(`/cases/${c.id}`);
      expect(approvedPage.body).not.toContain(`/cases/${c.id}/actions/RECORD_CONCLUSION`);
      expect(approvedPage.body).toContain(JUDGE_TO_BE_APPOINTED);
      expect((await page.get(`/cases/${c.id}/actions/RECORD_CONCLUSION`)).statusCode).toBe(409);

      // Once the judge is appointed, the judge concludes the inquest; the area's coroner does not.
      const judgeEmail = `conclude.${requestId.slice(0, 8)}@judiciary.example`;
      const appointed = await council.post(`/api/v1/judge-led-requests/${requestId}/appointment`, {
        judgeName: 'Amira Okafor',
        judgeTitle: 'Her Honour Judge',
        judgeEmail,
        appointedOn: '2026-11-25',
      });
      expect(appointed.statusCode, appointed.body).toBe(200);
      const byCoroner = await conclude(coroner, c.id);
      expect(byCoroner.statusCode).toBe(409);
      expect(byCoroner.json().error.message).toBe(
        'Her Honour Judge Amira Okafor was appointed to conduct this inquest, so only the judge can record the conclusion.',
      );
      expect((await page.get(`/cases/${c.id}`)).body).not.toContain(
        `/cases/${c.id}/actions/RECORD_CONCLUSION`,
      );
      const judge = (await findUserByEmail(t.db, judgeEmail))!;
      const judgePage = await (await t.browser(judge)).get(`/cases/${c.id}`);
      expect(judgePage.body).toContain(`/cases/${c.id}/actions/RECORD_CONCLUSION`);
      expect(judgePage.body).not.toContain('conclusion-unavailable');
      const byJudge = await conclude(await t.client(judge), c.id);
      expect(byJudge.statusCode, byJudge.body).toBe(200);
      expect(byJudge.json().status).toBe('CONCLUDED');
      expect(byJudge.json().inquest.conclusion.recordedBy).toBe('Her Honour Judge Amira Okafor');
    });

    it('is the coroner’s again once the Chief Coroner’s office declines the request', async () => {
      const c = await inquestOpened();
      await decide(await requestFor(c.id), 'DECLINED');
      const casePage = await (await t.browser(coroner.user)).get(`/cases/${c.id}`);
      expect(casePage.body).toContain(`/cases/${c.id}/actions/RECORD_CONCLUSION`);
      expect(casePage.body).not.toContain('conclusion-unavailable');
      const page = await t.browser(coroner.user);
      expect((await page.get(`/cases/${c.id}/actions/RECORD_CONCLUSION`)).statusCode).toBe(200);
      const sent = await page.post(`/cases/${c.id}/actions/RECORD_CONCLUSION`, conclusionForm);
      expect(sent.statusCode, sent.body.slice(0, 400)).toBe(303);
      const detail = (await coroner.get(`/api/v1/cases/${c.id}`)).json();
      expect(detail.status).toBe('CONCLUDED');
    });
  });
});
