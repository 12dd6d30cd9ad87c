/** The mix of referrals in the simulated background: kinds of death, their places, people and toxicology. */
import type { KnownSite, PlaceType } from '../../src/features/links/links.types.ts';
import { type CaseDraft, chance, clampAge, type Geography, gauss, pick, type Rng } from './generate.ts';

type Kind = { name: string; share: number; unnatural: boolean };
const KINDS: Kind[] = [
  { name: 'natural', share: 0.62, unnatural: false },
  { name: 'drug', share: 0.028, unnatural: true },
  { name: 'suicide', share: 0.05, unnatural: true },
  { name: 'fall', share: 0.12, unnatural: true },
  { name: 'hospital', share: 0.08, unnatural: true },
  { name: 'road', share: 0.02, unnatural: true },
  { name: 'accident', share: 0.03, unnatural: true },
  { name: 'sudden', share: 0.04, unnatural: true },
  { name: 'homicide', share: 0.005, unnatural: true },
  { name: 'prison', share: 0.003, unnatural: true },
  { name: 'railway', share: 0.004, unnatural: true },
];

const DRUG_MIX: [string, number][] = [
  ['heroin', 0.45],
  ['cocaine', 0.35],
  ['methadone', 0.15],
  ['alcohol', 0.35],
  ['diazepam', 0.25],
  ['pregabalin', 0.15],
  ['GHB', 0.08],
  ['ketamine', 0.04],
  ['MDMA', 0.05],
  ['amphetamine', 0.05],
  ['fentanyl', 0.01],
  ['protonitazene', 0.015],
];
const OTHER_MIX: [string, number][] = [
  ['alcohol', 0.35],
  ['sertraline', 0.08],
  ['citalopram', 0.06],
  ['paracetamol', 0.06],
  ['codeine', 0.06],
  ['diazepam', 0.06],
  ['cocaine', 0.06],
];

function sampleSubstances(r: Rng, mix: [string, number][]): string[] {
  const out = mix.filter(([, p]) => chance(r, p)).map(([s]) => s);
  return out;
}

