/**
 * Replays a simulated area in report order: each new report and each toxicology result re-runs the
 * event-driven detector; the nightly scan and the known-site watch run on their schedule. Records every
 * alert with the layer that raised it.
 */
import { assessPair, selectCandidates } from '../../src/features/links/links.assess.ts';
import { buildBackground } from '../../src/features/links/links.background.ts';
import {
  type AnalysisStream,
  isDrugDeath,
  scanStreams,
  toScanEvent,
  watchKnownSites,
} from '../../src/features/links/links.nightly.ts';
import { personBlockingKeys } from '../../src/features/links/links.person-match.ts';
import { prepareCase } from '../../src/features/links/links.prepare.ts';
import { isRareSubstance } from '../../src/features/links/links.rare-substance.ts';
import type { ScanEvent } from '../../src/features/links/links.scan.ts';
import { ENTITY_FEATURES } from '../../src/features/links/links.score.ts';
import { checkDrugSurges } from '../../src/features/links/links.surge.ts';
import type { Background, LinkCase } from '../../src/features/links/links.types.ts';
import { type SimArea, START_DAY } from './generate.ts';

export type Layer = 'rule' | 'layer1' | 'layer2' | 'scan' | 'surge' | 'site' | 'all';
/** One alert: a pair of cases (event-driven layers) or a set of cases (scan, site watch). */
export type Alert = { day: number; layers: Set<Layer>; caseIds: string[]; stream?: string };

export type ReplayOptions = {
  unnaturalScanEvery: number;
  scanEvery: number;
  siteWatchEvery: number;
  replications: number;
};
export type ReplayResult = {
  area: SimArea;
  alerts: Alert[];
  backgroundCases: number;
  assessMs: number[];
  scanMs: Map<string, number[]>;
};

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The database's part: a bounding-box, period and blocking-key prefilter of the cases the detector is given. */
function makeCandidateIndex() {
  const all: LinkCase[] = [];
  const byKey = new Map<string, Set<number>>();
  const byCell = new Map<string, number[]>();
  const position = new Map<string, number>();
  const CELL = 0.01; // about 1.1 km of latitude
  const cellOf = (lat: number, lon: number) => `${Math.floor(lat / CELL)},${Math.floor(lon / (CELL * 1.6))}`;
  return {
    put(c: LinkCase) {
      let i = position.get(c.id);
      if (i === undefined) {
        i = all.length;
        position.set(c.id, i);
        const place = c.scene ?? { lat: 0, lon: 0 };
        const cell = cellOf(place.lat, place.lon);
        byCell.set(cell, [...(byCell.get(cell) ?? []), i]);
      }
      all[i] = c;
      const p = prepareCase(c);
      const keys = [p.deceased, ...p.people].flatMap(personBlockingKeys);
      keys.push(`n:${p.deceased.family}`, ...p.deceased.given.map((g) => `n:${g}`));
      for (const w of p.textWords) keys.push(`t:${w}`);
      for (const k of keys) {
        const set = byKey.get(k) ?? new Set<number>();
        set.add(i);
        byKey.set(k, set);
      }
    },
    candidates(target: LinkCase): LinkCase[] {
      const p = prepareCase(target);
      const chosen = new Set<number>();
      const scene = target.scene;
      if (scene && scene.accuracyM < 1000) {
        const [cy, cx] = cellOf(scene.lat, scene.lon).split(',').map(Number) as [number, number];
        for (let dy = -6; dy <= 6; dy++)
          for (let dx = -4; dx <= 4; dx++)
            for (const i of byCell.get(`${cy + dy},${cx + dx}`) ?? []) chosen.add(i);
        for (const i of byCell.get(cellOf(0, 0)) ?? []) chosen.add(i);
        for (let i = 0; i < all.length; i++) if ((all[i]!.scene?.accuracyM ?? 0) >= 1000) chosen.add(i);
      } else for (let i = 0; i < all.length; i++) chosen.add(i);
      const lookups = [p.deceased, ...p.people].flatMap(personBlockingKeys);
      for (const w of p.textWords) lookups.push(`n:${w}`);
      lookups.push(`t:${p.deceased.family}`, ...p.deceased.given.map((g) => `t:${g}`));
      for (const k of lookups) for (const i of byKey.get(k) ?? []) chosen.add(i);
      const out: LinkCase[] = [];
      for (const i of chosen) {
        const c = all[i]!;
        if (c.id !== target.id && Math.abs(prepareCase(c).eventDay - p.eventDay) <= 1095) out.push(c);
      }
      return out;
    },
  };
}

