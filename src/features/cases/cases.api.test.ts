import { readFileSync } from 'node:fs';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, uniqueName } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { deriveState } from './cases.domain.ts';
import { listCaseEvents } from './cases.queries.ts';
import { caseDeadlines, cases } from './cases.tables.ts';

const REGISTRAR_MIGRATION = new URL(
  './migrations/0164_registrar_particulars_end_with_the_case.sql',
  import.meta.url,
);

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('deaths and cases through the API', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherCoroner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer'));
    coroner = await t.client(await t.user('coroner'));
    otherCoroner = await t.client(await t.user('coroner', { areaCode: 'IN' }));
  });
  afterAll(() => t.close());

  async function report(body = deathReport()) {
    const res = await officer.post('/api/v1/deaths', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string; status: string };
  }
  const act = (who: Client, id: string, action: Record<string, unknown>) =>
    who.post(`/api/v1/cases/${id}/actions`, action);

  it('reports a death and gives it a reference like EL-2026-000123', async () => {
    const created = await report();
    expect(created.reference).toMatch(/^EL-2026-\d{6}$/);
    expect(created.status).toBe('REPORTED');
    const detail = (await officer.get(`/api/v1/cases/${created.id}`)).json();
    expect(detail.people[0]).toMatchObject({ role: 'finder', name: 'Margaret Hale', professional: false });
    expect(detail.death.sceneFound.postcode).toBe('IG11 8AS');
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['REPORTED']);
    expect(detail.deceased.age).toBe(36);
  });

  it('refuses a date of birth that makes the deceased older than an age may be given (125)', async () => {
    const slip = await officer.post(
      '/api/v1/deaths',
      deathReport({ deceased: { dateOfBirth: '1890-03-15' } }),
    );
    expect(slip.statusCode).toBe(400);
    expect(slip.json().error.fields).toEqual({
      'deceased.dateOfBirth': 'Check the date of birth: it makes the deceased 136 years old',
    });
    const { id } = await report(deathReport({ deceased: { dateOfBirth: '1901-11-19' } }));
    const corrected = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { deceased: { dateOfBirth: '1880-11-19' } },
    });
    expect(corrected.statusCode).toBe(400);
    expect(corrected.json().error.fields).toHaveProperty('deceased.dateOfBirth');
  });

  it('says what is wrong with a search or a workload asked for wrongly, rather than answering nothing', async () => {
    const backwards = await officer.get('/api/v1/cases?reportedFrom=2026-11-20&reportedTo=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toEqual({
      reportedTo: 'The end of the dates reported must be the same as or after the start',
    });
    const chief = await t.client(await t.user('chief-coroner'));
    const nowhere = await chief.get('/api/v1/officer-workload?area=ZZ');
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.fields).toEqual({ area: 'There is no coroner area with the code ZZ' });
    expect((await chief.get('/api/v1/officer-workload?area=el')).statusCode).toBe(200);
  });

  it('flags a likely duplicate before saving it, with the existing case', async () => {
    const first = deathReport();
    const created = await report(first);
    const again = await officer.post('/api/v1/deaths', { ...first, reportedBy: { type: 'hospital' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    expect(again.json().duplicates).toEqual([{ id: created.id, reference: created.reference }]);
    // Another area is not told of a case it may not see (the check would say the death was reported there).
    const elsewhere = await otherCoroner.post('/api/v1/deaths', { ...first, areaCode: 'IN' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    // A surname a letter out, as the name search would find it, is the same name; another date is not.
    const misspelt = { ...first, deceased: { ...first.deceased, familyName: 'Walgat' } };
    const flagged = await officer.post('/api/v1/deaths', misspelt);
    expect(flagged.statusCode).toBe(409);
    expect(flagged.json().duplicates).toEqual([{ id: created.id, reference: created.reference }]);
    const born = { ...misspelt.deceased, dateOfBirth: '1991-03-15' };
    const otherDates = {
      ...misspelt,
      deceased: born,
      death: { ...first.death, dateOfDeath: '2026-11-18', dateFound: '2026-11-18' },
    };
    const another = await officer.post('/api/v1/deaths', otherDates);
    expect(another.statusCode, another.body).toBe(201);
    const confirmed = await officer.post('/api/v1/deaths', { ...first, notADuplicate: true });
    expect(confirmed.statusCode).toBe(201);
    // The same report sent several times at once (a client retrying) makes one case; the others are flagged.
    const retried = deathReport();
    const sent = await Promise.all([1, 2, 3, 4].map(() => officer.post('/api/v1/deaths', retried)));
    expect(sent.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
  });

  it('flags a likely duplicate dated by when the body was found where the other is dated by the death', async () => {
    const first = deathReport({
      deceased: { dateOfBirth: undefined, age: 40 },
      death: { dateOfDeath: '2026-11-17', dateFound: '2026-11-19' },
    });
    const created = await report(first);
    const dated = (death: Record<string, string | undefined>) =>
      officer.post('/api/v1/deaths', { ...first, death: { ...first.death, ...death } });
    for (const death of [
      { dateOfDeath: undefined, dateFound: '2026-11-19' },
      { dateOfDeath: '2026-11-19', dateFound: undefined },
      { dateOfDeath: '2026-11-18', dateFound: '2026-11-19' },
    ]) {
      const res = await dated(death);
      expect(res.statusCode, JSON.stringify(death)).toBe(409);
      expect(res.json().duplicates).toEqual([{ id: created.id, reference: created.reference }]);
    }
    expect((await dated({ dateOfDeath: undefined, dateFound: '2026-11-20' })).statusCode).toBe(201);
  });

  it.each([
    [
      'a date of death in the future',
      { death: { dateOfDeath: '2027-01-01', dateFound: '2027-01-01' } },
      'death.dateOfDeath',
    ],
    [
      'found before death',
      { death: { dateOfDeath: '2026-11-10', dateFound: '2026-11-09' } },
      'death.dateFound',
    ],
    [
      'neither a date of death nor a date found',
      { death: { dateOfDeath: undefined, dateFound: undefined } },
      'death.dateOfDeath',
    ],
    [
      'found before birth, with no date of death',
      { death: { dateOfDeath: undefined, dateFound: '1950-01-05' }, deceased: { dateOfBirth: '1970-01-01' } },
      'death.dateFound',
    ],
    [
      'an age that disagrees with the date of birth',
      { deceased: { dateOfBirth: '1990-03-15', age: 50 } },
      'deceased.age',
    ],
    ['an unknown area', { areaCode: 'ZZ' }, 'areaCode'],
    [
      'a telephone number with letters in it',
      { people: [{ role: 'finder', name: 'Margaret Hale', phone: 'abc' }] },
      'people.0.phone',
    ],
    [
      'a person born after today',
      { people: [{ role: 'finder', name: 'Margaret Hale', dateOfBirth: '2026-12-01' }] },
      'people.0.dateOfBirth',
    ],
    [
      'a date in the year 9999',
      { people: [{ role: 'finder', name: 'Margaret Hale', dateOfBirth: '9999-12-31' }] },
      'people.0.dateOfBirth',
    ],
    [
      'a telephone number with no digits in it',
      { people: [{ role: 'finder', name: 'Margaret Hale', phone: '(--- ---)' }] },
      'people.0.phone',
    ],
    [
      'coordinates out of range',
      { death: { sceneFound: { description: 'x', lat: 95, lon: 0 } } },
      'death.sceneFound.lat',
    ],
    [
      'an address’s longitude out of range',
      {
        people: [
          {
            role: 'finder',
            name: 'Margaret Hale',
            address: { line1: '3 Church Road', town: 'Barking', lon: 190 },
          },
        ],
      },
      'people.0.address.lon',
    ],
    [
      'a postcode that does not exist',
      { death: { sceneFound: { description: 'x', postcode: 'NOT A CODE' } } },
      'death.sceneFound.postcode',
    ],
    ['an unreadable date', { deceased: { dateOfBirth: '31/02/1990' } }, 'deceased.dateOfBirth'],
  ])('refuses %s with a 400 naming the field', async (_what, override, field) => {
    const body = deathReport(override as never);
    const res = await officer.post('/api/v1/deaths', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toContain(field);
    if (field.endsWith('.lat'))
      expect(res.json().error.fields[field]).toBe('Latitude must be between -90 and 90');
    if (field.endsWith('.lon'))
      expect(res.json().error.fields[field]).toBe('Longitude must be between -180 and 180');
  });

  it('records every action in the audit log, taken through the API or a page, with who took it', async () => {
    const { id } = await report();
    expect((await act(officer, id, { type: 'OPEN_PRELIMINARY_ENQUIRIES' })).statusCode).toBe(200);
    const page = await t.browser(coroner.user);
    const empty = await page.post(`/cases/${id}/actions/OPEN_INVESTIGATION`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select at least one reason the duty to investigate arises');
    expect(empty.body).toContain('Enter the reason');
    const opened = await page.post(`/cases/${id}/actions/OPEN_INVESTIGATION`, {
      grounds: 'CAUSE_UNKNOWN',
      reason: 'Young man found outdoors',
    });
    expect(opened.statusCode, opened.body).toBe(303);
    const audited = await t.db
      .select({ actorId: auditEvents.actorId, subjectId: auditEvents.subjectId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, id), eq(auditEvents.action, 'CASE_ACTION')))
      .orderBy(auditEvents.seq);
    expect(audited).toEqual([
      { actorId: officer.user.id, subjectId: id, detail: { action: 'OPEN_PRELIMINARY_ENQUIRIES' } },
      { actorId: coroner.user.id, subjectId: id, detail: { action: 'OPEN_INVESTIGATION' } },
    ]);
  });

  it('takes a case from report to Record of Inquest, with every step on the timeline and the clocks', async () => {
    const { id } = await report(
      deathReport({
        deceased: { address: { line1: '12 Ripple Road', town: 'Barking', postcode: 'IG11 7PB' } } as never,
      }),
    );
    expect((await act(officer, id, { type: 'OPEN_PRELIMINARY_ENQUIRIES' })).statusCode).toBe(200);
    const byOfficer = await act(officer, id, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['CAUSE_UNKNOWN'],
      reason: 'x',
    });
    expect(byOfficer.statusCode).toBe(403);
    expect(byOfficer.json().error.message).toContain('judicial decision');
    expect(
      (
        await act(coroner, id, {
          type: 'OPEN_INVESTIGATION',
          grounds: ['CAUSE_UNKNOWN'],
          reason: 'Young man found outdoors',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await act(officer, id, {
          type: 'RECORD_POST_MORTEM',
          examinedOn: '2026-11-21',
          kind: 'INVASIVE',
          pathologist: 'Dr Patel',
        })
      ).statusCode,
    ).toBe(200);
    const early = await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-24',
      medicalCause: { '1a': 'x' },
      howWhenWhere: 'x',
      shortForm: 'open',
      byJury: false,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(
      /while the case’s status is “Investigation open”\. Allowed now: .*open an inquest/,
    );
    expect(
      (
        await act(coroner, id, {
          type: 'OPEN_INQUEST',
          openedOn: '2026-11-23',
          provisionalCause: 'Awaiting toxicology',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await act(coroner, id, {
          type: 'SUSPEND',
          basis: 'SCH1_PARA2',
          requestedBy: 'Crown Prosecution Service',
          reason: 'A man has been charged with supplying the drug',
        })
      ).statusCode,
    ).toBe(200);
    let detail = (await coroner.get(`/api/v1/cases/${id}`)).json();
    expect(detail.status).toBe('SUSPENDED');
    // After a charge, resuming says how the trial ended (Sch.1 para 8(5)).
    const noOutcome = await act(coroner, id, { type: 'RESUME', reason: 'The trial is over' });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().error.fields).toHaveProperty('proceedingsOutcome');
    expect(
      (
        await act(coroner, id, {
          type: 'RESUME',
          proceedingsOutcome: 'Convicted of supplying a controlled drug',
          reason: 'The trial is over',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await act(coroner, id, {
          type: 'DECIDE_JURY',
          jury: false,
          basis: 'NOT_REQUIRED',
          reason: 'Section 7 not engaged',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await act(coroner, id, {
          type: 'DECIDE_ARTICLE_2',
          article2: 'NOT_ENGAGED',
          reason: 'No arguable breach',
        })
      ).statusCode,
    ).toBe(200);
    const missingCause = await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-25',
      howWhenWhere: 'x',
      shortForm: 'open',
      byJury: false,
    });
    expect(missingCause.statusCode).toBe(400);
    expect(missingCause.json().error.fields).toHaveProperty('medicalCause');
    const stillbirth = await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-25',
      medicalCause: { '1a': 'Gamma-hydroxybutyrate (GHB) toxicity' },
      howWhenWhere: 'x',
      shortForm: 'stillbirth',
      byJury: false,
    });
    expect(stillbirth.statusCode).toBe(400);
    expect(stillbirth.json().error.fields.shortForm).toContain('age is recorded as 36');
    const concluded = await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-25',
      medicalCause: { '1a': 'Gamma-hydroxybutyrate (GHB) toxicity' },
      howWhenWhere: 'Found in St Margaret’s churchyard on 19 November 2026.',
      shortForm: 'alcohol-drug-related',
      narrative: 'He died from GHB toxicity; how he came to take it is not known.',
      byJury: false,
    });
    expect(concluded.statusCode, concluded.body).toBe(200);
    detail = concluded.json();
    expect(detail.status).toBe('CONCLUDED');
    // The particulars never sent while suspended go to the registrar with the record: nothing is left running.
    const running = async () =>
      (await coroner.get(`/api/v1/cases/${id}/deadlines`))
        .json()
        .filter((d: { state: string }) => d.state === 'open' || d.state === 'overdue')
        .map((d: { kind: string }) => d.kind);
    expect(await running()).toEqual([]);
    // A case concluded before this was so has the clock met by migration 0164.
    await t.db
      .update(caseDeadlines)
      .set({ metOn: null })
      .where(and(eq(caseDeadlines.caseId, id), eq(caseDeadlines.kind, 'REG8_REGISTRAR_PARTICULARS')));
    expect(await running()).toEqual(['REG8_REGISTRAR_PARTICULARS']);
    await t.db.execute(sql.raw(readFileSync(REGISTRAR_MIGRATION, 'utf8')));
    expect(await running()).toEqual([]);
    expect(detail.inquest.conclusion.wording).toContain('Alcohol/drug related.');
    // Form 2 is signed by the coroner who recorded the conclusion, whoever is assigned to the case later.
    expect(detail.inquest.conclusion.recordedBy).toBe('Test coroner');
    const record = await (await t.browser(await t.user('officer'))).get(`/cases/${id}/record-of-inquest`);
    expect(record.body).toMatch(/Coroner\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Test coroner/);
    // Box 5 takes what the case holds where the coroner left it blank, in words.
    expect(record.body).toMatch(
      /Usual address\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*12 Ripple Road, Barking, IG11 7PB/,
    );
    expect(record.body).toMatch(/Sex\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Male/);
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual([
      'REPORTED',
      'OPEN_PRELIMINARY_ENQUIRIES',
      'OPEN_INVESTIGATION',
      'RECORD_POST_MORTEM',
      'OPEN_INQUEST',
      'SUSPEND',
      'RESUME',
      'DECIDE_JURY',
      'DECIDE_ARTICLE_2',
      'RECORD_CONCLUSION',
    ]);
    expect(detail.deadlines.filter((d: { kind: string }) => d.kind === 'R8_SIX_MONTHS')).toEqual([
      expect.objectContaining({ state: 'met', metOn: '2026-11-25' }),
    ]);
    // The projection always equals what the log says.
    const [row] = (await t.db.execute(sql`select state from cases where id = ${id}`)).rows as {
      state: unknown;
    }[];
    expect(row!.state).toEqual(deriveState(await listCaseEvents(t.db, id)));
    const audit = await t.db.execute(
      sql`select action, detail from audit_events where case_id = ${id} order by seq`,
    );
    expect(audit.rows.length).toBe(10);
    expect(audit.rows[0]).toMatchObject({ action: 'DEATH_REPORTED' });
    const pdf = await coroner.get(`/api/v1/cases/${id}`);
    expect(pdf.statusCode).toBe(200);
  });

  it('carries the interested persons over to the fresh investigation, and the family keeps seeing it', async () => {
    const { id } = await report();
    await act(coroner, id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'x' });
    const family = await t.user('interested-person', { name: 'Joan Walsh' });
    const [mother, police, insurer] = await t.db
      .insert(interestedPersons)
      .values([
        {
          caseId: id,
          name: 'Joan Walsh',
          category: 'FAMILY',
          relationship: 'Mother',
          email: 'joan@example.org',
        },
        {
          caseId: id,
          name: 'Metropolitan Police Service',
          kind: 'organisation',
          category: 'CHIEF_CONSTABLE',
          status: 'RECOGNISED',
          decidedAt: new Date('2026-11-20T10:00:00Z'),
          decisionReasons: 'The force’s conduct is in question.',
        },
        { caseId: id, name: 'Acme Life', kind: 'organisation', category: 'INSURER', status: 'DECLINED' },
      ])
      .returning();
    await t.db
      .insert(interestedPersonUsers)
      .values({ interestedPersonId: mother!.id, userId: family.id, capacity: 'self' });
    await act(coroner, id, { type: 'OPEN_INQUEST', openedOn: '2026-11-21' });
    await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-22',
      medicalCause: { '1a': 'Unascertained' },
      howWhenWhere: 'Found in the churchyard',
      shortForm: 'open',
      byJury: false,
    });
    const quash = await act(coroner, id, {
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn: '2026-11-24',
      grounds: 'Insufficiency of inquiry',
    });
    expect(quash.statusCode, quash.body).toBe(200);
    const { freshCaseId } = quash.json();
    const carried = await t.db
      .select()
      .from(interestedPersons)
      .where(eq(interestedPersons.caseId, freshCaseId));
    expect(carried.map((p) => [p.name, p.status]).sort()).toEqual([
      ['Joan Walsh', 'PROPOSED'],
      ['Metropolitan Police Service', 'RECOGNISED'],
    ]);
    const force = carried.find((p) => p.name === police!.name)!;
    expect(force.decisionReasons).toContain('(Decided at the quashed inquest');
    expect(carried.some((p) => p.name === insurer!.name)).toBe(false);
    // The family's account now acts for her on the fresh case too, and still on the quashed one.
    const joan = await t.client(family);
    expect((await joan.get(`/portal/cases/${freshCaseId}`)).statusCode).toBe(200);
    expect((await joan.get(`/portal/cases/${id}`)).statusCode).toBe(200);
  });

  it('quashes a concluded inquest: the record is kept and a fresh case supersedes it', async () => {
    const { id } = await report();
    await act(coroner, id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'x' });
    await act(coroner, id, { type: 'OPEN_INQUEST', openedOn: '2026-11-21' });
    await act(coroner, id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2026-11-22',
      medicalCause: { '1a': 'Unascertained' },
      howWhenWhere: 'Found in the churchyard',
      shortForm: 'open',
      byJury: false,
    });
    const quash = await act(coroner, id, {
      type: 'QUASH',
      court: 'High Court (Divisional Court)',
      orderedOn: '2026-11-24',
      citation: '[2026] EWHC 9999 (Admin)',
      grounds: 'New evidence linking the deaths',
    });
    expect(quash.statusCode, quash.body).toBe(200);
    const { freshCaseId } = quash.json();
    const original = (await coroner.get(`/api/v1/cases/${id}`)).json();
    expect(original.status).toBe('QUASHED');
    expect(original.inquest.conclusion.shortForm).toBe('open');
    expect(original.supersededBy.id).toBe(freshCaseId);
    const fresh = (await coroner.get(`/api/v1/cases/${freshCaseId}`)).json();
    expect(fresh.status).toBe('INVESTIGATION_OPEN');
    expect(fresh.supersedes).toEqual({ id, reference: original.reference });
    expect(fresh.deceased).toEqual(original.deceased);
    expect(fresh.inquest).toBeNull();
    expect(fresh.people).toHaveLength(1);
    expect(
      (
        await act(coroner, id, {
          type: 'RECORD_CONCLUSION',
          concludedOn: '2026-11-25',
          medicalCause: { '1a': 'x' },
          howWhenWhere: 'x',
          shortForm: 'suicide',
          byJury: false,
        })
      ).statusCode,
    ).toBe(409);
  });

  it('hides another area’s case (404) and lets its coroner do nothing to it', async () => {
    const { id } = await report();
    expect((await otherCoroner.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    expect(
      (await act(otherCoroner, id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await officer.get('/api/v1/cases/not-a-uuid')).statusCode).toBe(404);
  });

  it('transfers a case under section 2: the receiving area accepts it within five working days, and the family is told', async () => {
    const { id } = await report(
      deathReport({ people: [{ role: 'next-of-kin', name: 'Grace Adeyemi', phone: '07700 900321' }] }),
    );
    await act(coroner, id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'x' });
    expect(
      (
        await act(coroner, id, {
          type: 'TRANSFER',
          toAreaCode: 'EL',
          basis: 'S2',
          agreedBy: 'x',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(400);
    const moved = await act(coroner, id, {
      type: 'TRANSFER',
      toAreaCode: 'IN',
      basis: 'S2',
      agreedBy: 'HM Senior Coroner Inner North London',
      reason: 'The family live there',
    });
    expect(moved.json().status).toBe('TRANSFER_PENDING');
    expect(moved.json().deadlines.find((d: { kind: string }) => d.kind === 'TRANSFER_HANDOVER').dueOn).toBe(
      '2026-12-02',
    );
    expect((await act(coroner, id, { type: 'ACCEPT_TRANSFER' })).statusCode).toBe(403);
    // The sending area is not offered what it cannot do; the receiving area is.
    const acceptLink = `/cases/${id}/actions/ACCEPT_TRANSFER`;
    expect((await (await t.browser(coroner.user)).get(`/cases/${id}`)).body).not.toContain(acceptLink);
    expect((await (await t.browser(otherCoroner.user)).get(`/cases/${id}`)).body).toContain(acceptLink);
    const accepted = await act(otherCoroner, id, { type: 'ACCEPT_TRANSFER' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ areaCode: 'IN', status: 'INVESTIGATION_OPEN' });
    expect((await coroner.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    // Reg. 18: the receiving office tells the next of kin, once, that it now looks after the investigation.
    const told = await t.db.select().from(notifications).where(eq(notifications.caseId, id));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      template: 'CASE_TRANSFERRED',
      recipientName: 'Grace Adeyemi',
      channel: 'sms',
    });
    expect(told[0]!.subject).toContain('has moved to Inner North London');
    expect(told[0]!.body).toContain('coroner for Inner North London should carry on the investigation');
    expect(told[0]!.body).toContain('instead of the coroner’s office for East London');
    const page = await (await t.browser(otherCoroner.user)).get(`/cases/${id}`);
    expect(page.body).toContain('Family and interested persons told of the transfer');
    expect(page.body).toContain('Grace Adeyemi (by text message, for the office to send)');
  });

  it('finds a case by a misspelt surname, by reference and by status', async () => {
    const family = uniqueName('Kovarik');
    const { id, reference } = await report(
      deathReport({ deceased: { givenNames: 'Gabriel', familyName: family } }),
    );
    const misspelt = family.replace('Kovarik', 'Kovaric');
    const byName = (await officer.get(`/api/v1/cases?q=${encodeURIComponent(misspelt)}`)).json();
    expect(byName.items.map((i: { id: string }) => i.id)).toContain(id);
    const byRef = (await officer.get(`/api/v1/cases?q=${reference}`)).json();
    expect(byRef.items).toEqual([expect.objectContaining({ id, reference })]);
    const byStatus = (await officer.get('/api/v1/cases?status=REPORTED&pageSize=200')).json();
    expect(byStatus.items.every((i: { status: string }) => i.status === 'REPORTED')).toBe(true);
    expect((await officer.get('/api/v1/cases?status=NOPE')).statusCode).toBe(400);
  });

  it('searches by the London day a death was reported, in winter and in summer time', async () => {
    const died = (day: string) => ({ dateOfDeath: day, dateFound: day });
    const lateWinter = await report(
      deathReport({ reportedAt: '2026-11-09T23:30:00Z', death: died('2026-11-08') }), // 9 Nov, 23:30 GMT
    );
    const earlySummer = await report(
      deathReport({ reportedAt: '2026-06-09T23:30:00Z', death: died('2026-06-08') }), // 10 June, 00:30 BST
    );
    const on = async (day: string) =>
      (await officer.get(`/api/v1/cases?reportedFrom=${day}&reportedTo=${day}&pageSize=200`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await on('2026-11-09')).toContain(lateWinter.id);
    expect(await on('2026-11-10')).not.toContain(lateWinter.id);
    expect(await on('2026-06-10')).toContain(earlySummer.id);
    expect(await on('2026-06-09')).not.toContain(earlySummer.id);
  });

  it('shows an evidence provider the death as it reported it, and a court administrator no notes', async () => {
    const provider = await t.client(
      await t.user('provider', { organisation: 'Metropolitan Police Service' }),
    );
    const res = await provider.post('/api/v1/deaths', deathReport());
    expect(res.statusCode, res.body).toBe(201);
    const { id, reference } = res.json();
    expect((await act(officer, id, { type: 'OPEN_PRELIMINARY_ENQUIRIES' })).statusCode).toBe(200);
    const note = { type: 'RECORD_NOTE', note: 'The family say he feared an officer; internal only.' };
    expect((await act(officer, id, note)).statusCode).toBe(200);
    // The office learns more: the provider's view stays the report it sent.
    const learnt = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: {
        death: { circumstances: 'Seen arguing with a man outside the flat the night before.' },
        people: [
          { role: 'finder', name: 'Margaret Hale' },
          {
            role: 'person-of-interest',
            name: 'Darren Quaid',
            address: { line1: '9 Ripple Road', town: 'Barking' },
          },
        ],
        toxicology: { tested: ['GHB'], detected: ['GHB'] },
      },
    });
    expect(learnt.statusCode, learnt.body).toBe(200);
    expect(
      (
        await act(coroner, id, {
          type: 'OPEN_INVESTIGATION',
          grounds: ['CAUSE_UNKNOWN'],
          reason: 'Found outdoors',
        })
      ).statusCode,
    ).toBe(200);

    const seen = await provider.get(`/api/v1/cases/${id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({
      reference,
      status: 'INVESTIGATION_OPEN',
      grounds: [],
      deadlines: [],
    });
    expect(seen.json().events.map((e: { type: string }) => e.type)).toEqual(['REPORTED']);
    expect(seen.body).not.toContain('internal only');
    expect(seen.json().death.circumstances).toBe('Found by a dog walker early in the morning.');
    expect(seen.json().people.map((p: { name: string }) => p.name)).toEqual(['Margaret Hale']);
    expect(seen.json().toxicology).toEqual({ tested: [], detected: [] });
    expect(seen.body).not.toContain('Darren Quaid');
    expect((await provider.get(`/api/v1/cases/${id}/deadlines`)).json()).toEqual([]);
    const page = await (await t.browser(provider.user)).get(`/cases/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(reference);
    expect(page.body).not.toContain('internal only');
    expect(page.body).not.toContain('Darren Quaid');
    expect(page.body).toContain('Margaret Hale');
    expect(page.body).not.toContain('GHB');
    expect(page.body).not.toContain('pathologist’s call');
    expect(page.body).toContain('You see this death as your organisation reported it.');
    expect(page.body).not.toContain('Statutory clocks');
    // A court administrator, who lists the hearings, sees the case without the office's notes.
    const listing = await t.client(await t.user('court-admin'));
    const listed = await listing.get(`/api/v1/cases/${id}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain('internal only');
    const listingPage = (await (await t.browser(listing.user)).get(`/cases/${id}`)).body;
    expect(listingPage).not.toContain('internal only');
    expect(listingPage).toContain('No hearing has been listed yet.');
    // Staff of the office still see the whole file, as it is now.
    const whole = await officer.get(`/api/v1/cases/${id}`);
    expect(whole.body).toContain('internal only');
    expect(whole.json().people.map((p: { name: string }) => p.name)).toContain('Darren Quaid');
  });

  it('lists each user the cases their scope allows, however often and in whatever order they ask', async () => {
    const { id, reference } = await report();
    await report();
    await report();
    const chief = await t.client(await t.user('chief-coroner'));
    const otherCourt = await t.client(await t.user('court-admin', { areaCode: 'IN' }));
    const provider = await t.client(await t.user('provider', { organisation: 'No Such Trust' }));
    const listed = async (who: Client, query = `q=${reference}`) => {
      const res = await who.get(`/api/v1/cases?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string }[]; total: number };
    };
    // Each list is a statement prepared for its user's kind of scope: asked many times, in turn, each user
    // keeps seeing exactly their own.
    for (let round = 0; round < 7; round++) {
      expect((await listed(chief)).items.map((i) => i.id)).toEqual([id]);
      expect((await listed(officer)).items.map((i) => i.id)).toEqual([id]);
      expect(await listed(otherCoroner)).toEqual({ items: [], total: 0 });
      expect(await listed(otherCourt)).toEqual({ items: [], total: 0 });
      expect(await listed(provider)).toEqual({ items: [], total: 0 });
    }
    // The total counts every match, not the page; a page past the last is empty with the same total.
    const all = await listed(officer, 'pageSize=2');
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    const past = await listed(officer, `pageSize=2&page=${Math.ceil(all.total / 2) + 1}`);
    expect(past).toEqual({ items: [], total: all.total });
    // On the page, someone who followed an old link past the last page is shown the way back.
    const page = await (await t.browser(await t.user('officer'))).get('/cases?status=REPORTED&page=999');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This page is after the last page of cases.');
    expect(page.body).not.toContain('There are no cases');
    expect(page.body).toContain('href="/cases?status=REPORTED&amp;page=1"');
  });

  it('finds a short surname with one letter wrong, swapped or missing', async () => {
    const given = uniqueName('Amira');
    const khan = await report(deathReport({ deceased: { givenNames: given, familyName: 'Khan' } }));
    const pryce = await report(deathReport({ deceased: { givenNames: given, familyName: 'Pryce' } }));
    const found = async (q: string) =>
      (await officer.get(`/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=100`))
        .json()
        .items.map((i: { id: string }) => i.id);
    for (const q of ['Kahn', 'Khan', 'Khen', 'Khann']) expect(await found(q), q).toContain(khan.id);
    for (const q of ['Price', 'Pryse', 'Pyce', 'Prcye']) expect(await found(q), q).toContain(pryce.id);
    expect((await found(`${given} Kahn`))[0], 'the best match first').toBe(khan.id);
    expect(await found('Kzzz')).not.toContain(khan.id);
  });

  it('keeps a suspension at a prosecutor’s request for at least 28 days, with its review due on the last of them', async () => {
    const { id } = await report();
    for (const action of [
      { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Found with injuries' },
      {
        type: 'SUSPEND',
        basis: 'SCH1_PARA1',
        requestedBy: 'Crown Prosecution Service',
        reason: 'Charging decision pending',
      },
    ])
      expect((await act(coroner, id, action)).statusCode).toBe(200);
    const detail = (await coroner.get(`/api/v1/cases/${id}`)).json();
    // 28 days beginning with 25 November 2026 end on 22 December.
    expect(detail.deadlines.find((d: { kind: string }) => d.kind === 'SCH1_PARA1_REVIEW')).toMatchObject({
      dueOn: '2026-12-22',
      state: 'open',
    });
    const early = await act(coroner, id, { type: 'RESUME', reason: 'No charge' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('this one runs until 22 December 2026');
    const started = t.clock.now();
    try {
      t.clock.advanceDays(28);
      const later = await t.client(await t.user('coroner'));
      const resumed = await act(later, id, { type: 'RESUME', reason: 'No charge' });
      expect(resumed.statusCode, resumed.body).toBe(200);
    } finally {
      t.clock.set(started);
    }
  });

  it('investigates a death reported in state detention, unless the details are corrected to say it was not', async () => {
    const body = deathReport();
    const { id } = await report({ ...body, death: { ...body.death, stateDetention: 'prison' } });
    const noDuty = { type: 'DECIDE_NO_DUTY', route: 'MCCD', reason: 'Natural causes' };
    const refused = await act(coroner, id, noDuty);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('s.1(2)(c)');
    const corrected = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { death: { stateDetention: null } },
      reason: 'He had been released from prison the week before',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().death.stateDetention).toBeNull();
    expect((await act(coroner, id, noDuty)).statusCode).toBe(200);
  });

  it('works the age out again from a corrected date of birth, and puts a late date of death on that date', async () => {
    const { id } = await report();
    const corrected = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { deceased: { dateOfBirth: '1960-03-15' } },
      reason: 'The year of birth was typed wrongly',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().deceased.age).toBe(66);
    const page = await (await t.browser(officer.user)).get(`/cases/${id}/details/death`);
    expect(page.body).not.toMatch(/name="deceased.age"[^>]*value="\d/);
    const afterReport = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { death: { dateOfDeath: '2026-11-22', dateFound: '2026-11-22' } },
      reason: 'x',
    });
    expect(afterReport.statusCode).toBe(400);
    expect(afterReport.json().error.fields).toEqual({
      'death.dateOfDeath': 'The date of death cannot be after the day the death was reported',
    });
    const unborn = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { people: [{ role: 'witness', name: 'Sam Cole', dateOfBirth: '2026-12-01' }] },
      reason: 'A witness came forward',
    });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json().error.fields).toEqual({
      'people.0.dateOfBirth': 'Date of birth must be in the past',
    });
    // A report timed later today than now (as the demo's reports of today can be) does not block a correction.
    const started = t.clock.now().toISOString();
    const { id: today } = await report(deathReport({ reportedAt: started }));
    t.clock.set(new Date(Date.parse(started) - 2 * 3600_000).toISOString());
    try {
      const saved = await act(officer, today, {
        type: 'UPDATE_DETAILS',
        details: { death: { circumstances: 'Found at home by a neighbour' } },
        reason: 'x',
      });
      expect(saved.statusCode, saved.body).toBe(200);
    } finally {
      t.clock.set(started);
    }
  });

  it('logs only the details that changed, and nothing when nothing did', async () => {
    const { id } = await report();
    const events = async () => ((await officer.get(`/api/v1/cases/${id}`)).json().events as unknown[]).length;
    const before = await events();
    const same = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: [], detected: [] }, circumstanceTags: ['found-outdoors'] },
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(await events()).toBe(before);
    const changed = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: ['GHB'], detected: ['GHB'] }, circumstanceTags: ['found-outdoors'] },
    });
    expect(changed.statusCode).toBe(200);
    const last = (await officer.get(`/api/v1/cases/${id}`)).json().events.at(-1);
    expect(last.type).toBe('UPDATE_DETAILS');
    expect(Object.keys(last.payload.details)).toEqual(['toxicology']);
    // The page's form sent back as it was: nothing is changed, and the page says so.
    const browser = await t.browser(officer.user);
    const body = formAnswers((await browser.get(`/cases/${id}/details/death`)).body);
    const sent = await browser.post(`/cases/${id}/details/death`, body);
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toContain('done=unchanged');
    expect((await browser.get(String(sent.headers.location))).body).toContain('Nothing was changed');
    expect(await events()).toBe(before + 1);
    const page = await browser.get(`/cases/${id}`);
    expect(page.body).toContain('Changed: toxicology.');
    // Nothing to change is still refused where changing is not allowed: the rules come first.
    await act(coroner, id, { type: 'DECIDE_NO_DUTY', route: 'MCCD', reason: 'Natural causes' });
    const closed = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: ['GHB'], detected: ['GHB'] } },
    });
    expect(closed.statusCode).toBe(409);
  });

  it('keeps how precisely a place is known when the page sends it back where it was', async () => {
    const scene = { description: 'Marshes by the river', lat: 51.52, lon: 0.09, accuracyM: 2000 };
    const { id } = await report(deathReport({ death: { sceneFound: scene } }));
    const browser = await t.browser(officer.user);
    const body = formAnswers((await browser.get(`/cases/${id}/details/death`)).body);
    expect(body).not.toHaveProperty('death.sceneFound.accuracyM');
    const same = await browser.post(`/cases/${id}/details/death`, body);
    expect(same.headers.location).toContain('done=unchanged');
    const sceneOf = async () => (await officer.get(`/api/v1/cases/${id}`)).json().death.sceneFound;
    expect(await sceneOf()).toMatchObject({ lat: 51.52, lon: 0.09, accuracyM: 2000 });
    // Moved on the page by typing new coordinates: the old precision no longer describes them.
    const moved = await browser.post(`/cases/${id}/details/death`, {
      ...body,
      'death.sceneFound.lat': '51.5301',
    });
    expect(moved.headers.location).toContain('done=1');
    expect(await sceneOf()).toEqual(expect.objectContaining({ lat: 51.5301, lon: 0.09 }));
    expect((await sceneOf()).accuracyM).toBeUndefined();
  });

  it('changes only the details of the death that are sent, keeping what is known of the circumstances', async () => {
    const { id } = await report();
    const res = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { death: { dateFound: '2026-11-20' } },
      reason: 'The body was found the day after',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().death).toMatchObject({
      dateFound: '2026-11-20',
      circumstances: 'Found by a dog walker early in the morning.',
    });
    expect(res.json().events.at(-1).payload.details).toEqual({ death: { dateFound: '2026-11-20' } });
  });

  it('takes away a detail found to be wrong: null through the API, an answer cleared on the page', async () => {
    const { id } = await report(
      deathReport({
        deceased: { occupation: 'Carpenter', dateOfBirth: '1990-03-15' },
        policeClassification: 'unexplained-suspicious',
      }),
    );
    // The date of death was a guess: only the day the body was found is known. Nor is the date of birth.
    const cleared = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: {
        deceased: { dateOfBirth: null, age: 36 },
        death: { dateOfDeath: null },
        policeClassification: null,
      },
      reason: 'The date of death was the day found, and the date of birth a neighbour’s guess',
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().death).toMatchObject({ dateOfDeath: null, dateFound: '2026-11-19' });
    expect(cleared.json().deceased).toMatchObject({ dateOfBirth: null, age: 36, occupation: 'Carpenter' });
    expect(cleared.json().policeClassification).toBeNull();
    // Both dates cannot go: a death is dated by one or the other.
    const undated = await act(officer, id, {
      type: 'UPDATE_DETAILS',
      details: { death: { dateFound: null } },
    });
    expect(undated.statusCode).toBe(400);
    expect(undated.json().error.fields).toHaveProperty('death.dateOfDeath');
    // On the page, an answer cleared is taken away, not kept as it was.
    const browser = await t.browser(officer.user);
    const sent = await browser.post(`/cases/${id}/details/death`, {
      'deceased.givenNames': cleared.json().deceased.givenNames,
      'deceased.familyName': 'Walgate',
      'deceased.sex': 'male',
      'deceased.age': '36',
      'death.dateFound-day': '19',
      'death.dateFound-month': '11',
      'death.dateFound-year': '2026',
      'death.circumstances': '',
    });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    expect(sent.headers.location).toContain('done=1');
    const now = (await officer.get(`/api/v1/cases/${id}`)).json();
    expect(now.deceased).toMatchObject({ occupation: null, age: 36 });
    expect(now.death).toMatchObject({ sceneFound: null, circumstances: '', dateFound: '2026-11-19' });
  });

  it('lists overdue clocks and officer workload', async () => {
    const { id } = await report(
      deathReport({
        reportedAt: '2025-08-01T09:00:00Z',
        death: { dateOfDeath: '2025-07-31', dateFound: '2025-07-31' },
      }),
    );
    await act(coroner, id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'x' });
    const overdue = (await coroner.get('/api/v1/deadlines?state=overdue')).json();
    const mine = overdue.filter((d: { caseId: string }) => d.caseId === id);
    expect(mine.map((d: { kind: string }) => d.kind).sort()).toEqual(['R8_SIX_MONTHS', 'S16_TWELVE_MONTHS']);
    expect(mine.find((d: { kind: string }) => d.kind === 'S16_TWELVE_MONTHS').dueOn).toBe('2026-08-01');
    await act(officer, id, {
      type: 'SEND_S16_NOTICE',
      stage: 'OVER_12_MONTHS',
      reasonCategory: 'INQUEST_PREPARATION',
    });
    const after = (await coroner.get('/api/v1/deadlines?state=overdue')).json();
    expect(
      after.filter((d: { caseId: string }) => d.caseId === id).map((d: { kind: string }) => d.kind),
    ).toEqual(['R8_SIX_MONTHS']);
    await act(officer, id, { type: 'ASSIGN', officerId: officer.user.id });
    // The log names who was assigned; the same assignment again changes nothing and adds nothing.
    const assigned = (await officer.get(`/api/v1/cases/${id}`)).json().events;
    expect(assigned.at(-1)).toMatchObject({ type: 'ASSIGN', payload: { officerName: officer.user.name } });
    await act(officer, id, { type: 'ASSIGN', officerId: officer.user.id });
    expect((await officer.get(`/api/v1/cases/${id}`)).json().events).toHaveLength(assigned.length);
    const workload = (await officer.get('/api/v1/officer-workload')).json();
    expect(workload.target).toBe(25);
    expect(
      workload.officers.find((o: { id: string }) => o.id === officer.user.id).open,
    ).toBeGreaterThanOrEqual(1);
    const badAssign = await act(officer, id, { type: 'ASSIGN', officerId: otherCoroner.user.id });
    expect(badAssign.statusCode).toBe(400);
    // Inquests are counted against the target: an investigation suspended before any inquest is not one.
    const inquests = async () =>
      (await officer.get('/api/v1/officer-workload'))
        .json()
        .officers.find((o: { id: string }) => o.id === officer.user.id).inquests;
    const before = await inquests();
    const suspended = await act(coroner, id, {
      type: 'SUSPEND',
      basis: 'SCH1_PARA2',
      requestedBy: 'Crown Prosecution Service',
      reason: 'A man has been charged',
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(await inquests()).toBe(before);
    const inquest = await t.db
      .select({ id: cases.id })
      .from(cases)
      .where(
        and(
          eq(cases.assignedOfficerId, officer.user.id),
          isNotNull(cases.inquestOpenedOn),
          isNull(cases.closedOn),
        ),
      );
    expect(before).toBe(inquest.length);
  });
});

/** Every answer of a form as the page shows it: inputs by their value, selects by the chosen option, text areas. */
function formAnswers(html: string): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="((?:death|deceased)\.[^"]+)"/.exec(tag)?.[1];
    if (!name || (/type="(radio|checkbox)"/.test(tag) && !/ checked/.test(tag))) continue;
    body[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
    body[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    body[m[1]!] = m[2]!.trim();
  for (const [k, v] of Object.entries(body))
    body[k] = v.replace(/&#39;|&rsquo;/g, '’').replace(/&amp;/g, '&');
  return body;
}
