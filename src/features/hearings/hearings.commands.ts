import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import type { Sender } from '../../platform/notify/notify.ts';
import { govukDate, govukTime, londonDate } from '../../platform/views/dates.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { caseDeadlines, cases } from '../cases/cases.tables.ts';
import { courtAddress, findCourt, findRoom } from './hearings.courts.ts';
import {
  checkCaseCanBeHeard,
  checkChange,
  checkNotPast,
  checkOutcome,
  checkRoomFits,
  checkUrgency,
  directionClocks,
  HEARING_TYPE_LABELS,
  type HearingChange,
  type HearingType,
  noticeClock,
  refuseConflicts,
  resumedType,
} from './hearings.domain.ts';
import { giveNotice, type NoticeTemplate } from './hearings.notices.ts';
import { bookingsAround, caseIdsOf, findAreaCoroner } from './hearings.queries.ts';
import type {
  adjournInput,
  ListHearingInput,
  outcomeInput,
  postponeInput,
  relistInput,
  vacateInput,
} from './hearings.schema.ts';
import { type HearingRow, hearingCases, hearingChanges, hearings } from './hearings.tables.ts';

export type Ctx = { actor: Actor; now: Date; notifier: Pick<Sender, 'configured'> };

type Place = {
  courtId: string;
  roomId: string | null;
  coronerId: string | null;
  startsAt: Date;
  estimatedMinutes: number;
};

const placeOf = (h: HearingRow): Place => ({
  courtId: h.courtId,
  roomId: h.roomId,
  coronerId: h.coronerId,
  startsAt: h.startsAt,
  estimatedMinutes: h.estimatedMinutes,
});

/** Checks a place and time for a hearing: the court of the area, its room, the area's coroner, no clash. */
async function checkPlace(
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
  const rows = await tx
    .select()
    .from(cases)
    .where(and(inArray(cases.id, wanted), eq(cases.areaCode, primary.areaCode)));
  if (rows.length !== wanted.length)
    throw validationError({ caseIds: 'Each case heard together must be a case of the same coroner area' });
  return [primary, ...rows];
}

async function logChange(tx: Db, hearingId: string, kind: string, ctx: Ctx, detail: Record<string, unknown>) {
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
async function tellCases(
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
  },
) {
  const [court, room] = await Promise.all([
    findCourt(tx, h.courtId),
    h.roomId ? findRoom(tx, h.roomId) : undefined,
  ]);
  const caseIds = await caseIdsOf(tx, h.id);
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
        clock: noticeClock({ ...h, startsAt: change.next ?? h.startsAt }, change.clock, londonDate(ctx.now)),
      },
      ctx.now,
      ctx.notifier,
    );
  }
  return told;
}