/** Replays one area and returns its alerts. */
export function replayArea(area: SimArea, options: ReplayOptions): ReplayResult {
  type Event = { day: number; order: number; caseId: string; version: LinkCase };
  const events: Event[] = [];
  for (const c of area.cases) {
    events.push({ day: c.reportDay, order: 0, caseId: c.id, version: c.atReport });
    if (c.toxicologyDay !== undefined)
      events.push({ day: c.toxicologyDay, order: 1, caseId: c.id, version: c.final });
  }
  events.sort((a, b) => a.day - b.day || a.order - b.order || (a.caseId < b.caseId ? -1 : 1));
  const known = new Map<string, LinkCase>();
  const index = makeCandidateIndex();
  const alerts: Alert[] = [];
  const pairAlerts = new Map<string, Alert>();
  const assessMs: number[] = [];
  const scanMs = new Map<string, number[]>();
  const signalled = new Map<string, { day: number; ids: Set<string> }[]>();
  const sites = area.knownSites;
  let background: Background = { substances: {} };
  let backgroundDay = -1;
  const lastSiteAlert = new Map<string, number>();
  let lastSurge: number | undefined;
  const streamState: StreamState = { unnatural: new Map(), drug: new Map(), bySubstance: new Map() };
  let e = 0;
  for (let day = 0; day < area.days; day++) {
    const evaluating = day >= area.warmupDays;
    if (day - backgroundDay >= 60) {
      background = buildBackground([...area.regional, ...known.values()]);
      backgroundDay = day;
    }
    for (; e < events.length && events[e]!.day === day; e++) {
      const { version } = events[e]!;
      known.set(version.id, version);
      if (version.unnatural) index.put(version);
      updateStreams(streamState, version);
      if (!evaluating || !version.unnatural) continue;
      const candidates = index.candidates(version);
      const t0 = performance.now();
      for (const { candidate, entityLinks } of selectCandidates(version, candidates, {
        knownSites: sites,
        background,
      })) {
        const link = assessPair(version, candidate, entityLinks, background, sites);
        const layers = new Set<Layer>();
        if (entityLinks.length > 0) layers.add('layer1');
        if (link) {
          layers.add('all');
          const own = link.reasons
            .filter((r) => !ENTITY_FEATURES.has(r.feature))
            .reduce((s, r) => s + r.weight, 0);
          if (own >= 2) layers.add('layer2');
          if (link.reasons.some((r) => r.feature === 'rare-substance-rule')) layers.add('rule');
        }
        if (layers.size === 0) continue;
        const key = pairKey(version.id, candidate.id);
        const existing = pairAlerts.get(key);
        if (existing) {
          for (const l of layers) if (!existing.layers.has(l)) recordLayer(alerts, existing, l, day);
        } else {
          const alert: Alert = { day, layers, caseIds: [version.id, candidate.id] };
          pairAlerts.set(key, alert);
          alerts.push(alert);
          firstDays.set(alert, new Map([...layers].map((l) => [l, day])));
        }
      }
      assessMs.push(performance.now() - t0);
    }
    if (!evaluating) continue;
    const since = day - area.warmupDays;
    const scanDrug = since % options.scanEvery === 0;
    const scanUnnatural = since % options.unnaturalScanEvery === 0;
    if (scanDrug || scanUnnatural) {
      const streams = nightlyStreams(streamState, background).filter((s) =>
        s.name === 'unnatural' ? scanUnnatural : scanDrug,
      );
      for (const stream of streams) {
        const t0 = performance.now();
        const [result] = scanStreams([stream], START_DAY + day, { replications: options.replications });
        const label = stream.name.startsWith('substance:') ? 'rare substance' : stream.name;
        scanMs.set(label, [...(scanMs.get(label) ?? []), performance.now() - t0]);
        if (!result?.signal || !result.cluster) continue;
        const ids = new Set(result.cluster.eventIds);
        const history = signalled.get(stream.name) ?? [];
        const ongoing = history.some((h) => day - h.day <= 90 && [...ids].some((id) => h.ids.has(id)));
        history.push({ day, ids });
        signalled.set(stream.name, history);
        if (!ongoing) {
          const alert: Alert = {
            day,
            layers: new Set(['scan', 'all']),
            caseIds: [...ids],
            stream: stream.name,
          };
          alerts.push(alert);
          firstDays.set(
            alert,
            new Map([
              ['scan', day],
              ['all', day],
            ]),
          );
        }
      }
    }
    if (scanDrug) {
      // The area-wide drug surge: a count against the area's own year, checked with the nightly scan.
      const drug = [...streamState.drug.values()];
      const surge = checkDrugSurges(drug, START_DAY + day);
      if (surge && (lastSurge === undefined || day - lastSurge > 30)) {
        lastSurge = day;
        const alert: Alert = {
          day,
          layers: new Set(['surge', 'all']),
          caseIds: surge.memberIds,
          stream: 'drug-surge',
        };
        alerts.push(alert);
        firstDays.set(
          alert,
          new Map([
            ['surge', day],
            ['all', day],
          ]),
        );
      }
    }
    if (since % options.siteWatchEvery === 0) {
      for (const check of watchKnownSites([...known.values()], sites, START_DAY + day)) {
        if (!check.unusual) continue;
        // A site still unusual within 30 days of its last alert is the same, ongoing signal.
        const last = lastSiteAlert.get(check.siteId);
        lastSiteAlert.set(check.siteId, day);
        if (last !== undefined && day - last <= 30) continue;
        const alert: Alert = {
          day,
          layers: new Set(['site', 'all']),
          caseIds: [],
          stream: `site:${check.siteId}`,
        };
        alerts.push(alert);
        firstDays.set(
          alert,
          new Map([
            ['site', day],
            ['all', day],
          ]),
        );
      }
    }
  }
  const backgroundCases = area.cases.filter((c) => !c.clusterId && c.reportDay >= area.warmupDays).length;
  return { area, alerts, backgroundCases, assessMs, scanMs };
}

