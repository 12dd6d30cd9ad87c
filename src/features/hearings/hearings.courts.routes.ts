import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { dayOfWeek } from '../../platform/calendar/iso-dates.ts';
import type { FormBody } from '../../platform/forms/forms.ts';
import { readForm } from '../../platform/forms/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import {
  addDays,
  govukDate,
  govukDateTime,
  govukTime,
  londonDate,
  londonInstant,
} from '../../platform/views/dates.ts';
import { createCourt, createRoom, findCourt, findRoom, listCourts, updateRoom } from './hearings.courts.ts';
import { endOf, HEARING_TYPE_LABELS, sitsOn, sittingDays } from './hearings.domain.ts';
import { courtFields, roomFields } from './hearings.forms.ts';
import { showForm, submitForm } from './hearings.page-forms.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { courtHearings } from './hearings.queries.ts';
import { courtInput, listDate, roomInput } from './hearings.schema.ts';
import { STATUS_TAGS } from './hearings.view.ts';

/** The Monday of the week a date falls in. */
export const mondayOf = (date: string) => addDays(date, -((dayOfWeek(date) + 6) % 7));

/** Courts and rooms for court administrators, and the court diary (a week at a time). */
export function registerCourtRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    '/courts',
    { config: { permission: hearingPermissions.courts, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      return reply.page('hearings/views/courts.njk', {
        title: 'Courts and rooms',
        courts: await listCourts(db, principal.areaCode),
      });
    },
  );

  const courtPage = {
    title: 'Add a court',
    fields: courtFields,
    action: '/courts/new',
    submitText: 'Add the court',
    cancel: '/courts',
  };
  app.get(
    '/courts/new',
    { config: { permission: hearingPermissions.courts, audit: null } },
    async (_req, reply) => showForm(reply, courtPage),
  );
  app.post<{ Body: FormBody }>(
    '/courts/new',
    { config: { permission: hearingPermissions.courts, audit: 'COURT_ADDED' } },
    async (req, reply) => {
      const principal = principalOf(req);
      return submitForm(
        reply,
        courtPage,
        req.body,
        readForm(courtFields, req.body),
        courtInput,
        async (data) => {
          const now = deps.clock.now();
          await db.transaction(async (tx) => {
            const c = await createCourt(tx, principal.areaCode!, data);
            await audit(tx, req, { subjectType: 'court', subjectId: c.id, detail: { name: c.name } }, now);
          });
          return '/courts';
        },
      );
    },
  );

  async function ownCourt(areaCode: string | null, id: string) {
    const court = await findCourt(db, id);
    if (!court || court.areaCode !== areaCode) throw notFound('The court');
    return court;
  }
  const roomPage = (court: { id: string; name: string }) => ({
    title: `Add a room to ${court.name}`,
    fields: roomFields,
    action: `/courts/${court.id}/rooms/new`,
    submitText: 'Add the room',
    cancel: '/courts',
  });
  app.get<{ Params: { id: string } }>(
    '/courts/:id/rooms/new',
    { config: { permission: hearingPermissions.courts, audit: null } },
    async (req, reply) => showForm(reply, roomPage(await ownCourt(principalOf(req).areaCode, req.params.id))),
  );
  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/courts/:id/rooms/new',
    { config: { permission: hearingPermissions.courts, audit: 'COURT_ROOM_ADDED' } },
    async (req, reply) => {
      const court = await ownCourt(principalOf(req).areaCode, req.params.id);
      const page = roomPage(court);
      return submitForm(reply, page, req.body, readForm(roomFields, req.body), roomInput, async (data) => {
        const now = deps.clock.now();
        await db.transaction(async (tx) => {
          const room = await createRoom(tx, court.id, data);
          await audit(
            tx,
            req,
            { subjectType: 'court-room', subjectId: room.id, detail: { court: court.name, ...data } },
            now,
          );
        });
        return '/courts';
      });
    },
  );

  const editRoomFields = roomFields.filter((f) => f.path !== 'name');
  async function roomToEdit(areaCode: string | null, courtId: string, roomId: string) {
    const court = await ownCourt(areaCode, courtId);
    const room = await findRoom(db, roomId);
    if (!room || room.courtId !== court.id) throw notFound('The room');
    return {
      room,
      page: {
        title: `Change ${room.name}`,
        caption: court.name,
        fields: editRoomFields,
        action: `/courts/${court.id}/rooms/${room.id}/edit`,
        submitText: 'Save the room',
        cancel: '/courts',
      },
    };
  }
  app.get<{ Params: { id: string; roomId: string } }>(
    '/courts/:id/rooms/:roomId/edit',
    { config: { permission: hearingPermissions.courts, audit: null } },
    async (req, reply) => {
      const { room, page } = await roomToEdit(principalOf(req).areaCode, req.params.id, req.params.roomId);
      return showForm(reply, page, { data: room });
    },
  );
  app.post<{ Params: { id: string; roomId: string }; Body: FormBody }>(
    '/courts/:id/rooms/:roomId/edit',
    { config: { permission: hearingPermissions.courts, audit: 'COURT_ROOM_CHANGED' } },
    async (req, reply) => {
      const { room, page } = await roomToEdit(principalOf(req).areaCode, req.params.id, req.params.roomId);
      const schema = roomInput.omit({ name: true });
      return submitForm(reply, page, req.body, readForm(editRoomFields, req.body), schema, async (data) => {
        const now = deps.clock.now();
        await db.transaction(async (tx) => {
          await updateRoom(tx, room.id, data);
          await audit(tx, req, { subjectType: 'court-room', subjectId: room.id, detail: data }, now);
        });
        return '/courts';
      });
    },
  );

  app.get<{ Querystring: { court?: string; week?: string } }>(
    '/court-diary',
    { config: { permission: hearingPermissions.diary, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const courtList = await listCourts(db, principal.areaCode);
      if (courtList.length === 0)
        return reply.page('hearings/views/diary.njk', { title: 'Court diary', courtOptions: [], days: [] });
      const court = courtList.find((c) => c.id === req.query.court) ?? courtList[0]!;
      const today = londonDate(deps.clock.now());
      // A week that is not a real date, or one the diary cannot reach, shows this week instead.
      const week = listDate('').safeParse(req.query.week);
      const monday = mondayOf(week.success ? week.data : today);
      const rows = await courtHearings(
        db,
        { courtId: court.id },
        londonInstant(monday),
        londonInstant(addDays(monday, 7)),
      );
      const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((day) => ({
        heading: govukDate(day),
        weekday: new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
          weekday: 'long',
          timeZone: 'UTC',
        }),
        today: day === today,
        rows: rows
          .filter((r) => sitsOn(r, day))
          .map((r) => ({
            id: r.id,
            time: sittingTime(r, day),
            type: HEARING_TYPE_LABELS[r.type],
            room: r.roomName ?? 'No room yet',
            coroner: r.coronerName ?? 'No coroner yet',
            cases: r.cases,
            status: r.status.charAt(0) + r.status.slice(1).toLowerCase(),
            tag: STATUS_TAGS[r.status],
          })),
      }));
      const link = (week: string) => `/court-diary?${new URLSearchParams({ court: court.id, week })}`;
      return reply.page('hearings/views/diary.njk', {
        title: 'Court diary',
        court,
        week: `Week beginning ${govukDate(monday)}`,
        courtOptions: courtList.map((c) => ({ value: c.id, text: c.name, selected: c.id === court.id })),
        weekValue: monday,
        days,
        previous: link(addDays(monday, -7)),
        next: link(addDays(monday, 7)),
        thisWeek: link(today),
        feed: `/courts/${court.id}/calendar-feed`,
      });
    },
  );
}

/** When a hearing sits, as the diary shows it on one of its days (the days it sits are those r.7 judges). */
function sittingTime(h: { startsAt: Date; estimatedMinutes: number }, day: string): string {
  const end = endOf(h);
  const days = sittingDays(h);
  if (days.length === 1) return `${govukTime(h.startsAt)} to ${govukTime(end)}`;
  if (days[0] === day) return `From ${govukTime(h.startsAt)}, until ${govukDateTime(end)}`;
  return `Continues, until ${govukDateTime(end)}`;
}
