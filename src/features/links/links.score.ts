/**
 * Layer 2 — pairwise similarity score (linked-deaths.md §3.3): Σ log10 LR over features, each LR being
 * P(agreement | same series) / P(agreement | unrelated deaths). Score ≥ 2 → review, ≥ 3 → urgent.
 * Layer 1 evidence enters as features of its own. Every weight is explained by a reason line that states
 * facts, never a conclusion. Denominators come from the system's own data (Background); numerators and
 * shrinkage were set on the tuning seeds of bench/eval-links.ts. The LRs are deliberately shrunk below their
 * naive values, because every new case is compared with hundreds of others and features are correlated.
 *
 * | feature               | level                                          | log10 LR                 |
 * |-----------------------|------------------------------------------------|--------------------------|
 * | scene distance ¹      | ≤ 100 m / 100–500 m / 0.5–2 km / > 2 km        | +1.0 / +0.6 / +0.2 / −0.3 |
 * |                       | both died at home                              | × 0.5                    |
 * |                       | either in an institution or known site         | 0                        |
 * | time between deaths   | ≤ 30 / 31–120 / 121–400 / > 400 days           | +0.5 / +0.3 / 0 / −0.3   |
 * | shared substance ²    | log10(0.2 / share), within 0 … 2.0             | GHB 1 in 100: +1.3       |
 * |                       | each further shared substance                  | +0.05                    |
 * | age ⁵                 | within 5 years: ½·log10(0.35 / band share)     | 0.05 … 0.5               |
 * |                       | more than 15 years apart                       | −0.3                     |
 * | sex                   | same / different                               | +0.1 / −0.3              |
 * | circumstance tag ³    | ½·log10(0.5 / share), within 0.05 … 0.5        | body moved 1 in 100: +0.5 |
 * |                       | all shared tags together at most               | +1.0                     |
 * | police classification | both unexplained: ½·log10(0.8 / f²) ≤ 0.3 ⁴    | +0.1 … +0.3              |
 * | Layer 1 (a)           | same person, or a person is the other deceased | +2.5                     |
 * | Layer 1 (b)           | same address                                   | +2.0                     |
 * | Layer 1 (c)           | named in a text: full name / given name only   | +2.5 / +1.5              |
 * | Layer 1 (d)           | same outdoor scene ≤ 50 m within 12 months     | +1.0                     |
 *
 * ¹ accuracy-aware bins (links.geo.ts). ² share of cases with toxicology results that had the substance, smoothed
 * (links.rare-substance.ts): amphetamine 1 in 70 → +1.15, methadone 1 in 25 → +0.7, cocaine 1 in 8 → +0.2,
 * alcohol → 0. ³ share of unnatural deaths with the tag; of drug deaths when both deaths are drug deaths
 * (found outdoors 1 in 8 → +0.3; paraphernalia, 1 in 2 drug deaths → +0.05). ⁴ f = share classified
 * unexplained (1 in 6 unnatural deaths → +0.3; 1 in 2 drug deaths → +0.1). ⁵ share of the pair's ten-year
 * age band among unnatural deaths (of drug deaths when both are drug deaths); 20–29, 1 in 25 → +0.47;
 * 80–89, 1 in 3 → +0.05; +0.2 when the background has no ages. Each Layer 1 kind counts once.
 */

import { isDrugDeath } from './links.drug.ts';
import type { EntityLink, EntityLinkKind } from './links.entity.ts';
import { type DistanceBin, describeDistance, distanceBin } from './links.geo.ts';
import { type PreparedCase, prepareCase } from './links.prepare.ts';
import { substanceShare } from './links.rare-substance.ts';
import { findKnownSite, inSameInstitution, isInstitutionalScene } from './links.sites.ts';
import type { Background, KnownSite, LinkCase, LinkLevel, LinkReason } from './links.types.ts';

