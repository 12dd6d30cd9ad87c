import { describe, expect, it } from 'vitest';
import { buildBackground } from './links.background.ts';
import { deathCase, metresNorth, oakLodge } from './links.fixtures.ts';
import { ageBand, LINK_WEIGHTS, scorePair } from './links.score.ts';
import type { Background, LinkCase } from './links.types.ts';

const place = { lat: 51.54, lon: 0.08 };
const aged = (age: number, overrides: Partial<LinkCase> = {}): LinkCase =>
  deathCase({
    deceased: { givenNames: 'Sam', familyName: 'Lee', sex: 'male', age },
    scene: { ...metresNorth(place, 3000), accuracyM: 10, placeType: 'public-outdoor' },
    ...overrides,
  });
const ageReason = (a: LinkCase, b: LinkCase, background: Background) =>
  scorePair(a, b, { background, knownSites: [oakLodge] }).reasons.find((r) => r.feature === 'age');

/** Unnatural deaths by ten-year band: 1 in 25 in their twenties, 1 in 3 in their eighties. */
const ages: Background = {
  substances: {},
  ageBands: {
    cases: 1000,
    counts: { '20': 40, '30': 60, '40': 100, '50': 100, '60': 100, '70': 200, '80': 333 },
  },
};

describe('age feature, weighted by how common the age is among unnatural deaths', () => {
  it('weighs two people in their twenties more than two in their eighties', () => {
    const young = ageReason(aged(24), aged(27), ages)!;
    const old = ageReason(aged(84), aged(86), ages)!;
    expect(young.weight).toBeCloseTo(0.5 * Math.log10(LINK_WEIGHTS.age.seriesShare / (40.5 / 1001)), 1);
    expect(young.weight).toBeLessThanOrEqual(LINK_WEIGHTS.age.max);
    expect(young.detail).toBe('Aged 24 and 27; about 1 in 25 unnatural deaths were aged 20–29');
    expect(old.weight).toBe(LINK_WEIGHTS.age.min);
  });

  it('keeps the flat weight when the background has no ages, and the penalty for ages far apart', () => {
    expect(ageReason(aged(24), aged(27), { substances: {} })!.weight).toBe(LINK_WEIGHTS.age.within5);
    expect(ageReason(aged(24), aged(45), ages)!.weight).toBe(LINK_WEIGHTS.age.over15);
    expect(ageReason(aged(24), aged(35), ages)).toBeUndefined();
  });

  it('judges two drug deaths against the ages of other drug deaths', () => {
    const drug = (age: number) => aged(age, { circumstanceTags: ['drugs-suspected'] });
    const withDrug: Background = {
      ...ages,
      drugDeaths: {
        substances: {},
        circumstanceTags: { cases: 100, counts: { 'drugs-suspected': 70 } },
        unexplainedShare: 0.5,
        ageBands: { cases: 100, counts: { '20': 25, '30': 40, '40': 35 } },
      },
    };
    const reason = ageReason(drug(24), drug(27), withDrug)!;
    expect(reason.detail).toContain('drug deaths were aged 20–29');
    expect(reason.weight).toBeCloseTo(
      Math.max(LINK_WEIGHTS.age.min, 0.5 * Math.log10(LINK_WEIGHTS.age.seriesShare / (25.5 / 101))),
      2,
    );
    expect(reason.weight).toBeLessThan(ageReason(aged(24), aged(27), ages)!.weight);
  });

  it('cannot bring two deaths at one known site to review, however rare their age', () => {
    const atSite = (age: number, date: string) =>
      aged(age, {
        dateFound: date,
        scene: { lat: oakLodge.lat, lon: oakLodge.lon, accuracyM: 10, placeType: 'care-home' },
        policeClassification: 'unexplained-not-suspicious',
      });
    const { score } = scorePair(atSite(22, '2015-01-01'), atSite(23, '2015-01-05'), {
      background: ages,
      knownSites: [oakLodge],
    });
    expect(score).toBeLessThan(LINK_WEIGHTS.review);
  });

  it('is measured by buildBackground from unnatural deaths with an age', () => {
    const cases = [aged(24), aged(27), aged(84), deathCase({ unnatural: false })];
    const bg = buildBackground(cases);
    expect(bg.ageBands?.cases).toBe(3 + 0);
    expect(bg.ageBands?.counts[ageBand(24)]).toBe(2);
    expect(ageBand(104)).toBe('90');
  });
});

describe('shared substances in words', () => {
  const withTox = (detected: string[]) => aged(25, { toxicology: { tested: detected, detected } });
  const reason = (substances: Background['substances']) =>
    scorePair(withTox(['Etonitazene']), withTox(['Etonitazene']), {
      background: { substances },
      knownSites: [oakLodge],
    }).reasons.find((r) => r.feature === 'shared-substance');

  it('gives few results as counted, never as a share the smoothing made up', () => {
    expect(reason({ etonitazene: { tested: 2, detected: 2 } })?.detail).toBe(
      'Both had Etonitazene detected; Etonitazene has been found in 2 of the 2 cases with toxicology results so far, too few to say how common it is',
    );
  });

  it('gives the share once there are enough results', () => {
    expect(reason({ etonitazene: { tested: 1000, detected: 3 } })?.detail).toBe(
      'Both had Etonitazene detected; Etonitazene was found in about 1 in 316 cases with toxicology results',
    );
  });
});
