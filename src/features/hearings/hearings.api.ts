import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { listCaseNotifications } from '../../platform/notify/notify.ts';
import { addDays, londonDate, londonInstant } from '../../platform/views/dates.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import { readableNotifications } from '../links/links.alerts.ts';
import {
  adjournHearing,
  postponeHearing,
  recordOutcome,
  relistHearing,
  removeCase,
  vacateHearing,
} from './hearings.changes.ts';
import { createCourt, createRoom, findCourt, findRoom, listCourts, updateRoom } from './hearings.courts.ts';
import { HEARING_STATUSES, HEARING_TYPES } from './hearings.domain.ts';
import { recordSentByHand } from './hearings.notices.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { courtHearings, getHearingFor, hearingsOfCase, hearingView } from './hearings.queries.ts';
import {
  adjournInput,
  courtInput,
  courtView,
  hearingView as hearingViewSchema,
  listDate,
  listHearingInput,
  notificationView,
  outcomeInput,
  postponeInput,
  relistInput,
  removeCaseInput,
  roomInput,
  vacateInput,
} from './hearings.schema.ts';
import { caseToList, changeHearing, type contextOf, listHearingFor } from './hearings.service.ts';
import { type HearingRow, hearings } from './hearings.tables.ts';

const id = z.object({ id: z.string() });
const tags = ['Hearings'];

const staffItem = z.object({
  id: z.uuid(),
  type: z.enum(HEARING_TYPES),
  status: z.enum(HEARING_STATUSES),
  startsAt: z.string(),
  estimatedMinutes: z.number(),
  court: z.object({ id: z.uuid(), name: z.string() }),
  room: z.string().nullable(),
  coroner: z.string().nullable(),
  cases: z.string(),
});

/** The court of the user's own area, or 404. */
async function ownCourt(deps: AppDeps, areaCode: string | null, courtId: string) {
  const court = await findCourt(deps.database.db, courtId);
  if (!court || court.areaCode !== areaCode) throw notFound('The court');
  return court;
}