export const LINK_WEIGHTS = {
  distance: { 'within-100m': 1.0, '100m-500m': 0.6, '500m-2km': 0.2, 'over-2km': -0.3, imprecise: 0 },
  bothAtHome: 0.5,
  time: [
    { upTo: 30, weight: 0.5 },
    { upTo: 120, weight: 0.3 },
    { upTo: 400, weight: 0 },
    { upTo: Number.POSITIVE_INFINITY, weight: -0.3 },
  ],
  substance: { seriesShare: 0.2, cap: 2.0, further: 0.05 },
  /** Ages within 5 years: ½·log10(0.35 / share of the ten-year band), 0.05 … 0.5; flat +0.2 with no background. */
  age: { within5: 0.2, seriesShare: 0.35, scale: 0.5, min: 0.05, max: 0.5, over15: -0.3 },
  sex: { same: 0.1, different: -0.3 },
  tag: { seriesShare: 0.5, scale: 0.5, min: 0.05, max: 0.5, total: 1.0 },
  police: { seriesShare: 0.8, scale: 0.5, max: 0.3 },
  entity: {
    'same-person': 2.5,
    'person-is-deceased': 2.5,
    address: 2.0,
    'named-in-text': 2.5,
    'same-scene': 1.0,
  } satisfies Record<EntityLinkKind, number>,
  namedByGivenNameOnly: 1.5,
  review: 2,
  urgent: 3,
} as const;

/** Share of unnatural deaths carrying a tag, used when the background has no count of its own. */
const DEFAULT_TAG_SHARE: Readonly<Record<string, number>> = {
  'found-outdoors': 0.12,
  'body-moved': 0.005,
  'phone-missing': 0.02,
  'note-present': 0.05,
  'note-unverified': 0.01,
  'paraphernalia-present': 0.05,
  'missing-person-report': 0.02,
};

const UNEXPLAINED = new Set(['unexplained-not-suspicious', 'unexplained-suspicious']);

const ENTITY_FEATURE: Record<EntityLinkKind, string> = {
  'same-person': 'same-person',
  'person-is-deceased': 'person-is-deceased',
  address: 'same-address',
  'named-in-text': 'named-in-text',
  'same-scene': 'same-scene',
};

/** Features that come from Layer 1 evidence; the rest are Layer 2's own. */
export const ENTITY_FEATURES: ReadonlySet<string> = new Set(Object.values(ENTITY_FEATURE));

export type ScoreContext = { background: Background; knownSites: readonly KnownSite[] };

const round = (x: number): number => Math.round(x * 100) / 100;
const oneIn = (share: number): string => `1 in ${Math.max(2, Math.round(1 / share))}`;

/** Level for a score: ≥ 3 urgent, ≥ 2 review (linked-deaths.md §3.3). */
export function levelForScore(score: number): LinkLevel | undefined {
  if (score >= LINK_WEIGHTS.urgent) return 'urgent';
  if (score >= LINK_WEIGHTS.review) return 'review';
  return undefined;
}

/** Ten-year age band, as counted in the background: '0', '10', … '90' (100 and over in '90'). */
export function ageBand(age: number): string {
  return String(Math.min(90, Math.max(0, Math.floor(age / 10) * 10)));
}

export function ageAt(c: LinkCase, day: number): number | undefined {
  if (c.deceased.age !== undefined) return c.deceased.age;
  if (!c.deceased.dateOfBirth) return undefined;
  const born = Date.parse(`${c.deceased.dateOfBirth}T00:00:00Z`) / 86_400_000;
  return Number.isFinite(born) ? Math.floor((day - born) / 365.25) : undefined;
}

function distanceReason(a: LinkCase, b: LinkCase, context: ScoreContext): LinkReason | undefined {
  if (!a.scene || !b.scene) return undefined;
  if (inSameInstitution(a, b, context.knownSites)) {
    const site = findKnownSite(a.scene, context.knownSites);
    const where = site ? site.name : `the same ${a.scene.placeType ?? 'institution'}`;
    return {
      feature: 'scene-distance',
      detail: `Both died at ${where}; deaths there are watched against the site's own baseline`,
      weight: 0,
    };
  }
  if (isInstitutionalScene(a, context.knownSites) || isInstitutionalScene(b, context.knownSites)) {
    return undefined;
  }
  const d = distanceBin(a.scene, b.scene);
  const bothHome = a.scene.placeType === 'home' && b.scene.placeType === 'home';
  const factor = bothHome ? LINK_WEIGHTS.bothAtHome : 1;
  const weight = round(LINK_WEIGHTS.distance[d.bin as DistanceBin] * factor);
  const where = describeDistance(d.distanceM, d.marginM);
  const detail =
    d.bin === 'imprecise'
      ? `Found ${where}, but at least one place is too imprecise to compare`
      : `Found ${where}${bothHome ? ', both at home' : ''}`;
  return { feature: 'scene-distance', detail, weight };
}

