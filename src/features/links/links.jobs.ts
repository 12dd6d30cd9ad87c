/**
 * The detector's background work: the assessment of a case, queued in the same transaction as every report
 * or change of a case's details, and the nightly batch (Layer 3 scan per area and stream, the known-site
 * watch and the refresh of the background frequencies), queued once a night by a periodic task.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BackgroundDeps } from '../../app.ts';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { enqueueJob, type JobHandler } from '../../platform/jobs/jobs.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { assessCase } from './links.assess.ts';
import { isDrugDeath } from './links.drug.ts';
import { createGeocoder, type Geocoder, GeocoderUnavailable } from './links.geocode.ts';
import {
  analysisStreams,
  type StreamResult,
  scanStreams,
  toScanEvent,
  watchKnownSites,
} from './links.nightly.ts';
import { dayNumber, eventDay } from './links.prepare.ts';
import { DEFAULT_SCAN_PARAMETERS } from './links.scan.ts';
import { findSceneSite } from './links.sites.ts';
import {
  areasHolding,
  findCandidateCases,
  loadBackground,
  loadKnownSites,
  notifyUrgent,
  recordPossibleLinks,
  refreshBackground,
  refreshLinkCase,
} from './links.store.ts';
import { checkDrugSurges, LOCAL_SURGE, SURGE } from './links.surge.ts';
import { linkAlerts, linkCases } from './links.tables.ts';
import type { KnownSite, LinkCase, LinkReason } from './links.types.ts';

export const ASSESS_JOB = 'links.assess-case';
export const NIGHTLY_JOB = 'links.nightly';
/** The nightly batch runs from 02:00 London time. */
export const NIGHTLY_HOUR = 2;
/** The all-unnatural-deaths stream is the costliest; it is scanned every 28 days (the others every night). */
export const UNNATURAL_STREAM_EVERY_DAYS = 28;

/** Queues the assessment of a case in the caller's transaction: it runs once the change has committed. */
export async function queueLinkAssessment(tx: Db, caseId: string, now: Date): Promise<void> {
  await enqueueJob(tx, ASSESS_JOB, { caseId }, { runAt: now, maxAttempts: 5 });
}

/**
 * Queues again the assessment of every case with a postcode the postcode service could not be asked about,
 * so that an outage longer than an assessment's retries leaves no case unplaced; returns how many.
 */
export async function queuePlacesPending(db: Db, now: Date): Promise<number> {
  const pending = await db
    .select({ caseId: linkCases.caseId })
    .from(linkCases)
    .where(eq(linkCases.placePending, true));
  if (pending.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const { caseId } of pending) await queueLinkAssessment(tx, caseId, now);
  });
  return pending.length;
}

/**
 * Assesses one case against its candidates and records its possible links and alerts; returns them. When
 * the postcode service could not place the case, the assessment is recorded all the same (with the place
 * found before, or none) and then throws, so that the job runner tries again once the service answers.
 */
export async function assessStoredCase(
  deps: Pick<BackgroundDeps, 'database' | 'notifier' | 'config'>,
  caseId: string,
  now: Date,
  geocoder: Geocoder = createGeocoder(deps.config.geocoderUrl),
) {
  const db = deps.database.db;
  let geocoderProblem: string | undefined;
  const target = await refreshLinkCase(db, caseId, geocoder, now, (message) => {
    geocoderProblem = message;
  });
  if (!target) return [];
  const [candidates, background, sites] = await Promise.all([
    findCandidateCases(db, target),
    loadBackground(db, now),
    loadKnownSites(db),
  ]);
  const links = assessCase(target, candidates, background, sites);
  await db.transaction(async (tx) => {
    const { urgent, raised } = await recordPossibleLinks(tx, target, links, now);
    for (const alertId of raised)
      await appendAudit(
        tx,
        SYSTEM_ACTOR,
        { action: 'LINK_ALERT_RAISED', caseId, subjectType: 'link-alert', subjectId: alertId },
        now,
      );
    await notifyUrgent(tx, urgent, now, deps.notifier, deps.config.publicUrl);
  });
  if (geocoderProblem)
    throw new GeocoderUnavailable(
      `${geocoderProblem}. ${target.reference} was assessed with the place its postcode had before, or none, and will be assessed again.`,
    );
  return links;
}

