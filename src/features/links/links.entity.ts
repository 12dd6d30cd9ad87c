/**
 * Layer 1 — entity and document links (linked-deaths.md §3.2). For two unnatural deaths within 3 years:
 *  (a) the same non-professional person appears in both, in any role, or a person named in one is the deceased
 *      of the other (Fellegi–Sunter, match probability ≥ 0.9);
 *  (b) the scene or home of one is the address of a person named in the other (postal address match);
 *  (c) a text of one names the deceased of the other (links.text.ts);
 *  (d) both were found at the same outdoor or public place (≤ 50 m under the accuracy rule) within 12 months.
 * Deaths at known sites and institutions are left out of (d), and staff named at the same institution are
 * left out of (a): both are watched against the site's own baseline instead (links.sites.ts).
 */
import {
  describeDistance,
  haversineMetres,
  isConfidentlyWithin,
  isPossiblyWithin,
  pairMarginMetres,
} from './links.geo.ts';
import { compareAddressLines, normalisePostcode } from './links.names.ts';
import {
  compareAddresses,
  comparePeople,
  describeAgreement,
  type FieldWeight,
  nameAloneIdentifies,
  type PreparedPerson,
  personBlockingKeys,
} from './links.person-match.ts';
import { type PreparedCase, prepareCase } from './links.prepare.ts';
import { inSameInstitution, isInstitutionalScene } from './links.sites.ts';
import { findNameMention, isDistinctiveGivenName } from './links.text.ts';
import type { Background, KnownSite, LinkCase, PlaceType, PostalAddress } from './links.types.ts';

export type EntityLinkKind =
  | 'same-person'
  | 'person-is-deceased'
  | 'address'
  | 'named-in-text'
  | 'same-scene';

export type EntityLink = {
  kind: EntityLinkKind;
  /** For 'named-in-text': whether the full name or a distinctive given name alone was found. */
  strength: 'full' | 'partial';
  detail: string;
  /** Fellegi–Sunter field weights (bits) and match probability, for person and address links. */
  fields?: FieldWeight[];
  probability?: number;
};

export type EntityContext = { knownSites: readonly KnownSite[]; background?: Background };

/** Layer 1 window: links are sought between unnatural deaths up to 3 years apart (linked-deaths.md §3.2). */
export const ENTITY_WINDOW_DAYS = 3 * 365;
/** Rule (d) window: the same scene within 12 months. */
export const SAME_SCENE_WINDOW_DAYS = 365;
/** Rule (d) distance: the same scene is within 50 m under the accuracy rule. */
export const SAME_SCENE_METRES = 50;
/** A given name alone links only when the deaths are also near: possibly within 2 km and 400 days. */
const GIVEN_NAME_CONTEXT = { metres: 2000, days: 400 };

const SAME_SCENE_PLACES: ReadonlySet<PlaceType | undefined> = new Set([
  'public-outdoor',
  'place-of-worship-grounds',
  'workplace',
  'other',
]);

const ROLE_WORDS: Record<PreparedPerson['role'], string> = {
  deceased: 'deceased',
  finder: 'finder',
  caller: 'caller',
  'last-seen-with': 'person last seen with the deceased',
  'household-member': 'household member',
  witness: 'witness',
  'person-of-interest': 'person of interest',
  'next-of-kin': 'next of kin',
  'police-officer': 'police officer',
  paramedic: 'paramedic',
  'forensic-medical-examiner': 'forensic medical examiner',
  'other-professional': 'professional',
};

const formatAddress = (a: PostalAddress): string =>
  [a.line1, a.postcode ?? a.town].filter(Boolean).join(', ');

/** Layer 1 rules (a)–(d) between two cases; wording is from `a`'s side ("this case"), `b` is named by reference. */
export function findEntityLinks(a: LinkCase, b: LinkCase, context: EntityContext): EntityLink[] {
  if (!a.unnatural || !b.unnatural || a.id === b.id) return [];
  const pa = prepareCase(a);
  const pb = prepareCase(b);
  const gap = Math.abs(pa.eventDay - pb.eventDay);
  if (gap > ENTITY_WINDOW_DAYS) return [];
  const links: EntityLink[] = [];
  personLinks(pa, pb, () => inSameInstitution(a, b, context.knownSites), context, links);
  addressLinks(pa, pb, context, links);
  textLinks(pa, pb, gap, context, links);
  const scene = sameSceneLink(a, b, gap, context);
  if (scene) links.push(scene);
  return links;
}

