/**
 * Event-driven assessment of one new or updated case against recent cases (linked-deaths.md §3.2–3.4):
 * candidate selection, Layer 1 entity links, the Layer 2 score and the rare-substance rule, giving the
 * "possible link — review" list of API.md (`GET /cases/{id}/possible-links`).
 */
import { ENTITY_WINDOW_DAYS, type EntityContext, type EntityLink, findEntityLinks } from './links.entity.ts';
import { describeDistance, isConfidentlyWithin, isPossiblyWithin } from './links.geo.ts';
import { prepareCase } from './links.prepare.ts';
import { RARE_RULE, rareSubstanceMatch } from './links.rare-substance.ts';
import { levelForScore, scorePair } from './links.score.ts';
import type { Background, KnownSite, LinkCase, PossibleLink } from './links.types.ts';

/** Candidates for the score: unnatural deaths in the last 24 months within about 5 km (linked-deaths.md §3.3). */
export const CANDIDATE_WINDOW = { days: 730, metres: 5000 } as const;

/** Candidate rule: both unnatural, within 24 months and possibly within 5 km (or either place unknown). */
export function isRecentNearbyCandidate(target: LinkCase, other: LinkCase): boolean {
  if (target.id === other.id || !target.unnatural || !other.unnatural) return false;
  const gap = Math.abs(prepareCase(target).eventDay - prepareCase(other).eventDay);
  if (gap > CANDIDATE_WINDOW.days) return false;
  if (!target.scene || !other.scene) return true;
  return isPossiblyWithin(target.scene, other.scene, CANDIDATE_WINDOW.metres);
}

/**
 * Candidate selection (linked-deaths.md §3.3): recent nearby unnatural deaths, plus any case with a Layer 1
 * link within 3 years wherever it is. The database prefilters by bounding box, period and blocking keys;
 * this is the exact rule applied to what it returns.
 */
export function selectCandidates(
  target: LinkCase,
  cases: readonly LinkCase[],
  context: EntityContext,
): { candidate: LinkCase; entityLinks: EntityLink[] }[] {
  const selected: { candidate: LinkCase; entityLinks: EntityLink[] }[] = [];
  if (!target.unnatural) return selected;
  const day = prepareCase(target).eventDay;
  for (const other of cases) {
    if (other.id === target.id || !other.unnatural) continue;
    if (Math.abs(prepareCase(other).eventDay - day) > ENTITY_WINDOW_DAYS) continue;
    const entityLinks = findEntityLinks(target, other, context);
    if (entityLinks.length > 0 || isRecentNearbyCandidate(target, other))
      selected.push({ candidate: other, entityLinks });
  }
  return selected;
}

/**
 * Exact shortcut: with no Layer 1 link, no shared substance and no shared circumstance, the other features
 * (distance, time, age, sex, police) add up to at most 1.0 + 0.5 + 0.5 + 0.1 + 0.3 = 2.4; reaching review
 * needs distance and time together ≥ 1.1, that is within 100 m (distance + margin) and 120 days, or within
 * 500 m and 30 days. Any other such pair cannot reach review. (A test keeps this in step with the weights.)
 */
function mayReachReview(a: LinkCase, b: LinkCase): boolean {
  const pa = prepareCase(a);
  const pb = prepareCase(b);
  for (const s of pa.detected) if (pb.detected.has(s)) return true;
  for (const t of pa.tags) if (pb.tags.has(t)) return true;
  const gap = Math.abs(pa.eventDay - pb.eventDay);
  if (gap > 120 || !a.scene || !b.scene) return false;
  return isConfidentlyWithin(a.scene, b.scene, gap <= 30 ? 500 : 100);
}

/** Score, level and reasons for one pair; undefined when below review and no rule applies. */
export function assessPair(
  target: LinkCase,
  candidate: LinkCase,
  entityLinks: readonly EntityLink[],
  background: Background,
  knownSites: readonly KnownSite[],
): PossibleLink | undefined {
  if (entityLinks.length === 0 && !mayReachReview(target, candidate)) return undefined;
  const { score, reasons } = scorePair(target, candidate, { background, knownSites }, entityLinks);
  let level = levelForScore(score);
  const rare = rareSubstanceMatch(target, candidate, background.substances);
  if (rare) {
    const distance = describeDistance(rare.distanceM, 0);
    reasons.push({
      feature: 'rare-substance-rule',
      detail: `Rare-substance rule: ${rare.substance.toUpperCase()} in both, ${distance}, ${rare.gapDays} days apart (within ${RARE_RULE.metres / 1000} km and ${RARE_RULE.days} days)`,
      weight: 0,
    });
    level ??= 'review';
  }
  if (!level) return undefined;
  reasons.sort((x, y) => y.weight - x.weight);
  return { caseId: candidate.id, reference: candidate.reference, score, level, reasons };
}

/**
 * Assesses a new or updated case against candidate cases: Layer 1 links, Layer 2 score and the rare-substance
 * rule; returns each possible link at or above review, highest score first (API.md "Possible links").
 */
export function assessCase(
  target: LinkCase,
  candidates: readonly LinkCase[],
  background: Background,
  knownSites: readonly KnownSite[],
): PossibleLink[] {
  const links: PossibleLink[] = [];
  for (const { candidate, entityLinks } of selectCandidates(target, candidates, { knownSites, background })) {
    const link = assessPair(target, candidate, entityLinks, background, knownSites);
    if (link) links.push(link);
  }
  return links.sort((x, y) => y.score - x.score || x.reference.localeCompare(y.reference));
}