type Signal = {
  kind: 'cluster' | 'site';
  key: string;
  areaCode: string;
  caseIds: string[];
  summary: string;
  reasons: LinkReason[];
};

const dayToDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** A scan signal as an alert: what was observed against what was expected; never a conclusion. */
export function clusterSignal(
  areaCode: string,
  result: StreamResult,
  byId: Map<string, LinkCase>,
): Signal | undefined {
  const cluster = result.cluster;
  if (!result.signal || !cluster) return undefined;
  const members = cluster.eventIds.map((id) => byId.get(id)).filter((c): c is LinkCase => Boolean(c));
  const first = [...members].sort((a, b) => a.reportedAt.localeCompare(b.reportedAt))[0];
  const stream = result.stream.startsWith('substance:')
    ? `deaths with ${result.stream.slice(10).toUpperCase()} detected`
    : result.stream === 'drug'
      ? 'drug deaths'
      : 'unnatural deaths';
  return {
    kind: 'cluster',
    key: `cluster:${areaCode}:${result.stream}:${first?.id ?? cluster.eventIds[0]}`,
    areaCode,
    caseIds: members.map((c) => c.id),
    summary: `Possible cluster — review: ${cluster.observed} ${stream} within ${(cluster.radiusM / 1000).toFixed(1)} km between ${dayToDate(cluster.startDay)} and ${dayToDate(cluster.endDay)}`,
    reasons: [
      {
        feature: 'scan',
        detail: `${cluster.observed} ${stream} where ${cluster.expected.toFixed(1)} were expected from the area’s own pattern of places and dates (space–time permutation scan)`,
        weight: 0,
      },
      {
        feature: 'recurrence-interval',
        detail: `A cluster this unusual would arise by chance about once in ${Math.round(result.recurrenceIntervalDays)} days of daily scanning (p = ${result.pValue.toFixed(4)}); signals are raised from ${DEFAULT_SCAN_PARAMETERS.signalRecurrenceDays} days`,
        weight: 0,
      },
    ],
  };
}

/**
 * The areas a signal's alert is shown to: every area holding one of its cases now. A death transferred away
 * since it joined stays in the alert, and its new area sees it; the area scanned, when its cases are gone.
 */
async function signalAreas(tx: Db, s: Signal, caseIds: readonly string[]): Promise<string[]> {
  const held = await areasHolding(tx, caseIds);
  return held.length ? held : [s.areaCode];
}

/** Stores a nightly signal as an alert; an ongoing cluster updates its alert with the cases it now has. */
async function storeSignal(tx: Db, s: Signal, now: Date): Promise<void> {
  const [existing] = await tx.select().from(linkAlerts).where(eq(linkAlerts.signalKey, s.key)).for('update');
  if (existing) {
    const added = s.caseIds.filter((id) => !existing.caseIds.includes(id));
    const caseIds = [...existing.caseIds, ...added];
    const areaCodes = await signalAreas(tx, s, caseIds);
    if (existing.status === 'OPEN') {
      await tx
        .update(linkAlerts)
        .set({ caseIds, areaCodes, summary: s.summary, reasons: s.reasons, updatedAt: now })
        .where(eq(linkAlerts.id, existing.id));
      return;
    }
    // A decided alert keeps the evidence it was decided on, until more deaths join it: then it is opened
    // again for a person to look at the whole (the earlier decision stays in the audit log, and a group it
    // formed stays as it is, for the new decision to add the deaths that joined).
    if (added.length === 0) return;
    await tx
      .update(linkAlerts)
      .set({
        caseIds,
        areaCodes,
        summary: s.summary,
        reasons: s.reasons,
        status: 'OPEN',
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
        groupId: null,
        updatedAt: now,
      })
      .where(eq(linkAlerts.id, existing.id));
    await appendAudit(
      tx,
      SYSTEM_ACTOR,
      {
        action: 'LINK_ALERT_RAISED',
        subjectType: 'link-alert',
        subjectId: existing.id,
        detail: { kind: s.kind, reopened: true, wasDecided: existing.status, added },
      },
      now,
    );
    return;
  }
  const [created] = await tx
    .insert(linkAlerts)
    .values({
      kind: s.kind,
      level: 'review',
      areaCodes: await signalAreas(tx, s, s.caseIds),
      signalKey: s.key,
      caseIds: s.caseIds,
      summary: s.summary,
      score: null,
      reasons: s.reasons,
      status: 'OPEN',
      raisedAt: now,
      updatedAt: now,
    })
    .returning({ id: linkAlerts.id });
  await appendAudit(
    tx,
    SYSTEM_ACTOR,
    {
      action: 'LINK_ALERT_RAISED',
      subjectType: 'link-alert',
      subjectId: created!.id,
      detail: { kind: s.kind },
    },
    now,
  );
}

