import { describe, expect, it } from 'vitest';
import { buildBackground } from './links.background.ts';
import { deathCase } from './links.fixtures.ts';

describe('buildBackground', () => {
  it('measures substances, tags and police classification from the system’s own cases', () => {
    const heroin = { tested: ['heroin', 'GHB'], detected: ['heroin'] };
    const cases = [
      deathCase({
        toxicology: heroin,
        circumstanceTags: ['paraphernalia-present'],
        policeClassification: 'unexplained-not-suspicious',
      }),
      deathCase({
        toxicology: heroin,
        circumstanceTags: ['found-outdoors'],
        policeClassification: 'non-suspicious',
      }),
      deathCase({ circumstanceTags: ['fall'] }),
      deathCase({ unnatural: false, circumstanceTags: ['fall'] }),
    ];
    const background = buildBackground(cases);
    expect(background.substances).toEqual({
      heroin: { tested: 2, detected: 2 },
      ghb: { tested: 2, detected: 0 },
    });
    expect(background.circumstanceTags).toEqual({
      cases: 3,
      counts: { 'paraphernalia-present': 1, 'found-outdoors': 1, fall: 1 },
    });
    expect(background.unexplainedShare).toBeCloseTo(1 / 3, 10);
    expect(background.drugDeaths?.circumstanceTags.cases).toBe(2);
    expect(background.drugDeaths?.unexplainedShare).toBe(0.5);
  });

  it('leaves name frequencies out until there are enough people to measure them', () => {
    expect(buildBackground([deathCase()]).familyNames).toBeUndefined();
  });
});
