import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { cases } from '../cases/cases.tables.ts';
import { activePerson } from '../interested-persons/interested-persons.access.ts';
import { interestedPersons, interestedPersonUsers } from '../interested-persons/interested-persons.tables.ts';
import { courtAddress, findCourt, findRoom, roomOf } from './hearings.courts.ts';
import {
  type Booking,
  endOf,
  HEARING_TYPE_LABELS,
  type HearingStatus,
  publicDeceasedOfHearing,
  publicStatus,
} from './hearings.domain.ts';
import type { HearingView, PublicHearing } from './hearings.schema.ts';
import { type HearingRow, hearingCases, hearingChanges, hearings } from './hearings.tables.ts';

/** Which hearings a user sees: their own area's (staff), every area's (the Chief Coroner's office). */
export function hearingScope(principal: Principal): SQL {
  if (principal.role === 'chief-coroner' || principal.role === 'system-admin') return sql`true`;
  if (['coroner', 'officer', 'court-admin'].includes(principal.role) && principal.areaCode)
    return eq(hearings.areaCode, principal.areaCode);
  return sql`false`;
}

/** The hearing, if the user may see it; otherwise 404. */
export async function getHearingFor(db: Db, principal: Principal, id: string): Promise<HearingRow> {
  if (!isUuid(id)) throw notFound('The hearing');
  const [row] = await db
    .select()
    .from(hearings)
    .where(and(eq(hearings.id, id), hearingScope(principal)));
  if (!row) throw notFound('The hearing');
  return row;
}

/** Whether a jury sits at the hearing: any case it hears was decided to have one. */
export async function anyJury(tx: Db, hearingId: string): Promise<boolean> {
  const [row] = await tx
    .execute<{ jury: boolean }>(sql`
    select bool_or(coalesce(c.jury, false)) as jury from hearing_cases hc join cases c on c.id = hc.case_id
    where hc.hearing_id = ${hearingId}`)
    .then((r) => r.rows);
  return Boolean(row?.jury);
}

export async function caseIdsOf(db: Db, hearingId: string): Promise<string[]> {
  const rows = await db
    .select({ caseId: hearingCases.caseId })
    .from(hearingCases)
    .where(eq(hearingCases.hearingId, hearingId))
    // The order cases are locked in (`lockCases`), so that changes to hearings sharing cases never deadlock.
    .orderBy(asc(hearingCases.caseId));
  return rows.map((r) => r.caseId);
}

/** Everything `GET /hearings/{id}` and the hearing page show. */
export async function hearingView(db: Db, row: HearingRow): Promise<HearingView> {
  const [court, room, coroner, caseRows, changes] = await Promise.all([
    findCourt(db, row.courtId),
    row.roomId ? findRoom(db, row.roomId) : undefined,
    row.coronerId
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(eq(users.id, row.coronerId))
          .then((r) => r[0])
      : undefined,
    db
      .select({
        id: cases.id,
        reference: cases.reference,
        givenNames: cases.givenNames,
        familyName: cases.familyName,
      })
      .from(hearingCases)
      .innerJoin(cases, eq(cases.id, hearingCases.caseId))
      .where(eq(hearingCases.hearingId, row.id))
      .orderBy(asc(cases.reference)),
    db
      .select()
      .from(hearingChanges)
      .where(eq(hearingChanges.hearingId, row.id))
      .orderBy(asc(hearingChanges.at)),
  ]);
  return {
    id: row.id,
    type: row.type,
    typeLabel: HEARING_TYPE_LABELS[row.type],
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: endOf(row).toISOString(),
    estimatedMinutes: row.estimatedMinutes,
    areaCode: row.areaCode,
    court: { id: court!.id, name: court!.name, address: courtAddress(court!) },
    room: room ? roomOf(room) : null,
    coroner: coroner ?? null,
    cases: caseRows.map((c) => ({
      id: c.id,
      reference: c.reference,
      name: `${c.givenNames} ${c.familyName}`,
    })),
    urgencyReason: row.urgencyReason,
    reason: row.reason,
    outcome: row.outcome ?? null,
    adjournedFrom: row.adjournedFrom,
    version: row.version,
    changes: changes.map((c) => ({
      kind: c.kind,
      at: c.at.toISOString(),
      actor: c.actorLabel,
      detail: c.detail,
    })),
  };
}

/** The hearings of a case, soonest first. */
export async function hearingsOfCase(db: Db, caseId: string): Promise<HearingRow[]> {
  const rows = await db
    .select({ h: hearings })
    .from(hearingCases)
    .innerJoin(hearings, eq(hearings.id, hearingCases.hearingId))
    .where(eq(hearingCases.caseId, caseId))
    .orderBy(asc(hearings.startsAt));
  return rows.map((r) => r.h);
}

