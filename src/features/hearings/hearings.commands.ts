import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import type { Sender } from '../../platform/notify/notify.ts';
import { govukDate, govukTime, londonDate } from '../../platform/views/dates.ts';
import { appendCaseEvent, lockCases } from '../cases/cases.commands.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { courtAddress, findCourt, findRoom } from './hearings.courts.ts';
import {
  checkCaseCanBeHeard,
  checkNotPast,
  checkRoomFits,
  checkUrgency,
  HEARING_TYPE_LABELS,
  type HearingType,
  noticeClock,
  refuseConflicts,
} from './hearings.domain.ts';
import { giveNotice, type NoticeTemplate } from './hearings.notices.ts';
import { bookingsAround, caseIdsOf, findAreaCoroner } from './hearings.queries.ts';
import type { ListHearingInput } from './hearings.schema.ts';
import { type HearingRow, hearingCases, hearingChanges, hearings } from './hearings.tables.ts';

export type Ctx = { actor: Actor; now: Date; notifier: Pick<Sender, 'configured'> };

export type Place = {
  courtId: string;
  roomId: string | null;
  coronerId: string | null;
  startsAt: Date;
  estimatedMinutes: number;
};

export const placeOf = (h: HearingRow): Place => ({
  courtId: h.courtId,
  roomId: h.roomId,
  coronerId: h.coronerId,
  startsAt: h.startsAt,
  estimatedMinutes: h.estimatedMinutes,
});

/** Checks a place and time for a hearing: the court of the area, its room, the area's coroner, no clash. */
export async function checkPlace(
  tx: Db,
  areaCode: string,
  type: HearingType,
  place: Place,
  opts: { hearingId: string; anyJury: boolean; conflicts: boolean },
) {
  const court = await findCourt(tx, place.courtId);
  if (!court) throw validationError({ courtId: 'Select a court from the list' });
  if (court.areaCode !== areaCode)
    throw validationError({
      courtId: `${court.name} belongs to another coroner area: choose a court of the case’s own area`,
    });
  const room = place.roomId ? await findRoom(tx, place.roomId) : undefined;
  if (place.roomId && (!room || room.courtId !== court.id))
    throw validationError({ roomId: `Select a room of ${court.name}` });
  const coroner = place.coronerId ? await findAreaCoroner(tx, place.coronerId, areaCode) : undefined;
  if (place.coronerId && !coroner) throw validationError({ coronerId: 'Select a coroner of this area' });
  checkRoomFits(type, room ?? null, opts.anyJury);
  if (opts.conflicts)
    refuseConflicts({ hearingId: opts.hearingId, ...place, label: '' }, await bookingsAround(tx, place));
  return { court, room: room ?? null, coroner: coroner ?? null };
}

async function casesToHear(tx: Db, primary: CaseRow, otherIds: readonly string[]): Promise<CaseRow[]> {
  const wanted = [...new Set(otherIds.filter((id) => id !== primary.id))];
  if (wanted.length === 0) return [primary];
  // Two listings of the same cases heard together, made at once, queue rather than deadlock.
  await lockCases(tx, [primary.id, ...wanted]);
  const rows = await tx
    .select()
    .from(cases)
    .where(and(inArray(cases.id, wanted), eq(cases.areaCode, primary.areaCode)));
  if (rows.length !== wanted.length)
    throw validationError({ caseIds: 'Each case heard together must be a case of the same coroner area' });
  return [primary, ...rows];
}

export async function logChange(
  tx: Db,
  hearingId: string,
  kind: string,
  ctx: Ctx,
  detail: Record<string, unknown>,
) {
  await tx.insert(hearingChanges).values({
    hearingId,
    kind,
    at: ctx.now,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    detail,
  });
}

/** The words for a hearing's place and time on the case timeline. */
function where(h: Pick<HearingRow, 'startsAt'>, courtName: string, roomName: string | null) {
  return `${govukDate(h.startsAt)} at ${govukTime(h.startsAt)}, ${courtName}${roomName ? `, ${roomName}` : ''}`;
}

/** Tells every case of the hearing, puts the change on each case's timeline and starts the notice clocks. */
export async function tellCases(
  tx: Db,
  h: HearingRow,
  ctx: Ctx,
  change: {
    template: NoticeTemplate | null;
    clock: 'FIXED' | 'CHANGED';
    eventType: string;
    title: string;
    reason?: string | null;
    next?: Date | null;
    /** Only these cases (one taken out of the hearing); by default every case the hearing hears. */
    caseIds?: readonly string[];
  },
) {
  const [court, room] = await Promise.all([
    findCourt(tx, h.courtId),
    h.roomId ? findRoom(tx, h.roomId) : undefined,
  ]);
  const caseIds = change.caseIds ?? (await caseIdsOf(tx, h.id));
  const summary = `${HEARING_TYPE_LABELS[h.type]}: ${where(change.next ? { startsAt: change.next } : h, court!.name, room?.name ?? null)}${change.reason ? `. Reason: ${change.reason}` : ''}`;
  let told = 0;
  for (const caseId of caseIds) {
    await appendCaseEvent(tx, caseId, change.eventType, ctx.actor, ctx.now, {
      title: change.title,
      summary,
      hearingId: h.id,
    });
    if (!change.template) continue;
    told += await giveNotice(
      tx,
      {
        caseId,
        hearingId: h.id,
        facts: {
          template: change.template,
          type: h.type,
          startsAt: h.startsAt,
          estimatedMinutes: h.estimatedMinutes,
          court: court!.name,
          address: courtAddress(court!),
          room: room?.name ?? null,
          videoLink: room?.videoLink ?? false,
          reason: change.reason,
          next: change.next,
        },
        clock: noticeClock({ ...h, startsAt: change.next ?? h.startsAt }, change.clock, ctx.now),
      },
      ctx.now,
      ctx.notifier,
    );
  }
  return told;
}

