/** Changes to a listed hearing: postpone, relist, adjourn, vacate, and what happened (each in the caller's transaction). */
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { caseDeadlines, cases } from '../cases/cases.tables.ts';
import {
  type Ctx,
  checkCasesCanStillBeHeard,
  checkPlace,
  logChange,
  type Place,
  placeOf,
  tellCases,
} from './hearings.commands.ts';
import {
  checkAdjournment,
  checkCaseRemoval,
  checkChange,
  checkNotPast,
  checkOutcome,
  checkUrgency,
  directionClocks,
  HEARING_TYPE_LABELS,
  type HearingChange,
  resumedType,
} from './hearings.domain.ts';
import { anyJury, caseIdsOf } from './hearings.queries.ts';
import type {
  adjournInput,
  outcomeInput,
  postponeInput,
  relistInput,
  removeCaseInput,
  vacateInput,
} from './hearings.schema.ts';
import { type HearingRow, hearingCases, hearings } from './hearings.tables.ts';

/** Locks the hearing and checks the change is allowed in its status. */
async function lockFor(tx: Db, id: string, change: HearingChange): Promise<HearingRow> {
  const [h] = await tx.select().from(hearings).where(eq(hearings.id, id)).for('update');
  if (!h) throw new AppError('NOT_FOUND', 'The hearing could not be found.');
  checkChange(h.status, change);
  return h;
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
    const urgencyReason = checkUrgency(
      { startsAt, estimatedMinutes: before.estimatedMinutes },
      input.urgencyReason,
    );
    await checkCasesCanStillBeHeard(tx, id, before.type);
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
  const place: Place = {
    courtId: before.courtId,
    roomId: input.roomId ?? before.roomId,
    coronerId: input.coronerId ?? before.coronerId,
    startsAt,
    estimatedMinutes: input.estimatedMinutes ?? before.estimatedMinutes,
  };
  const urgencyReason = checkUrgency(place, input.urgencyReason);
  await checkCasesCanStillBeHeard(tx, id, before.type);
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

/**
 * Adjourns a listed hearing that has begun; when it resumes on a set date, that hearing is listed at once.
 */
export async function adjournHearing(
  tx: Db,
  id: string,
  input: z.infer<typeof adjournInput>,
  ctx: Ctx & { listedBy: string | null },
) {
  const before = await lockFor(tx, id, 'ADJOURN');
  checkAdjournment(before, ctx.now);
  const h = await update(tx, id, { status: 'ADJOURNED', reason: input.reason }, ctx.now);
  let resumed: HearingRow | undefined;
  if (input.resumesAt) {
    const startsAt = new Date(input.resumesAt);
    checkNotPast(startsAt, ctx.now, 'resumesAt');
    const place: Place = { ...placeOf(before), startsAt };
    const urgencyReason = checkUrgency(place, input.urgencyReason);
    const type = resumedType(before.type);
    await checkCasesCanStillBeHeard(tx, id, type);
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

/**
 * Takes one case out of a hearing that hears several together; the others stay listed. Only that case's family
 * and interested persons are told (r.10 and r.24), and its timeline records it.
 */
export async function removeCase(tx: Db, id: string, input: z.infer<typeof removeCaseInput>, ctx: Ctx) {
  const before = await lockFor(tx, id, 'REMOVE_CASE');
  checkCaseRemoval(before, await caseIdsOf(tx, id), input.caseId, ctx.now);
  await tx
    .delete(hearingCases)
    .where(and(eq(hearingCases.hearingId, id), eq(hearingCases.caseId, input.caseId)));
  const h = await update(tx, id, {}, ctx.now);
  const [c] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, input.caseId));
  await logChange(tx, id, 'CASE_REMOVED', ctx, {
    caseId: input.caseId,
    reference: c?.reference,
    reason: input.reason,
  });
  await tellCases(tx, h, ctx, {
    template: 'HEARING_CASE_REMOVED',
    clock: 'CHANGED',
    eventType: 'HEARING_CASE_REMOVED',
    title: `Taken out of the ${HEARING_TYPE_LABELS[h.type].toLowerCase()}`,
    reason: input.reason,
    caseIds: [input.caseId],
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