type StreamState = {
  unnatural: Map<string, ScanEvent>;
  drug: Map<string, ScanEvent>;
  bySubstance: Map<string, Map<string, ScanEvent>>;
};

/** Keeps the scan streams up to date as cases arrive and change (the nightly job would query them). */
function updateStreams(state: StreamState, c: LinkCase): void {
  const event = toScanEvent(c);
  if (!event || !c.unnatural) return;
  state.unnatural.set(c.id, event);
  if (isDrugDeath(c)) state.drug.set(c.id, event);
  for (const s of new Set(c.toxicology.detected.map((x) => x.toLowerCase()))) {
    const map = state.bySubstance.get(s) ?? new Map<string, ScanEvent>();
    map.set(c.id, event);
    state.bySubstance.set(s, map);
  }
}

function nightlyStreams(state: StreamState, background: Background): AnalysisStream[] {
  const streams: AnalysisStream[] = [
    { name: 'unnatural', events: [...state.unnatural.values()] },
    { name: 'drug', events: [...state.drug.values()] },
  ];
  for (const [substance, map] of [...state.bySubstance].sort(([a], [b]) => a.localeCompare(b))) {
    if (map.size >= 2 && isRareSubstance(substance, background.substances)) {
      streams.push({ name: `substance:${substance}`, events: [...map.values()] });
    }
  }
  return streams;
}

/** Day each layer first raised an alert (a pair can be raised by Layer 1 first and reach review later). */
export const firstDays = new WeakMap<Alert, Map<Layer, number>>();

function recordLayer(_alerts: Alert[], alert: Alert, layer: Layer, day: number): void {
  alert.layers.add(layer);
  firstDays.get(alert)?.set(layer, day);
}
