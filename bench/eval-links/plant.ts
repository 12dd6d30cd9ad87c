/** Planted clusters for the evaluation (linked-deaths.md §3.5) and the simulation of one area. */

import { createRandom } from '../../src/features/links/links.random.ts';
import type { LinkPerson } from '../../src/features/links/links.types.ts';
import {
  buildCase,
  type CaseDraft,
  chance,
  fullName,
  type Geography,
  makeGeography,
  makeSites,
  type PlantedCluster,
  phone,
  type Rng,
  type Run,
  type SimArea,
} from './generate.ts';
import { MALE_NAMES, pickWeighted, rareName } from './names.ts';
import { backgroundDraft } from './referrals.ts';

export const WARMUP_DAYS = 365;
export const EVALUATION_DAYS = 470;
/** Three boroughs of about 150,000 people each. */
export const POPULATION = 450_000;

const offset = (r: Rng, p: { x: number; y: number; borough: number }, minM: number, maxM: number) => {
  const a = r() * 2 * Math.PI;
  const d = (minM + r() * (maxM - minM)) / 1000;
  return { x: p.x + d * Math.cos(a), y: p.y + d * Math.sin(a), borough: p.borough };
};

/** A typing slip: two letters swapped or one dropped. */
function misspell(r: Rng, name: string): string {
  const words = name.split(' ');
  const w = Math.floor(r() * words.length);
  const word = words[w]!;
  if (word.length < 4) return name;
  const i = 1 + Math.floor(r() * (word.length - 2));
  words[w] = chance(r, 0.5)
    ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    : word.slice(0, i) + word.slice(i + 1);
  return words.join(' ');
}

type Plant = (r: Rng, geo: Geography, add: (d: CaseDraft) => string, id: string) => PlantedCluster;

const youngMan = (r: Rng) => ({
  given: chance(r, 0.3) ? rareName(r, 3) : pickWeighted(MALE_NAMES, r),
  family: chance(r, 0.5) ? rareName(r) : fullName(r, 'male').family,
});

/** (i) The Barking replay: four young men, GHB, gaps 70/23/359 days, ≤ 500 m, one finder for 2–3, a note in 3 naming 2. */
export const plantReplay: Plant = (r, geo, add, id) => {
  const churchyard = geo.residence();
  const start = WARMUP_DAYS + 1 + Math.floor(r() * 15);
  const days = [start, start + 70, start + 93, start + 452];
  const walker = fullName(r, 'female');
  const walkerPhone = phone(r);
  const names = [youngMan(r), { given: 'Gabriel', family: rareName(r) }, youngMan(r), youngMan(r)];
  const members = days.map((day, i) =>
    add({
      kind: 'replay',
      day,
      point: i === 0 ? offset(r, churchyard, 420, 470) : offset(r, churchyard, 5, 25),
      sex: 'male',
      age: 21 + Math.floor(r() * 5),
      place: i === 0 ? 'public-outdoor' : 'place-of-worship-grounds',
      accuracy: 'typed',
      name: names[i],
      substances: ['GHB', ...(chance(r, 0.5) ? ['alcohol'] : [])],
      ghbTested: true,
      tags: [
        'found-outdoors',
        'body-moved',
        'phone-missing',
        ...(i === 2 ? ['note-present', 'note-unverified'] : []),
      ],
      classification: 'unexplained-not-suspicious',
      clusterId: id,
      finder:
        i === 1 || i === 2
          ? {
              id: `${id}-walker-${i}`,
              role: 'finder',
              name:
                i === 2
                  ? misspell(r, `${walker.given} ${walker.family}`)
                  : `${walker.given} ${walker.family}`,
              phone: walkerPhone,
            }
          : undefined,
      texts:
        i === 2
          ? ['A note was found with him. It reads in part: "I am sorry about what happened to Gabriel."']
          : [],
    }),
  );
  return { id, kind: 'port-replay', drug: true, members };
};