/** Both drug deaths: judge them against other drug deaths (the drug stratum), when there are enough. */
function stratum(pa: PreparedCase, pb: PreparedCase, background: Background) {
  const drug = background.drugDeaths;
  const useDrug =
    drug !== undefined &&
    drug.circumstanceTags.cases >= 30 &&
    isDrugDeath(pa.source) &&
    isDrugDeath(pb.source);
  return {
    // Substance rarity is always measured over all cases with toxicology results (a rare substance is rare among drug deaths too).
    substances: background.substances,
    tags: useDrug ? drug.circumstanceTags : background.circumstanceTags,
    ages: useDrug ? drug.ageBands : background.ageBands,
    unexplainedShare: (useDrug ? drug.unexplainedShare : background.unexplainedShare) ?? 0.2,
    among: useDrug ? 'drug deaths' : 'unnatural deaths',
    tested: 'cases with toxicology results',
  };
}
type Stratum = ReturnType<typeof stratum>;

function substanceReasons(pa: PreparedCase, pb: PreparedCase, s: Stratum): LinkReason[] {
  const shared = [...pa.detected].filter((x) => pb.detected.has(x));
  const rated = shared
    .map((x) => ({ s: x, share: substanceShare(x, s.substances) }))
    .sort((x, y) => x.share - y.share || x.s.localeCompare(y.s));
  const display = (s: string) => pa.source.toxicology.detected.find((d) => d.toLowerCase() === s) ?? s;
  const stratumWords = s;
  return rated.map(({ s: x, share }, i) => {
    const full = Math.min(
      LINK_WEIGHTS.substance.cap,
      Math.max(0, Math.log10(LINK_WEIGHTS.substance.seriesShare / share)),
    );
    // Few results are given as counted, not as a share the smoothing made up: "2 of the 2 cases with toxicology results".
    const seen = s.substances[x] ?? { tested: 0, detected: 0 };
    const found =
      seen.tested < 100
        ? `${display(x)} has been found in ${seen.detected} of the ${seen.tested} ${stratumWords.tested} so far, too few to say how common it is`
        : `${display(x)} was found in about ${oneIn(share)} ${stratumWords.tested}`;
    return {
      feature: 'shared-substance',
      detail: `Both had ${display(x)} detected; ${found}`,
      weight: round(i === 0 ? full : Math.min(full, LINK_WEIGHTS.substance.further)),
    };
  });
}

function tagShare(tag: string, s: Stratum): number {
  const bg = s.tags;
  if (bg && bg.cases >= 30) return ((bg.counts[tag] ?? 0) + 0.5) / (bg.cases + 1);
  return DEFAULT_TAG_SHARE[tag] ?? 0.1;
}

function tagReasons(pa: PreparedCase, pb: PreparedCase, s: Stratum): LinkReason[] {
  const t = LINK_WEIGHTS.tag;
  let remaining: number = t.total;
  const reasons: LinkReason[] = [];
  const shared = [...pa.tags].filter((tag) => pb.tags.has(tag)).sort();
  const rated = shared.map((tag) => ({ tag, share: tagShare(tag, s) })).sort((x, y) => x.share - y.share);
  for (const { tag, share } of rated) {
    const weight = Math.min(
      remaining,
      Math.min(t.max, Math.max(t.min, t.scale * Math.log10(t.seriesShare / share))),
    );
    remaining -= weight;
    reasons.push({
      feature: 'shared-circumstance',
      detail: `Both recorded as “${tag.replace(/-/g, ' ')}” (about ${oneIn(share)} ${s.among})`,
      weight: round(weight),
    });
  }
  return reasons;
}

/**
 * Ages within 5 years, weighted by how common that age is (Fellegi–Sunter frequency adjustment): two people
 * in their twenties agree on something rarer among unnatural deaths than two people in their eighties.
 */
