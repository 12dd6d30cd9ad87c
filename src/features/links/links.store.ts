/**
 * The database side of the detector: keeps each case's prepared view (`link_cases`), prefilters candidates
 * by period, grid cell and blocking keys, loads the background and the known-site register, and records
 * possible links and alerts. The exact rules are the pure functions of this folder.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { queueNotification, type Sender } from '../../platform/notify/notify.ts';
import { listCasePeople } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { CANDIDATE_WINDOW } from './links.assess.ts';
import { buildBackground } from './links.background.ts';
import { cellsAround, indexFields, postcodesToPlace, toLinkCase } from './links.case-map.ts';
import { ENTITY_WINDOW_DAYS, SAME_SCENE_WINDOW_DAYS } from './links.entity.ts';
import { type Geocoder, GeocoderUnavailable, normalisedPostcode } from './links.geocode.ts';
import {
  ALERT_NOTICE_SOURCE,
  knownSites,
  linkAlerts,
  linkBackground,
  linkCases,
  possibleLinks,
} from './links.tables.ts';
import type { Background, GeoPoint, KnownSite, LinkCase, LinkLevel, PossibleLink } from './links.types.ts';

/**
 * Reads a case and its people, places what a geocoder can place, and stores the detector's view of it. When
 * the geocoder cannot answer, a postcode keeps the point it was placed at before (else the case is left
 * unplaced) and `onGeocoderProblem` is told why: the assessment runs now and can be tried again later.
 */
export async function refreshLinkCase(
  db: Db,
  caseId: string,
  geocoder: Geocoder,
  now: Date,
  onGeocoderProblem: (message: string) => void = () => {},
): Promise<LinkCase | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) return undefined;
  const people = await listCasePeople(db, caseId);
  const wanted = postcodesToPlace(row);
  const located: { scene?: GeoPoint; residence?: GeoPoint } = {};
  let placePending = false;
  if (geocoder.configured) {
    const earlier = await earlierPlaces(db, caseId);
    for (const which of ['scene', 'residence'] as const) {
      const postcode = wanted[which];
      if (!postcode) continue;
      try {
        located[which] = await geocoder.postcode(postcode);
      } catch (error) {
        if (!(error instanceof GeocoderUnavailable)) throw error;
        onGeocoderProblem(error.message);
        const before = earlier[which];
        located[which] = before?.postcode === postcode ? before.point : undefined;
        if (!located[which]) placePending = true;
      }
    }
  }
  const linkCase = toLinkCase(row, people, located);
  const fields = indexFields(linkCase);
  const values = {
    caseId,
    areaCode: row.areaCode,
    unnatural: linkCase.unnatural,
    ...fields,
    locationSource: linkCase.scene ? (located.scene ? 'postcode' : 'typed') : null,
    placePending,
    data: linkCase,
    assessedAt: now,
  };
  await db
    .insert(linkCases)
    .values(values)
    .onConflictDoUpdate({ target: linkCases.caseId, set: { ...values, caseId: undefined } });
  return linkCase;
}

/** The points a case's postcodes were placed at when it was last assessed. */
async function earlierPlaces(db: Db, caseId: string) {
  const [row] = await db
    .select({ data: linkCases.data, locationSource: linkCases.locationSource })
    .from(linkCases)
    .where(eq(linkCases.caseId, caseId));
  const placed = (postcode: string | undefined, p: GeoPoint | undefined) =>
    p
      ? { postcode: normalisedPostcode(postcode), point: { lat: p.lat, lon: p.lon, accuracyM: p.accuracyM } }
      : undefined;
  return {
    scene: row?.locationSource === 'postcode' ? placed(row.data.scene?.postcode, row.data.scene) : undefined,
    residence: placed(row?.data.deceased.address?.postcode, row?.data.deceased.residence),
  };
}

/** Close in place: 100 m, plus room for the other point's accuracy (up to 2 km, half of it counts). */
const CLOSE_METRES = 1100;

/** The most cases one assessment compares against (the prefilter normally returns far fewer). */
const CANDIDATE_LIMIT = 20_000;

