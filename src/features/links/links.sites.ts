/**
 * Known sites (hospitals, hospices, care homes, prisons, railway stations): deaths there co-locate for
 * expected reasons, so they are kept out of the "same scene" rule and the distance score and watched instead
 * against their own baseline (linked-deaths.md §3.2).
 */
import { haversineMetres, isPossiblyWithin } from './links.geo.ts';
import type { GeoPoint, KnownSite, LinkCase, PlaceType } from './links.types.ts';

const INSTITUTIONAL_PLACES: ReadonlySet<PlaceType> = new Set([
  'hospital',
  'care-home',
  'hospice',
  'prison',
  'police-custody',
]);

/** The known site whose radius holds the point, allowing half its accuracy radius (geo accuracy rule). */
export function findKnownSite(point: GeoPoint, sites: readonly KnownSite[]): KnownSite | undefined {
  let best: KnownSite | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const site of sites) {
    const d = haversineMetres(point, site);
    if (d <= site.radiusM + point.accuracyM / 2 && d < bestDistance) {
      best = site;
      bestDistance = d;
    }
  }
  return best;
}

const siteMemo = new WeakMap<readonly KnownSite[], WeakMap<LinkCase, KnownSite | null>>();

/** The known site holding a case's scene (memoised per site list and case object). */
export function findSceneSite(c: LinkCase, sites: readonly KnownSite[]): KnownSite | undefined {
  if (!c.scene || sites.length === 0) return undefined;
  let memo = siteMemo.get(sites);
  if (!memo) {
    memo = new WeakMap();
    siteMemo.set(sites, memo);
  }
  let site = memo.get(c);
  if (site === undefined) {
    site = findKnownSite(c.scene, sites) ?? null;
    memo.set(c, site);
  }
  return site ?? undefined;
}

/** A scene in a known site, or recorded as a hospital, care home, hospice, prison or police custody. */
export function isInstitutionalScene(c: LinkCase, sites: readonly KnownSite[]): boolean {
  if (!c.scene) return false;
  if (c.scene.placeType && INSTITUTIONAL_PLACES.has(c.scene.placeType)) return true;
  return findSceneSite(c, sites) !== undefined;
}

/** Two deaths in one institution: the same known site, or the same kind of institution within about 150 m. */
export function inSameInstitution(a: LinkCase, b: LinkCase, sites: readonly KnownSite[]): boolean {
  if (!a.scene || !b.scene) return false;
  const siteA = findSceneSite(a, sites);
  if (siteA && siteA === findSceneSite(b, sites)) return true;
  const type = a.scene.placeType;
  return (
    type !== undefined &&
    INSTITUTIONAL_PLACES.has(type) &&
    type === b.scene.placeType &&
    isPossiblyWithin(a.scene, b.scene, 150)
  );
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/** P(X ≥ k) for X ~ Poisson(mean). */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (k <= mean) {
    let term = Math.exp(-mean);
    let lower = term;
    for (let i = 1; i < k; i++) {
      term *= mean / i;
      lower += term;
    }
    return Math.max(0, 1 - lower);
  }
  let term = Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
  let sum = 0;
  for (let i = k; term > 1e-17 * sum || i === k; i++) {
    sum += term;
    term *= mean / (i + 1);
  }
  return Math.min(1, sum);
}

export type SiteBaselineInput = {
  siteId: string;
  /** Deaths at the site in the recent window. */
  recentCount: number;
  recentDays: number;
  /** Deaths at the site over its history before the window. */
  historyCount: number;
  historyDays: number;
  /** Significance level; default 1e-4 so that ~20 sites checked weekly give about one false signal a decade. */
  alpha?: number;
  /** Fewest deaths in the window that can signal; default 3. */
  minimumCount?: number;
};

export type SiteBaselineCheck = {
  siteId: string;
  observed: number;
  expected: number;
  pValue: number;
  unusual: boolean;
};

/**
 * Site watched against its own baseline: Poisson upper-tail test of the recent count against the rate of its
 * history (half a death added to the history so that a quiet site does not get a zero rate).
 */
export function checkSiteBaseline(input: SiteBaselineInput): SiteBaselineCheck {
  const expected = ((input.historyCount + 0.5) / Math.max(1, input.historyDays)) * input.recentDays;
  const pValue = poissonUpperTail(input.recentCount, expected);
  const unusual = input.recentCount >= (input.minimumCount ?? 3) && pValue <= (input.alpha ?? 1e-4);
  return { siteId: input.siteId, observed: input.recentCount, expected, pValue, unusual };
}
