import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, randomLetters } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;
const code = (prefix: string) => `${prefix}${randomLetters(3).toUpperCase()}`;

describe('the local authority’s view of the areas it funds', () => {
  let t: TestApp;
  let council: Client;
  let otherCouncil: Client;
  let officer: Client;
  let coroner: Client;
  let chief: Client;
  const north = code('L');
  const south = code('M');
  const councilName = `Borough of ${north}`;

  beforeAll(async () => {
    t = await createTestApp();
    // The council funds two areas; another council funds only the second.
    await ensureArea(t.db, {
      code: north,
      name: `North ${north}`,
      localAuthorities: [{ name: councilName, isLead: true }],
      courts: [{ name: `Court of ${north}`, addressLine1: '1 High Street', town: 'Northtown' }],
    });
    await ensureArea(t.db, {
      code: south,
      name: `South ${south}`,
      localAuthorities: [{ name: councilName }, { name: `Borough of ${south}`, isLead: true }],
      courts: [],
    });
    council = await t.client(await t.user('local-authority', { areaCode: north, organisation: councilName }));
    otherCouncil = await t.client(
      await t.user('local-authority', { areaCode: south, organisation: `Borough of ${south}` }),
    );
    officer = await t.client(await t.user('officer', { areaCode: north }));
    coroner = await t.client(await t.user('coroner', { areaCode: north }));
    chief = await t.client(await t.user('chief-coroner'));
  });
  afterAll(() => t.close());

  it('shows the areas, the caseload and backlog, the judges to appoint and the appointments made', async () => {
    const ids: string[] = [];
    for (const on of ['2026-10-01', '2026-03-01', '2025-06-01']) {
      const res = await officer.post(
        '/api/v1/deaths',
        deathReport({
          areaCode: north,
          reportedAt: `${on}T10:00:00Z`,
          death: { dateOfDeath: on, dateFound: on, circumstances: 'At home.' },
        }),
      );
      ids.push(res.json().id);
    }
    const first = await council.get('/api/v1/local-authority');
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.areas.map((a: { code: string }) => a.code)).toEqual([north, south].sort());
    const n = body.areas.find((a: { code: string }) => a.code === north);
    expect(n.caseload).toEqual({ reportedThisYear: 2, open: 3, inquestsOpen: 0, concludedThisYear: 0 });
    expect(n.backlog.byAge).toEqual({
      UNDER_3_MONTHS: 1,
      MONTHS_3_TO_6: 0,
      MONTHS_6_TO_12: 1,
      MONTHS_12_TO_24: 1,
      OVER_24_MONTHS: 0,
    });
    expect(n.localAuthorities).toEqual([councilName]);
    expect(
      (await otherCouncil.get('/api/v1/local-authority')).json().areas.map((a: { code: string }) => a.code),
    ).toEqual([south]);

    const request = (
      await coroner.post('/api/v1/judge-led-requests', { caseIds: ids.slice(0, 2), reasons: 'Complex.' })
    ).json();
    await chief.post(`/api/v1/judge-led-requests/${request.id}/decision`, {
      decision: 'APPROVED',
      reasons: 'Agreed.',
    });
    const waiting = (await council.get('/api/v1/local-authority')).json();
    expect(waiting.awaitingAppointment.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect((await otherCouncil.get('/api/v1/local-authority')).json().awaitingAppointment).toEqual([]);
    expect((await otherCouncil.get(`/api/v1/judge-led-requests/${request.id}`)).statusCode).toBe(404);

    const appointed = await council.post(`/api/v1/judge-led-requests/${request.id}/appointment`, {
      // The name as typed may already start with the title: the judge is named with it once.
      judgeName: 'Her Honour Judge Amara Obi',
      judgeTitle: 'Her Honour Judge',
      judgeEmail: `amara.obi.${north.toLowerCase()}@judiciary.example`,
      appointedOn: '2026-11-25',
    });
    expect(appointed.statusCode, appointed.body).toBe(200);
    const after = (await council.get('/api/v1/local-authority')).json();
    expect(after.awaitingAppointment).toEqual([]);
    expect(after.appointments).toEqual([
      expect.objectContaining({
        id: request.id,
        judge: 'Her Honour Judge Amara Obi',
        appointedOn: '2026-11-25',
      }),
    ]);

    const page = await (await t.browser(council.user)).get('/local-authority');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${councilName}: the coroner areas you fund`);
    expect(page.body).toContain('Her Honour Judge Amara Obi');
    const list = await (await t.browser(council.user)).get('/judge-led-requests');
    expect(list.body).toContain('Her Honour Judge Amara Obi');
    for (const body of [page.body, list.body]) expect(body).not.toContain('Judge Her Honour Judge');
    expect(page.body).toContain(`Court of ${north}`);
    expect(page.body).toContain(
      'For a fresh investigation, after the High Court quashed an inquest, it is counted from the day the fresh investigation began.',
    );
  });

  it('counts an opened inquest as open until the case closes: suspended or leaving the area, not an investigation suspended before any inquest', async () => {
    const area = code('K');
    const funder = `Borough of ${area}`;
    await ensureArea(t.db, {
      code: area,
      name: `Area ${area}`,
      localAuthorities: [{ name: funder, isLead: true }],
      courts: [],
    });
    const la = await t.client(await t.user('local-authority', { areaCode: area, organisation: funder }));
    const staff = await t.client(await t.user('officer', { areaCode: area }));
    const judge = await t.client(await t.user('coroner', { areaCode: area }));
    const reported = async (...actions: Record<string, unknown>[]) => {
      const id = (await staff.post('/api/v1/deaths', deathReport({ areaCode: area }))).json().id as string;
      for (const action of [
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Found with injuries' },
        ...actions,
      ]) {
        const res = await judge.post(`/api/v1/cases/${id}/actions`, action);
        expect(res.statusCode, res.body).toBe(200);
      }
    };
    const suspend = (basis: string) => ({
      type: 'SUSPEND',
      basis,
      requestedBy: 'Crown Prosecution Service',
      reason: 'Charging decision pending',
    });
    await reported({ type: 'OPEN_INQUEST', openedOn: '2026-11-21' });
    await reported({ type: 'OPEN_INQUEST', openedOn: '2026-11-21' }, suspend('SCH1_PARA2'));
    await reported(suspend('SCH1_PARA1'));
    const caseload = async () => (await la.get('/api/v1/local-authority')).json().areas[0].caseload;
    expect(await caseload()).toMatchObject({ open: 3, inquestsOpen: 2 });
    await reported(
      { type: 'OPEN_INQUEST', openedOn: '2026-11-21' },
      { type: 'TRANSFER', toAreaCode: north, basis: 'S2', agreedBy: 'The senior coroner', reason: 'Family' },
    );
    expect(await caseload()).toMatchObject({ open: 4, inquestsOpen: 3 });
  });

  it('is for local authorities only', async () => {
    expect((await chief.get('/api/v1/local-authority')).statusCode).toBe(403);
    expect((await (await t.browser(coroner.user)).get('/local-authority')).statusCode).toBe(403);
  });
});