/**
 * The prefilter: unnatural deaths within 24 months and about 5 km of the scene (grid cells, then a box)
 * that share a circumstance tag or a detected substance with the case or died close to it in place and
 * time, those in the same area with no recorded place that share one, plus any within 3 years sharing a
 * blocking key, or whose deceased's name appears in the case's texts, or whose texts name its deceased.
 * Any other case cannot reach review (`mayReachReview` in links.assess.ts); a test compares the result
 * with comparing against every case.
 */
export async function findCandidateCases(db: Db, target: LinkCase): Promise<LinkCase[]> {
  const f = indexFields(target);
  const near = CANDIDATE_WINDOW.days;
  const far = ENTITY_WINDOW_DAYS;
  const parts = [];
  const textArray = (words: string[]) =>
    sql`array[${sql.join(
      words.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]`;
  const traits = textArray(f.traits);
  const period = sql`event_day between ${f.eventDay - near} and ${f.eventDay + near}`;
  if (target.scene) {
    const { lat, lon, accuracyM } = target.scene;
    const radius = CANDIDATE_WINDOW.metres + 0.5 * Math.hypot(accuracyM, 2000) + 200;
    const box = (m: number) => {
      const dLat = m / 111_320;
      const dLon = m / (111_320 * Math.max(0.2, Math.cos((lat * Math.PI) / 180)));
      return sql`lat between ${lat - dLat} and ${lat + dLat} and lon between ${lon - dLon} and ${lon + dLon}`;
    };
    const cells = cellsAround(lat, lon, radius);
    // Within the circle, a pair can reach review only by sharing a tag or a substance, or by being close in
    // place and time (100 m and 30 days for the score, 50 m and 12 months for the same-scene rule).
    parts.push(
      sql`select case_id from link_cases where unnatural and cell in (${sql.join(
        cells.map((c) => sql`${c}`),
        sql`, `,
      )}) and ${period} and ${box(radius)}
        and (traits && ${traits} or (event_day between ${f.eventDay - SAME_SCENE_WINDOW_DAYS} and ${f.eventDay + SAME_SCENE_WINDOW_DAYS} and ${box(CLOSE_METRES + accuracyM / 2)}))`,
    );
    parts.push(sql`select case_id from link_cases where unnatural and cell is null and area_code = ${target.areaCode}
      and ${period} and traits && ${traits}`);
  } else {
    parts.push(sql`select case_id from link_cases where unnatural and area_code = ${target.areaCode}
      and ${period} and traits && ${traits}`);
  }
  const window = sql`event_day between ${f.eventDay - far} and ${f.eventDay + far}`;
  if (f.keys.length)
    parts.push(
      sql`select case_id from link_cases where unnatural and keys && ${textArray(f.keys)} and ${window}`,
    );
  if (f.textWords.length)
    parts.push(
      sql`select case_id from link_cases where unnatural and name_words && ${textArray(f.textWords)} and ${window}`,
    );
  if (f.nameWords.length)
    parts.push(
      sql`select case_id from link_cases where unnatural and text_words && ${textArray(f.nameWords)} and ${window}`,
    );
  const result = await db.execute<{ data: LinkCase }>(sql`
    select data from link_cases where case_id in (${sql.join(parts, sql` union `)}) and case_id <> ${target.id}
    limit ${CANDIDATE_LIMIT}`);
  return result.rows.map((r) => r.data);
}

type StoredBackground = Omit<Background, 'familyNames' | 'givenNames'> & {
  familyNames?: [string, number][];
  givenNames?: [string, number][];
};

/**
 * The background frequencies: refreshed nightly, and measured now when none are stored yet or when they were
 * measured on fewer than SMALL_BACKGROUND cases. A new service, or one that has just loaded its history, would
 * otherwise explain its scores until the night with shares measured on its first few cases ("about 1 in 72
 * were aged 20–29" where 5 of 47 were, a toxicology result not yet counted); so few cases cost little to
 * count again, and a large background barely moves in a day.
 */