const caseFacts = (c: CaseRow) => ({
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
  for (const c of heard) checkCaseCanBeHeard(input.type, caseFacts(c));
  const startsAt = new Date(input.startsAt);
  if (input.alreadyHeld) {
    if (startsAt.getTime() > ctx.now.getTime())
      throw validationError({ startsAt: 'A hearing already held must have a date and time in the past' });
  } else checkNotPast(startsAt, ctx.now);
  const urgencyReason = checkUrgency(startsAt, input.urgencyReason);
  const place: Place = {
    courtId: input.courtId,
    roomId: input.roomId ?? null,
    coronerId: input.coronerId ?? primary.assignedCoronerId ?? null,
    startsAt,
    estimatedMinutes: input.estimatedMinutes,
  };
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

/** Locks the hearing and checks the change is allowed in its status. */
async function lockFor(tx: Db, id: string, change: HearingChange): Promise<HearingRow> {
  const [h] = await tx.select().from(hearings).where(eq(hearings.id, id)).for('update');
  if (!h) throw new AppError('NOT_FOUND', 'The hearing could not be found.');
  checkChange(h.status, change);
  return h;
}

async function anyJury(tx: Db, hearingId: string): Promise<boolean> {
  const [row] = await tx
    .execute<{ jury: boolean }>(sql`
    select bool_or(coalesce(c.jury, false)) as jury from hearing_cases hc join cases c on c.id = hc.case_id
    where hc.hearing_id = ${hearingId}`)
    .then((r) => r.rows);
  return Boolean(row?.jury);
}

async function update(tx: Db, id: string, set: Partial<typeof hearings.$inferInsert>, now: Date) {
  const [h] = await tx
    .update(hearings)
    .set({ ...set, version: sql`${hearings.version} + 1`, updatedAt: now })
    .where(eq(hearings.id, id))
    .returning();
  return h!;
}

/** Postpones a listed hearing: to a new date, or with the date to be set (r.10: everyone is told). */
export async function postponeHearing(tx: Db, id: string, input: z.infer<typeof postponeInput>, ctx: Ctx) {
  const before = await lockFor(tx, id, 'POSTPONE');
  const label = HEARING_TYPE_LABELS[before.type];
  if (input.newStartsAt) {
    const startsAt = new Date(input.newStartsAt);
    checkNotPast(startsAt, ctx.now, 'newStartsAt');
    const urgencyReason = checkUrgency(startsAt, input.urgencyReason);
    await checkPlace(
      tx,
      before.areaCode,
      before.type,
      { ...before, startsAt },
      {
        hearingId: before.id,
        anyJury: await anyJury(tx, before.id),
        conflicts: true,
      },
    );
    const h = await update(
      tx,
      id,
      { startsAt, urgencyReason, reason: input.reason, status: 'LISTED' },
      ctx.now,
    );
    await logChange(tx, id, 'POSTPONED', ctx, {
      reason: input.reason,
      from: before.startsAt.toISOString(),
      to: input.newStartsAt,
    });
    await tellCases(tx, { ...h, startsAt: before.startsAt }, ctx, {
      template: 'HEARING_MOVED',
      clock: 'CHANGED',
      eventType: 'HEARING_POSTPONED',
      title: `${label} moved to a new date`,
      reason: input.reason,
      next: startsAt,
    });
    return h;
  }
  const h = await update(tx, id, { status: 'POSTPONED', reason: input.reason }, ctx.now);
  await logChange(tx, id, 'POSTPONED', ctx, {
    reason: input.reason,
    from: before.startsAt.toISOString(),
    to: null,
  });
  await tellCases(tx, h, ctx, {
    template: 'HEARING_POSTPONED',
    clock: 'CHANGED',
    eventType: 'HEARING_POSTPONED',
    title: `${label} postponed, new date to be set`,
    reason: input.reason,
  });
  return h;
}

/** Gives a postponed hearing its new date (r.9: notice of the date fixed). */
export async function relistHearing(tx: Db, id: string, input: z.infer<typeof relistInput>, ctx: Ctx) {
  const before = await lockFor(tx, id, 'RELIST');
  const startsAt = new Date(input.startsAt);
  checkNotPast(startsAt, ctx.now);
  const urgencyReason = checkUrgency(startsAt, input.urgencyReason);
  const place: Place = {
    courtId: before.courtId,
    roomId: input.roomId ?? before.roomId,
    coronerId: input.coronerId ?? before.coronerId,
    startsAt,
    estimatedMinutes: input.estimatedMinutes ?? before.estimatedMinutes,
  };
  await checkPlace(tx, before.areaCode, before.type, place, {
    hearingId: before.id,
    anyJury: await anyJury(tx, before.id),
    conflicts: true,
  });
  const h = await update(tx, id, { ...place, urgencyReason, status: 'LISTED' }, ctx.now);
  await logChange(tx, id, 'RELISTED', ctx, { startsAt: input.startsAt });
  await tellCases(tx, h, ctx, {
    template: 'HEARING_RELISTED',
    clock: 'FIXED',
    eventType: 'HEARING_RELISTED',
    title: `${HEARING_TYPE_LABELS[h.type]} relisted`,
    next: startsAt,
  });
  return h;
}

/** Adjourns a listed hearing; when it resumes on a set date, that hearing is listed at once. */
export async function adjournHearing(
  tx: Db,
  id: string,
  input: z.infer<typeof adjournInput>,
  ctx: Ctx & { listedBy: string | null },
) {
  const before = await lockFor(tx, id, 'ADJOURN');
  const h = await update(tx, id, { status: 'ADJOURNED', reason: input.reason }, ctx.now);
  let resumed: HearingRow | undefined;
  if (input.resumesAt) {
    const startsAt = new Date(input.resumesAt);
    checkNotPast(startsAt, ctx.now, 'resumesAt');
    const urgencyReason = checkUrgency(startsAt, input.urgencyReason);
    const type = resumedType(before.type);
    const place: Place = { ...placeOf(before), startsAt };
    await checkPlace(tx, before.areaCode, type, place, {
      hearingId: before.id,
      anyJury: await anyJury(tx, before.id),
      conflicts: true,
    });
    [resumed] = await tx
      .insert(hearings)
      .values({
        areaCode: before.areaCode,
        ...place,
        type,
        status: 'LISTED',
        urgencyReason,
        adjournedFrom: before.id,
        listedBy: ctx.listedBy,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const caseIds = await caseIdsOf(tx, before.id);
    await tx.insert(hearingCases).values(caseIds.map((caseId) => ({ hearingId: resumed!.id, caseId })));
    await logChange(tx, resumed!.id, 'LISTED', ctx, { startsAt: input.resumesAt, adjournedFrom: before.id });
  }
  await logChange(tx, id, 'ADJOURNED', ctx, { reason: input.reason, resumesAt: input.resumesAt ?? null });
  await tellCases(tx, h, ctx, {
    template: 'HEARING_ADJOURNED',
    clock: 'CHANGED',
    eventType: 'HEARING_ADJOURNED',
    title: `${HEARING_TYPE_LABELS[h.type]} adjourned`,
    reason: input.reason,
    next: resumed?.startsAt ?? null,
  });
  return { hearing: h, resumed };
}

/** Vacates a hearing: it will not take place (everyone is told). */
export async function vacateHearing(tx: Db, id: string, input: z.infer<typeof vacateInput>, ctx: Ctx) {
  await lockFor(tx, id, 'VACATE');
  const h = await update(tx, id, { status: 'VACATED', reason: input.reason }, ctx.now);
  await logChange(tx, id, 'VACATED', ctx, { reason: input.reason });
  await tellCases(tx, h, ctx, {
    template: 'HEARING_VACATED',
    clock: 'CHANGED',
    eventType: 'HEARING_VACATED',
    title: `${HEARING_TYPE_LABELS[h.type]} vacated`,
    reason: input.reason,
  });
  return h;
}

/** Records that a hearing took place and the directions given; each direction with a date becomes a clock. */
export async function recordOutcome(tx: Db, id: string, input: z.infer<typeof outcomeInput>, ctx: Ctx) {
  const before = await lockFor(tx, id, 'RECORD_OUTCOME');
  checkOutcome(input, londonDate(before.startsAt), londonDate(ctx.now));
  const h = await update(tx, id, { status: 'HELD', outcome: input }, ctx.now);
  await logChange(tx, id, 'HELD', ctx, { heldOn: input.heldOn, directions: input.directions.length });
  const clocks = directionClocks(id, input.heldOn, input.directions);
  for (const caseId of await caseIdsOf(tx, id)) {
    await appendCaseEvent(tx, caseId, 'HEARING_HELD', ctx.actor, ctx.now, {
      title: `${HEARING_TYPE_LABELS[h.type]} held`,
      summary: [
        `Held on ${govukDate(input.heldOn)}.`,
        ...input.directions.map(
          (d) =>
            `Direction (${d.kind.toLowerCase().replace('_', ' ')}): ${d.text}${d.dueOn ? ` by ${govukDate(d.dueOn)}` : ''}.`,
        ),
      ].join(' '),
      hearingId: id,
    });
    if (clocks.length)
      await tx
        .insert(caseDeadlines)
        .values(clocks.map((c) => ({ caseId, source: 'hearing', ...c })))
        .onConflictDoNothing();
  }
  return h;
}