function sharesAny(x: readonly string[], y: readonly string[]): boolean {
  for (const k of x) if (y.includes(k)) return true;
  return false;
}

function personLinks(
  pa: PreparedCase,
  pb: PreparedCase,
  sameInstitution: () => boolean,
  context: EntityContext,
  links: EntityLink[],
): void {
  if (!intersects(pa.blockingKeys, pb.blockingKeys)) return;
  const options = {
    familyNames: context.background?.familyNames,
    givenNames: context.background?.givenNames,
  };
  const ref = pb.source.reference;
  const left = [pa.deceased, ...pa.people];
  const right = [pb.deceased, ...pb.people];
  for (const x of left) {
    const xKeys = personBlockingKeys(x);
    for (const y of right) {
      const bothDeceased = x.role === 'deceased' && y.role === 'deceased';
      const staff = x.role !== 'deceased' && y.role !== 'deceased' && sameInstitution();
      if (bothDeceased || staff || !sharesAny(personBlockingKeys(y), xKeys)) continue;
      const comparison = comparePeople(x, y, options);
      if (!comparison.isMatch) continue;
      const why = `${describeAgreement(comparison)} (match probability ${comparison.probability.toFixed(2)})`;
      const kind = x.role === 'deceased' || y.role === 'deceased' ? 'person-is-deceased' : 'same-person';
      const detail =
        x.role === 'deceased'
          ? `The ${ROLE_WORDS[y.role]} in ${ref} (${y.displayName}) may be the deceased in this case: ${why}`
          : y.role === 'deceased'
            ? `The ${ROLE_WORDS[x.role]} in this case (${x.displayName}) may be the deceased in ${ref}: ${why}`
            : `The ${ROLE_WORDS[x.role]} in this case (${x.displayName}) and the ${ROLE_WORDS[y.role]} in ${ref} (${y.displayName}) may be the same person: ${why}`;
      links.push({
        kind,
        strength: 'full',
        detail,
        fields: comparison.fields,
        probability: comparison.probability,
      });
    }
  }
}

function intersects(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  for (const k of small) if (large.has(k)) return true;
  return false;
}

type Place = { what: string; address?: PostalAddress; scene?: LinkCase['scene'] };

/** Places of a case that rule (b) compares: its scene (when the scene is a postal address) and every named person's address. */
function placesOf(p: PreparedCase, context: EntityContext): Place[] {
  const c = p.source;
  const institutional = isInstitutionalScene(c, context.knownSites);
  const places: Place[] = [];
  if (c.scene?.postcode && c.scene.description && !institutional)
    places.push({ what: 'scene', scene: c.scene });
  const scenePostcode = normalisePostcode(c.scene?.postcode);
  for (const person of [p.deceased, ...p.people]) {
    if (!person.address) continue;
    // A resident's address that is the institution where they died is the institution, not a home.
    if (person.role === 'deceased' && institutional && person.postcode && person.postcode === scenePostcode)
      continue;
    places.push({ what: `address of the ${ROLE_WORDS[person.role]}`, address: person.address });
  }
  return places;
}

function placesMatch(
  x: Place,
  y: Place,
): { probability?: number; fields?: FieldWeight[]; text: string } | undefined {
  if (x.address && y.address) {
    const c = compareAddresses(x.address, y.address);
    if (!c.isMatch) return undefined;
    const { probability: _p, isMatch: _m, ...field } = c;
    return { probability: c.probability, fields: [field], text: formatAddress(x.address) };
  }
  const scene = x.scene ?? y.scene;
  const address = x.address ?? y.address;
  if (!scene || !address || !scene.description) return undefined;
  const postcode = normalisePostcode(scene.postcode);
  if (!postcode || postcode !== normalisePostcode(address.postcode)) return undefined;
  if (compareAddressLines(scene.description, address.line1) === 'different') return undefined;
  return { text: formatAddress(address) };
}