export async function countHearingsOfCase(db: Db, caseId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hearingCases)
    .where(eq(hearingCases.caseId, caseId));
  return row?.n ?? 0;
}

/**
 * Listed hearings that use the same room or the same coroner and overlap [start, end), with the words to
 * explain a clash. Locks the room and the coroner for the rest of the transaction, so two clerks listing
 * at once cannot both take the same slot.
 */
export async function bookingsAround(
  tx: Db,
  want: { roomId: string | null; coronerId: string | null; startsAt: Date; estimatedMinutes: number },
): Promise<Booking[]> {
  const keys = [want.roomId, want.coronerId].filter((k): k is string => Boolean(k)).sort();
  if (keys.length === 0) return [];
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  const end = endOf(want);
  const result = await tx.execute<{
    id: string;
    room_id: string | null;
    room_name: string | null;
    coroner_id: string | null;
    coroner_name: string | null;
    starts_at: string | Date;
    estimated_minutes: number;
    type: keyof typeof HEARING_TYPE_LABELS;
    refs: string;
  }>(sql`
    select h.id, h.room_id, r.name as room_name, h.coroner_id, u.name as coroner_name, h.starts_at,
      h.estimated_minutes, h.type,
      (select string_agg(c.reference, ', ' order by c.reference) from hearing_cases hc
         join cases c on c.id = hc.case_id where hc.hearing_id = h.id) as refs
    from hearings h
    left join court_rooms r on r.id = h.room_id
    left join users u on u.id = h.coroner_id
    where h.status = 'LISTED'
      and (h.room_id = ${want.roomId} or h.coroner_id = ${want.coronerId})
      and h.starts_at < ${end.toISOString()}::timestamptz
      and h.starts_at + make_interval(mins => h.estimated_minutes) > ${want.startsAt.toISOString()}::timestamptz`);
  return result.rows.map((r) => ({
    hearingId: r.id,
    roomId: r.room_id,
    roomName: r.room_name,
    coronerId: r.coroner_id,
    coronerName: r.coroner_name,
    startsAt: new Date(r.starts_at),
    estimatedMinutes: Number(r.estimated_minutes),
    label: `the ${HEARING_TYPE_LABELS[r.type].toLowerCase()} of ${r.refs ?? 'another case'}`,
  }));
}

/** The coroner's name, if they are an active coroner of the area. */
export async function findAreaCoroner(db: Db, id: string, areaCode: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(eq(users.id, id), eq(users.role, 'coroner'), eq(users.areaCode, areaCode), eq(users.active, true)),
    );
  return row;
}

