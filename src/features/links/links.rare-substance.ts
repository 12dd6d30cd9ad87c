/**
 * Substance rarity from the system's own toxicology results, and the rare-substance rule
 * (linked-deaths.md §3.4: two deaths with the same rare substance within 1 km and 120 days → review).
 */
import { haversineMetres, isPossiblyWithin } from './links.geo.ts';
import { normaliseSubstance, prepareCase } from './links.prepare.ts';
import type { LinkCase, SubstanceFrequencies } from './links.types.ts';

/** Pseudo-counts pulling a substance seen in few cases towards a 2% share (so few results cannot make it "rare"). */
const PRIOR_SHARE = 0.02;
const PRIOR_CASES = 10;
/** A substance is rare when its smoothed share of cases with toxicology results is below 1.5% (GHB ≈ 1% of London toxicology cases). */
export const RARE_SHARE = 0.015;
export const RARE_RULE = { metres: 1000, days: 120 } as const;

/** Smoothed share of cases with toxicology results in which a substance was detected: (detected + 0.2) / (tested + 10). */
export function substanceShare(substance: string, frequencies: SubstanceFrequencies): number {
  const entry = frequencies[normaliseSubstance(substance)] ?? { tested: 0, detected: 0 };
  return (entry.detected + PRIOR_SHARE * PRIOR_CASES) / (entry.tested + PRIOR_CASES);
}

/** Rare substance: smoothed share of cases with toxicology results below 1.5%. */
export function isRareSubstance(substance: string, frequencies: SubstanceFrequencies): boolean {
  return substanceShare(substance, frequencies) < RARE_SHARE;
}

/**
 * Builds the substance table from cases (keys normalised to lower case): for each substance, the cases
 * it was detected in, out of every case with toxicology results, whatever that case was tested for. A
 * substance tested for only when suspected (GHB is not in routine screens, linked-deaths.md) would
 * otherwise look common among the few cases tested for it, and never count as rare.
 */
export function substanceFrequencies(
  cases: readonly LinkCase[],
): Record<string, { tested: number; detected: number }> {
  const detectedIn: Record<string, number> = {};
  let withToxicology = 0;
  for (const c of cases) {
    const detected = new Set(c.toxicology.detected.map(normaliseSubstance));
    const tested = new Set([...c.toxicology.tested.map(normaliseSubstance), ...detected]);
    if (tested.size === 0) continue;
    withToxicology += 1;
    for (const s of tested) detectedIn[s] = (detectedIn[s] ?? 0) + (detected.has(s) ? 1 : 0);
  }
  return Object.fromEntries(
    Object.entries(detectedIn).map(([s, detected]) => [s, { tested: withToxicology, detected }]),
  );
}

export type RareSubstanceMatch = { substance: string; distanceM: number; gapDays: number };

/**
 * Rare-substance rule (linked-deaths.md §3.4): the same rare substance detected in both deaths, found possibly
 * within 1 km of each other (distance − margin, so imprecise places are not excluded) and within 120 days.
 */
export function rareSubstanceMatch(
  a: LinkCase,
  b: LinkCase,
  frequencies: SubstanceFrequencies,
): RareSubstanceMatch | undefined {
  if (a.id === b.id || !a.scene || !b.scene) return undefined;
  const pa = prepareCase(a);
  const pb = prepareCase(b);
  const gapDays = Math.abs(pa.eventDay - pb.eventDay);
  if (gapDays > RARE_RULE.days || pa.detected.size === 0 || pb.detected.size === 0) return undefined;
  if (!isPossiblyWithin(a.scene, b.scene, RARE_RULE.metres)) return undefined;
  let best: string | undefined;
  for (const s of pa.detected) {
    if (!pb.detected.has(s) || !isRareSubstance(s, frequencies)) continue;
    if (best === undefined || substanceShare(s, frequencies) < substanceShare(best, frequencies)) best = s;
  }
  return best === undefined
    ? undefined
    : { substance: best, distanceM: haversineMetres(a.scene, b.scene), gapDays };
}
