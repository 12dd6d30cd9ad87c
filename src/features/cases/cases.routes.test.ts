import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { pageDateWording } from './cases.pages.view.ts';
import { reportDrafts } from './cases.tables.ts';

type Browser = Awaited<ReturnType<TestApp['browser']>>;
type Client = Awaited<ReturnType<TestApp['client']>>;

describe('case pages: the case list, case actions and the report journey', () => {
  let t: TestApp;
  let officerApi: Client;
  let coronerApi: Client;
  let officer: Browser;
  let coroner: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const officerUser = await t.user('officer');
    const coronerUser = await t.user('coroner');
    officerApi = await t.client(officerUser);
    coronerApi = await t.client(coronerUser);
    officer = await t.browser(officerUser);
    coroner = await t.browser(coronerUser);
    const res = await officerApi.post('/api/v1/deaths', deathReport());
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  async function newDraft(): Promise<string> {
    const res = await officer.post('/cases/new');
    expect(res.statusCode, res.body).toBe(303);
    const id = /^\/reports\/([0-9a-f-]{36})\/deceased$/.exec(String(res.headers.location))?.[1];
    expect(id).toBeDefined();
    return id!;
  }
  const draftData = async (id: string) =>
    (await t.db.select().from(reportDrafts).where(eq(reportDrafts.id, id)))[0]!.data;

  it.each([
    '/cases?page=1e308',
    '/cases?page=9999999999999999999',
    '/cases?page=1e999',
    '/cases?page=2.5',
    '/cases?page=-3',
    '/cases?q=a&q=b',
    '/cases?status=REPORTED&status=CLOSED',
    '/cases?officer=x&officer=y&page=1&page=2',
  ])('shows the case list for %s rather than failing', async (url) => {
    const res = await officer.get(url);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.body).toContain('Cases');
  });

  it('says a name or reference too long to search for is too long, and keeps what was typed', async () => {
    const typed = 'Walgate '.repeat(30).trim();
    const res = await officer.get(`/cases?q=${encodeURIComponent(typed)}&status=REPORTED`);
    expect(res.statusCode).toBe(400);
    const summary = res.body.slice(res.body.indexOf('govuk-error-summary'));
    expect(summary).toContain('<a href="#q">Name or reference must be 200 characters or fewer</a>');
    expect(res.body).toContain('id="q-error"');
    expect(res.body).toContain(`value="${typed}"`);
    expect(res.body).not.toContain('govuk-table__body');
    // At the limit, the search runs.
    const longest = await officer.get(`/cases?q=${'a'.repeat(200)}`);
    expect(longest.statusCode).toBe(200);
    expect(longest.body).toContain('There are no cases that match');
  });

  it.each([
    '/cases?officer=------------------------------------',
    '/cases?officer=ffffffffffffffffffffffffffffffffffff',
    '/deadlines?officer=000000000000000000000000000000000000',
    '/deadlines?officer=------------------------------------&state=overdue',
    '/deadlines?officer=x&officer=y&state=open&state=overdue',
  ])('shows the list for %s, an officer that is no one, rather than failing', async (url) => {
    const res = await officer.get(url);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  });

  it('answers 404 for a report whose address is 36 characters but no id', async () => {
    const id = '------------------------------------';
    expect((await officer.get(`/reports/${id}/check`)).statusCode).toBe(404);
    expect((await officer.post(`/reports/${id}/deceased`, {})).statusCode).toBe(404);
    expect((await officer.post(`/reports/${id}/discard`)).statusCode).toBe(404);
  });

  it('shows a page number past the last page as such, with the way back, however large', async () => {
    for (const page of ['9999999999999999999', '1e308']) {
      const res = await officer.get(`/cases?q=Walgate&q=other&page=${page}`);
      expect(res.body).toContain('This page is after the last page of cases.');
      expect(res.body).toContain('href="/cases?q=Walgate&amp;page=1"');
    }
  });

  it('answers 404 for a details step named like a built-in of every object', async () => {
    const { items } = (await officerApi.get('/api/v1/cases')).json();
    for (const step of ['constructor', '__proto__', 'toString']) {
      expect((await officer.get(`/cases/${items[0].id}/details/${step}`)).statusCode).toBe(404);
    }
  });

  it('after a charge, asks on resuming how the trial ended, and can end the investigation without resuming', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Assault' },
      { type: 'SUSPEND', basis: 'SCH1_PARA2', reason: 'Charged with manslaughter' },
    ])
      expect((await coronerApi.post(`/api/v1/cases/${id}/actions`, action)).statusCode).toBe(200);
    const resume = await coroner.get(`/cases/${id}/actions/RESUME`);
    expect(resume.body).toContain('How the criminal proceedings ended');
    const page = await coroner.get(`/cases/${id}`);
    expect(page.body).toContain(`/cases/${id}/actions/DECIDE_NOT_TO_RESUME`);
    expect(page.body).toContain('Suspend under another paragraph');
    const ended = await coroner.post(`/cases/${id}/actions/DECIDE_NOT_TO_RESUME`, {
      reason: 'Convicted; the trial heard how he died',
    });
    expect(ended.statusCode).toBe(303);
    const after = await coroner.get(`/cases/${id}`);
    expect(after.body).toContain('Closed: not resumed after suspension');
    expect(after.body).toContain(`/cases/${id}/actions/RESUME`);
  });

  it('lets an officer record the particulars sent to the registrar on suspending, and meets the clock (reg. 8)', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Assault' },
      {
        type: 'SUSPEND',
        basis: 'SCH1_PARA1',
        requestedBy: 'Crown Prosecution Service',
        reason: 'Charge considered',
      },
    ])
      expect((await coronerApi.post(`/api/v1/cases/${id}/actions`, action)).statusCode).toBe(200);
    const due = (await officerApi.get(`/api/v1/cases/${id}`)).json().deadlines as { kind: string }[];
    expect(due.map((d) => d.kind)).toContain('REG8_REGISTRAR_PARTICULARS');
    const link = `/cases/${id}/actions/SEND_REGISTRAR_PARTICULARS`;
    expect((await officer.get(`/cases/${id}`)).body).toContain(link);
    const form = await officer.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Cause of death given to the registrar');

    const missing = await officer.post(link, {
      'sentOn-day': '25',
      'sentOn-month': '11',
      'sentOn-year': '2026',
      registerOffice: '',
      causeOfDeath: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the register office the particulars were sent to');
    expect(missing.body).toContain('Enter the cause of death given to the registrar');
    const early = await officer.post(link, {
      'sentOn-day': '1',
      'sentOn-month': '1',
      'sentOn-year': '2020',
      registerOffice: 'Barking and Dagenham Register Office',
      causeOfDeath: 'Head injury',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The particulars cannot be dated before the investigation was suspended');

    const sent = await officer.post(link, {
      'sentOn-day': '25',
      'sentOn-month': '11',
      'sentOn-year': '2026',
      registerOffice: 'Barking and Dagenham Register Office',
      causeOfDeath: 'Head injury',
      'registration.occupation': 'Plumber',
    });
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
    const page = await officer.get(`/cases/${id}`);
    expect(page.body).toContain('Particulars sent to the registrar');
    expect(page.body).toContain('Sent to Barking and Dagenham Register Office on 25 November 2026');
    const after = (await officerApi.get(`/api/v1/cases/${id}`)).json();
    expect(after.status).toBe('SUSPENDED');
    expect(
      after.deadlines.find((d: { kind: string }) => d.kind === 'REG8_REGISTRAR_PARTICULARS'),
    ).toMatchObject({
      metOn: '2026-11-25',
    });
    // Not while the inquest runs: the particulars then come with the Record of Inquest.
    const { id: other } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const refused = await officerApi.post(`/api/v1/cases/${other}/actions`, {
      type: 'SEND_REGISTRAR_PARTICULARS',
      sentOn: '2026-11-25',
      registerOffice: 'Newham Register Office',
      causeOfDeath: 'Unknown',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('shows every answer of a report on the check page and the case page, detention above all', async () => {
    const id = await newDraft();
    const deceased = await officer.post(`/reports/${id}/deceased`, {
      'deceased.givenNames': 'Leon',
      'deceased.familyName': 'Adebayo',
      'deceased.sex': 'male',
      'deceased.dateOfBirth-day': '2',
      'deceased.dateOfBirth-month': '3',
      'deceased.dateOfBirth-year': '1980',
      'deceased.occupation': 'Bus driver',
      'deceased.nationality': 'British',
    });
    expect(deceased.statusCode, deceased.body.slice(0, 400)).toBe(303);
    const death = await officer.post(`/reports/${id}/death`, {
      'death.dateOfDeath-day': '20',
      'death.dateOfDeath-month': '11',
      'death.dateOfDeath-year': '2026',
      'death.dateFound-day': '20',
      'death.dateFound-month': '11',
      'death.dateFound-year': '2026',
      'death.timeFound': '07:45',
      'death.stateDetention': 'police-custody',
      'death.circumstances': 'Found unresponsive in a cell.',
    });
    expect(death.statusCode, death.body.slice(0, 400)).toBe(303);
    const check = await officer.get(`/reports/${id}/check`);
    for (const text of ['Bus driver', 'British', '20 November 2026 at 07:45', 'Police custody'])
      expect(check.body).toContain(text);
    expect(check.body).toMatch(/Age\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*46/);

    const { id: caseId } = (
      await officerApi.post(
        '/api/v1/deaths',
        deathReport({
          deceased: { occupation: 'Bus driver', nationality: 'British' },
          death: { stateDetention: 'police-custody', timeFound: '07:45' },
          policeClassification: 'unexplained-suspicious',
        } as never),
      )
    ).json();
    const page = await officer.get(`/cases/${caseId}`);
    for (const text of ['Bus driver', 'British', 'at 07:45', 'Police custody', 'Unexplained, suspicious'])
      expect(page.body).toContain(text);
  });

  it('says a date that does not exist on an action form in the words of the form, not of the API', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const opened = await coronerApi.post(`/api/v1/cases/${id}/actions`, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['VIOLENT_OR_UNNATURAL'],
      reason: 'Fall',
    });
    expect(opened.statusCode).toBe(200);
    const page = await coroner.post(`/cases/${id}/actions/OPEN_INQUEST`, {
      'openedOn-day': '31',
      'openedOn-month': '11',
      'openedOn-year': '2026',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('href="#openedOn">Date the inquest was opened must be a real date</a>');
    expect(page.body).not.toContain('YYYY-MM-DD');
  });

  it('shows every answer of a Record of Inquest that does not fit at once, each by its question', async () => {
    const { id } = (
      await officerApi.post(
        '/api/v1/deaths',
        deathReport({
          deceased: {
            occupation: 'Chef',
            address: { line1: '4 Ripple Road', town: 'Barking', postcode: 'IG11 7PB' },
          },
        } as never),
      )
    ).json();
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Fall' },
      { type: 'OPEN_INQUEST', openedOn: '2026-11-21' },
    ])
      expect((await coronerApi.post(`/api/v1/cases/${id}/actions`, action)).statusCode).toBe(200);
    // Box 5 starts from what the case records, for the coroner to check rather than type again.
    const blank = await coroner.get(`/cases/${id}/actions/RECORD_CONCLUSION`);
    expect(blank.body).toContain('value="St Margaret’s churchyard, IG11 8AS"');
    expect(blank.body).toContain('value="Chef"');
    expect(blank.body).toContain('value="4 Ripple Road, Barking, IG11 7PB"');
    const form = {
      'concludedOn-day': '1',
      'concludedOn-month': '1',
      'concludedOn-year': '2027',
      'medicalCause.1a': 'Head injury',
      howWhenWhere: 'Fell from a balcony at home on 19 November 2026.',
      shortForm: 'unlawful-killing',
      neglectRider: 'yes',
      byJury: 'yes',
    };
    // A jury's conclusion where no jury was decided: refused, by the question it concerns.
    const jury = await coroner.post(`/cases/${id}/actions/RECORD_CONCLUSION`, form);
    expect(jury.statusCode).toBe(409);
    expect(jury.body).toContain('href="#byJury">The conclusion cannot be a jury’s');
    const both = await coroner.post(`/cases/${id}/actions/RECORD_CONCLUSION`, { ...form, byJury: 'no' });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('href="#concludedOn">The date cannot be in the future');
    expect(both.body).toContain('href="#neglectRider">“Contributed to by neglect” cannot be added');
    const riderAlone = await coroner.post(`/cases/${id}/actions/RECORD_CONCLUSION`, {
      ...form,
      byJury: 'no',
      shortForm: '',
      narrative: 'He fell.',
    });
    expect(riderAlone.body).toContain(
      'href="#neglectRider">The neglect rider is added to a short-form conclusion',
    );
    // Missing answers and the case's rules on the answers given come together, in one round.
    const postMortem = await coroner.post(`/cases/${id}/actions/RECORD_POST_MORTEM`, {
      'examinedOn-day': '1',
      'examinedOn-month': '1',
      'examinedOn-year': '2030',
    });
    expect(postMortem.statusCode).toBe(400);
    expect(postMortem.body).toContain('href="#examinedOn">The date cannot be in the future');
    expect(postMortem.body).toContain('href="#kind">Select the kind of examination');
    expect(postMortem.body).toContain('href="#pathologist">');
    const conclusion = await coroner.post(`/cases/${id}/actions/RECORD_CONCLUSION`, {
      ...form,
      byJury: 'no',
      howWhenWhere: '',
    });
    expect(conclusion.body).toContain('href="#concludedOn">The date cannot be in the future');
    expect(conclusion.body).toContain('href="#neglectRider">“Contributed to by neglect” cannot be added');
    expect(conclusion.body).toContain('href="#howWhenWhere">');
  });

  it('refuses an officer the form of a judicial decision before it is filled in, saying who decides', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const form = await officer.get(`/cases/${id}/actions/OPEN_INVESTIGATION`);
    expect(form.statusCode).toBe(403);
    expect(form.body).toContain('It is a judicial decision; officers prepare and record.');
    expect((await coroner.get(`/cases/${id}/actions/OPEN_INVESTIGATION`)).statusCode).toBe(200);
    // Nor is a form offered that the case's status does not allow: it says so before it is filled in.
    const early = await coroner.get(`/cases/${id}/actions/RESUME`);
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('You cannot resume the investigation while the case’s status is “Reported”');
    expect(early.body).not.toContain(`action="/cases/${id}/actions/RESUME"`);
    expect(early.body).toContain(`href="/cases/${id}">Go back to the case</a>`);
    expect((await officer.get(`/cases/${id}/actions/OPEN_PRELIMINARY_ENQUIRIES`)).statusCode).toBe(200);
    // Each form's button says what it does.
    const transfer = await coroner.get(`/cases/${id}/actions/TRANSFER`);
    expect(transfer.body).toMatch(
      /<button[^>]*class="govuk-button"[^>]*>\s*Transfer the case to another area/,
    );
  });

  it('offers the area a case is being transferred to only to accept it, and no form it would be refused', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const sent = await coronerApi.post(`/api/v1/cases/${id}/actions`, {
      type: 'TRANSFER',
      toAreaCode: 'IN',
      basis: 'S2',
      agreedBy: 'The senior coroner for Inner North London',
      reason: 'The deceased lived and died in Islington',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const receiving = await t.browser(await t.user('officer', { areaCode: 'IN' }));
    const offered = async () =>
      [
        ...(await receiving.get(`/cases/${id}`)).body.matchAll(
          /href="\/cases\/[^/"]+\/(?:actions|details)\/(\w+)"/g,
        ),
      ]
        .map((m) => m[1])
        .sort();
    expect(await offered()).toEqual(['ACCEPT_TRANSFER']);
    for (const form of ['actions/RECORD_NOTE', 'actions/ASSIGN', 'details/death', 'details/circumstances']) {
      const res = await receiving.get(`/cases/${id}/${form}`);
      expect(res.statusCode, form).toBe(403);
      expect(res.body).toContain('once your area has accepted it');
    }
    expect((await receiving.get(`/cases/${id}/actions/ACCEPT_TRANSFER`)).statusCode).toBe(200);
    // The sending area still keeps notes on it meanwhile.
    expect((await officer.get(`/cases/${id}/actions/RECORD_NOTE`)).statusCode).toBe(200);
    const accepted = await receiving.post(`/cases/${id}/actions/ACCEPT_TRANSFER`, {});
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(303);
    expect(await offered()).toContain('RECORD_NOTE');
    expect(await offered()).toContain('death');
  });

  it('sets a name written right to left apart from the reference and words around it', async () => {
    const named = deathReport({ deceased: { givenNames: 'דוד', familyName: 'כהן' } });
    const { id } = (await officerApi.post('/api/v1/deaths', { ...named, notADuplicate: true })).json();
    const form = await officer.get(`/cases/${id}/actions/RECORD_NOTE`);
    expect(form.body).toMatch(/EL-\d{4}-\d{6} · <bdi>דוד כהן<\/bdi><\/span>/);
  });

  it('refuses the forms that change a case’s details before they are filled in, where the change would be refused', async () => {
    const { id } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const chief = await t.browser(await t.user('chief-coroner'));
    const notTheirs = await chief.get(`/cases/${id}/details/death`);
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.body).toContain(
      'Only a coroner or a coroner’s officer can update the details of the death',
    );
    const closed = await coronerApi.post(`/api/v1/cases/${id}/actions`, {
      type: 'DECIDE_NO_DUTY',
      route: 'MCCD',
      reason: 'The GP will certify a natural death',
    });
    expect(closed.statusCode).toBe(200);
    const late = await officer.get(`/cases/${id}/details/circumstances`);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('You cannot update the details of the death while the case’s status is');
    expect(late.body).not.toContain(`action="/cases/${id}/details/circumstances"`);
  });

  it('shows a refused action on its form, with the refusal in the error summary and the answers kept', async () => {
    const res = await officerApi.post('/api/v1/deaths', deathReport());
    const { id } = res.json();
    expect(
      (await officerApi.post(`/api/v1/cases/${id}/actions`, { type: 'OPEN_PRELIMINARY_ENQUIRIES' }))
        .statusCode,
    ).toBe(200);
    const opened = await coronerApi.post(`/api/v1/cases/${id}/actions`, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['VIOLENT_OR_UNNATURAL'],
      reason: 'Found at the foot of a cliff',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const refused = await coroner.post(`/cases/${id}/actions/DISCONTINUE`, {
      causeOfDeath: 'Multiple injuries from a fall',
      reason: 'The post-mortem gives a natural cause',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain(
      'An investigation cannot be discontinued while a violent or unnatural death',
    );
    expect(refused.body).toContain('Multiple injuries from a fall');
    expect(refused.body).toContain('The post-mortem gives a natural cause');
    expect(refused.body).toContain(`action="/cases/${id}/actions/DISCONTINUE"`);
    // The refusal is of the action, not of an answer: it points at no question.
    const summary = refused.body.slice(refused.body.indexOf('govuk-error-summary'));
    expect(summary.slice(0, summary.indexOf('</ul>'))).not.toContain('href="#');
  });

  it('makes a draft report only from a POST, and audits the start of it', async () => {
    const before = await t.db.select().from(reportDrafts).where(eq(reportDrafts.userId, officer.user.id));
    const start = await officer.get('/cases/new');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('action="/cases/new"');
    const after = await t.db.select().from(reportDrafts).where(eq(reportDrafts.userId, officer.user.id));
    expect(after.length).toBe(before.length);
    const list = await officer.get('/cases');
    expect(list.body).toMatch(/<form method="post" action="\/cases\/new"/);
    const id = await newDraft();
    const started = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'REPORT_DRAFT_STARTED')));
    expect(started).toHaveLength(1);
    // Without the form's token, nothing is made.
    const forged = await officer.inject({
      method: 'POST',
      url: '/cases/new',
      headers: { 'x-csrf-token': 'not-the-token' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('sends each problem found on the check page to the question that asks it', async () => {
    const id = await newDraft();
    const undated = await officer.post(`/reports/${id}/death`, {});
    expect(undated.statusCode).toBe(400);
    expect(undated.body).toContain(
      'Enter the date of death, or the date the body was found if it is not known',
    );
    const check = await officer.post(`/reports/${id}/check`, {});
    expect(check.statusCode).toBe(400);
    expect(check.body).toContain(`href="/reports/${id}/reporter?change=1">Say who reported the death</a>`);
    expect(check.body).toContain(`href="/reports/${id}/deceased?change=1">`);
    expect(check.body).not.toContain('href="#reportedBy"');
    // A question answered from the check page goes back to it, not on through the rest.
    const form = await officer.get(`/reports/${id}/reporter?change=1`);
    expect(form.body).toContain(`action="/reports/${id}/reporter?change=1"`);
    expect(form.body).toContain(`href="/reports/${id}/check" class="govuk-back-link"`);
    const answered = await officer.post(`/reports/${id}/reporter?change=1`, { 'reportedBy.type': 'police' });
    expect(answered.statusCode, answered.body.slice(0, 300)).toBe(303);
    expect(answered.headers.location).toBe(`/reports/${id}/check`);
    const people = await officer.post(`/reports/${id}/people?change=1`, { continue: '1' });
    expect(people.headers.location).toBe(`/reports/${id}/check`);
    expect((await officer.post(`/reports/${id}/people`, { continue: '1' })).headers.location).toBe(
      `/reports/${id}/circumstances`,
    );
  });

  it('asks an evidence provider, who belongs to no area, which coroner area the death is reported to', async () => {
    const provider = await t.browser(await t.user('provider', { organisation: 'Barts Health NHS Trust' }));
    const start = await provider.post('/cases/new');
    expect(start.statusCode).toBe(303);
    const id = /^\/reports\/([0-9a-f-]{36})\/area$/.exec(String(start.headers.location))?.[1];
    expect(id, String(start.headers.location)).toBeDefined();
    const form = await provider.get(`/reports/${id}/area`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="IN">');
    const none = await provider.post(`/reports/${id}/area`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#areaCode">Select the coroner area the death is reported to</a>');
    const unknown = await provider.post(`/reports/${id}/area`, { areaCode: 'ZZ' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('href="#areaCode">Select the coroner area the death is reported to</a>');
    const chosen = await provider.post(`/reports/${id}/area`, { areaCode: 'IN' });
    expect(chosen.headers.location).toBe(`/reports/${id}/deceased`);
    expect((await provider.get(`/reports/${id}/deceased`)).body).toContain(
      `href="/reports/${id}/area" class="govuk-back-link"`,
    );
    const familyName = `Prov${Date.now().toString(36)}`;
    const answers: [string, Record<string, string>][] = [
      [
        'deceased',
        { 'deceased.givenNames': 'Ada', 'deceased.familyName': familyName, 'deceased.sex': 'female' },
      ],
      [
        'death',
        { 'death.dateOfDeath-day': '20', 'death.dateOfDeath-month': '11', 'death.dateOfDeath-year': '2026' },
      ],
      ['reporter', { 'reportedBy.type': 'hospital' }],
      ['people', { continue: '1' }],
      ['circumstances', {}],
    ];
    for (const [step, body] of answers) {
      const res = await provider.post(`/reports/${id}/${step}`, body);
      expect(res.statusCode, `${step}: ${res.body.slice(0, 300)}`).toBe(303);
    }
    const check = await provider.get(`/reports/${id}/check`);
    expect(check.body).toContain('Inner North London');
    expect(check.body).toContain(`href="/reports/${id}/area?change=1"`);
    const sent = await provider.post(`/reports/${id}/check`, {});
    expect(sent.statusCode, sent.body.slice(0, 2000)).toBe(303);
    const caseId = /^\/cases\/([0-9a-f-]{36})\?reported=1$/.exec(String(sent.headers.location))?.[1];
    const reported = await coronerApi.get(`/api/v1/cases?q=${familyName}`);
    expect(reported.json().items).toEqual([]);
    const inner = await t.client(await t.user('coroner', { areaCode: 'IN' }));
    const theirs = (await inner.get(`/api/v1/cases/${caseId}`)).json();
    expect(theirs).toMatchObject({ areaCode: 'IN', reportedBy: { organisation: 'Barts Health NHS Trust' } });
    // Staff report to their own area: they are not asked.
    expect((await officer.post('/cases/new')).headers.location).toMatch(/\/deceased$/);
    const staff = await newDraft();
    expect((await officer.get(`/reports/${staff}/area`)).statusCode).toBe(404);
  });

  it('puts a problem with one substance of a list on the question that lists them', async () => {
    const id = await newDraft();
    const long = `4-fluoro-${'methyl'.repeat(10)}amphetamine`;
    const res = await officer.post(`/reports/${id}/circumstances`, {
      'toxicology.tested': `alcohol, ${long}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#toxicology-tested">Each substance must be 60 characters or fewer</a>');
    expect(res.body).toMatch(
      /id="toxicology-tested-error"[\s\S]*Each substance must be 60 characters or fewer/,
    );
    expect(res.body).toContain(long);
    const { id: caseId } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const update = await officer.post(`/cases/${caseId}/details/circumstances`, {
      'toxicology.detected': long,
    });
    expect(update.statusCode).toBe(400);
    expect(update.body).toContain(
      'href="#toxicology-detected">Each substance must be 60 characters or fewer</a>',
    );
  });

  it('forgets an answer cleared on a report page, rather than keeping the one given before', async () => {
    const id = await newDraft();
    const dated = await officer.post(`/reports/${id}/reporter`, {
      'reportedBy.type': 'police',
      'reportedBy.name': 'PC Amos',
      'reportedAt-day': '24',
      'reportedAt-month': '11',
      'reportedAt-year': '2026',
      'reportedAt-time': '09:30',
    });
    expect(dated.statusCode, dated.body.slice(0, 300)).toBe(303);
    await officer.post(`/reports/${id}/circumstances`, { policeClassification: 'homicide' });
    expect(await draftData(id)).toMatchObject({
      reportedAt: '2026-11-24T09:30:00.000Z',
      reportedBy: { name: 'PC Amos' },
      policeClassification: 'homicide',
    });
    // "Leave this blank if it is being reported now": blank, it is now; the classification is taken back.
    await officer.post(`/reports/${id}/reporter`, { 'reportedBy.type': 'police' });
    await officer.post(`/reports/${id}/circumstances`, {});
    const data = await draftData(id);
    expect(data.reportedAt).toBeUndefined();
    expect(data.reportedBy).toEqual({ type: 'police' });
    expect(data.policeClassification).toBeUndefined();
    expect((await officer.get(`/reports/${id}/check`)).body).not.toContain('Homicide');
  });

  it('holds an age to the date of death, not to today, once that date is asked', async () => {
    const id = await newDraft();
    const deceased = (age: string) =>
      officer.post(`/reports/${id}/deceased`, {
        'deceased.givenNames': 'Zachary',
        'deceased.familyName': 'Journeyman',
        'deceased.sex': 'male',
        'deceased.dateOfBirth-day': '15',
        'deceased.dateOfBirth-month': '12',
        'deceased.dateOfBirth-year': '1970',
        'deceased.age': age,
      });
    // 54 at his death on 1 June 2025, though he would be 55 now: not yet known here, so not refused.
    const first = await deceased('54');
    expect(first.statusCode, first.body.slice(0, 400)).toBe(303);
    const death = await officer.post(`/reports/${id}/death`, {
      'death.dateOfDeath-day': '1',
      'death.dateOfDeath-month': '6',
      'death.dateOfDeath-year': '2025',
    });
    expect(death.statusCode, death.body.slice(0, 400)).toBe(303);
    expect((await officer.get(`/reports/${id}/check`)).body).not.toContain('Age does not match');
    // Changed once the date of death is known, the age is held to it.
    const changed = await deceased('55');
    expect(changed.statusCode).toBe(400);
    expect(changed.body).toContain('Age does not match the date of birth: it should be 54');
  });

  it('shows every problem of a report step at once, the rules across answers with the rest', async () => {
    const id = await newDraft();
    const page = await officer.post(`/reports/${id}/death`, {
      'death.dateOfDeath-day': '30',
      'death.dateOfDeath-month': '11',
      'death.dateOfDeath-year': '2026',
      'death.timeFound': '25:99',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('href="#death-dateOfDeath">Date of death must be today or in the past</a>');
    expect(page.body).toContain('href="#death-timeFound">');
  });

  it('takes up to 100 people on a report, and says so on the people page', async () => {
    const id = await newDraft();
    const people = Array.from({ length: 100 }, (_, i) => ({ role: 'witness', name: `Witness ${i + 1}` }));
    await t.db.update(reportDrafts).set({ data: { people } }).where(eq(reportDrafts.id, id));
    const more = await officer.post(`/reports/${id}/people`, {
      'person.role': 'witness',
      'person.name': 'One more',
    });
    expect(more.statusCode).toBe(400);
    expect(more.body).toContain('href="#person-name">Up to 100 people can be recorded on a report</a>');
    const [draft] = await t.db.select().from(reportDrafts).where(eq(reportDrafts.id, id));
    expect(draft!.data.people).toHaveLength(100);
    // A person born after today is refused as they are added, not at the end of the report.
    const other = await newDraft();
    const unborn = await officer.post(`/reports/${other}/people`, {
      'person.role': 'witness',
      'person.name': 'Sam Cole',
      'person.dateOfBirth-day': '1',
      'person.dateOfBirth-month': '12',
      'person.dateOfBirth-year': '2026',
    });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.body).toContain('href="#person-dateOfBirth">Date of birth must be in the past</a>');
  });

  it('keeps a person typed but not added when Continue is pressed, or says what they still need', async () => {
    const id = await newDraft();
    const blank = { 'person.address.line1': '', 'person.address.town': '', 'person.address.postcode': '' };
    const unnamed = await officer.post(`/reports/${id}/people`, {
      ...blank,
      'person.role': 'finder',
      'person.phone': '07700 900123',
      continue: '1',
    });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body).toContain('Enter the person’s name');
    expect(unnamed.body).toContain('value="07700 900123"');
    const named = await officer.post(`/reports/${id}/people`, {
      ...blank,
      'person.role': 'finder',
      'person.name': 'Dennis Walker',
      continue: '1',
    });
    expect(named.statusCode).toBe(303);
    expect(named.headers.location).toBe(`/reports/${id}/circumstances`);
    const [draft] = await t.db.select().from(reportDrafts).where(eq(reportDrafts.id, id));
    expect(draft!.data.people).toEqual([{ role: 'finder', name: 'Dennis Walker' }]);
    // Their part chosen and nothing typed is no person: Continue goes on.
    const chosen = await officer.post(`/reports/${id}/people`, {
      ...blank,
      'person.role': 'caller',
      continue: '1',
    });
    expect(chosen.headers.location).toBe(`/reports/${id}/circumstances`);
    const [after] = await t.db.select().from(reportDrafts).where(eq(reportDrafts.id, id));
    expect(after!.data.people).toHaveLength(1);
  });

  it('stops a likely duplicate at the check page with an error summary, until it is said to be another death', async () => {
    const first = deathReport();
    const existing = (await officerApi.post('/api/v1/deaths', first)).json();
    const id = await newDraft();
    // The same death, the surname misspelt by a letter.
    const misspelt = { ...first, deceased: { ...first.deceased, familyName: 'Walgait' } };
    await t.db.update(reportDrafts).set({ data: misspelt }).where(eq(reportDrafts.id, id));
    const stopped = await officer.post(`/reports/${id}/check`, {});
    expect(stopped.statusCode).toBe(409);
    expect(stopped.body).toContain('<title>Error: Check your answers before reporting the death');
    expect(stopped.body).toContain(
      'href="#notADuplicate">This death may already have been reported. Check the cases listed, then say whether this is a different death</a>',
    );
    expect(stopped.body).toContain(`href="/cases/${existing.id}">${existing.reference}`);
    const reported = await officer.post(`/reports/${id}/check`, { notADuplicate: 'yes' });
    expect(reported.statusCode).toBe(303);
    expect(reported.headers.location).toMatch(/^\/cases\/[0-9a-f-]{36}\?reported=1$/);
  });

  it('makes one case from a check page sent twice at once (a double click)', async () => {
    const id = await newDraft();
    const report = deathReport();
    await t.db.update(reportDrafts).set({ data: report }).where(eq(reportDrafts.id, id));
    const both = await Promise.all([
      officer.post(`/reports/${id}/check`, {}),
      officer.post(`/reports/${id}/check`, {}),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    const made = await officerApi.get(`/api/v1/cases?q=${encodeURIComponent(report.deceased.givenNames)}`);
    expect(made.json().total).toBe(1);
    // Back to the sent report (another tab, the back button): it says so, and names the case.
    const again = await officer.get(`/reports/${id}/check`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(
      `This report has already been sent: the death was reported as ${made.json().items[0].reference}.`,
    );
  });

  it('lists the reports the user has not finished, to carry on with', async () => {
    const id = await newDraft();
    const saved = await officer.post(`/reports/${id}/deceased`, {
      'deceased.givenNames': 'Imogen',
      'deceased.familyName': 'Unfinished',
      'deceased.sex': 'female',
    });
    expect(saved.statusCode).toBe(303);
    const start = await officer.get('/cases/new');
    expect(start.body).toContain('Reports you have not finished');
    expect(start.body).toContain(`href="/reports/${id}/check"><bdi>Imogen Unfinished</bdi></a>`);
    // Another user's drafts are theirs alone, and so is deleting them.
    expect((await coroner.get('/cases/new')).body).not.toContain('Imogen Unfinished');
    expect((await coroner.post(`/reports/${id}/discard`, {})).statusCode).toBe(404);
    expect(start.body).toContain('An unfinished report is deleted 30 days after it was last changed.');
    const discarded = await officer.post(`/reports/${id}/discard`, {});
    expect(discarded.statusCode).toBe(303);
    const after = await officer.get(discarded.headers.location as string);
    expect(after.body).toContain('The unfinished report was deleted.');
    expect(after.body).not.toContain('Imogen Unfinished');
    expect((await officer.get(`/reports/${id}/check`)).statusCode).toBe(404);
  });

  it('deletes reports left unfinished for more than 30 days', async () => {
    t.clock.set('2026-10-01T10:00:00Z');
    const old = await newDraft();
    await officer.post(`/reports/${old}/deceased`, {
      'deceased.givenNames': 'Olive',
      'deceased.familyName': 'Forgotten',
      'deceased.sex': 'female',
    });
    t.clock.set('2026-11-25T10:00:00Z');
    expect((await officer.get('/cases/new')).body).not.toContain('Olive Forgotten');
    await newDraft();
    expect((await t.db.select().from(reportDrafts).where(eq(reportDrafts.id, old))).length).toBe(0);
  });

  it('audits every save of a draft report', async () => {
    const id = await newDraft();
    const saved = await officer.post(`/reports/${id}/deceased`, {
      'deceased.givenNames': 'Ada',
      'deceased.familyName': 'Lovelace',
      'deceased.sex': 'female',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const added = await officer.post(`/reports/${id}/people`, {
      'person.role': 'finder',
      'person.name': 'Mary Somerville',
    });
    expect(added.statusCode, added.body).toBe(303);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'REPORT_DRAFT_SAVED')));
    expect(events.map((e) => e.detail.step)).toEqual(['deceased', 'people']);
    expect(events.every((e) => e.actorId === officer.user.id)).toBe(true);
  });

  it('says what each question needs, in words, with links that reach the question', async () => {
    const id = await newDraft();
    const empty = await officer.post(`/reports/${id}/people`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#person-role">Select their part in what happened');
    expect(empty.body).toContain('id="person-role"');
    expect(empty.body).not.toContain('Person is required');
    const { id: caseId } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const assign = await officer.post(`/cases/${caseId}/actions/ASSIGN`, {});
    expect(assign.statusCode).toBe(400);
    expect(assign.body).toContain('href="#coronerId">Choose a coroner or an officer');
    expect(assign.body).not.toContain('href="#_"');
    const conclusion = await coroner.post(`/cases/${caseId}/actions/RECORD_CONCLUSION`, {});
    expect(conclusion.body).toContain('href="#medicalCause-1a">Enter the medical cause of death (1a)');
    const notice = await officer.post(`/cases/${caseId}/actions/SEND_S16_NOTICE`, {});
    expect(notice.body).toContain('Select which notice it is');
  });

  it('removes only a person on the list: a tampered remove button changes nothing', async () => {
    const id = await newDraft();
    for (const name of ['First Person', 'Second Person', 'Third Person']) {
      const res = await officer.post(`/reports/${id}/people`, {
        'person.role': 'witness',
        'person.name': name,
      });
      expect(res.statusCode, res.body).toBe(303);
    }
    const names = async () => ((await draftData(id)).people as { name: string }[]).map((p) => p.name);
    for (const remove of ['abc', '-1', '3', '1.5', '', '1e0', ' 1']) {
      const res = await officer.post(`/reports/${id}/people`, { remove });
      expect(res.statusCode).toBe(303);
      expect(await names(), `remove=${JSON.stringify(remove)}`).toEqual([
        'First Person',
        'Second Person',
        'Third Person',
      ]);
    }
    await officer.post(`/reports/${id}/people`, { remove: '1' });
    expect(await names()).toEqual(['First Person', 'Third Person']);
  });

  it('words date errors on the report pages as GOV.UK does', async () => {
    const id = await newDraft();
    const reporter = await officer.post(`/reports/${id}/reporter`, {
      'reportedBy.type': 'police',
      'reportedAt-day': '31',
      'reportedAt-month': '2',
      'reportedAt-year': '2026',
      'reportedAt-time': '09:30',
    });
    expect(reporter.statusCode).toBe(400);
    expect(reporter.body).toContain('When it was reported must be a real date');
    expect(reporter.body).not.toContain('with its offset');
    const person = await officer.post(`/reports/${id}/people`, {
      'person.role': 'witness',
      'person.name': 'Caroline Herschel',
      'person.dateOfBirth-day': '31',
      'person.dateOfBirth-month': '2',
      'person.dateOfBirth-year': '1990',
    });
    expect(person.statusCode).toBe(400);
    expect(person.body).toContain('Date of birth must be a real date');
    expect(person.body).not.toContain('YYYY-MM-DD');
    expect(person.body).toContain('Caroline Herschel');
    // The error summary's link puts the cursor in the date's day box, not on the box's surroundings.
    expect(person.body).toContain('href="#person-dateOfBirth"');
    expect(person.body).toMatch(/<input[^>]*id="person-dateOfBirth"[^>]*name="person.dateOfBirth-day"/);
  });

  it('says which part of a date or time is missing, by the box it is missing from', async () => {
    const id = await newDraft();
    const deceased = await officer.post(`/reports/${id}/deceased`, {
      'deceased.givenNames': 'Emily',
      'deceased.familyName': 'Davison',
      'deceased.sex': 'female',
      'deceased.dateOfBirth-day': '11',
      'deceased.dateOfBirth-year': '1872',
    });
    expect(deceased.statusCode).toBe(400);
    expect(deceased.body).toContain('href="#deceased-dateOfBirth">Date of birth must include a month</a>');
    const reporter = await officer.post(`/reports/${id}/reporter`, {
      'reportedBy.type': 'police',
      'reportedAt-day': '24',
      'reportedAt-month': '11',
      'reportedAt-year': '2026',
    });
    expect(reporter.statusCode).toBe(400);
    expect(reporter.body).toContain('href="#reportedAt-time">When it was reported must include a time');
    expect(reporter.body).not.toContain('href="#reportedAt"');
    const { id: caseId } = (await officerApi.post('/api/v1/deaths', deathReport())).json();
    const opened = await coronerApi.post(`/api/v1/cases/${caseId}/actions`, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['CAUSE_UNKNOWN'],
      reason: 'Found at home, no doctor had seen him',
    });
    expect(opened.statusCode).toBe(200);
    const examined = await officer.post(`/cases/${caseId}/actions/RECORD_POST_MORTEM`, {
      'examinedOn-day': '24',
      'examinedOn-month': '11',
      kind: 'CT',
      pathologist: 'Dr Ruth Okafor',
    });
    expect(examined.statusCode).toBe(400);
    expect(examined.body).toContain('href="#examinedOn">Date of the examination must include a year</a>');
    expect(examined.body).toContain('Dr Ruth Okafor');
  });
});

describe('date errors as a page words them', () => {
  const fields = [
    { kind: 'date', path: 'person.dateOfBirth', label: 'Date of birth (if known)' },
    { kind: 'datetime', path: 'reportedAt', label: 'When it was reported (leave blank for now)' },
    { kind: 'text', path: 'person.name', label: 'Full name' },
  ];

  it('replaces the API’s wording of a date, and leaves every other message alone', () => {
    expect(
      pageDateWording(fields, {
        'person.dateOfBirth': 'Enter a real date in the format YYYY-MM-DD',
        reportedAt: 'Enter a date and time with its offset, like 2014-06-20T09:30:00+01:00',
        'person.name': 'Enter the full name',
      }),
    ).toEqual({
      'person.dateOfBirth': 'Date of birth must be a real date',
      reportedAt: 'Enter a real date and time',
      'person.name': 'Enter the full name',
    });
    expect(pageDateWording(fields, { reportedAt: 'The date reported cannot be in the future' })).toEqual({
      reportedAt: 'The date reported cannot be in the future',
    });
  });
});
