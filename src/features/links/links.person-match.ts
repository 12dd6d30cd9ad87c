/**
 * Person and address matching by the Fellegi–Sunter model (Fellegi & Sunter 1969; as in Splink, MoJ).
 *
 * Each field is compared at a level; each level has m = P(level | same person) and u = P(level | different
 * people); the field weight is log2(m/u) and the total weight turns into a match probability with a prior:
 *   p = 1 / (1 + ((1 − λ)/λ) · 2^−W)
 * A missing field weighs 0. Exact name agreements take their u from term frequencies when given (a common
 * surname counts for less), never below 1e-5. Operating point: p ≥ 0.9 means "may be the same person".
 *
 * | field         | level          | m     | u (default)        | weight (bits) |
 * |---------------|----------------|-------|--------------------|---------------|
 * | family name   | exact          | 0.92  | 0.002 or frequency | +8.8          |
 * |               | close ¹        | 0.06  | 0.003              | +4.3          |
 * |               | different      | 0.02  | 0.995              | −5.6          |
 * | given name    | exact          | 0.88  | 0.01 or frequency  | +6.5          |
 * |               | close          | 0.09  | 0.02               | +2.2          |
 * |               | different      | 0.03  | 0.97               | −5.0          |
 * | date of birth | exact          | 0.95  | 0.00004            | +14.5         |
 * |               | close          | 0.03  | 0.001              | +4.9          |
 * |               | different      | 0.02  | 0.999              | −5.6          |
 * | phone         | exact          | 0.55  | 0.000001           | +19.1         |
 * |               | different      | 0.45  | 0.999999           | −1.2          |
 * | address       | exact          | 0.55  | 0.00001            | +15.7         |
 * |               | postcode only  | 0.10  | 0.001              | +6.6          |
 * |               | different      | 0.35  | 0.999              | −1.5          |
 *
 * ¹ Jaro–Winkler ≥ 0.9, or ≥ 0.8 with the same Soundex code, or one part of a double-barrelled name.
 *   Given names are close at Jaro–Winkler ≥ 0.88, a known nickname, a matching initial or a middle name.
 *
 * Prior λ = 1e-4 (one pair in 10,000 of people named in two death cases of one area is the same person),
 * so "same person" needs W ≥ 16.5 bits: a full name alone (+15.3) is not enough unless the surname is rare.
 * Addresses on their own use prior 1e-3, so an exact address (+15.7 bits) gives p ≈ 0.98.
 */
import {
  compareAddressLines,
  jaroWinkler,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  soundex,
  splitFullName,
} from './links.names.ts';
import type { LinkPerson, NameFrequencies, PersonRole, PostalAddress } from './links.types.ts';

export type MatchField = 'family-name' | 'given-name' | 'date-of-birth' | 'phone' | 'address';
export type MatchLevel = 'exact' | 'close' | 'postcode-only' | 'different';
export type FieldWeight = { field: MatchField; level: MatchLevel; m: number; u: number; weight: number };
export type PersonComparison = {
  fields: FieldWeight[];
  weight: number;
  probability: number;
  isMatch: boolean;
};
export type AddressComparison = FieldWeight & { probability: number; isMatch: boolean };

type Level = { m: number; u: number };
export const PERSON_MATCH_LEVELS = {
  'family-name': {
    exact: { m: 0.92, u: 0.002 },
    close: { m: 0.06, u: 0.003 },
    different: { m: 0.02, u: 0.995 },
  },
  'given-name': { exact: { m: 0.88, u: 0.01 }, close: { m: 0.09, u: 0.02 }, different: { m: 0.03, u: 0.97 } },
  'date-of-birth': {
    exact: { m: 0.95, u: 0.00004 },
    close: { m: 0.03, u: 0.001 },
    different: { m: 0.02, u: 0.999 },
  },
  phone: { exact: { m: 0.55, u: 0.000001 }, different: { m: 0.45, u: 0.999999 } },
  address: {
    exact: { m: 0.55, u: 0.00001 },
    'postcode-only': { m: 0.1, u: 0.001 },
    different: { m: 0.35, u: 0.999 },
  },
} as const satisfies Record<MatchField, Partial<Record<MatchLevel, Level>>>;

export const PERSON_PRIOR = 1e-4;
export const ADDRESS_PRIOR = 1e-3;
export const SAME_PERSON_PROBABILITY = 0.9;
const MIN_TERM_FREQUENCY = 1e-5;

const PROFESSIONAL_ROLES: ReadonlySet<PersonRole> = new Set([
  'police-officer',
  'paramedic',
  'forensic-medical-examiner',
  'other-professional',
]);

/** linked-deaths.md §3.2: professionals attend many deaths and are excluded from "same person" rules. */
export function isProfessionalRole(role: PersonRole | 'deceased'): boolean {
  return role !== 'deceased' && PROFESSIONAL_ROLES.has(role);
}