export type NightlyReport = {
  day: string;
  areas: number;
  cases: number;
  streams: number;
  signals: number;
  siteSignals: number;
  backgroundMs: number;
  scanMs: number;
};

/**
 * The nightly batch for the day before `now` (London): background, scans per area and stream, site watch.
 * The all-unnatural stream runs every 28th day unless `allStreams` asks for it.
 */
export async function runNightly(
  db: Db,
  now: Date,
  options: { allStreams?: boolean } = {},
): Promise<NightlyReport> {
  const day = dayNumber(londonDate(now)) - 1;
  const t0 = performance.now();
  const background = await refreshBackground(db, now);
  const backgroundMs = performance.now() - t0;
  const sites = await loadKnownSites(db);
  const studyDays = DEFAULT_SCAN_PARAMETERS.studyDays;
  const areas = await db.execute<{ area_code: string }>(
    sql`select distinct area_code from link_cases where unnatural and event_day > ${day - studyDays}`,
  );
  let total = 0;
  let streams = 0;
  let signals = 0;
  let siteSignals = 0;
  const t1 = performance.now();
  for (const { area_code: areaCode } of areas.rows) {
    const rows = await db
      .select({ data: linkCases.data })
      .from(linkCases)
      .where(
        and(
          eq(linkCases.areaCode, areaCode),
          eq(linkCases.unnatural, true),
          sql`${linkCases.eventDay} between ${day - studyDays - 30} and ${day}`,
        ),
      );
    const list = rows.map((r) => r.data);
    const history = list.filter(isDrugDeath);
    total += list.length;
    const byId = new Map(list.map((c) => [c.id, c]));
    const chosen = analysisStreams(list, background).filter(
      (s) => s.name !== 'unnatural' || options.allStreams || day % UNNATURAL_STREAM_EVERY_DAYS === 0,
    );
    streams += chosen.length;
    const found = scanStreams(chosen, day)
      .map((r) => clusterSignal(areaCode, r, byId))
      .filter((s): s is Signal => Boolean(s));
    const siteFound = watchedSites(list, sites, day, areaCode);
    const surge = drugSurge(history, day, areaCode);
    if (surge) found.push(surge);
    signals += found.length;
    siteSignals += siteFound.length;
    if (found.length || siteFound.length)
      await db.transaction(async (tx) => {
        for (const s of [...found, ...siteFound]) await storeSignal(tx, s, now);
      });
  }
  return {
    day: dayToDate(day),
    areas: areas.rows.length,
    cases: total,
    streams,
    signals,
    siteSignals,
    backgroundMs,
    scanMs: performance.now() - t1,
  };
}

/**
 * A surge of drug deaths, across the area or, failing that, in a circle around one recent death, as an
 * alert naming the deaths it counts; one a 30-day period per area.
 */
