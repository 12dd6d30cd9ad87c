/**
 * The nightly batch (linked-deaths.md §3.4): the space–time permutation scan over each analysis stream
 * (all unnatural deaths, drug deaths, each rare substance), and the known-site baseline watch.
 */
import { isDrugDeath } from './links.drug.ts';
import { normaliseSubstance, prepareCase } from './links.prepare.ts';
import { isRareSubstance } from './links.rare-substance.ts';
import {
  DEFAULT_SCAN_PARAMETERS,
  type ScanEvent,
  type ScanParameters,
  type ScanResult,
  spaceTimePermutationScan,
} from './links.scan.ts';
import { checkSiteBaseline, findSceneSite, type SiteBaselineCheck } from './links.sites.ts';
import type { Background, KnownSite, LinkCase } from './links.types.ts';

export { isDrugDeath } from './links.drug.ts';

/** A case as a scan event: placed at its scene, else at the deceased's home; dated by eventDay. */
export function toScanEvent(c: LinkCase): ScanEvent | undefined {
  const place = c.scene ?? c.deceased.residence;
  return place ? { id: c.id, lat: place.lat, lon: place.lon, day: prepareCase(c).eventDay } : undefined;
}

export type AnalysisStream = { name: string; events: ScanEvent[] };

const events = (cases: readonly LinkCase[], keep: (c: LinkCase) => boolean): ScanEvent[] =>
  cases.filter(keep).flatMap((c) => toScanEvent(c) ?? []);

/** Analysis streams (linked-deaths.md §3.4): all unnatural deaths, drug deaths, and one per rare substance with ≥ 2 deaths. */
export function analysisStreams(cases: readonly LinkCase[], background: Background): AnalysisStream[] {
  const streams: AnalysisStream[] = [
    { name: 'unnatural', events: events(cases, (c) => c.unnatural) },
    { name: 'drug', events: events(cases, isDrugDeath) },
  ];
  const bySubstance = new Map<string, LinkCase[]>();
  for (const c of cases) {
    if (!c.unnatural) continue;
    for (const s of new Set(c.toxicology.detected.map(normaliseSubstance))) {
      if (!isRareSubstance(s, background.substances)) continue;
      bySubstance.set(s, [...(bySubstance.get(s) ?? []), c]);
    }
  }
  for (const [substance, list] of [...bySubstance].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.length >= 2) streams.push({ name: `substance:${substance}`, events: events(list, () => true) });
  }
  return streams;
}

/** A seed per stream and day, so that each night's Monte Carlo is reproducible. */
export function streamSeed(name: string, analysisDay: number): number {
  let h = 2166136261 ^ analysisDay;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type StreamResult = ScanResult & { stream: string };

/** Nightly prospective scan of every stream (Kulldorff et al. 2005; NYC DOHMH daily practice, Greene et al. 2016). */
export function scanStreams(
  streams: readonly AnalysisStream[],
  analysisDay: number,
  parameters: Partial<ScanParameters> = {},
): StreamResult[] {
  return streams.map((s) => ({
    stream: s.name,
    ...spaceTimePermutationScan(s.events, analysisDay, {
      ...DEFAULT_SCAN_PARAMETERS,
      seed: streamSeed(s.name, analysisDay),
      ...parameters,
    }),
  }));
}

/** Known-site watch: each site's deaths in the last `recentDays` against its own history (Poisson upper tail). */
export function watchKnownSites(
  cases: readonly LinkCase[],
  sites: readonly KnownSite[],
  analysisDay: number,
  options: { recentDays?: number; historyDays?: number; alpha?: number } = {},
): SiteBaselineCheck[] {
  const recentDays = options.recentDays ?? 30;
  const historyDays = options.historyDays ?? 365;
  const recent = new Map<string, number>();
  const history = new Map<string, number>();
  for (const c of cases) {
    if (!c.scene) continue;
    const age = analysisDay - prepareCase(c).eventDay;
    if (age < 0 || age >= recentDays + historyDays) continue;
    const site = findSceneSite(c, sites);
    if (!site) continue;
    const bucket = age < recentDays ? recent : history;
    bucket.set(site.id, (bucket.get(site.id) ?? 0) + 1);
  }
  return sites.map((site) =>
    checkSiteBaseline({
      siteId: site.id,
      recentCount: recent.get(site.id) ?? 0,
      recentDays,
      historyCount: history.get(site.id) ?? 0,
      historyDays,
      alpha: options.alpha,
    }),
  );
}
