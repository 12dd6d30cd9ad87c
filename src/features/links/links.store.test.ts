import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { assessCase } from './links.assess.ts';
import { indexFields } from './links.case-map.ts';
import { deathCase } from './links.fixtures.ts';
import { createRandom } from './links.random.ts';
import { findCandidateCases } from './links.store.ts';
import { linkCases } from './links.tables.ts';
import type { Background, LinkCase } from './links.types.ts';

// Cases of 2010 around a spot in Cheshire: no other test's cases come near them in place or time.
const CENTRE = { lat: 53.19, lon: -2.89 };
const TAGS = ['found-outdoors', 'body-moved', 'phone-missing', 'paraphernalia-present', 'drugs-suspected'];
const SUBSTANCES = ['heroin', 'cocaine', 'GHB', 'alcohol'];

describe('the database prefilter loses no possible link', () => {
  let t: TestApp;
  const cases: LinkCase[] = [];
  const background: Background = {
    substances: { ghb: { tested: 500, detected: 5 }, heroin: { tested: 500, detected: 60 } },
  };

  beforeAll(async () => {
    t = await createTestApp();
    const r = createRandom(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    for (let i = 0; i < 250; i++) {
      const id = randomUUID();
      const day = new Date(Date.UTC(2009, 0, 1) + Math.floor(r() * 900) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      // Most within 8 km, some within a few hundred metres, a few with no recorded place.
      const spread = r() < 0.3 ? 0.004 : 0.12;
      const placed = r() > 0.05;
      const c = deathCase({
        id,
        reference: `CH-${id.slice(0, 8)}`,
        areaCode: 'EL',
        reportedAt: `${day}T12:00:00Z`,
        dateFound: day,
        deceased: {
          givenNames: pick(['Alan', 'Brian', 'Carl', 'Dean', 'Eric']),
          familyName: `Fam${Math.floor(r() * 1000)}`,
          sex: r() < 0.7 ? 'male' : 'female',
          age: 18 + Math.floor(r() * 60),
        },
        scene: placed
          ? {
              lat: CENTRE.lat + (r() - 0.5) * spread,
              lon: CENTRE.lon + (r() - 0.5) * spread * 1.6,
              accuracyM: pick([10, 50, 100, 500]),
              placeType: pick(['home', 'public-outdoor', 'place-of-worship-grounds'] as const),
            }
          : undefined,
        circumstanceTags: TAGS.filter(() => r() < 0.2),
        toxicology:
          r() < 0.3
            ? { tested: SUBSTANCES, detected: SUBSTANCES.filter(() => r() < 0.3) }
            : { tested: [], detected: [] },
        policeClassification: r() < 0.5 ? 'unexplained-not-suspicious' : 'non-suspicious',
      });
      cases.push(c);
      await t.db.execute(sql`
        insert into cases (id, reference, area_code, reported_at, given_names, family_name, search_name, sex, reported_by, status, state)
        values (${id}, ${c.reference}, 'EL', ${c.reportedAt}, ${c.deceased.givenNames}, ${c.deceased.familyName},
          ${`${c.deceased.givenNames} ${c.deceased.familyName}`.toLowerCase()}, ${c.deceased.sex}, '{"type":"police"}', 'REPORTED', '{}')`);
      await t.db.insert(linkCases).values({
        caseId: id,
        areaCode: 'EL',
        unnatural: true,
        ...indexFields(c),
        locationSource: c.scene ? 'typed' : null,
        data: c,
        assessedAt: new Date(),
      });
    }
  }, 60_000);
  afterAll(() => t.close());

  it('gives the same possible links as comparing with every case (250 targets)', async () => {
    let found = 0;
    for (const target of cases) {
      const everywhere = assessCase(target, cases, background, []);
      const prefiltered = assessCase(target, await findCandidateCases(t.db, target), background, []);
      expect(prefiltered.map((l) => [l.caseId, l.score])).toEqual(everywhere.map((l) => [l.caseId, l.score]));
      found += everywhere.length;
    }
    // The data hold links to find (the check is not vacuous).
    expect(found).toBeGreaterThan(20);
  }, 120_000);
});