function ageReason(ageA: number, ageB: number, s: Stratum): LinkReason {
  const w = LINK_WEIGHTS.age;
  const gap = Math.abs(ageA - ageB);
  if (gap > 15) return { feature: 'age', detail: `Aged ${ageA} and ${ageB}`, weight: w.over15 };
  if (gap > 5) return { feature: 'age', detail: `Aged ${ageA} and ${ageB}`, weight: 0 };
  const bands = s.ages;
  if (!bands || bands.cases < 30)
    return { feature: 'age', detail: `Aged ${ageA} and ${ageB}`, weight: w.within5 };
  const band = ageBand(Math.floor((ageA + ageB) / 2));
  const share = ((bands.counts[band] ?? 0) + 0.5) / (bands.cases + 1);
  const weight = round(Math.min(w.max, Math.max(w.min, w.scale * Math.log10(w.seriesShare / share))));
  return {
    feature: 'age',
    detail: `Aged ${ageA} and ${ageB}; about ${oneIn(share)} ${s.among} were aged ${band}–${Number(band) + 9}`,
    weight,
  };
}

function personReasons(
  a: LinkCase,
  b: LinkCase,
  pa: PreparedCase,
  pb: PreparedCase,
  s: Stratum,
): LinkReason[] {
  const reasons: LinkReason[] = [];
  const ageA = ageAt(a, pa.eventDay);
  const ageB = ageAt(b, pb.eventDay);
  if (ageA !== undefined && ageB !== undefined) reasons.push(ageReason(ageA, ageB, s));
  const sa = a.deceased.sex;
  const sb = b.deceased.sex;
  if (sa !== 'unknown' && sb !== 'unknown') {
    const same = sa === sb;
    reasons.push({
      feature: 'sex',
      detail: same ? `Both ${sa}` : `One ${sa}, one ${sb}`,
      weight: same ? LINK_WEIGHTS.sex.same : LINK_WEIGHTS.sex.different,
    });
  }
  return reasons;
}

/** Layer 1 evidence as score features: each kind counts once, at its strongest. */
export function entityReasons(links: readonly EntityLink[]): LinkReason[] {
  const best = new Map<EntityLinkKind, { weight: number; details: string[] }>();
  for (const link of links) {
    const weight =
      link.kind === 'named-in-text' && link.strength === 'partial'
        ? LINK_WEIGHTS.namedByGivenNameOnly
        : LINK_WEIGHTS.entity[link.kind];
    const entry = best.get(link.kind) ?? { weight: 0, details: [] };
    entry.weight = Math.max(entry.weight, weight);
    entry.details.push(link.detail);
    best.set(link.kind, entry);
  }
  return [...best].map(([kind, { weight, details }]) => ({
    feature: ENTITY_FEATURE[kind],
    detail: details.join('; '),
    weight,
  }));
}

/** Layer 2 pairwise score: Σ log10 LR over the features in the table above, with one reason per feature. */
export function scorePair(
  a: LinkCase,
  b: LinkCase,
  context: ScoreContext,
  entityLinks: readonly EntityLink[] = [],
): { score: number; reasons: LinkReason[] } {
  const pa = prepareCase(a);
  const pb = prepareCase(b);
  const reasons: LinkReason[] = [...entityReasons(entityLinks)];
  const distance = distanceReason(a, b, context);
  if (distance) reasons.push(distance);
  const gap = Math.abs(pa.eventDay - pb.eventDay);
  const time = LINK_WEIGHTS.time.find((t) => gap <= t.upTo)!;
  reasons.push({
    feature: 'time-gap',
    detail: `Found ${gap} day${gap === 1 ? '' : 's'} apart`,
    weight: time.weight,
  });
  const s = stratum(pa, pb, context.background);
  reasons.push(...substanceReasons(pa, pb, s));
  reasons.push(...personReasons(a, b, pa, pb, s));
  reasons.push(...tagReasons(pa, pb, s));
  if (UNEXPLAINED.has(a.policeClassification ?? '') && UNEXPLAINED.has(b.policeClassification ?? '')) {
    const p = LINK_WEIGHTS.police;
    const f = Math.max(0.01, s.unexplainedShare);
    const weight = round(Math.min(p.max, Math.max(0, p.scale * Math.log10(p.seriesShare / (f * f)))));
    reasons.push({
      feature: 'police-classification',
      detail: `Police classified both as unexplained (about ${oneIn(f)} ${s.among})`,
      weight,
    });
  }
  const score = round(reasons.reduce((sum, r) => sum + r.weight, 0));
  return { score, reasons: reasons.filter((r) => r.weight !== 0 || r.feature === 'scene-distance') };
}
