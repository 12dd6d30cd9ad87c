import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCase, isRecentNearbyCandidate, selectCandidates } from './links.assess.ts';
import {
  barkingSeries,
  careHomeDeath,
  churchyard,
  deathCase,
  metresNorth,
  oakLodge,
} from './links.fixtures.ts';
import { LINK_WEIGHTS, scorePair } from './links.score.ts';
import type { Background, LinkCase } from './links.types.ts';

const background: Background = {
  substances: {
    ghb: { tested: 1000, detected: 10 },
    cocaine: { tested: 1000, detected: 150 },
    alcohol: { tested: 1000, detected: 350 },
  },
};
const sites = [oakLodge];
const withoutToxicology = (c: LinkCase): LinkCase => ({ ...c, toxicology: { tested: [], detected: [] } });

describe('assessCase on the Barking series', () => {
  it('links the third death to the second urgently, with reasons', () => {
    const [first, second, third] = barkingSeries();
    const links = assessCase(withoutToxicology(third), [first, second], background, sites);
    const toSecond = links.find((l) => l.caseId === 'port-2')!;
    expect(toSecond.level).toBe('urgent');
    const features = toSecond.reasons.map((r) => r.feature);
    expect(features).toEqual(
      expect.arrayContaining(['same-person', 'named-in-text', 'same-scene', 'scene-distance']),
    );
    expect(toSecond.reasons.find((r) => r.feature === 'scene-distance')?.detail).toBe('Found 20 m apart');
    expect(links[0]!.caseId).toBe('port-2');
  });

  it('links the second death to the first once both GHB results are back', () => {
    const [first, second] = barkingSeries();
    const [link] = assessCase(second, [first], background, sites);
    expect(link?.level).toBe('urgent');
    expect(link?.reasons.find((r) => r.feature === 'shared-substance')?.detail).toBe(
      'Both had GHB detected; GHB was found in about 1 in 99 cases with toxicology results',
    );
    expect(link?.reasons.some((r) => r.feature === 'rare-substance-rule')).toBe(true);
  });

  it('links the fourth death a year later to the third', () => {
    const [, , third, fourth] = barkingSeries();
    const [link] = assessCase(fourth, [third], background, sites);
    expect(link?.caseId).toBe('port-3');
    expect(link?.score).toBeGreaterThanOrEqual(2);
  });

  it('words every reason as a fact for review, never as a conclusion', () => {
    const [first, second, third] = barkingSeries();
    for (const link of assessCase(third, [first, second], background, sites)) {
      for (const reason of link.reasons)
        expect(reason.detail).not.toMatch(/\b(linked|killer|murder|confirmed|caused)\b/i);
    }
  });
});

describe('assessCase leaves expected co-location alone', () => {
  it('does not alert on two deaths in the same care home', () => {
    const a = careHomeDeath('ch-1', '2015-01-03', 'Marsh');
    const b = careHomeDeath('ch-2', '2015-01-20', 'Pryce');
    expect(assessCase(b, [a], background, sites)).toEqual([]);
  });

  it('does not alert on two unrelated deaths attended by the same police officer', () => {
    const officer = { id: 'pc', role: 'police-officer' as const, name: 'PC Sam Rowe', phone: '07700 900111' };
    const a = deathCase({ people: [officer], dateFound: '2015-01-03' });
    const b = deathCase({
      people: [{ ...officer, id: 'pc-b' }],
      dateFound: '2015-01-10',
      deceased: { givenNames: 'Ruth', familyName: 'Okoro', sex: 'female', age: 71 },
      scene: { ...metresNorth({ lat: 51.54, lon: 0.08 }, 900), accuracyM: 10, placeType: 'home' },
    });
    expect(assessCase(b, [a], background, sites)).toEqual([]);
  });
});

describe('candidate selection', () => {
  const here = deathCase({
    dateFound: '2015-01-01',
    scene: { ...churchyard, accuracyM: 10, placeType: 'home' },
  });
  it('keeps recent nearby unnatural deaths', () => {
    const near = deathCase({
      dateFound: '2014-02-01',
      scene: { ...metresNorth(churchyard, 4000), accuracyM: 10 },
    });
    expect(isRecentNearbyCandidate(here, near)).toBe(true);
    expect(isRecentNearbyCandidate(here, { ...near, unnatural: false })).toBe(false);
    expect(isRecentNearbyCandidate(here, { ...near, dateFound: '2012-12-01' })).toBe(false);
    expect(
      isRecentNearbyCandidate(here, { ...near, scene: { ...metresNorth(churchyard, 6000), accuracyM: 10 } }),
    ).toBe(false);
  });

  it('keeps a distant case when a Layer 1 link joins them', () => {
    const person = { id: 'x', role: 'last-seen-with' as const, name: 'Orla Brennagh', phone: '07700 900555' };
    const far = deathCase({
      dateFound: '2013-03-01',
      people: [person],
      scene: { ...metresNorth(churchyard, 40_000), accuracyM: 10 },
    });
    const target = { ...here, people: [{ ...person, id: 'y' }] };
    expect(selectCandidates(target, [far], { knownSites: sites }).map((s) => s.candidate.id)).toEqual([
      far.id,
    ]);
  });
});

describe('scorePair', () => {
  const arbitraryCase = fc
    .record({
      metres: fc.integer({ min: 0, max: 6000 }),
      accuracyM: fc.constantFrom(10, 100, 2000),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      age: fc.integer({ min: 15, max: 95 }),
      sex: fc.constantFrom('male' as const, 'female' as const, 'unknown' as const),
      tags: fc.subarray(['found-outdoors', 'body-moved', 'phone-missing', 'note-present']),
      detected: fc.subarray(['GHB', 'cocaine', 'alcohol']),
      placeType: fc.constantFrom('home' as const, 'public-outdoor' as const, 'care-home' as const),
      classification: fc.constantFrom('unexplained-not-suspicious' as const, 'non-suspicious' as const),
    })
    .map((x) =>
      deathCase({
        dateFound: `2015-${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`,
        deceased: { givenNames: 'Sam', familyName: 'Lee', sex: x.sex, age: x.age },
        scene: { ...metresNorth(churchyard, x.metres), accuracyM: x.accuracyM, placeType: x.placeType },
        circumstanceTags: x.tags,
        toxicology: { tested: ['GHB', 'cocaine', 'alcohol'], detected: x.detected },
        policeClassification: x.classification,
      }),
    );

  it('is symmetric in its pair', () => {
    fc.assert(
      fc.property(arbitraryCase, arbitraryCase, (a, b) => {
        const context = { background, knownSites: sites };
        expect(scorePair(a, b, context).score).toBe(scorePair(b, a, context).score);
      }),
    );
  });
});

describe('the exact shortcut in assessPair', () => {
  it('stays in step with the weights: without shared evidence only ≤ 100 m and ≤ 120 days, or ≤ 500 m and ≤ 30 days, can reach review', () => {
    const w = LINK_WEIGHTS;
    const rest = Math.max(w.age.max, w.age.within5) + w.sex.same + w.police.max;
    const [within30, within120, within400] = [w.time[0].weight, w.time[1].weight, w.time[2].weight];
    expect(w.distance['500m-2km'] + within30 + rest).toBeLessThan(w.review);
    expect(w.distance['100m-500m'] + within120 + rest).toBeLessThan(w.review);
    expect(w.distance['within-100m'] + within400 + rest).toBeLessThan(w.review);
  });
});