/** Whether the user is linked, as an interested person or their representative, to the case. */
export async function isInterestedPersonOf(db: Db, userId: string, caseId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: interestedPersons.id })
    .from(interestedPersonUsers)
    .innerJoin(interestedPersons, eq(interestedPersons.id, interestedPersonUsers.interestedPersonId))
    .where(
      and(
        eq(interestedPersonUsers.userId, userId),
        sql`${interestedPersonUsers.endedAt} is null`,
        eq(interestedPersons.caseId, caseId),
        activePerson(),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export type PublicListFilter = {
  courtId?: string;
  area?: string;
  from: string;
  to: string;
  page: number;
  pageSize: number;
};

/**
 * The public list (IR r.9(3)): what is listed between two dates (London days, inclusive), by court or area.
 * A case under a reporting restriction shows no name, age or date of death.
 */
export async function publicHearings(
  db: Db,
  f: PublicListFilter,
): Promise<{ items: PublicHearing[]; total: number }> {
  const conditions: SQL[] = [
    sql`h.starts_at >= (${f.from}::date)::timestamp at time zone 'Europe/London'`,
    sql`h.starts_at < (${f.to}::date + 1)::timestamp at time zone 'Europe/London'`,
    // A hearing still listed for cases whose investigations all ended before its day will not take place
    // (the investigation was discontinued, or not resumed): it is not announced to the public.
    sql`(h.status <> 'LISTED' or exists (select 1 from hearing_cases hc join cases c on c.id = hc.case_id
      where hc.hearing_id = h.id
        and (c.closed_on is null or c.closed_on >= (h.starts_at at time zone 'Europe/London')::date)))`,
  ];
  if (f.courtId) conditions.push(sql`h.court_id = ${f.courtId}`);
  if (f.area) conditions.push(sql`h.area_code = ${f.area}`);
  const where = sql.join(conditions, sql` and `);
  const [rows, count] = await Promise.all([
    db.execute<{
      id: string;
      starts_at: string | Date;
      estimated_minutes: number;
      type: keyof typeof HEARING_TYPE_LABELS;
      status: HearingStatus;
      court_id: string;
      court_name: string;
      address_line1: string;
      address_line2: string | null;
      town: string;
      postcode: string | null;
      room_name: string | null;
      deceased: {
        givenNames: string;
        familyName: string;
        age: number | null;
        dateOfDeath: string | null;
        reportingRestriction: string;
      }[];
    }>(sql`
      select h.id, h.starts_at, h.estimated_minutes, h.type, h.status, h.court_id, ct.name as court_name,
        ct.address_line1, ct.address_line2, ct.town, ct.postcode, r.name as room_name,
        (select coalesce(json_agg(json_build_object('givenNames', c.given_names, 'familyName', c.family_name,
            'age', c.age, 'dateOfDeath', c.date_of_death, 'reportingRestriction', c.reporting_restriction)
            order by c.reference), '[]'::json)
           from hearing_cases hc join cases c on c.id = hc.case_id where hc.hearing_id = h.id) as deceased
      from hearings h
      join courts ct on ct.id = h.court_id
      left join court_rooms r on r.id = h.room_id
      where ${where}
      order by h.starts_at, ct.name, h.id
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n from hearings h where ${where}`),
  ]);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    items: rows.rows.map((r) => {
      const startsAt = new Date(r.starts_at);
      return {
        id: r.id,
        startsAt: startsAt.toISOString(),
        endsAt: endOf({ startsAt, estimatedMinutes: Number(r.estimated_minutes) }).toISOString(),
        type: r.type,
        typeLabel: HEARING_TYPE_LABELS[r.type],
        status: r.status,
        statusText: publicStatus(r.status),
        court: {
          id: r.court_id,
          name: r.court_name,
          address: courtAddress({
            addressLine1: r.address_line1,
            addressLine2: r.address_line2,
            town: r.town,
            postcode: r.postcode,
          }),
        },
        room: r.room_name,
        deceased: publicDeceasedOfHearing(r.deceased),
      };
    }),
  };
}

/** Hearings of a court or an area between two instants (the diary, the staff list and calendar). */
export async function courtHearings(
  db: Db,
  at: { courtId?: string; areaCode?: string | null },
  from: Date,
  to: Date,
) {
  const result = await db.execute<{
    id: string;
    court_id: string;
    court_name: string;
    starts_at: string | Date;
    estimated_minutes: number;
    type: keyof typeof HEARING_TYPE_LABELS;
    status: HearingStatus;
    version: number;
    room_name: string | null;
    coroner_name: string | null;
    refs: string | null;
  }>(sql`
    select h.id, h.court_id, ct.name as court_name, h.starts_at, h.estimated_minutes, h.type, h.status, h.version,
      r.name as room_name, u.name as coroner_name,
      (select string_agg(c.reference || ' ' || c.given_names || ' ' || c.family_name, '; ' order by c.reference)
         from hearing_cases hc join cases c on c.id = hc.case_id where hc.hearing_id = h.id) as refs
    from hearings h
    left join court_rooms r on r.id = h.room_id
    left join users u on u.id = h.coroner_id
    join courts ct on ct.id = h.court_id
    where ${at.courtId ? sql`h.court_id = ${at.courtId}` : sql`true`}
      and ${at.areaCode ? sql`h.area_code = ${at.areaCode}` : sql`true`}
      and h.starts_at < ${to.toISOString()}::timestamptz
      -- Sitting at any time in the window: a hearing of several days shows on each of them.
      and h.starts_at + h.estimated_minutes * interval '1 minute' > ${from.toISOString()}::timestamptz
      and h.starts_at > ${from.toISOString()}::timestamptz - interval '11 days' -- the longest hearing listed is 10 days
    order by h.starts_at, r.name
    limit 2000`);
  return result.rows.map((r) => ({
    id: r.id,
    courtId: r.court_id,
    courtName: r.court_name,
    startsAt: new Date(r.starts_at),
    estimatedMinutes: Number(r.estimated_minutes),
    type: r.type,
    status: r.status,
    version: Number(r.version),
    roomName: r.room_name,
    coronerName: r.coroner_name,
    cases: r.refs ?? '',
  }));
}

/** Hearings postponed without a date, per area (the Chief Coroner's oversight). */
export async function postponedCountsByArea(db: Db, areaCodes: string[]): Promise<Map<string, number>> {
  if (areaCodes.length === 0) return new Map();
  const rows = await db
    .select({ areaCode: hearings.areaCode, n: sql<number>`count(*)::int` })
    .from(hearings)
    .where(and(eq(hearings.status, 'POSTPONED'), inArray(hearings.areaCode, areaCodes)))
    .groupBy(hearings.areaCode);
  return new Map(rows.map((r) => [r.areaCode, Number(r.n)]));
}
