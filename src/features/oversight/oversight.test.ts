import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, randomLetters } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('the Chief Coroner’s oversight of every area', () => {
  let t: TestApp;
  let chief: Client;
  let officer: Client;
  let coroner: Client;
  const area = `O${randomLetters(3).toUpperCase()}`;

  beforeAll(async () => {
    t = await createTestApp();
    await ensureArea(t.db, { code: area, name: `Oversight area ${area}`, localAuthorities: [], courts: [] });
    chief = await t.client(await t.user('chief-coroner'));
    officer = await t.client(await t.user('officer', { areaCode: area }));
    coroner = await t.client(await t.user('coroner', { areaCode: area }));
  });
  afterAll(() => t.close());

  async function reported(on: string, at = `${on}T10:00:00Z`): Promise<string> {
    const res = await officer.post(
      '/api/v1/deaths',
      deathReport({
        areaCode: area,
        reportedAt: at,
        death: { dateOfDeath: on, dateFound: on, circumstances: 'Found at home.' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const act = async (id: string, action: Record<string, unknown>) => {
    const res = await coroner.post(`/api/v1/cases/${id}/actions`, action);
    expect(res.statusCode, res.body).toBe(200);
  };

  it('counts open cases by age and long investigations by the reason of their s.16 notice', async () => {
    await reported('2026-11-01'); // under 3 months
    await reported('2026-07-01'); // 3 to 6 months
    const closed = await reported('2026-07-02');
    await act(closed, { type: 'DECIDE_NO_DUTY', route: 'MCCD', reason: 'Natural causes.' });
    const longWithNotice = await reported('2025-09-01'); // 12 to 24 months
    await act(longWithNotice, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['VIOLENT_OR_UNNATURAL'],
      reason: 'Fall',
    });
    await act(longWithNotice, {
      type: 'SEND_S16_NOTICE',
      stage: 'OVER_12_MONTHS',
      reasonCategory: 'CROWN_COURT_PROCEEDINGS',
    });
    const longNoNotice = await reported('2024-01-10'); // over 24 months
    await act(longNoNotice, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Unknown' });
    await reported('2024-02-10'); // over 24 months, never investigated: not a long investigation
    // On the boundaries, in London time: 12 months to the day is 12 to 24 months; 00:30 on 26 August
    // (23:30 on 25 August in UTC) is less than 3 months before 25 November.
    await reported('2025-11-25');
    await reported('2026-08-25', '2026-08-25T23:30:00Z');

    const res = await chief.get('/api/v1/oversight');
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json().areas.find((a: { code: string }) => a.code === area);
    expect(mine.openCases).toEqual({
      total: 7,
      byAge: {
        UNDER_3_MONTHS: 2,
        MONTHS_3_TO_6: 1,
        MONTHS_6_TO_12: 0,
        MONTHS_12_TO_24: 2,
        OVER_24_MONTHS: 2,
      },
    });
    expect(mine.over12Months).toEqual({
      total: 2,
      byReason: {
        EXTERNAL_INVESTIGATION: 0,
        CROWN_COURT_PROCEEDINGS: 1,
        DEATH_ABROAD: 0,
        INQUEST_PREPARATION: 0,
        COMPLEX_CASE: 0,
        NO_NOTICE: 1,
      },
    });
    const labels = mine.measures.map((m: { label: string }) => m.label);
    expect(labels).toEqual(
      expect.arrayContaining(['PFD responses overdue', 'Judge-led requests awaiting decision']),
    );
    expect(res.json().areas.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['EL', area]),
    );

    // A judge-led request appears as awaiting decision, on the page and in the API.
    const request = (
      await coroner.post('/api/v1/judge-led-requests', { caseIds: [longNoNotice], reasons: 'Complex.' })
    ).json();
    const after = (await chief.get('/api/v1/oversight')).json();
    expect(after.awaitingDecision.map((r: { id: string }) => r.id)).toContain(request.id);
    const measure = after.areas
      .find((a: { code: string }) => a.code === area)
      .measures.find((m: { label: string }) => m.label === 'Judge-led requests awaiting decision');
    expect(measure.value).toBe(1);

    const page = await (await t.browser(chief.user)).get('/oversight');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Oversight area ${area} (${area})`);
    expect(page.body).toContain(`/judge-led-requests/${request.id}`);
    expect(page.body).toContain('Crown Court proceedings');
    expect(page.body).toContain(
      'For a fresh investigation, after the High Court quashed an inquest, it is counted from the day the fresh investigation began.',
    );
  });

  it('counts a fresh investigation from when it began (the quashing was recorded), not from the death’s first report', async () => {
    const id = await reported('2024-03-02');
    await act(id, { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Unknown' });
    await act(id, { type: 'OPEN_INQUEST', openedOn: '2024-03-10' });
    await act(id, {
      type: 'RECORD_CONCLUSION',
      concludedOn: '2024-09-01',
      medicalCause: { '1a': 'Unascertained' },
      howWhenWhere: 'Found at home',
      shortForm: 'open',
      byJury: false,
    });
    const mine = async () =>
      (await chief.get('/api/v1/oversight')).json().areas.find((a: { code: string }) => a.code === area);
    const before = await mine();
    await act(id, {
      type: 'QUASH',
      court: 'High Court',
      orderedOn: '2026-11-20',
      grounds: 'Insufficiency of inquiry',
    });
    const after = await mine();
    expect(after.openCases.byAge.UNDER_3_MONTHS).toBe(before.openCases.byAge.UNDER_3_MONTHS + 1);
    expect(after.openCases.byAge.OVER_24_MONTHS).toBe(before.openCases.byAge.OVER_24_MONTHS);
    expect(after.over12Months.total).toBe(before.over12Months.total);
  });

  it('is for the Chief Coroner’s office only', async () => {
    expect((await coroner.get('/api/v1/oversight')).statusCode).toBe(403);
    expect((await (await t.browser(officer.user)).get('/oversight')).statusCode).toBe(403);
  });

  it('describes the groups, the judge-led steps, the oversight and the local authority view in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const doc = res.json();
    const expected: [string, string, string][] = [
      ['/api/v1/case-groups', 'post', 'Case groups'],
      ['/api/v1/case-groups/{id}/cases/{caseId}', 'delete', 'Case groups'],
      ['/api/v1/judge-led-requests', 'post', 'Judge-led inquests'],
      ['/api/v1/judge-led-requests/{id}/decision', 'post', 'Judge-led inquests'],
      ['/api/v1/judge-led-requests/{id}/appointment', 'post', 'Judge-led inquests'],
      ['/api/v1/oversight', 'get', 'Oversight'],
      ['/api/v1/local-authority', 'get', 'Local authority'],
    ];
    for (const [path, method, tag] of expected)
      expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual([tag]);
    expect(doc.paths['/api/v1/judge-led-requests/{id}/appointment'].post.requestBody).toBeDefined();
  });
});