export function registerHearingsApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  api.get(
    '/api/v1/courts',
    {
      config: { permission: hearingPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The courts of your area (every area for the Chief Coroner’s office) with their rooms',
        response: { 200: z.array(courtView) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return listCourts(db, p.role === 'chief-coroner' ? undefined : p.areaCode);
    },
  );

  api.post(
    '/api/v1/courts',
    {
      config: { permission: hearingPermissions.courts, audit: 'COURT_ADDED' },
      schema: { tags, summary: 'Add a court to your area', body: courtInput, response: { 201: courtView } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = deps.clock.now();
      const court = await db.transaction(async (tx) => {
        const c = await createCourt(tx, p.areaCode!, req.body);
        await audit(tx, req, { subjectType: 'court', subjectId: c.id, detail: { name: c.name } }, now);
        return c;
      });
      const [view] = (await listCourts(db, p.areaCode)).filter((c) => c.id === court.id);
      return reply.code(201).send(view!);
    },
  );

  api.post(
    '/api/v1/courts/:id/rooms',
    {
      config: { permission: hearingPermissions.courts, audit: 'COURT_ROOM_ADDED' },
      schema: {
        tags,
        summary: 'Add a room to a court of your area (capacity, jury box, video link)',
        params: id,
        body: roomInput,
        response: { 201: courtView },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const court = await ownCourt(deps, p.areaCode, req.params.id);
      const now = deps.clock.now();
      await db.transaction(async (tx) => {
        const room = await createRoom(tx, court.id, req.body);
        await audit(
          tx,
          req,
          { subjectType: 'court-room', subjectId: room.id, detail: { court: court.name, ...req.body } },
          now,
        );
      });
      const [view] = (await listCourts(db, p.areaCode)).filter((c) => c.id === court.id);
      return reply.code(201).send(view!);
    },
  );

  api.put(
    '/api/v1/courts/:id/rooms/:roomId',
    {
      config: { permission: hearingPermissions.courts, audit: 'COURT_ROOM_CHANGED' },
      schema: {
        tags,
        summary: 'Change a room’s seats, jury box or video link',
        params: z.object({ id: z.string(), roomId: z.string() }),
        body: roomInput.omit({ name: true }),
        response: { 200: courtView },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const court = await ownCourt(deps, p.areaCode, req.params.id);
      const room = await findRoom(db, req.params.roomId);
      if (!room || room.courtId !== court.id) throw notFound('The room');
      const now = deps.clock.now();
      await db.transaction(async (tx) => {
        await updateRoom(tx, room.id, req.body);
        await audit(
          tx,
          req,
          { subjectType: 'court-room', subjectId: room.id, detail: { court: court.name, ...req.body } },
          now,
        );
      });
      return (await listCourts(db, p.areaCode)).find((c) => c.id === court.id)!;
    },
  );

  api.post(
    '/api/v1/cases/:id/hearings',
    {
      config: { permission: hearingPermissions.list, audit: 'HEARING_LISTED' },
      schema: {
        tags,
        summary:
          'List a hearing for a case (caseIds: other cases heard together); the family and interested persons are notified',
        params: id,
        body: listHearingInput,
        response: { 201: hearingViewSchema },
      },
    },
    async (req, reply) => {
      const caseRow = await caseToList(deps, req, req.params.id);
      const h = await listHearingFor(deps, req, caseRow, req.body);
      return reply.code(201).send(await hearingView(db, h));
    },
  );

  api.get(
    '/api/v1/cases/:id/hearings',
    {
      config: { permission: hearingPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The hearings of a case, soonest first',
        params: id,
        response: { 200: z.array(hearingViewSchema) },
      },
    },
    async (req) => {
      const caseRow = await getCaseFor(db, principalOf(req), req.params.id);
      return Promise.all((await hearingsOfCase(db, caseRow.id)).map((h) => hearingView(db, h)));
    },
  );

  api.get(
    '/api/v1/hearings',
    {
      config: { permission: hearingPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'Hearings of your area between two dates (London days, inclusive), optionally of one court',
        querystring: z.object({
          courtId: z.uuid({ error: 'Choose a court from the list' }).optional(),
          from: listDate('Enter the first date as a real date, for example 2026-12-01').optional(),
          to: listDate('Enter the last date as a real date, for example 2026-12-31').optional(),
        }),
        response: { 200: z.object({ items: z.array(staffItem) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const from = req.query.from ?? londonDate(deps.clock.now());
      const to = req.query.to ?? addDays(from, 27);
      if (to < from) throw validationError({ to: 'The last date must be on or after the first date' });
      if (req.query.courtId && p.role !== 'chief-coroner')
        await ownCourt(deps, p.areaCode, req.query.courtId);
      const rows = await courtHearings(
        db,
        { courtId: req.query.courtId, areaCode: p.role === 'chief-coroner' ? null : p.areaCode },
        londonInstant(from),
        londonInstant(addDays(to, 1)),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          type: r.type,
          status: r.status,
          startsAt: r.startsAt.toISOString(),
          estimatedMinutes: r.estimatedMinutes,
          court: { id: r.courtId, name: r.courtName },
          room: r.roomName,
          coroner: r.coronerName,
          cases: r.cases,
        })),
      };
    },
  );

  api.get(
    '/api/v1/hearings/:id',
    {
      config: { permission: hearingPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'A hearing with its cases, place, outcome and history',
        params: id,
        response: { 200: hearingViewSchema },
      },
    },
    async (req) => hearingView(db, await getHearingFor(db, principalOf(req), req.params.id)),
  );

  const change = <S extends z.ZodType>(
    path: string,
    auditCode: string,
    summary: string,
    body: S,
    work: (
      tx: Db,
      hearingId: string,
      input: z.output<S>,
      ctx: ReturnType<typeof contextOf>,
    ) => Promise<HearingRow | { hearing: HearingRow }>,
  ) =>
    api.post(
      `/api/v1/hearings/:id/${path}`,
      {
        config: { permission: hearingPermissions.list, audit: auditCode },
        schema: { tags, summary, params: id, body, response: { 200: hearingViewSchema } },
      },
      async (req) =>
        changeHearing(
          deps,
          req,
          req.params.id,
          (tx, ctx) => work(tx, req.params.id, req.body as z.output<S>, ctx),
          req.body as Record<string, unknown>,
        ),
    );

  change(
    'postpone',
    'HEARING_POSTPONED',
    'Postpone a listed hearing to a new date, or with the new date to be set (newStartsAt null)',
    postponeInput,
    postponeHearing,
  );
  change('relist', 'HEARING_RELISTED', 'Give a postponed hearing its new date', relistInput, relistHearing);
  change(
    'adjourn',
    'HEARING_ADJOURNED',
    'Adjourn a listed hearing once it has started (one still to come is postponed instead); with resumesAt the resumed hearing is listed',
    adjournInput,
    adjournHearing,
  );
  change('vacate', 'HEARING_VACATED', 'Vacate a hearing: it will not take place', vacateInput, vacateHearing);
  change(
    'remove-case',
    'HEARING_CASE_REMOVED',
    'Take one case out of a hearing that hears several together; the hearing goes on for the others, and only that case is told',
    removeCaseInput,
    removeCase,
  );
  change(
    'outcome',
    'HEARING_OUTCOME_RECORDED',
    'Record that the hearing was held and the directions given; each direction with a date becomes a clock on the case',
    outcomeInput,
    recordOutcome,
  );

  api.post(
    '/api/v1/hearings/:id/notices/sent-by-hand',
    {
      config: { permission: hearingPermissions.list, audit: 'HEARING_NOTICES_SENT_BY_HAND' },
      schema: {
        tags,
        summary:
          'Record that the office sent the kept notices of this hearing itself (by post, or without a sending service)',
        params: id,
        response: { 200: hearingViewSchema },
      },
    },
    async (req) =>
      changeHearing(deps, req, req.params.id, async (tx, ctx) => {
        await recordSentByHand(tx, req.params.id, ctx.now);
        const [h] = await tx
          .select()
          .from(hearings)
          .where(and(eq(hearings.id, req.params.id)));
        return h!;
      }),
  );

  api.get(
    '/api/v1/cases/:id/notifications',
    {
      config: { permission: hearingPermissions.notifications, audit: null },
      schema: {
        tags,
        summary:
          'What was sent, queued or kept to send about a case (hearing notices and every other message)',
        params: id,
        response: { 200: z.array(notificationView) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const caseRow = await getCaseFor(db, principal, req.params.id);
      const rows = await readableNotifications(db, principal, await listCaseNotifications(db, caseRow.id));
      return rows.map((n) => ({
        id: n.id,
        to: n.recipientName,
        channel: n.channel,
        template: n.template,
        subject: n.subject,
        status: n.status,
        attempts: n.attempts,
        createdAt: n.createdAt.toISOString(),
        sentAt: n.sentAt?.toISOString() ?? null,
        source: n.source,
      }));
    },
  );
}