/** (ii) Barking variants: 3–4 deaths, features knocked out, 0.5–3 km apart or within 500 m, gaps 7–400 days. */
export const plantVariant: Plant = (r, geo, add, id) => {
  const n = 3 + Math.floor(r() * 2);
  let gaps: number[];
  do gaps = Array.from({ length: n - 1 }, () => 7 + Math.floor(r() * 394));
  while (gaps.reduce((a, b) => a + b, 0) > EVALUATION_DAYS - 20);
  const span = gaps.reduce((a, b) => a + b, 0);
  const start = WARMUP_DAYS + 1 + Math.floor(r() * (EVALUATION_DAYS - span - 10));
  const base = geo.residence();
  const spread = chance(r, 0.5);
  const toxicology = chance(r, 0.6);
  const sharedFinder = chance(r, 0.5);
  const finderAt = Math.floor(r() * (n - 1));
  const note = chance(r, 0.3);
  const tags = ['body-moved', 'phone-missing'].filter(() => chance(r, 0.6));
  const outdoors = chance(r, 0.7);
  const walker = fullName(r, chance(r, 0.5) ? 'male' : 'female');
  const walkerPhone = chance(r, 0.7) ? phone(r) : undefined;
  const names = Array.from({ length: n }, () => youngMan(r));
  let day = start;
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) day += gaps[i - 1]!;
    const finder: LinkPerson | undefined =
      sharedFinder && (i === finderAt || i === finderAt + 1)
        ? {
            id: `${id}-f${i}`,
            role: 'finder',
            name:
              i === finderAt + 1 && chance(r, 0.5)
                ? misspell(r, `${walker.given} ${walker.family}`)
                : `${walker.given} ${walker.family}`,
            phone: walkerPhone,
          }
        : undefined;
    members.push(
      add({
        kind: 'variant',
        day,
        point: spread ? offset(r, base, 250, 1500) : offset(r, base, 0, 250),
        sex: 'male',
        age: 18 + Math.floor(r() * 18),
        place: outdoors ? 'public-outdoor' : 'home',
        name: names[i],
        substances: toxicology ? ['GHB', ...(chance(r, 0.4) ? ['alcohol'] : [])] : undefined,
        ghbTested: toxicology,
        tags: [...tags, ...(outdoors ? ['found-outdoors'] : [])],
        clusterId: id,
        classification: chance(r, 0.7) ? 'unexplained-not-suspicious' : 'non-suspicious',
        finder,
        texts: note && i === n - 1 ? [`Note present: "${names[i - 1]!.given}, I am sorry."`] : [],
      }),
    );
  }
  return { id, kind: 'port-variant', drug: true, members };
};

/** (iii) A contaminated batch: 5–15 drug deaths over 1–3 weeks across a borough, a rare contaminant in toxicology. */
export const plantBatch: Plant = (r, geo, add, id) => {
  const n = 5 + Math.floor(r() * 11);
  const span = 7 + Math.floor(r() * 15);
  const start = WARMUP_DAYS + 1 + Math.floor(r() * (EVALUATION_DAYS - span - 90));
  const borough = Math.floor(r() * 3);
  const days = Array.from({ length: n }, () => start + Math.floor(r() * span)).sort((a, b) => a - b);
  const members = days.map((day) =>
    add({
      kind: 'batch',
      day,
      point: geo.residence(borough),
      sex: chance(r, 0.75) ? 'male' : 'female',
      age: 25 + Math.floor(r() * 35),
      place: chance(r, 0.8) ? 'home' : 'public-outdoor',
      substances: ['protonitazene', 'heroin', ...(chance(r, 0.4) ? ['cocaine'] : [])],
      ghbTested: false,
      tags: [
        ...(chance(r, 0.9) ? ['suspected-drug-poisoning'] : []),
        ...(chance(r, 0.6) ? ['paraphernalia-present'] : []),
      ],
      classification: chance(r, 0.7) ? 'unexplained-not-suspicious' : 'non-suspicious',
      clusterId: id,
    }),
  );
  return { id, kind: 'batch', drug: true, members };
};

