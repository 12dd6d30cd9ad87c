/** Case fields normalised once for comparison; cached per case object, which must not be mutated afterwards. */

import { normalisePostcode, normaliseWord, WORD } from './links.names.ts';
import {
  isProfessionalRole,
  type PreparedPerson,
  personBlockingKeys,
  prepareDeceased,
  preparePerson,
} from './links.person-match.ts';
import type { LinkCase } from './links.types.ts';

export type PreparedCase = {
  source: LinkCase;
  /** Day number (days since 1970-01-01) of the event: date found, else date of death, else date reported. */
  eventDay: number;
  deceased: PreparedPerson;
  /** Non-professional people named in the case. */
  people: PreparedPerson[];
  blockingKeys: ReadonlySet<string>;
  ownGivenNames: ReadonlySet<string>;
  /** Normalised words of the case's texts, to find name mentions quickly. */
  textWords: ReadonlySet<string>;
  /** Postcodes of every address in the case (scene included); 'none' when some address has no postcode. */
  placePostcodes: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  tested: ReadonlySet<string>;
  detected: ReadonlySet<string>;
};

const cache = new WeakMap<LinkCase, PreparedCase>();

/** Day number of an ISO date or instant (UTC calendar day). */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/** The date a series detector should place a death on: found, else died, else reported (NYC DOHMH practice, Greene et al. 2016). */
export function eventDay(c: LinkCase): number {
  return dayNumber(c.dateFound ?? c.dateOfDeath ?? c.reportedAt);
}

/** Substance names compared case-insensitively: 'GHB' and 'ghb' are one substance. */
export function normaliseSubstance(name: string): string {
  return name.trim().toLowerCase();
}

/** Normalised comparison fields of a case (memoised per case object). */
export function prepareCase(c: LinkCase): PreparedCase {
  const cached = cache.get(c);
  if (cached) return cached;
  const deceased = prepareDeceased(c.id, c.deceased);
  const people = c.people.filter((p) => !isProfessionalRole(p.role)).map(preparePerson);
  const blockingKeys = new Set<string>();
  for (const p of [deceased, ...people]) for (const key of personBlockingKeys(p)) blockingKeys.add(key);
  const ownGivenNames = new Set<string>();
  for (const p of [deceased, ...c.people.map(preparePerson)]) for (const g of p.given) ownGivenNames.add(g);
  const textWords = new Set<string>();
  for (const text of c.texts) {
    for (const m of text.matchAll(WORD)) textWords.add(normaliseWord(m[0]));
  }
  const placePostcodes = new Set<string>();
  for (const address of [c.deceased.address, ...c.people.map((p) => p.address)]) {
    if (address) placePostcodes.add(normalisePostcode(address.postcode) ?? 'none');
  }
  const scenePostcode = normalisePostcode(c.scene?.postcode);
  if (scenePostcode) placePostcodes.add(scenePostcode);
  const prepared: PreparedCase = {
    source: c,
    eventDay: eventDay(c),
    deceased,
    people,
    blockingKeys,
    ownGivenNames,
    textWords,
    placePostcodes,
    tags: new Set(c.circumstanceTags),
    tested: new Set(c.toxicology.tested.map(normaliseSubstance)),
    detected: new Set(c.toxicology.detected.map(normaliseSubstance)),
  };
  cache.set(c, prepared);
  return prepared;
}