/** A person reduced to comparable, normalised fields. */
export type PreparedPerson = {
  id: string;
  role: PersonRole | 'deceased';
  displayName: string;
  given: string[];
  family: string;
  /** Last word of the family name (the whole family name when it is one word). */
  familyLast: string;
  familyKey: string;
  dateOfBirth?: string;
  phone?: string;
  address?: PostalAddress;
  postcode?: string;
};

/** Normalises a named person for matching (Fellegi–Sunter comparison vectors need comparable fields). */
export function preparePerson(person: LinkPerson): PreparedPerson {
  const { given, family } = splitFullName(person.name);
  return withAddress(
    {
      id: person.id,
      role: person.role,
      displayName: person.name,
      given,
      family,
      familyLast: family,
      familyKey: soundex(family),
      dateOfBirth: person.dateOfBirth,
      phone: normalisePhone(person.phone),
    },
    person.address,
  );
}

/** Normalises a deceased person for matching against the people named in other cases. */
export function prepareDeceased(
  caseId: string,
  deceased: { givenNames: string; familyName: string; dateOfBirth?: string; address?: PostalAddress },
): PreparedPerson {
  const given = normaliseName(deceased.givenNames).split(' ').filter(Boolean);
  const family = normaliseName(deceased.familyName).split(' ').filter(Boolean).join(' ');
  return withAddress(
    {
      id: `${caseId}:deceased`,
      role: 'deceased',
      displayName: `${deceased.givenNames} ${deceased.familyName}`.trim(),
      given,
      family,
      familyLast: family.split(' ').at(-1) ?? '',
      familyKey: soundex(family.split(' ').at(-1) ?? ''),
      dateOfBirth: deceased.dateOfBirth,
    },
    deceased.address,
  );
}

function withAddress(person: PreparedPerson, address: PostalAddress | undefined): PreparedPerson {
  if (!address) return person;
  return { ...person, address, postcode: normalisePostcode(address.postcode) };
}

/**
 * Blocking keys (Splink-style blocking rules): surname Soundex with the first initial, phone, postcode. Only
 * pairs sharing one are compared.
 */
export function personBlockingKeys(person: PreparedPerson): string[] {
  const keys: string[] = [];
  if (person.familyKey) keys.push(`s:${person.familyKey}${person.given[0]?.[0] ?? ''}`);
  if (person.phone) keys.push(`p:${person.phone}`);
  if (person.postcode) keys.push(`a:${person.postcode}`);
  return keys;
}