function drugSurge(drugDeaths: LinkCase[], day: number, areaCode: string): Signal | undefined {
  const surge = checkDrugSurges(
    drugDeaths.map((c) => ({ ...toScanEvent(c), id: c.id, day: eventDay(c) })),
    day,
  );
  if (!surge) return undefined;
  const { observed, windowDays, expected, pValue } = surge.check;
  const days = `${windowDays} day${windowDays === 1 ? '' : 's'}`;
  const km = surge.scope === 'local' ? (surge.check.radiusM / 1000).toFixed(1) : '';
  const where = surge.scope === 'area' ? 'in the area' : `within ${km} km of one of their scenes`;
  const against =
    surge.scope === 'area'
      ? `the area’s previous ${SURGE.baselineDays} days (p = ${pValue.toFixed(4)}, signals below ${SURGE.alpha})`
      : `the same circle’s previous ${LOCAL_SURGE.baselineDays} days (p = ${pValue.toFixed(4)}, signals below ${LOCAL_SURGE.alpha})`;
  return {
    kind: 'cluster',
    key: `surge:${areaCode}:${Math.floor(day / 30)}`,
    areaCode,
    caseIds: surge.memberIds,
    summary: `Possible cluster — review: ${observed} drug deaths ${where} in ${days} to ${dayToDate(day)}`,
    reasons: [
      {
        feature: 'drug-surge',
        detail: `${observed} deaths with drugs suspected or found ${surge.scope === 'area' ? '' : `${where} `}in ${days}, where ${expected.toFixed(2)} were expected from ${against}`,
        weight: 0,
      },
    ],
  };
}

function watchedSites(list: LinkCase[], sites: KnownSite[], day: number, areaCode: string): Signal[] {
  if (sites.length === 0) return [];
  const week = Math.floor(day / 7);
  return watchKnownSites(list, sites, day)
    .filter((check) => check.unusual)
    .map((check) => {
      const site = sites.find((s) => s.id === check.siteId)!;
      const members = list.filter(
        (c) => c.scene && day - eventDay(c) < 30 && findSceneSite(c, sites)?.id === site.id,
      );
      return {
        kind: 'site' as const,
        key: `site:${areaCode}:${site.id}:${week}`,
        areaCode,
        caseIds: members.map((c) => c.id),
        summary: `Unusual number of deaths at ${site.name} — review: ${check.observed} in 30 days`,
        reasons: [
          {
            feature: 'site-baseline',
            detail: `${check.observed} deaths at ${site.name} in the last 30 days, where ${check.expected.toFixed(1)} were expected from its own previous year (p = ${check.pValue.toExponential(1)})`,
            weight: 0,
          },
        ],
      };
    });
}

export function linksJobs(deps: BackgroundDeps): Record<string, JobHandler> {
  const geocoder = createGeocoder(deps.config.geocoderUrl);
  return {
    [ASSESS_JOB]: async (job, { now }) => {
      await assessStoredCase(deps, String(job.payload.caseId), now, geocoder);
    },
    [NIGHTLY_JOB]: async (_job, { db, now }) => {
      const placesPending = await queuePlacesPending(db, now);
      const report = await runNightly(db, now);
      deps.logger.info({ nightly: { ...report, placesPending } }, 'linked-deaths nightly batch done');
    },
  };
}

/** Once a night, from 02:00 London time: queues the nightly batch (a unique key per night). */
export function linksPeriodic(deps: BackgroundDeps) {
  return [
    async (now: Date) => {
      const hour = Number(
        new Intl.DateTimeFormat('en-GB', {
          hour: '2-digit',
          hour12: false,
          timeZone: 'Europe/London',
        }).format(now),
      );
      if (hour < NIGHTLY_HOUR) return;
      const night = londonDate(now);
      await enqueueJob(
        deps.database.db,
        NIGHTLY_JOB,
        { night },
        { runAt: now, uniqueKey: `links-nightly:${night}` },
      );
    },
  ];
}