function backgroundDraft(r: Rng, geo: Geography, sites: KnownSite[], day: number): CaseDraft {
  let u = r();
  const kind =
    KINDS.find((k) => {
      u -= k.share;
      return u <= 0;
    }) ?? KINDS[0]!;
  const point = geo.residence();
  const siteOf = (k: KnownSite['kind']) => {
    const list = sites.filter((s) => s.kind === k);
    const near = list.filter((s) => s.id.includes(`-${point.borough}-`));
    return pick(r, near.length ? near : list);
  };
  const male = (p: number) => (chance(r, p) ? 'male' : 'female') as 'male' | 'female';
  switch (kind.name) {
    case 'natural': {
      const v = r();
      const place: PlaceType = v < 0.4 ? 'home' : v < 0.8 ? 'hospital' : v < 0.95 ? 'care-home' : 'hospice';
      const site = place === 'home' ? undefined : siteOf(place as KnownSite['kind']);
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.48),
        age: clampAge(80 + gauss(r) * 11),
        place,
        site,
        unnatural: false,
      };
    }
    case 'drug': {
      const ghbDeath = chance(r, 0.05);
      const substances = sampleSubstances(
        r,
        DRUG_MIX.filter(([s]) => s !== 'GHB'),
      );
      if (ghbDeath) substances.push('GHB');
      const outdoors = chance(r, 0.15);
      return {
        kind: kind.name,
        day,
        point,
        sex: male(ghbDeath ? 0.95 : 0.72),
        age: clampAge(ghbDeath ? 35 + gauss(r) * 8 : 40 + gauss(r) * 10),
        place: outdoors ? 'public-outdoor' : 'home',
        substances,
        ghbTested: chance(r, 0.8),
        tags: [
          ...(chance(r, 0.5) ? ['paraphernalia-present'] : []),
          ...(chance(r, 0.7) ? ['suspected-drug-poisoning'] : []),
          ...(outdoors ? ['found-outdoors'] : []),
        ],
        classification: chance(r, 0.7) ? 'unexplained-not-suspicious' : 'non-suspicious',
      };
    }
    case 'suicide': {
      const outdoors = chance(r, 0.15);
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.75),
        age: clampAge(45 + gauss(r) * 16),
        place: outdoors ? 'public-outdoor' : 'home',
        substances: chance(r, 0.7) ? sampleSubstances(r, OTHER_MIX) : undefined,
        ghbTested: chance(r, 0.7),
        tags: [
          ...(chance(r, 0.3) ? ['note-present'] : []),
          ...(chance(r, 0.03) ? ['note-unverified', 'missing-person-report'] : []),
          ...(outdoors ? ['found-outdoors'] : []),
        ],
        classification: chance(r, 0.8) ? 'non-suspicious' : 'unexplained-not-suspicious',
      };
    }
    case 'fall': {
      const v = r();
      const place: PlaceType = v < 0.5 ? 'home' : v < 0.85 ? 'care-home' : 'hospital';
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.45),
        age: clampAge(84 + gauss(r) * 7),
        place,
        site: place === 'home' ? undefined : siteOf(place as KnownSite['kind']),
        tags: ['fall'],
        classification: 'non-suspicious',
        substances: chance(r, 0.1) ? sampleSubstances(r, OTHER_MIX) : undefined,
      };
    }
    case 'hospital':
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.5),
        age: clampAge(70 + gauss(r) * 15),
        place: 'hospital',
        site: siteOf('hospital'),
        classification: 'non-suspicious',
        substances: chance(r, 0.05) ? sampleSubstances(r, OTHER_MIX) : undefined,
      };
    case 'prison':
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.95),
        age: clampAge(40 + gauss(r) * 12),
        place: 'prison',
        site: siteOf('prison'),
        classification: 'unexplained-not-suspicious',
        substances: sampleSubstances(r, DRUG_MIX),
        ghbTested: false,
      };
    case 'railway':
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.8),
        age: clampAge(40 + gauss(r) * 15),
        place: 'other',
        site: siteOf('railway-station'),
        classification: 'non-suspicious',
        tags: ['found-outdoors'],
        substances: chance(r, 0.6) ? sampleSubstances(r, OTHER_MIX) : undefined,
      };
    case 'homicide':
      return {
        kind: kind.name,
        day,
        point,
        sex: male(0.7),
        age: clampAge(35 + gauss(r) * 14),
        place: chance(r, 0.5) ? 'home' : 'public-outdoor',
        classification: 'homicide',
        tags: [...(chance(r, 0.3) ? ['body-moved'] : []), ...(chance(r, 0.1) ? ['phone-missing'] : [])],
        substances: sampleSubstances(r, OTHER_MIX),
        ghbTested: chance(r, 0.8),
      };
    default: {
      const outdoors = kind.name === 'road' || (kind.name === 'accident' && chance(r, 0.3));
      return {
        kind: kind.name,
        day,
        point,
        sex: male(kind.name === 'sudden' ? 0.6 : 0.7),
        age: clampAge(kind.name === 'sudden' ? 35 + gauss(r) * 12 : 50 + gauss(r) * 20),
        place:
          kind.name === 'road' ? 'road' : outdoors ? 'public-outdoor' : chance(r, 0.2) ? 'workplace' : 'home',
        tags: [
          ...(outdoors ? ['found-outdoors'] : []),
          ...(chance(r, 0.01) ? ['phone-missing'] : []),
          ...(chance(r, 0.003) ? ['body-moved'] : []),
        ],
        substances: chance(r, kind.name === 'sudden' ? 0.8 : 0.4)
          ? sampleSubstances(r, OTHER_MIX)
          : undefined,
        ghbTested: chance(r, 0.7),
        classification:
          kind.name === 'sudden' && chance(r, 0.6) ? 'unexplained-not-suspicious' : 'non-suspicious',
      };
    }
  }
}

export { backgroundDraft };
