/**
 * A surge of drug deaths across an area (linked-deaths.md §3.5 (iii), a contaminated batch). The space–time
 * scan adjusts for purely temporal variation, so a batch spread over a whole borough is invisible to it, and
 * before toxicology returns its deaths look like ordinary overdoses to the pairwise score. This is the
 * purely temporal check: the count of drug deaths in each short window ending on the analysis day against
 * the area's own rate over the year before (Poisson upper tail, as in the known-site watch and in
 * count-based overdose surveillance such as the Farrington algorithm, Patton et al. 2024). Windows are
 * tested together with a Bonferroni correction.
 */
import { poissonUpperTail } from './links.sites.ts';

export const SURGE = {
  /** Window lengths in days, all ending on the analysis day. */
  windows: [1, 2, 3, 5, 7, 14] as readonly number[],
  baselineDays: 365,
  /** Family-wise significance level over the windows, set on the tuning seeds. */
  alpha: 1e-2,
  minDeaths: 3,
} as const;

export type SurgeCheck = {
  windowDays: number;
  observed: number;
  expected: number;
  pValue: number;
  surge: boolean;
};

/**
 * The most unusual window of drug deaths ending on `analysisDay` (event days of the area's drug deaths);
 * `surge` when its p-value, corrected for the number of windows, is below alpha with at least 3 deaths.
 */
export function checkDrugSurge(
  days: readonly number[],
  analysisDay: number,
  options: { windows?: readonly number[]; baselineDays?: number; alpha?: number; minDeaths?: number } = {},
): SurgeCheck {
  const windows = options.windows ?? SURGE.windows;
  const baselineDays = options.baselineDays ?? SURGE.baselineDays;
  const alpha = options.alpha ?? SURGE.alpha;
  const minDeaths = options.minDeaths ?? SURGE.minDeaths;
  let best: SurgeCheck = { windowDays: windows[0]!, observed: 0, expected: 0, pValue: 1, surge: false };
  for (const w of windows) {
    let observed = 0;
    let history = 0;
    for (const d of days) {
      const age = analysisDay - d;
      if (age < 0) continue;
      if (age < w) observed += 1;
      else if (age < w + baselineDays) history += 1;
    }
    // Half a death added to the history, so that a quiet area does not get a zero rate.
    const expected = ((history + 0.5) / baselineDays) * w;
    const p = Math.min(1, poissonUpperTail(observed, expected) * windows.length);
    if (p < best.pValue || (p === best.pValue && observed > best.observed))
      best = { windowDays: w, observed, expected, pValue: p, surge: false };
  }
  best.surge = best.observed >= minDeaths && best.pValue < alpha;
  return best;
}
