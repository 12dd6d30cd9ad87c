/** Background frequencies measured on the system's own cases: the denominators of the link scores. */

import { isDrugDeath } from './links.drug.ts';
import { prepareCase } from './links.prepare.ts';
import { substanceFrequencies } from './links.rare-substance.ts';
import { ageAt, ageBand } from './links.score.ts';
import type { Background, LinkCase } from './links.types.ts';

/** Estimates substance, circumstance-tag, age-band and name frequencies from cases (linked-deaths.md §3.3: "estimate the denominators from the system's own background"). */
export function buildBackground(cases: readonly LinkCase[]): Background {
  const tagCounts: Record<string, number> = {};
  let unnatural = 0;
  const family = new Map<string, number>();
  const given = new Map<string, number>();
  let people = 0;
  const count = (map: Map<string, number>, key: string | undefined) => {
    if (key) map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const c of cases) {
    if (c.unnatural) {
      unnatural += 1;
      for (const tag of new Set(c.circumstanceTags)) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
    }
    // Prepared (and cached) normalised names: the deceased and every non-professional person named.
    const prepared = prepareCase(c);
    for (const person of [prepared.deceased, ...prepared.people]) {
      people += 1;
      count(family, person.familyLast);
      count(given, person.given[0]);
    }
  }
  const unexplained = (list: readonly LinkCase[]) =>
    list.filter((c) => c.policeClassification?.startsWith('unexplained')).length / Math.max(1, list.length);
  const drug = cases.filter(isDrugDeath);
  const drugTags: Record<string, number> = {};
  for (const c of drug)
    for (const tag of new Set(c.circumstanceTags)) drugTags[tag] = (drugTags[tag] ?? 0) + 1;
  const ageBands = (list: readonly LinkCase[]) => {
    const counts: Record<string, number> = {};
    let n = 0;
    for (const c of list) {
      const age = ageAt(c, prepareCase(c).eventDay);
      if (age === undefined) continue;
      n += 1;
      counts[ageBand(age)] = (counts[ageBand(age)] ?? 0) + 1;
    }
    return { cases: n, counts };
  };
  const share = (map: Map<string, number>) => new Map([...map].map(([k, v]) => [k, v / Math.max(1, people)]));
  return {
    substances: substanceFrequencies(cases),
    circumstanceTags: { cases: unnatural, counts: tagCounts },
    unexplainedShare: unexplained(cases.filter((c) => c.unnatural)),
    ageBands: ageBands(cases.filter((c) => c.unnatural)),
    drugDeaths: {
      substances: substanceFrequencies(drug),
      circumstanceTags: { cases: drug.length, counts: drugTags },
      unexplainedShare: unexplained(drug),
      ageBands: ageBands(drug),
    },
    familyNames: people >= 1000 ? share(family) : undefined,
    givenNames: people >= 1000 ? share(given) : undefined,
  };
}
