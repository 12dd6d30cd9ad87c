import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport, randomLetters } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';
import { seedDemoOversight } from './oversight.seed.ts';

describe('demo data for the oversight chain', () => {
  let t: TestApp;
  const area = `D${randomLetters(3).toUpperCase()}`;
  beforeAll(async () => {
    t = await createTestApp();
    await ensureArea(t.db, { code: area, name: `Demo area ${area}`, localAuthorities: [], courts: [] });
  });
  afterAll(() => t.close());

  it('does nothing without cases, then groups two and leaves a request awaiting decision, once', async () => {
    const coronerUser = await t.user('coroner', { areaCode: area });
    const options = { areaCode: area, coronerEmail: coronerUser.email };
    const now = t.clock.now();
    expect(await t.db.transaction((tx) => seedDemoOversight(tx, now, options))).toBeUndefined();
    const officer = await t.client(await t.user('officer', { areaCode: area }));
    for (let i = 0; i < 3; i++) await officer.post('/api/v1/deaths', deathReport({ areaCode: area }));

    const requestId = await t.db.transaction((tx) => seedDemoOversight(tx, now, options));
    expect(requestId).toBeTruthy();
    const chief = await t.client(await t.user('chief-coroner'));
    const request = (await chief.get(`/api/v1/judge-led-requests/${requestId}`)).json();
    expect(request.status).toBe('REQUESTED');
    expect(request.cases).toHaveLength(2);
    expect(request.group.name).toBe('Demo: deaths heard together');
    expect(await t.db.transaction((tx) => seedDemoOversight(tx, now, options))).toBeUndefined();
  });
});