/**
 * A hearing given a new date hears only cases that may be heard now: a case suspended, closed or being
 * transferred since it was listed is taken out of it (or the hearing vacated) instead.
 */
export async function checkCasesCanStillBeHeard(tx: Db, hearingId: string, type: HearingType): Promise<void> {
  const heard = await tx
    .select()
    .from(cases)
    .innerJoin(hearingCases, eq(hearingCases.caseId, cases.id))
    .where(eq(hearingCases.hearingId, hearingId));
  for (const { cases: c } of heard) checkCaseCanBeHeard(type, caseFacts(c));
}

/** Why cases asked to be heard with another cannot be, in one sentence each, or nothing. */
export function heardWithRefusals(type: HearingType, others: readonly CaseRow[]): string | undefined {
  const byReference = [...others].sort((a, b) => a.reference.localeCompare(b.reference));
  const reasons = byReference.flatMap((c) => {
    try {
      checkCaseCanBeHeard(type, caseFacts(c));
      return [];
    } catch (error) {
      if (error instanceof AppError) return [error.message];
      throw error;
    }
  });
  return reasons.length ? reasons.join(' ') : undefined;
}

/** What the listing rules need to know of a case. */
export const caseFacts = (c: CaseRow) => ({
  reference: c.reference,
  status: c.status,
  investigationOpenedAt: c.state.investigationOpenedAt,
  inquestOpenedOn: c.inquestOpenedOn,
  closed: Boolean(c.closedOn),
  jury: c.jury,
});

/** Lists a hearing (or records one already held) for a case and any cases heard with it. */
export async function listHearing(
  tx: Db,
  primary: CaseRow,
  input: ListHearingInput,
  ctx: Ctx & { listedBy: string | null },
) {
  const heard = await casesToHear(tx, primary, input.caseIds ?? []);
  checkCaseCanBeHeard(input.type, caseFacts(primary));
  // Every case heard with it that cannot be, named at once, on the question that named them.
  const refused = heardWithRefusals(input.type, heard.slice(1));
  if (refused) throw validationError({ caseIds: refused });
  const startsAt = new Date(input.startsAt);
  if (input.alreadyHeld) {
    if (startsAt.getTime() > ctx.now.getTime())
      throw validationError({ startsAt: 'A hearing already held must have a date and time in the past' });
    // Nor before the coroner knew of the death: a hearing comes after the report of every case it hears.
    const reported = Math.max(...heard.map((c) => c.reportedAt.getTime()));
    if (startsAt.getTime() < reported)
      throw validationError({ startsAt: 'A hearing cannot be dated before the death was reported' });
  } else checkNotPast(startsAt, ctx.now);
  const place: Place = {
    courtId: input.courtId,
    roomId: input.roomId ?? null,
    coronerId: input.coronerId ?? primary.assignedCoronerId ?? null,
    startsAt,
    estimatedMinutes: input.estimatedMinutes,
  };
  // r.7 on every day it sits, not only the first.
  const urgencyReason = checkUrgency(place, input.urgencyReason);
  const { court, room } = await checkPlace(tx, primary.areaCode, input.type, place, {
    hearingId: '',
    anyJury: heard.some((c) => c.jury === true),
    conflicts: !input.alreadyHeld,
  });
  const [h] = await tx
    .insert(hearings)
    .values({
      areaCode: primary.areaCode,
      ...place,
      type: input.type,
      status: input.alreadyHeld ? 'HELD' : 'LISTED',
      urgencyReason,
      outcome: input.alreadyHeld ? { heldOn: londonDate(startsAt), directions: [] } : null,
      listedBy: ctx.listedBy,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await tx.insert(hearingCases).values(heard.map((c) => ({ hearingId: h!.id, caseId: c.id })));
  await logChange(tx, h!.id, input.alreadyHeld ? 'RECORDED_AS_HELD' : 'LISTED', ctx, {
    startsAt: input.startsAt,
    court: court.name,
    room: room?.name ?? null,
    urgencyReason,
  });
  const label = HEARING_TYPE_LABELS[input.type];
  await tellCases(tx, h!, ctx, {
    template: input.alreadyHeld ? null : 'HEARING_LISTED',
    clock: 'FIXED',
    eventType: input.alreadyHeld ? 'HEARING_HELD' : 'HEARING_LISTED',
    title: input.alreadyHeld ? `${label} held` : `${label} listed`,
  });
  return h!;
}
