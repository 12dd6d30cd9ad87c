import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import { workingDayOnOrAfter } from '../../platform/calendar/working-days.ts';
import type { Db } from '../../platform/db/database.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { addDays, londonDate, londonInstant } from '../../platform/views/dates.ts';
import { courts } from '../areas/areas.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { listHearing } from './hearings.commands.ts';
import type { HearingType } from './hearings.domain.ts';
import { courtRooms, hearingCases } from './hearings.tables.ts';

const DEMO_ROOMS = [
  { name: 'Court 1', capacity: 60, juryCapable: true, videoLink: true },
  { name: 'Court 2', capacity: 24, juryCapable: false, videoLink: true },
];

/**
 * Demo data: two rooms at each court of East London and a few hearings for cases already in the area
 * (openings for open investigations, pre-inquest reviews and inquests for opened inquests) on the coming
 * working days. Does nothing without such cases, and never lists a case twice.
 */
export async function seedDemoHearings(tx: Db, now: Date, areaCode = 'EL'): Promise<number> {
  const candidates = await tx
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.areaCode, areaCode),
        isNull(cases.closedOn),
        sql`${cases.investigationOpenedAt} is not null`,
        sql`${cases.status} in ('INVESTIGATION_OPEN', 'INQUEST_OPENED')`,
        sql`not exists (select 1 from ${hearingCases} hc where hc.case_id = ${cases.id})`,
      ),
    )
    // Oldest first; cases reported at the same moment in the order their references were taken.
    .orderBy(asc(cases.reportedAt), asc(cases.reference))
    .limit(4);
  if (candidates.length === 0) return 0;
  const [court] = await tx
    .select()
    .from(courts)
    .where(eq(courts.areaCode, areaCode))
    .orderBy(asc(courts.name))
    .limit(1);
  if (!court) return 0;
  for (const room of DEMO_ROOMS)
    await tx
      .insert(courtRooms)
      .values({ courtId: court.id, ...room })
      .onConflictDoNothing();
  const rooms = await tx
    .select()
    .from(courtRooms)
    .where(eq(courtRooms.courtId, court.id))
    .orderBy(asc(courtRooms.name));
  let listed = 0;
  for (const [i, c] of candidates.entries()) {
    const type: HearingType = !c.inquestOpenedOn ? 'OPENING' : i % 2 === 0 ? 'PRE_INQUEST_REVIEW' : 'INQUEST';
    const day = workingDayOnOrAfter(addDays(londonDate(now), 7 + i * 2));
    const room =
      type === 'INQUEST' ? (rooms.find((r) => r.juryCapable) ?? rooms[0]) : rooms[rooms.length - 1];
    // Each in its own savepoint: a demo slot that is already taken is skipped, not fatal to the seed.
    const ok = await tx
      .transaction(async (sp) => {
        await listHearing(
          sp,
          c,
          {
            type,
            courtId: court.id,
            roomId: room?.id,
            startsAt: londonInstant(day, i % 2 === 0 ? '10:00' : '14:00').toISOString(),
            estimatedMinutes: type === 'INQUEST' ? 180 : type === 'OPENING' ? 30 : 60,
          },
          { actor: SYSTEM_ACTOR, now, notifier: { configured: false }, listedBy: null },
        );
        return true;
      })
      .catch((error: unknown) => {
        if (isAppError(error)) return false;
        throw error;
      });
    if (ok) listed++;
  }
  return listed;
}