const NICKNAMES: ReadonlyArray<readonly string[]> = [
  ['william', 'bill', 'will', 'billy', 'liam'],
  ['robert', 'bob', 'rob', 'bobby', 'robbie'],
  ['richard', 'rick', 'dick', 'richie'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jon', 'jack', 'johnny'],
  ['michael', 'mike', 'mick', 'micky'],
  ['anthony', 'tony'],
  ['thomas', 'tom', 'tommy'],
  ['edward', 'ed', 'eddie', 'ted'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davy'],
  ['stephen', 'steven', 'steve'],
  ['christopher', 'chris'],
  ['joseph', 'joe'],
  ['margaret', 'maggie', 'peggy', 'meg'],
  ['elizabeth', 'liz', 'beth', 'betty', 'lizzie'],
  ['catherine', 'kate', 'cathy', 'katherine', 'kathryn'],
  ['patricia', 'pat', 'trish'],
  ['susan', 'sue', 'suzanne'],
  ['alexander', 'alex', 'sandy'],
  ['samuel', 'sam'],
  ['benjamin', 'ben'],
  ['matthew', 'matt'],
  ['nicholas', 'nick'],
];
const NICKNAME_GROUP = new Map<string, number>();
NICKNAMES.forEach((group, i) => {
  for (const name of group) NICKNAME_GROUP.set(name, i);
});

function level(field: MatchField, name: MatchLevel, u?: number): FieldWeight {
  const table = PERSON_MATCH_LEVELS[field] as Partial<Record<MatchLevel, Level>>;
  const entry = table[name]!;
  const uu = u ?? entry.u;
  return { field, level: name, m: entry.m, u: uu, weight: Math.log2(entry.m / uu) };
}

function termU(frequencies: NameFrequencies | undefined, name: string, fallback: number): number {
  const f = frequencies?.get(name);
  return f === undefined ? fallback : Math.max(MIN_TERM_FREQUENCY, f);
}

function compareFamily(
  x: PreparedPerson,
  y: PreparedPerson,
  frequencies?: NameFrequencies,
): FieldWeight | undefined {
  const a = x.family;
  const b = y.family;
  if (!a || !b) return undefined;
  if (a === b)
    return level('family-name', 'exact', termU(frequencies, a, PERSON_MATCH_LEVELS['family-name'].exact.u));
  const at = a.split(' ');
  const bt = b.split(' ');
  if (at.some((t) => t.length > 2 && bt.includes(t))) return level('family-name', 'close');
  const similarity = jaroWinkler(a, b);
  const close = similarity >= 0.9 || (similarity >= 0.8 && x.familyKey === y.familyKey);
  return level('family-name', close ? 'close' : 'different');
}

function compareGiven(a: string[], b: string[], frequencies?: NameFrequencies): FieldWeight | undefined {
  const x = a[0];
  const y = b[0];
  if (!x || !y) return undefined;
  if (x === y)
    return level('given-name', 'exact', termU(frequencies, x, PERSON_MATCH_LEVELS['given-name'].exact.u));
  const groupX = NICKNAME_GROUP.get(x);
  const close =
    jaroWinkler(x, y) >= 0.88 ||
    (groupX !== undefined && groupX === NICKNAME_GROUP.get(y)) ||
    ((x.length === 1 || y.length === 1) && x[0] === y[0]) ||
    (a[1] !== undefined && a[1] === y) ||
    (b[1] !== undefined && b[1] === x);
  return level('given-name', close ? 'close' : 'different');
}

function compareDates(a: string | undefined, b: string | undefined): FieldWeight | undefined {
  if (!a || !b) return undefined;
  if (a === b) return level('date-of-birth', 'exact');
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  const differing = Number(ya !== yb) + Number(ma !== mb) + Number(da !== db);
  const swapped = ya === yb && ma === db && da === mb;
  return level('date-of-birth', differing === 1 || swapped ? 'close' : 'different');
}

/** Address agreement: exact (postcode and line, or line and town when a postcode is missing), postcode only, different. */
export function compareAddresses(a: PostalAddress, b: PostalAddress): AddressComparison {
  const pa = normalisePostcode(a.postcode);
  const pb = normalisePostcode(b.postcode);
  const line = compareAddressLines(a.line1, b.line1);
  let name: MatchLevel;
  if (pa && pb) {
    if (pa !== pb) name = 'different';
    else name = line === 'different' ? 'postcode-only' : 'exact';
  } else {
    const sameTown = normaliseName(a.town) === normaliseName(b.town) && a.town.trim() !== '';
    name = line !== 'different' && sameTown ? 'exact' : 'different';
  }
  const field = level('address', name);
  const probability = probabilityFromWeight(field.weight, ADDRESS_PRIOR);
  return { ...field, probability, isMatch: probability >= SAME_PERSON_PROBABILITY };
}

/** Fellegi–Sunter: match probability from a total weight in bits and a prior. */
export function probabilityFromWeight(weight: number, prior: number): number {
  return 1 / (1 + ((1 - prior) / prior) * 2 ** -weight);
}

export type PersonMatchOptions = {
  familyNames?: NameFrequencies;
  givenNames?: NameFrequencies;
  prior?: number;
};

/** Fellegi–Sunter comparison of two people: per-field weights, total weight, match probability (same person at ≥ 0.9). */
export function comparePeople(
  a: PreparedPerson,
  b: PreparedPerson,
  options: PersonMatchOptions = {},
): PersonComparison {
  const fields: FieldWeight[] = [];
  const push = (f: FieldWeight | undefined) => {
    if (f) fields.push(f);
  };
  push(compareFamily(a, b, options.familyNames));
  push(compareGiven(a.given, b.given, options.givenNames));
  push(compareDates(a.dateOfBirth, b.dateOfBirth));
  if (a.phone && b.phone) push(level('phone', a.phone === b.phone ? 'exact' : 'different'));
  if (a.address && b.address) {
    const { probability: _p, isMatch: _m, ...field } = compareAddresses(a.address, b.address);
    fields.push(field);
  }
  const weight = fields.reduce((sum, f) => sum + f.weight, 0);
  const probability = probabilityFromWeight(weight, options.prior ?? PERSON_PRIOR);
  return { fields, weight, probability, isMatch: probability >= SAME_PERSON_PROBABILITY };
}

/** Whether a full name alone is distinctive enough to identify one person (exact name agreement reaching p ≥ 0.9). */
export function nameAloneIdentifies(person: PreparedPerson, options: PersonMatchOptions = {}): boolean {
  const comparison = comparePeople(
    { ...person, dateOfBirth: undefined, phone: undefined, address: undefined },
    {
      ...person,
      dateOfBirth: undefined,
      phone: undefined,
      address: undefined,
    },
    options,
  );
  return comparison.isMatch;
}

const FIELD_WORDS: Record<MatchField, string> = {
  'family-name': 'family name',
  'given-name': 'given name',
  'date-of-birth': 'date of birth',
  phone: 'phone number',
  address: 'address',
};

/** Plain-English summary of the fields that agreed, for a reason line: "same family name, close given name, same phone number". */
export function describeAgreement(comparison: { fields: FieldWeight[] }): string {
  const parts = comparison.fields
    .filter((f) => f.level !== 'different')
    .map((f) => {
      const word = FIELD_WORDS[f.field];
      if (f.level === 'exact') return `same ${word}`;
      if (f.level === 'postcode-only') return 'same postcode';
      return `similar ${word}`;
    });
  return parts.join(', ');
}
