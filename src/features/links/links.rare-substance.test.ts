import { describe, expect, it } from 'vitest';
import { deathCase, metresNorth } from './links.fixtures.ts';
import {
  isRareSubstance,
  rareSubstanceMatch,
  substanceFrequencies,
  substanceShare,
} from './links.rare-substance.ts';

const frequencies = {
  ghb: { tested: 1000, detected: 10 },
  cocaine: { tested: 1000, detected: 150 },
};
const here = { lat: 51.54, lon: 0.08 };
const ghbDeath = (id: string, dateFound: string, metres: number) =>
  deathCase({
    id,
    dateFound,
    scene: { ...metresNorth(here, metres), accuracyM: 10, placeType: 'home' },
    toxicology: { tested: ['GHB', 'cocaine'], detected: ['GHB', 'cocaine'] },
  });

describe('substance rarity', () => {
  it('measures rarity from the system’s own results, with smoothing', () => {
    expect(substanceShare('GHB', frequencies)).toBeCloseTo(10.2 / 1010, 6);
    expect(isRareSubstance('GHB', frequencies)).toBe(true);
    expect(isRareSubstance('cocaine', frequencies)).toBe(false);
    expect(isRareSubstance('protonitazene', frequencies)).toBe(false);
  });

  it('counts detections out of every case with toxicology results', () => {
    const screened = (id: string) =>
      deathCase({ id, toxicology: { tested: ['cocaine', 'heroin'], detected: ['heroin'] } });
    const table = substanceFrequencies([
      ghbDeath('a', '2015-01-01', 0),
      screened('b'),
      screened('c'),
      deathCase(),
    ]);
    expect(table).toEqual({
      ghb: { tested: 3, detected: 1 },
      cocaine: { tested: 3, detected: 1 },
      heroin: { tested: 3, detected: 2 },
    });
  });

  it('finds a substance tested for only when suspected rare, though every test for it was positive', () => {
    // GHB is not in routine screens: asked for three times, found three times, among 2,000 screened deaths.
    const cases = [
      ...Array.from({ length: 2000 }, (_, i) =>
        deathCase({ id: `s${i}`, toxicology: { tested: ['cocaine', 'heroin'], detected: [] } }),
      ),
      ...['x', 'y', 'z'].map((id, i) => ghbDeath(id, `2015-0${i + 1}-01`, i * 100)),
    ];
    const table = substanceFrequencies(cases);
    expect(isRareSubstance('GHB', table)).toBe(true);
    expect(rareSubstanceMatch(cases[2000]!, cases[2001]!, table)?.substance).toBe('ghb');
  });
});

describe('rare-substance rule', () => {
  it('flags two GHB deaths 600 m and 40 days apart', () => {
    const match = rareSubstanceMatch(
      ghbDeath('a', '2015-01-01', 0),
      ghbDeath('b', '2015-02-10', 600),
      frequencies,
    );
    expect(match?.substance).toBe('ghb');
    expect(match?.gapDays).toBe(40);
  });

  it('leaves them when too far apart in place or time, or when only a common substance is shared', () => {
    expect(
      rareSubstanceMatch(ghbDeath('a', '2015-01-01', 0), ghbDeath('b', '2015-02-10', 1500), frequencies),
    ).toBe(undefined);
    expect(
      rareSubstanceMatch(ghbDeath('a', '2015-01-01', 0), ghbDeath('b', '2015-06-10', 100), frequencies),
    ).toBe(undefined);
    const cocaineOnly = {
      ...ghbDeath('c', '2015-01-05', 50),
      toxicology: { tested: ['cocaine'], detected: ['cocaine'] },
    };
    expect(rareSubstanceMatch(ghbDeath('a', '2015-01-01', 0), cocaineOnly, frequencies)).toBe(undefined);
  });
});