export async function loadBackground(db: Db, now: Date): Promise<Background> {
  const [row] = await db.select().from(linkBackground).where(eq(linkBackground.id, 1));
  if (row && row.cases >= SMALL_BACKGROUND) return fromStored(row.data as StoredBackground);
  return refreshBackground(db, now);
}

function fromStored(s: StoredBackground): Background {
  return {
    ...s,
    familyNames: s.familyNames ? new Map(s.familyNames) : undefined,
    givenNames: s.givenNames ? new Map(s.givenNames) : undefined,
  };
}

/** Background window: the three years of cases up to the day, at most the latest 200,000 (ample for shares of 1 in 10,000). */
const BACKGROUND_DAYS = 3 * 365;
const BACKGROUND_SAMPLE = 200_000;
/** Below this many cases the background is measured again for every assessment (loadBackground). */
export const SMALL_BACKGROUND = 2_000;

/** Measures the background on the system's own recent cases and stores it. */
export async function refreshBackground(db: Db, now: Date): Promise<Background> {
  const today = Math.floor(now.getTime() / 86_400_000);
  const rows = await db
    .select({ data: linkCases.data })
    .from(linkCases)
    .where(sql`${linkCases.eventDay} between ${today - BACKGROUND_DAYS + 1} and ${today}`)
    .orderBy(sql`${linkCases.eventDay} desc`)
    .limit(BACKGROUND_SAMPLE);
  const background = buildBackground(rows.map((r) => r.data));
  // Name frequencies: only names seen more than once matter (rare names are judged rare by default).
  const common = (m?: ReadonlyMap<string, number>) =>
    m ? [...m].filter(([, share]) => share * rows.length > 1.5) : undefined;
  const stored: StoredBackground = {
    ...background,
    familyNames: common(background.familyNames),
    givenNames: common(background.givenNames),
  };
  await db
    .insert(linkBackground)
    .values({ id: 1, data: stored, cases: rows.length, computedAt: now })
    .onConflictDoUpdate({
      target: linkBackground.id,
      set: { data: stored, cases: rows.length, computedAt: now },
    });
  return background;
}

export async function loadKnownSites(db: Db): Promise<KnownSite[]> {
  const rows = await db.select().from(knownSites);
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    lat: s.lat,
    lon: s.lon,
    radiusM: s.radiusM,
  }));
}

/** The coroner areas holding these cases now, in order: an alert is shown to each. Empty when none exists. */
export async function areasHolding(tx: Db, caseIds: readonly string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ areaCode: cases.areaCode })
    .from(cases)
    .where(inArray(cases.id, [...caseIds]));
  return rows.map((r) => r.areaCode).sort();
}

/**
 * Called in the transaction that moves a case to another coroner area (a transfer accepted): every alert
 * holding the case, whatever its kind or status, is shown from then on to the areas now holding its cases.
 * The receiving area sees it; the sending area keeps it only while it still holds another of its cases.
 */
export async function refreshAlertAreas(tx: Db, caseId: string): Promise<void> {
  // One statement, the areas worked out row by row: an alert whose cases change meanwhile (a nightly
  // cluster growing) is worked out again on its new cases once its lock is free.
  await tx
    .update(linkAlerts)
    .set({
      areaCodes: sql`coalesce((select array_agg(distinct ${cases.areaCode} order by ${cases.areaCode}) from ${cases} where ${cases.id} = any(${linkAlerts.caseIds})), ${linkAlerts.areaCodes})`,
    })
    .where(sql`${linkAlerts.caseIds} @> array[${caseId}]::uuid[]`);
}

export type Notice = { alertId: string; level: LinkLevel; caseIds: string[] };

const pairKey = (a: string, b: string) => (a < b ? [a, b] : [b, a]) as [string, string];

/** How an open alert whose link is no longer found begins. */
const NO_LONGER = 'No longer found —';

