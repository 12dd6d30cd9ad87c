/**
 * Layer 3 — prospective space–time permutation scan statistic (Kulldorff et al. 2005, PLoS Med 2:e59), as
 * run daily by NYC DOHMH (Greene et al. 2016). Cylinders are circles around each location (up to 3 km and
 * at most half the cases) crossed with time windows ending on the analysis day (up to 90 days). The expected
 * count of a cylinder comes from the margins, μ = (cases in the circle over the study period) × (cases in the
 * window anywhere) / (all cases), and its Poisson generalised likelihood ratio is
 *   LLR = c·ln(c/μ) + (C − c)·ln((C − c)/(C − μ))   for c > μ.
 * The most likely cluster is tested by Monte Carlo, permuting dates against locations with a seeded
 * generator; p = (exceedances + 1)/(replications + 1), recurrence interval RI = 1/p days for a daily analysis,
 * and a signal when RI ≥ 100 days.
 *
 * Speed: locations are aggregated into grid cells (1 km by default); each cell knows the range of circles
 * that contain it, so a replication only adds the cases of the last 90 days into circle counts, day by day,
 * and evaluates the circles it touched. A replication stops at its first cylinder beating the observed
 * maximum, judged by a precomputed table of the largest expected count each case count can beat. The run
 * itself stops once the signal threshold can no longer be met (sequential Monte Carlo, Besag & Clifford
 * 1991): the signal decision is unchanged, and p is then the estimate exceedances/replications run.
 */

import { createRandom } from './links.random.ts';
import { buildGeometry, type Geometry } from './links.scan-geometry.ts';

export type ScanEvent = { id: string; lat: number; lon: number; day: number };

export type ScanParameters = {
  studyDays: number;
  maxWindowDays: number;
  maxRadiusM: number;
  maxShareOfCases: number;
  minCases: number;
  replications: number;
  seed: number;
  /** Grid cell size for aggregating locations, metres; 0 keeps every distinct location. */
  cellSizeM: number;
  signalRecurrenceDays: number;
  /** Stop replicating once a signal is impossible (the decision is unchanged). */
  stopEarly: boolean;
};

export const DEFAULT_SCAN_PARAMETERS: ScanParameters = {
  studyDays: 365,
  maxWindowDays: 90,
  maxRadiusM: 3000,
  maxShareOfCases: 0.5,
  minCases: 2,
  replications: 999,
  seed: 1,
  cellSizeM: 1000,
  signalRecurrenceDays: 365,
  stopEarly: true,
};

export type ScanCluster = {
  centre: { lat: number; lon: number };
  radiusM: number;
  startDay: number;
  endDay: number;
  observed: number;
  expected: number;
  llr: number;
  eventIds: string[];
};

export type ScanResult = {
  analysisDay: number;
  events: number;
  cluster?: ScanCluster;
  pValue: number;
  recurrenceIntervalDays: number;
  signal: boolean;
  replicationsRun: number;
};

/** Poisson generalised log-likelihood ratio of a cylinder with c cases, μ expected, C in all (Kulldorff et al. 2005). */
export function permutationLlr(c: number, mu: number, total: number): number {
  if (c <= mu) return 0;
  const inside = c * Math.log(c / mu);
  const rest = total - c;
  return rest > 0 ? inside + rest * Math.log(rest / (total - mu)) : inside;
}