function addressLinks(pa: PreparedCase, pb: PreparedCase, context: EntityContext, links: EntityLink[]): void {
  // An address match needs the same postcode, or a missing postcode on one side.
  if (
    !pa.placePostcodes.has('none') &&
    !pb.placePostcodes.has('none') &&
    !intersects(pa.placePostcodes, pb.placePostcodes)
  ) {
    return;
  }
  const ref = pb.source.reference;
  const left = placesOf(pa, context);
  const right = placesOf(pb, context);
  const seen = new Set<string>();
  for (const x of left) {
    for (const y of right) {
      if (x.scene && y.scene) continue;
      const match = placesMatch(x, y);
      if (!match) continue;
      const key = `${x.what}|${y.what}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({
        kind: 'address',
        strength: 'full',
        detail: `The ${x.what} in this case and the ${y.what} in ${ref} are the same address (${match.text})`,
        fields: match.fields,
        probability: match.probability,
      });
    }
  }
}

function textLinks(
  pa: PreparedCase,
  pb: PreparedCase,
  gap: number,
  context: EntityContext,
  links: EntityLink[],
): void {
  for (let direction = 0; direction < 2; direction++) {
    const texts = direction === 0 ? pa : pb;
    const named = direction === 0 ? pb : pa;
    // Quick test before reading the texts: the family name appears, or a distinctive first given name does.
    const first = named.deceased.given[0];
    const family = named.deceased.familyLast;
    const givenNames = context.background?.givenNames;
    const mayName =
      texts.textWords.has(family) ||
      (first !== undefined && texts.textWords.has(first) && isDistinctiveGivenName(first, givenNames));
    if (!mayName) continue;
    const options = {
      givenNames,
      familyNames: context.background?.familyNames,
      ownGivenNames: texts.ownGivenNames,
    };
    const mention = findNameMention(texts.source.texts, named.deceased, options);
    if (!mention) continue;
    // A text naming someone of its own case with the same name is about them, not about the other deceased.
    const namedFull = fullNameOf(named.deceased);
    if (texts.people.some((p) => fullNameOf(p) === namedFull)) continue;
    // A common full name counts only as a given name does: with the deaths near in place and time.
    const full = mention.kind === 'full-name' && nameAloneIdentifies(named.deceased, options);
    if (!full && !(gap <= GIVEN_NAME_CONTEXT.days && scenesPossiblyWithin(pa, pb, GIVEN_NAME_CONTEXT.metres)))
      continue;
    const ref = pb.source.reference;
    const where = direction === 0 ? 'A text in this case' : `A text in ${ref}`;
    const whose = direction === 0 ? `the deceased in ${ref}` : 'the deceased in this case';
    const what = mention.kind === 'full-name' ? 'the name of' : 'the given name of';
    links.push({
      kind: 'named-in-text',
      strength: full ? 'full' : 'partial',
      detail: `${where} mentions “${mention.matched}”, ${what} ${whose}`,
    });
  }
}

function fullNameOf(p: PreparedPerson): string {
  return `${p.given[0] ?? ''} ${p.family}`;
}

function scenesPossiblyWithin(pa: PreparedCase, pb: PreparedCase, metres: number): boolean {
  const a = pa.source.scene;
  const b = pb.source.scene;
  return a !== undefined && b !== undefined && isPossiblyWithin(a, b, metres);
}

function sameSceneLink(
  a: LinkCase,
  b: LinkCase,
  gap: number,
  context: EntityContext,
): EntityLink | undefined {
  if (gap > SAME_SCENE_WINDOW_DAYS || !a.scene || !b.scene) return undefined;
  if (!SAME_SCENE_PLACES.has(a.scene.placeType) || !SAME_SCENE_PLACES.has(b.scene.placeType))
    return undefined;
  if (isInstitutionalScene(a, context.knownSites) || isInstitutionalScene(b, context.knownSites))
    return undefined;
  if (!isConfidentlyWithin(a.scene, b.scene, SAME_SCENE_METRES)) return undefined;
  const distance = describeDistance(haversineMetres(a.scene, b.scene), pairMarginMetres(a.scene, b.scene));
  return {
    kind: 'same-scene',
    strength: 'full',
    detail: `Both found at the same place (${distance}), ${gap} days apart`,
  };
}
