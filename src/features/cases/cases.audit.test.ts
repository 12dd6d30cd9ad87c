import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

type Client = Awaited<ReturnType<TestApp['client']>>;

describe('the audit trail (GET /api/v1/audit)', () => {
  let t: TestApp;
  let officer: Client;
  let coroner: Client;
  let otherCoroner: Client;
  let chief: Client;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.client(await t.user('officer', { name: 'Tom Whitfield' }));
    coroner = await t.client(await t.user('coroner', { name: 'Nadia Rahman' }));
    otherCoroner = await t.client(await t.user('coroner', { areaCode: 'IN' }));
    chief = await t.client(await t.user('chief-coroner'));
    caseId = (await officer.post('/api/v1/deaths', deathReport())).json().id;
    const opened = await coroner.post(`/api/v1/cases/${caseId}/actions`, {
      type: 'OPEN_INVESTIGATION',
      grounds: ['CAUSE_UNKNOWN'],
      reason: 'The cause of death is not known',
    });
    expect(opened.statusCode, opened.body).toBe(200);
  });
  afterAll(() => t.close());

  it('shows the coroner who did what to a case of their area, newest first', async () => {
    const res = await coroner.get(`/api/v1/audit?caseId=${caseId}`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(items.length);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({ caseId, actor: { label: 'Nadia Rahman (Coroner)', role: 'coroner' } });
    expect(items.at(-1).actor.label).toBe("Tom Whitfield (Coroner's officer)");
    expect(items.map((e: { seq: number }) => e.seq)).toEqual(
      [...items.map((e: { seq: number }) => e.seq)].sort((a, b) => b - a),
    );
    const second = (await coroner.get(`/api/v1/audit?caseId=${caseId}&page=2&pageSize=1`)).json();
    expect(second).toEqual({ items: [items[1]], total });
  });

  it('refuses officers, hides other areas’ cases, and asks a coroner which case', async () => {
    expect((await officer.get(`/api/v1/audit?caseId=${caseId}`)).statusCode).toBe(403);
    expect((await otherCoroner.get(`/api/v1/audit?caseId=${caseId}`)).statusCode).toBe(404);
    const noCase = await coroner.get('/api/v1/audit');
    expect(noCase.statusCode).toBe(400);
    expect(noCase.json().error.fields).toHaveProperty('caseId');
    const badSize = await coroner.get(`/api/v1/audit?caseId=${caseId}&pageSize=501`);
    expect(badSize.statusCode).toBe(400);
    expect(badSize.json().error.message).toContain('500 or fewer');
    expect((await coroner.get('/api/v1/audit?caseId=not-a-case')).statusCode).toBe(400);
  });

  it('gives the Chief Coroner’s office the whole log', async () => {
    const all = (await chief.get('/api/v1/audit?pageSize=5')).json();
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThanOrEqual(all.items[0].seq);
    expect((await chief.get(`/api/v1/audit?caseId=${caseId}`)).json().items[0].caseId).toBe(caseId);
  });
});