/** Fewest cases c (≥ minimum) with LLR(c, S·c/N) ≥ target; S + 1 when even all S cases could not. */
function fewestCasesToBeat(S: number, N: number, target: number, minimum: number): number {
  const beats = (c: number) => permutationLlr(c, (S * c) / N, N) >= target;
  if (!beats(S)) return S + 1;
  let lo = minimum;
  let hi = S;
  if (beats(lo)) return lo;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (beats(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Space–time permutation scan statistic (Kulldorff et al. 2005), prospective: windows end on the analysis day. */
export function spaceTimePermutationScan(
  allEvents: readonly ScanEvent[],
  analysisDay: number,
  parameters: Partial<ScanParameters> = {},
): ScanResult {
  const p: ScanParameters = { ...DEFAULT_SCAN_PARAMETERS, ...parameters };
  const first = analysisDay - p.studyDays + 1;
  // Study events, sorted newest first: slot k holds the k-th most recent event.
  const events = allEvents
    .filter((e) => e.day >= first && e.day <= analysisDay)
    .sort((a, b) => b.day - a.day || (a.id < b.id ? -1 : 1));
  const N = events.length;
  const none: ScanResult = {
    analysisDay,
    events: N,
    pValue: 1,
    recurrenceIntervalDays: 1,
    signal: false,
    replicationsRun: 0,
  };
  if (N < p.minCases) return none;
  const { geometry: g, eventLoc } = buildGeometry(
    Float64Array.from(events, (e) => e.lat),
    Float64Array.from(events, (e) => e.lon),
    p,
  );
  // Temporal margin: slots of the last maxWindowDays days and the window total for each slot's day.
  const slotWindow = new Int32Array(N);
  let M = 0;
  while (M < N && analysisDay - events[M]!.day < p.maxWindowDays) {
    slotWindow[M] = analysisDay - events[M]!.day + 1;
    M++;
  }
  if (M < p.minCases) return none;
  const windowTotal = new Float64Array(p.maxWindowDays + 1);
  for (let k = 0; k < M; k++) windowTotal[slotWindow[k]!] = k + 1;
  const circles = g.circleS.length;
  // Per circle: cases in the current cylinder; and, interleaved, cases needed and the day last queued.
  const count = new Int32Array(circles);
  const needAndDay = new Int32Array(circles * 2);
  const touched = new Int32Array(circles);
  let stampCounter = 0;

  // One pass over the recent slots; in 'observe' mode returns the maximum, in 'exceed' mode whether it beats muMax.
  let bestLlr = 0;
  let bestCircle = -1;
  let bestWindow = 0;
  const muMax = new Float64Array(N + 1).fill(Number.NaN);
  let target = 0;
  const largestBeatingMu = (c: number): number => {
    let v = muMax[c]!;
    if (!Number.isNaN(v)) return v;
    if (permutationLlr(c, 1e-12, N) < target) v = -1;
    else {
      let lo = 1e-12;
      let hi = c;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (permutationLlr(c, mid, N) >= target) lo = mid;
        else hi = mid;
      }
      v = lo;
    }
    muMax[c] = v;
    return v;
  };

  const { rangeStart, rangeFrom, rangeTo, circleS } = g;
  // Fewest cases a circle must hold before it is worth evaluating: minCases when observing; when testing a
  // replication, the fewest that could beat the observed maximum, since μ ≥ S·c/N (the window holds the c cases).
  for (let c = 0; c < circles; c++) needAndDay[c * 2] = p.minCases;
  const clear = (loc: Int32Array, upTo: number) => {
    for (let k = 0; k < upTo; k++) {
      const l = loc[k]!;
      for (let r = rangeStart[l]!; r < rangeStart[l + 1]!; r++) count.fill(0, rangeFrom[r]!, rangeTo[r]!);
    }
  };
  const pass = (loc: Int32Array, exceedMode: boolean): boolean => {
    let k = 0;
    while (k < M) {
      const w = slotWindow[k]!;
      const day = ++stampCounter;
      let touchedCount = 0;
      while (k < M && slotWindow[k] === w) {
        const l = loc[k]!;
        const rEnd = rangeStart[l + 1]!;
        for (let r = rangeStart[l]!; r < rEnd; r++) {
          const cEnd = rangeTo[r]!;
          for (let c = rangeFrom[r]!; c < cEnd; c++) {
            const n = ++count[c]!;
            const o = c << 1;
            if (n >= needAndDay[o]! && needAndDay[o + 1] !== day) {
              needAndDay[o + 1] = day;
              touched[touchedCount++] = c;
            }
          }
        }
        k++;
      }
      const scale = windowTotal[w]! / N;
      for (let t = 0; t < touchedCount; t++) {
        const c = touched[t]!;
        const n = count[c]!;
        const mu = circleS[c]! * scale;
        if (n <= mu) continue;
        if (exceedMode) {
          const limit = muMax[n]!;
          if (mu <= (Number.isNaN(limit) ? largestBeatingMu(n) : limit)) {
            clear(loc, k);
            return true;
          }
        } else {
          const llr = permutationLlr(n, mu, N);
          if (llr > bestLlr) {
            bestLlr = llr;
            bestCircle = c;
            bestWindow = w;
          }
        }
      }
    }
    clear(loc, M);
    return false;
  };

  const observedLoc = Int32Array.from(eventLoc.subarray(0, M));
  pass(observedLoc, false);
  if (bestCircle < 0) return none;
  target = bestLlr * (1 - 1e-12);
  for (let c = 0; c < circles; c++) needAndDay[c * 2] = fewestCasesToBeat(circleS[c]!, N, target, p.minCases);

  const random = createRandom(p.seed);
  const labels = Int32Array.from(eventLoc);
  const maxExceedances = Math.floor((p.replications + 1) / p.signalRecurrenceDays) - 1;
  let exceedances = 0;
  let run = 0;
  for (; run < p.replications; run++) {
    // Partial Fisher–Yates: a random assignment of locations to the recent slots.
    for (let k = 0; k < M; k++) {
      const j = k + Math.floor(random() * (N - k));
      const tmp = labels[k]!;
      labels[k] = labels[j]!;
      labels[j] = tmp;
    }
    if (pass(labels, true)) exceedances++;
    if (p.stopEarly && exceedances > maxExceedances) {
      run++;
      break;
    }
  }
  const complete = run === p.replications;
  const pValue = complete ? (exceedances + 1) / (p.replications + 1) : exceedances / run;
  const recurrenceIntervalDays = 1 / pValue;
  return {
    analysisDay,
    events: N,
    cluster: describeCluster(
      g,
      events,
      eventLoc,
      bestCircle,
      bestWindow,
      bestLlr,
      windowTotal[bestWindow]! / N,
      analysisDay,
    ),
    pValue,
    recurrenceIntervalDays,
    signal: recurrenceIntervalDays >= p.signalRecurrenceDays,
    replicationsRun: run,
  };
}

function describeCluster(
  g: Geometry,
  events: readonly ScanEvent[],
  eventLoc: Int32Array,
  circle: number,
  window: number,
  llr: number,
  scale: number,
  analysisDay: number,
): ScanCluster {
  const centre = g.circleCentre[circle]!;
  const members = new Set<number>();
  for (let m = 0; m < g.circleSize[circle]!; m++) members.add(g.nbrLoc[g.nbrStart[centre]! + m]!);
  const startDay = analysisDay - window + 1;
  const eventIds = events.filter((e, i) => e.day >= startDay && members.has(eventLoc[i]!)).map((e) => e.id);
  return {
    centre: { lat: g.locLat[centre]!, lon: g.locLon[centre]! },
    radiusM: g.circleRadius[circle]!,
    startDay,
    endDay: analysisDay,
    observed: eventIds.length,
    expected: g.circleS[circle]! * scale,
    llr,
    eventIds,
  };
}