/**
 * Records the possible links of one assessed case in one transaction: the pair's current score and reasons,
 * and an alert per pair (raised once; its level and reasons kept current; a dismissed alert is opened again
 * only when new evidence raises it from review to urgent). Pairs no longer at review are removed from the
 * case's possible links; their alerts stay as decided. Returns the alerts raised (or opened again) and
 * those that became urgent.
 */
export async function recordPossibleLinks(
  tx: Db,
  target: LinkCase,
  links: readonly PossibleLink[],
  now: Date,
): Promise<{ urgent: Notice[]; raised: string[] }> {
  const urgentNow: Notice[] = [];
  const raised: string[] = [];
  // Each case's area as it is now (the assessed case's too: a transfer may have been accepted since it was read).
  const areaOf = new Map<string, string>();
  if (links.length) {
    const rows = await tx
      .select({ id: cases.id, areaCode: cases.areaCode })
      .from(cases)
      .where(inArray(cases.id, [target.id, ...links.map((l) => l.caseId)]));
    for (const r of rows) areaOf.set(r.id, r.areaCode);
  }
  const targetArea = areaOf.get(target.id) ?? target.areaCode;
  const kept = new Set<string>();
  for (const found of links) {
    // The core words reasons from the assessed case's side ("this case"); a pair is shown on both cases'
    // pages, so the case is named instead.
    const link = {
      ...found,
      reasons: found.reasons.map((r) => ({
        ...r,
        detail: r.detail.replace(/\bthis case\b/g, target.reference),
      })),
    };
    const [a, b] = pairKey(target.id, link.caseId);
    kept.add(link.caseId);
    const key = `pair:${a}:${b}`;
    const areaCodes = [...new Set([targetArea, areaOf.get(link.caseId) ?? targetArea])].sort();
    const summary = `Possible link — review: ${target.reference} and ${link.reference}`;
    const [existing] = await tx.select().from(linkAlerts).where(eq(linkAlerts.signalKey, key)).for('update');
    let alertId: string;
    if (!existing) {
      const [created] = await tx
        .insert(linkAlerts)
        .values({
          kind: 'pair',
          level: link.level,
          areaCodes,
          signalKey: key,
          caseIds: [a, b],
          summary,
          score: link.score,
          reasons: link.reasons,
          status: 'OPEN',
          raisedAt: now,
          updatedAt: now,
        })
        .returning({ id: linkAlerts.id });
      alertId = created!.id;
      raised.push(alertId);
      if (link.level === 'urgent') urgentNow.push({ alertId, level: 'urgent', caseIds: [a, b] });
    } else {
      alertId = existing.id;
      const risen = existing.level === 'review' && link.level === 'urgent';
      const reopen = risen && existing.status === 'DISMISSED';
      await tx
        .update(linkAlerts)
        .set({
          level:
            existing.level === 'urgent' && !existing.summary.startsWith(NO_LONGER) ? 'urgent' : link.level,
          score: link.score,
          reasons: link.reasons,
          summary,
          areaCodes,
          updatedAt: now,
          // Reopened for a fresh look: the earlier decision and its reason stay in the audit log.
          ...(reopen
            ? { status: 'OPEN' as const, decidedAt: null, decidedBy: null, decisionReason: null }
            : {}),
        })
        .where(eq(linkAlerts.id, existing.id));
      if (reopen) raised.push(alertId);
      if (risen && (existing.status === 'OPEN' || reopen))
        urgentNow.push({ alertId, level: 'urgent', caseIds: [a, b] });
    }
    await tx
      .insert(possibleLinks)
      .values({
        caseA: a,
        caseB: b,
        score: link.score,
        level: link.level,
        reasons: link.reasons,
        alertId,
        foundAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [possibleLinks.caseA, possibleLinks.caseB],
        set: { score: link.score, level: link.level, reasons: link.reasons, alertId, updatedAt: now },
      });
  }
  const current = await tx
    .select({ caseA: possibleLinks.caseA, caseB: possibleLinks.caseB })
    .from(possibleLinks)
    .where(sql`${possibleLinks.caseA} = ${target.id} or ${possibleLinks.caseB} = ${target.id}`);
  for (const p of current) {
    const other = p.caseA === target.id ? p.caseB : p.caseA;
    if (kept.has(other)) continue;
    await tx
      .delete(possibleLinks)
      .where(and(eq(possibleLinks.caseA, p.caseA), eq(possibleLinks.caseB, p.caseB)));
    // An open alert for the pair is not left saying what is no longer true: it says the link is no longer
    // found, for a person to dismiss (or to see raised again if new evidence comes).
    await tx
      .update(linkAlerts)
      .set({
        level: 'review',
        summary: sql`${NO_LONGER} || ' ' || ${linkAlerts.summary}`,
        reasons: sql`jsonb_build_array(jsonb_build_object('feature', 'no-longer-found', 'weight', 0, 'detail', ${`Since the record of ${target.reference} changed, these deaths no longer reach the level for review. The reasons after this one are those found before.`}::text)) || ${linkAlerts.reasons}`,
        updatedAt: now,
      })
      .where(
        and(
          eq(linkAlerts.signalKey, `pair:${p.caseA}:${p.caseB}`),
          eq(linkAlerts.status, 'OPEN'),
          sql`${linkAlerts.summary} not like ${`${NO_LONGER}%`}`,
        ),
      );
  }
  return { urgent: urgentNow, raised };
}

