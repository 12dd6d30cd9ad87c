/** Evaluation metrics (linked-deaths.md §3.5): recall by the 2nd and 3rd death, delay, false alerts, precision. */
import { eventDay } from '../../src/features/links/links.prepare.ts';
import { findSceneSite } from '../../src/features/links/links.sites.ts';
import { type ClusterKind, START_DAY } from './generate.ts';
import { type Alert, firstDays, type Layer, type ReplayResult } from './replay.ts';

export const LAYERS: Layer[] = ['rule', 'layer1', 'layer2', 'scan', 'surge', 'all'];

export type ClusterOutcome = {
  kind: ClusterKind;
  drug: boolean;
  /**
   * Within reach at all from reports: the 2nd death was reported before the day of the 3rd death (by the
   * 3rd: the 3rd reported before the day of the 4th). An alert on the day of a death does not count as
   * before it, so a series whose next death comes before the report cannot be caught in time by any rule.
   */
  reachable2: boolean;
  reachable3: boolean;
  /**
   * Per layer: detected before the 3rd death, before the 4th (or at all when fewer); detected before the 3rd
   * member's report, before the 4th's (while the record holds only two, or three, of the series); delay;
   * deaths after the earliest possible alert.
   */
  byLayer: Record<
    Layer,
    {
      by2: boolean;
      by3: boolean;
      by2Reported: boolean;
      by3Reported: boolean;
      detected: boolean;
      delay?: number;
      deathsAfter: number;
      day?: number;
    }
  >;
};

export type RunSummary = {
  clusters: ClusterOutcome[];
  backgroundCases: number;
  /** Alerts touching no planted case (linked-deaths.md §3.5: alerts on background only). */
  falseAlerts: Record<Layer, number>;
  trueAlerts: Record<Layer, number>;
  /** Alerts touching a planted case without joining two cases of one cluster (they count against precision). */
  mixedAlerts: Record<Layer, number>;
  institutionalFalse: number;
};

const zero = (): Record<Layer, number> => ({
  rule: 0,
  layer1: 0,
  layer2: 0,
  scan: 0,
  surge: 0,
  site: 0,
  all: 0,
});

/** Scores one replayed area. */
export function summarise(result: ReplayResult): RunSummary {
  const { area, alerts } = result;
  const byId = new Map(area.cases.map((c) => [c.id, c]));
  const clusterOf = new Map<string, string>();
  for (const k of area.clusters) for (const m of k.members) clusterOf.set(m, k.id);
  const isTrue = (a: Alert): string | undefined => {
    const counts = new Map<string, number>();
    for (const id of a.caseIds) {
      const k = clusterOf.get(id);
      if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, n] of counts) if (n >= 2) return k;
    return undefined;
  };
  const falseAlerts = zero();
  const trueAlerts = zero();
  const mixedAlerts = zero();
  let institutionalFalse = 0;
  const detections = new Map<string, Map<Layer, number>>();
  for (const a of alerts) {
    const k = isTrue(a);
    const days = firstDays.get(a)!;
    for (const layer of a.layers) {
      if (k) {
        trueAlerts[layer]++;
        const d = detections.get(k) ?? new Map<Layer, number>();
        d.set(layer, Math.min(d.get(layer) ?? Number.POSITIVE_INFINITY, days.get(layer) ?? a.day));
        detections.set(k, d);
      } else if (a.caseIds.some((id) => clusterOf.has(id))) mixedAlerts[layer]++;
      else falseAlerts[layer]++;
    }
    if (!k && a.caseIds.length === 2 && a.layers.has('all')) {
      const [x, y] = a.caseIds.map((id) => byId.get(id)!.final);
      const site = findSceneSite(x!, area.knownSites);
      if (site && site === findSceneSite(y!, area.knownSites)) institutionalFalse++;
    }
  }
  const clusters = area.clusters.map((k): ClusterOutcome => {
    const members = k.members.map((id) => byId.get(id)!);
    const deaths = members.map((m) => eventDay(m.final) - START_DAY).sort((a, b) => a - b);
    const reports = members.map((m) => m.reportDay).sort((a, b) => a - b);
    const earliest = reports[1]!;
    const byLayer = {} as ClusterOutcome['byLayer'];
    for (const layer of [...LAYERS, 'site' as Layer]) {
      const day = detections.get(k.id)?.get(layer);
      const detected = day !== undefined;
      const before = (i: number) => detected && (deaths[i] === undefined || day! < deaths[i]!);
      const beforeReport = (i: number) => detected && (reports[i] === undefined || day! < reports[i]!);
      const deathsAfter = deaths.filter((d) => d > earliest && (!detected || d <= day!)).length;
      byLayer[layer] = {
        by2: before(2),
        by3: before(3),
        by2Reported: beforeReport(2),
        by3Reported: beforeReport(3),
        detected,
        delay: detected ? day! - earliest : undefined,
        deathsAfter,
        day,
      };
    }
    const reachable = (i: number) => deaths[i] === undefined || reports[i - 1]! < deaths[i]!;
    return { kind: k.kind, drug: k.drug, reachable2: reachable(2), reachable3: reachable(3), byLayer };
  });
  return {
    clusters,
    backgroundCases: result.backgroundCases,
    falseAlerts,
    trueAlerts,
    mixedAlerts,
    institutionalFalse,
  };
}

/** Wilson 95% interval for a proportion. */
export function wilson(successes: number, n: number): [number, number, number] {
  if (n === 0) return [Number.NaN, Number.NaN, Number.NaN];
  const z = 1.96;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [p, Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Mean with a normal 95% interval. */
export function meanInterval(xs: number[]): [number, number, number] {
  if (xs.length === 0) return [Number.NaN, Number.NaN, Number.NaN];
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  const half = (1.96 * sd) / Math.sqrt(xs.length);
  return [m, m - half, m + half];
}
