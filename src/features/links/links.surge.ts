/**
 * A surge of drug deaths across an area (linked-deaths.md §3.5 (iii), a contaminated batch). The space–time
 * scan adjusts for purely temporal variation, so a batch spread over a whole borough is invisible to it, and
 * before toxicology returns its deaths look like ordinary overdoses to the pairwise score. This is the
 * purely temporal check: the count of drug deaths in each short window ending on the analysis day against
 * the area's own rate over the year before (Poisson upper tail, as in the known-site watch and in
 * count-based overdose surveillance such as the Farrington algorithm, Patton et al. 2024). Windows are
 * tested together with a Bonferroni correction.
 */
import { haversineMetres } from './links.geo.ts';
import type { ScanEvent } from './links.scan.ts';
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

/**
 * A local surge: the same count, in a circle around each recent drug death, against that circle's own
 * previous year (an expectation-based check, Neill 2009). A batch spread over one borough of three is
 * diluted in the area-wide count; in its own part of the area the third death is already unusual.
 */
export const LOCAL_SURGE = {
  radiiM: [2000, 3500] as readonly number[],
  windows: [3, 7, 14] as readonly number[],
  baselineDays: 365,
  /**
   * Significance level over windows and radii (not over centres), set on tuning seeds 101–160: at 5e-3,
   * 8 of 60 batches were flagged before their 4th death where 2 were without it (24 of the 60 had their 3rd
   * death reported before the 4th), deaths after the earliest possible alert fell from 3.4 to 2.2, and false
   * alerts rose by 0.7 per 10,000 cases.
   */
  alpha: 5e-3,
  minDeaths: 3,
} as const;

export type LocalSurgeCheck = SurgeCheck & { radiusM: number; memberIds: string[] };

/** The most unusual circle of recent drug deaths ending on `analysisDay`, centred on each death of the longest window. */
export function checkLocalDrugSurge(
  events: readonly ScanEvent[],
  analysisDay: number,
  options: Partial<Omit<typeof LOCAL_SURGE, 'radiiM' | 'windows'>> & {
    radiiM?: readonly number[];
    windows?: readonly number[];
  } = {},
): LocalSurgeCheck {
  const radii = options.radiiM ?? LOCAL_SURGE.radiiM;
  const windows = options.windows ?? LOCAL_SURGE.windows;
  const baselineDays = options.baselineDays ?? LOCAL_SURGE.baselineDays;
  const alpha = options.alpha ?? LOCAL_SURGE.alpha;
  const minDeaths = options.minDeaths ?? LOCAL_SURGE.minDeaths;
  const longest = Math.max(...windows);
  const tests = radii.length * windows.length;
  let best: LocalSurgeCheck = {
    windowDays: windows[0]!,
    observed: 0,
    expected: 0,
    pValue: 1,
    surge: false,
    radiusM: radii[0]!,
    memberIds: [],
  };
  const recent = events.filter((e) => analysisDay - e.day >= 0 && analysisDay - e.day < longest);
  for (const centre of recent) {
    for (const radiusM of radii) {
      const near = events.filter((e) => haversineMetres(centre, e) <= radiusM);
      for (const w of windows) {
        const inside = near.filter((e) => analysisDay - e.day >= 0 && analysisDay - e.day < w);
        const history = near.filter(
          (e) => analysisDay - e.day >= w && analysisDay - e.day < w + baselineDays,
        );
        const expected = ((history.length + 0.5) / baselineDays) * w;
        const p = Math.min(1, poissonUpperTail(inside.length, expected) * tests);
        if (p < best.pValue || (p === best.pValue && inside.length > best.observed))
          best = {
            windowDays: w,
            observed: inside.length,
            expected,
            pValue: p,
            surge: false,
            radiusM,
            memberIds: inside.map((e) => e.id),
          };
      }
    }
  }
  best.surge = best.observed >= minDeaths && best.pValue < alpha;
  return best;
}

export type DrugSurge =
  | { scope: 'area'; check: SurgeCheck; memberIds: string[] }
  | { scope: 'local'; check: LocalSurgeCheck; memberIds: string[] };

/** A drug death for the surge checks: its day, and its place when it has one. */
export type SurgeDeath = { id: string; day: number; lat?: number; lon?: number };

/**
 * The nightly surge check of an area's drug deaths: across the area (every death, placed or not), or,
 * failing that, around one recent death (the placed ones); with the deaths it counts.
 */
export function checkDrugSurges(deaths: readonly SurgeDeath[], analysisDay: number): DrugSurge | undefined {
  const area = checkDrugSurge(
    deaths.map((d) => d.day),
    analysisDay,
  );
  if (area.surge) {
    const memberIds = deaths
      .filter((d) => analysisDay - d.day >= 0 && analysisDay - d.day < area.windowDays)
      .map((d) => d.id);
    return { scope: 'area', check: area, memberIds };
  }
  const placed = deaths.filter((d): d is ScanEvent => d.lat !== undefined && d.lon !== undefined);
  const local = checkLocalDrugSurge(placed, analysisDay);
  return local.surge ? { scope: 'local', check: local, memberIds: local.memberIds } : undefined;
}