/**
 * Tells the assigned coroner of each case of an urgent alert, through the outbox; a case with no coroner
 * assigned yet (a death just reported) is told to its area's senior coroner, or with none recorded, to every
 * coroner of the area. The message states what was found for review and never a conclusion.
 */
export async function notifyUrgent(
  tx: Db,
  notices: readonly Notice[],
  now: Date,
  sender: Pick<Sender, 'configured'>,
  publicUrl: string,
): Promise<number> {
  let sent = 0;
  for (const notice of notices) {
    const rows = await tx
      .select({
        id: cases.id,
        reference: cases.reference,
        areaCode: cases.areaCode,
        coronerId: cases.assignedCoronerId,
      })
      .from(cases)
      .where(inArray(cases.id, notice.caseIds));
    const areaCodes = [...new Set(rows.map((r) => r.areaCode))];
    const coroners = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        areaCode: users.areaCode,
        office: users.coronerOffice,
      })
      .from(users)
      .where(
        and(
          eq(users.role, 'coroner'),
          eq(users.active, true),
          or(
            inArray(users.areaCode, areaCodes),
            inArray(
              users.id,
              rows.flatMap((r) => (r.coronerId ? [r.coronerId] : [])),
            ),
          ),
        ),
      );
    // Each coroner is told once, about the first case of the alert they answer for.
    const told = new Map<string, { coroner: (typeof coroners)[number]; caseId: string }>();
    for (const r of rows.sort((a, b) => (a.reference < b.reference ? -1 : 1))) {
      const assigned = coroners.find((c) => c.id === r.coronerId);
      const ofArea = coroners.filter((c) => c.areaCode === r.areaCode);
      const senior = ofArea.filter((c) => c.office === 'senior');
      for (const coroner of assigned ? [assigned] : senior.length ? senior : ofArea)
        if (!told.has(coroner.id)) told.set(coroner.id, { coroner, caseId: r.id });
    }
    const references = rows
      .map((r) => r.reference)
      .sort()
      .join(' and ');
    for (const { coroner, caseId } of told.values()) {
      await queueNotification(
        tx,
        {
          caseId,
          to: { name: coroner.name, email: coroner.email },
          template: 'LINK_ALERT_URGENT',
          subject: `Urgent: possible link between deaths to review (${references})`,
          body: [
            `The system has found a possible link between the deaths in cases ${references}, with a high score.`,
            'This is not a finding: it needs a person to review the reasons and decide.',
            `Review it at ${publicUrl}/link-alerts/${notice.alertId}`,
          ].join('\n\n'),
          source: ALERT_NOTICE_SOURCE,
          sourceId: notice.alertId,
        },
        now,
        sender,
      );
      sent += 1;
    }
  }
  return sent;
}
