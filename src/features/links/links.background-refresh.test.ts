import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ensureArea } from '../areas/areas.queries.ts';
import { indexFields } from './links.case-map.ts';
import { deathCase } from './links.fixtures.ts';
import { loadBackground, SMALL_BACKGROUND } from './links.store.ts';
import { linkBackground, linkCases } from './links.tables.ts';

// The background is one row for the whole service, so this test has a database of its own.
describe('the background frequencies that scores are explained with', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    const iso = await isolatedDatabase();
    drop = iso.drop;
    t = await createTestApp({ database: iso.database, now: now.toISOString() });
    await ensureArea(t.db, { code: 'EL', name: 'East London', localAuthorities: [], courts: [] });
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  async function record(age: number, tags: string[] = []) {
    const id = randomUUID();
    const c = deathCase({
      id,
      areaCode: 'EL',
      reportedAt: '2026-10-02T09:00:00Z',
      dateFound: '2026-10-01',
      deceased: { givenNames: 'Alan', familyName: 'Baker', sex: 'male', age },
      circumstanceTags: tags,
    });
    await t.db.execute(sql`
      insert into cases (id, reference, area_code, reported_at, given_names, family_name, search_name, sex, reported_by, status, state)
      values (${id}, ${`EL-2026-${id.slice(0, 6)}`}, 'EL', ${c.reportedAt}, 'Alan', 'Baker', 'alan baker', 'male',
        '{"type":"police"}', 'REPORTED', '{}')`);
    await t.db.insert(linkCases).values({
      caseId: id,
      areaCode: 'EL',
      unnatural: true,
      ...indexFields(c),
      locationSource: 'typed',
      data: c,
      assessedAt: now,
    });
  }

  it('is measured again while the service holds few cases, so new cases count at once', async () => {
    for (let i = 0; i < 40; i++) await record(74);
    const first = await loadBackground(t.db, now);
    expect(first.ageBands).toEqual({ cases: 40, counts: { '70': 40 } });
    // Five young men found with their phones missing, reported the same day: counted by the next assessment,
    // not only after the night.
    for (let i = 0; i < 5; i++) await record(24, ['phone-missing']);
    const next = await loadBackground(t.db, now);
    expect(next.ageBands).toEqual({ cases: 45, counts: { '70': 40, '20': 5 } });
    expect(next.circumstanceTags).toEqual({ cases: 45, counts: { 'phone-missing': 5 } });
  });

  it('is kept until the nightly refresh once it is measured on many cases', async () => {
    const measured = { ageBands: { cases: SMALL_BACKGROUND, counts: { '50': SMALL_BACKGROUND } } };
    await t.db.update(linkBackground).set({ data: measured, cases: SMALL_BACKGROUND });
    await record(24);
    expect((await loadBackground(t.db, now)).ageBands).toEqual(measured.ageBands);
  });
});
