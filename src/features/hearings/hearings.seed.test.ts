import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';
import { inquestCase } from './hearings.fixtures.ts';
import { hearingsOfCase } from './hearings.queries.ts';
import { seedDemoHearings } from './hearings.seed.ts';

describe('demo hearings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('does nothing without cases, then lists one hearing per open case on working days, once', async () => {
    const code = `Q${String.fromCharCode(65 + randomInt(26), 65 + randomInt(26), 65 + randomInt(26))}`;
    await ensureArea(t.db, {
      code,
      name: `Demo area ${code}`,
      localAuthorities: [],
      courts: [{ name: `Demo court ${code}`, addressLine1: '1 High Street', town: 'Anytown' }],
    });
    const now = new Date('2026-11-25T10:00:00Z');
    expect(await t.db.transaction((tx) => seedDemoHearings(tx, now, code))).toBe(0);
    const officer = await t.client(await t.user('officer', { areaCode: code }));
    const coroner = await t.client(await t.user('coroner', { areaCode: code }));
    const opened = await inquestCase(t, officer, coroner, { areaCode: code });
    const investigating = await inquestCase(t, officer, coroner, { areaCode: code, openInquest: false });
    expect(await t.db.transaction((tx) => seedDemoHearings(tx, now, code))).toBe(2);
    expect(await t.db.transaction((tx) => seedDemoHearings(tx, now, code))).toBe(0);
    const [pir] = await hearingsOfCase(t.db, opened.id);
    const [opening] = await hearingsOfCase(t.db, investigating.id);
    expect(pir).toMatchObject({ type: 'PRE_INQUEST_REVIEW', status: 'LISTED' });
    expect(opening).toMatchObject({ type: 'OPENING', status: 'LISTED' });
    for (const h of [pir!, opening!]) expect([0, 6]).not.toContain(h.startsAt.getUTCDay());
  });
});