/** (iv) A carer cluster: 3–5 elderly people dying at home across a borough, linked only by one carer. */
export const plantCarer: Plant = (r, geo, add, id) => {
  const n = 3 + Math.floor(r() * 3);
  const span = 60 + Math.floor(r() * 300);
  const start = WARMUP_DAYS + 1 + Math.floor(r() * (EVALUATION_DAYS - span - 5));
  const borough = Math.floor(r() * 3);
  const carer = fullName(r, 'female');
  const carerPhone = phone(r);
  const carerAddress = geo.address(geo.residence(borough));
  const days = Array.from({ length: n }, () => start + Math.floor(r() * span)).sort((a, b) => a - b);
  const members = days.map((day, i) => {
    const person: LinkPerson = {
      id: `${id}-carer-${i}`,
      role: chance(r, 0.6) ? 'last-seen-with' : 'finder',
      name: chance(r, 0.3) ? misspell(r, `${carer.given} ${carer.family}`) : `${carer.given} ${carer.family}`,
      phone: chance(r, 0.6) ? carerPhone : undefined,
      address: chance(r, 0.4) ? carerAddress : undefined,
    };
    return add({
      kind: 'carer',
      day,
      point: geo.residence(borough),
      sex: chance(r, 0.4) ? 'male' : 'female',
      age: 75 + Math.floor(r() * 20),
      place: 'home',
      unnatural: chance(r, 0.8),
      classification: chance(r, 0.5) ? 'unexplained-not-suspicious' : 'non-suspicious',
      clusterId: id,
      finder: person.role === 'finder' ? person : undefined,
      extraPeople: person.role === 'finder' ? [] : [person],
    });
  });
  return { id, kind: 'carer', drug: false, members };
};

export type PlantPlan = { replay: number; variants: number; batches: number; carers: number };

/** Simulates one area: a warm-up year of background, then the evaluation period with planted clusters. */
export function simulateArea(seed: number, plan: PlantPlan): SimArea {
  const r = createRandom(seed);
  const geo = makeGeography(r);
  const knownSites = makeSites(geo);
  const run: Run = {
    prefix: `s${seed}`,
    cases: [],
    staff: new Map(),
    officers: [0, 1, 2].map(() =>
      Array.from({ length: 40 }, () => {
        const n = fullName(r, chance(r, 0.7) ? 'male' : 'female');
        return `PC ${n.given} ${n.family}`;
      }),
    ),
    paramedics: Array.from({ length: 30 }, () => {
      const n = fullName(r, 'female');
      return `${n.given} ${n.family}`;
    }),
  };
  const missingFinder = 0.1 + r() * 0.3;
  const add = (d: CaseDraft): string => {
    const c = buildCase(r, geo, run, d, missingFinder);
    run.cases.push(c);
    return c.id;
  };
  const days = WARMUP_DAYS + EVALUATION_DAYS;
  const perDay = (POPULATION * 320) / 100_000 / 365;
  for (let day = 0; day < days; day++) {
    // Poisson number of referrals a day.
    let k = 0;
    for (let p = Math.exp(-perDay), u = r(), s = p; u > s; k++) {
      p *= perDay / (k + 1);
      s += p;
    }
    for (let i = 0; i < k; i++) add(backgroundDraft(r, geo, knownSites, day));
  }
  const clusters: PlantedCluster[] = [];
  const plants: [Plant, number][] = [
    [plantReplay, plan.replay],
    [plantVariant, plan.variants],
    [plantBatch, plan.batches],
    [plantCarer, plan.carers],
  ];
  for (const [plant, count] of plants) {
    for (let i = 0; i < count; i++) clusters.push(plant(r, geo, add, `${run.prefix}-k${clusters.length}`));
  }
  const regionalRandom = createRandom(seed + 7_777_777);
  const regionalGeo = makeGeography(regionalRandom);
  const regionalSites = makeSites(regionalGeo);
  const regionalRun: Run = { ...run, prefix: `r${seed}`, cases: [], staff: new Map() };
  // The app measures its background over the whole country's latest cases, where one area's series is a
  // small part; here, eight times the area's population over two years (a region of about 3.6 million), so
  // that the planted series do not make their own substances look common. With twice, the planted deaths
  // were two in five of all GHB deaths seen, and GHB sometimes stopped counting as rare; with eight, one
  // in five; twenty gave the same results as eight on the tuning seeds.
  const regionalCount = Math.round(730 * perDay * 8);
  for (let i = 0; i < regionalCount; i++) {
    const day = Math.floor(regionalRandom() * 730);
    regionalRun.cases.push(
      buildCase(
        regionalRandom,
        regionalGeo,
        regionalRun,
        backgroundDraft(regionalRandom, regionalGeo, regionalSites, day),
        missingFinder,
      ),
    );
  }
  const regional = regionalRun.cases.map((c) => c.final);
  return {
    seed,
    warmupDays: WARMUP_DAYS,
    days,
    startDay: 0,
    cases: run.cases,
    knownSites,
    clusters,
    regional,
  };
}
