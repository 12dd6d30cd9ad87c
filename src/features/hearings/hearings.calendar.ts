import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { hashSecret, newSecret } from '../../platform/auth/tokens.ts';
import { type CalendarEvent, toICalendar } from '../../platform/calendar/ics.ts';
import type { Db } from '../../platform/db/database.ts';
import { AlreadySent, alreadySent, claimOnce, ONCE_FIELD } from '../../platform/forms/once.ts';
import { notFound } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { addDays, londonDate, londonInstant } from '../../platform/views/dates.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { courtAddress, findCourt, findRoom } from './hearings.courts.ts';
import { endOf, HEARING_TYPE_LABELS, type HearingStatus, publicStatus } from './hearings.domain.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { courtHearings, hearingsOfCase, isInterestedPersonOf } from './hearings.queries.ts';
import { calendarFeeds } from './hearings.tables.ts';

const STAFF = ['coroner', 'officer', 'court-admin', 'chief-coroner'];

const icsStatus = (s: HearingStatus): CalendarEvent['status'] =>
  s === 'VACATED' || s === 'POSTPONED' ? 'CANCELLED' : 'CONFIRMED';

/** The hearings of a case as calendar events; postponed and vacated ones are marked cancelled. */
export async function caseCalendar(db: Db, caseId: string, now: Date): Promise<string> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  const rows = await hearingsOfCase(db, caseId);
  const events: CalendarEvent[] = [];
  for (const h of rows) {
    const [court, room] = await Promise.all([
      findCourt(db, h.courtId),
      h.roomId ? findRoom(db, h.roomId) : undefined,
    ]);
    events.push({
      uid: `hearing-${h.id}@opencoroner`,
      start: h.startsAt,
      end: endOf(h),
      summary: `${HEARING_TYPE_LABELS[h.type]}: ${c!.givenNames} ${c!.familyName}${h.status === 'LISTED' ? '' : ` (${publicStatus(h.status).toLowerCase()})`}`,
      location: `${court!.name}${room ? `, ${room.name}` : ''}, ${courtAddress(court!)}`,
      description: `Case ${c!.reference}. Contact the coroner’s office with any questions.`,
      status: icsStatus(h.status),
      sequence: h.version,
      lastModified: h.updatedAt,
    });
  }
  return toICalendar({ name: `Hearings: ${c!.givenNames} ${c!.familyName}`, events, now });
}

/** A court's hearings from a month ago to a year ahead, for staff calendars. */
export async function courtCalendar(db: Db, courtId: string, now: Date): Promise<string> {
  const court = await findCourt(db, courtId);
  const today = londonDate(now);
  const rows = await courtHearings(
    db,
    { courtId },
    londonInstant(addDays(today, -31)),
    londonInstant(addDays(today, 366)),
  );
  return toICalendar({
    name: court!.name,
    now,
    events: rows.map((r) => ({
      uid: `hearing-${r.id}@opencoroner`,
      start: r.startsAt,
      end: endOf(r),
      summary: `${HEARING_TYPE_LABELS[r.type]}: ${r.cases}${r.status === 'LISTED' ? '' : ` (${publicStatus(r.status).toLowerCase()})`}`,
      location: `${court!.name}${r.roomName ? `, ${r.roomName}` : ''}`,
      description: r.coronerName ? `Coroner: ${r.coronerName}` : undefined,
      status: icsStatus(r.status),
      sequence: r.version,
    })),
  });
}

/** The case, if the user may see its hearings: staff who see the case, or one of its interested persons. */
async function caseForCalendar(db: Db, principal: Principal, caseId: string) {
  if (STAFF.includes(principal.role)) return getCaseFor(db, principal, caseId);
  if (!/^[0-9a-f-]{36}$/i.test(caseId) || !(await isInterestedPersonOf(db, principal.userId, caseId)))
    throw notFound('The case');
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  return c!;
}

async function courtForCalendar(db: Db, principal: Principal, courtId: string) {
  const court = await findCourt(db, courtId);
  if (!court || court.areaCode !== principal.areaCode) throw notFound('The court');
  return court;
}

/**
 * Calendar applications cannot sign in or send cookies, so each feed is a secret address: 256 random bits,
 * stored only as a hash, one per user and case (or court). Making a new one replaces the old, and the feed
 * stops working as soon as the user loses access to the case or the court.
 */
async function newFeed(tx: Db, userId: string, target: { caseId?: string; courtId?: string }, now: Date) {
  await tx
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(
      and(
        eq(calendarFeeds.userId, userId),
        isNull(calendarFeeds.revokedAt),
        target.caseId ? eq(calendarFeeds.caseId, target.caseId) : eq(calendarFeeds.courtId, target.courtId!),
      ),
    );
  const secret = newSecret('cal_');
  const [row] = await tx
    .insert(calendarFeeds)
    .values({
      userId,
      caseId: target.caseId ?? null,
      courtId: target.courtId ?? null,
      tokenHash: hashSecret(secret),
      createdAt: now,
    })
    .returning();
  return { secret, id: row!.id };
}

/** The feed's calendar, if its address is current and its user still has access; otherwise undefined. */
export async function feedCalendar(db: Db, secret: string, now: Date): Promise<string | undefined> {
  const [feed] = await db
    .select({ f: calendarFeeds, user: users })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(
      and(
        eq(calendarFeeds.tokenHash, hashSecret(secret)),
        isNull(calendarFeeds.revokedAt),
        sql`${users.active}`,
      ),
    );
  if (!feed) return undefined;
  const { f, user } = feed;
  if (f.caseId) {
    const staffMay =
      STAFF.includes(user.role) &&
      (user.role === 'chief-coroner' ||
        (await db.select({ a: cases.areaCode }).from(cases).where(eq(cases.id, f.caseId)))[0]?.a ===
          user.areaCode);
    if (!staffMay && !(await isInterestedPersonOf(db, user.id, f.caseId))) return undefined;
    return caseCalendar(db, f.caseId, now);
  }
  const court = await findCourt(db, f.courtId!);
  if (!court || court.areaCode !== user.areaCode || !STAFF.includes(user.role)) return undefined;
  return courtCalendar(db, court.id, now);
}

const sendIcs = (reply: FastifyReply, body: string, name: string) =>
  reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${name}.ics"`)
    .header('cache-control', 'private, max-age=300')
    .send(body);

/** Calendar feeds: per case (interested persons, staff), per court (staff), and the secret feed addresses. */
export function registerCalendarRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['Hearings'];
  const feedUrl = (secret: string) => `${deps.config.publicUrl}/calendar-feeds/${secret}.ics`;
  const id = z.object({ id: z.string() });

  api.get(
    '/api/v1/cases/:id/calendar.ics',
    {
      config: { permission: hearingPermissions.caseCalendar, audit: null },
      schema: {
        tags,
        summary: 'The hearings of a case as iCalendar (signed-in callers; calendar apps use a feed address)',
        params: id,
        produces: ['text/calendar'],
      },
    },
    async (req, reply) => {
      const c = await caseForCalendar(db, principalOf(req), req.params.id);
      return sendIcs(reply, await caseCalendar(db, c.id, deps.clock.now()), `hearings-${c.reference}`);
    },
  );

  api.get(
    '/api/v1/courts/:id/calendar.ics',
    {
      config: { permission: hearingPermissions.diary, audit: null },
      schema: {
        tags,
        summary: 'A court’s hearings as iCalendar, for staff of its area',
        params: id,
        produces: ['text/calendar'],
      },
    },
    async (req, reply) => {
      const court = await courtForCalendar(db, principalOf(req), req.params.id);
      return sendIcs(reply, await courtCalendar(db, court.id, deps.clock.now()), 'court-hearings');
    },
  );

  const feedResponse = { 201: z.object({ url: z.string(), note: z.string() }) };
  const note =
    'Keep this address private: anyone who has it can see these hearings. Making a new one stops the old one.';

  /** A new feed address; from a page, `once` is the page's single-use token (a reload makes nothing new). */
  async function createFeed(
    req: FastifyRequest<{ Params: { id: string } }>,
    kind: 'case' | 'court',
    once?: unknown,
  ) {
    const principal = principalOf(req);
    const target =
      kind === 'case'
        ? { caseId: (await caseForCalendar(db, principal, req.params.id)).id }
        : { courtId: (await courtForCalendar(db, principal, req.params.id)).id };
    const now = deps.clock.now();
    return db.transaction(async (tx) => {
      if (!(await claimOnce(tx, principal.userId, once, now))) throw new AlreadySent();
      const feed = await newFeed(tx, principal.userId, target, now);
      await audit(
        tx,
        req,
        { caseId: target.caseId, subjectType: 'calendar-feed', subjectId: feed.id, detail: target },
        now,
      );
      return feedUrl(feed.secret);
    });
  }

  api.post(
    '/api/v1/cases/:id/calendar-feeds',
    {
      config: { permission: hearingPermissions.caseCalendar, audit: 'CALENDAR_FEED_CREATED' },
      schema: {
        tags,
        summary: 'A new secret calendar address for a case’s hearings (replaces your previous one)',
        params: id,
        response: feedResponse,
      },
    },
    async (req, reply) => reply.code(201).send({ url: await createFeed(req, 'case'), note }),
  );

  api.post(
    '/api/v1/courts/:id/calendar-feeds',
    {
      config: { permission: hearingPermissions.diary, audit: 'CALENDAR_FEED_CREATED' },
      schema: {
        tags,
        summary: 'A new secret calendar address for a court’s hearings (replaces your previous one)',
        params: id,
        response: feedResponse,
      },
    },
    async (req, reply) => reply.code(201).send({ url: await createFeed(req, 'court'), note }),
  );

  app.get<{ Params: { file: string } }>(
    '/calendar-feeds/:file',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const secret = req.params.file.replace(/\.ics$/, '');
      const body = /^cal_[A-Za-z0-9_-]{43}$/.test(secret)
        ? await feedCalendar(db, secret, deps.clock.now())
        : undefined;
      if (!body) throw notFound('The calendar');
      return sendIcs(reply, body, 'hearings');
    },
  );

  for (const kind of ['case', 'court'] as const) {
    const path = kind === 'case' ? '/cases/:id/calendar-feed' : '/courts/:id/calendar-feed';
    const permission = kind === 'case' ? hearingPermissions.caseCalendar : hearingPermissions.diary;
    const describe = async (req: FastifyRequest<{ Params: { id: string } }>) => {
      const principal = principalOf(req);
      if (kind === 'case') {
        const c = await caseForCalendar(db, principal, req.params.id);
        return {
          what: `the hearings in the investigation into the death of ${c.givenNames} ${c.familyName}`,
          back: STAFF.includes(principal.role) ? `/cases/${c.id}/hearings` : `/portal/cases/${c.id}`,
        };
      }
      const court = await courtForCalendar(db, principal, req.params.id);
      return { what: `the hearings at ${court.name}`, back: `/court-diary?court=${court.id}` };
    };
    app.get<{ Params: { id: string } }>(path, { config: { permission, audit: null } }, async (req, reply) => {
      const d = await describe(req);
      return reply.page('hearings/views/calendar-feed.njk', {
        title: 'Add hearings to your calendar',
        ...d,
        action: req.url.split('?')[0],
        backLink: d.back,
      });
    });
    app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(
      path,
      { config: { permission, audit: 'CALENDAR_FEED_CREATED' } },
      async (req, reply) => {
        const d = await describe(req);
        const page = { title: 'Add hearings to your calendar', ...d, backLink: d.back };
        const once = req.body?.[ONCE_FIELD];
        // Sent again (a reload): nothing new is made, and the address already given out keeps working.
        const repeated = () =>
          reply.page('hearings/views/calendar-feed.njk', {
            ...page,
            repeated: true,
            action: req.url.split('?')[0],
          });
        if (await alreadySent(db, principalOf(req).userId, once)) return repeated();
        let url: string;
        try {
          url = await createFeed(req, kind, once);
        } catch (error) {
          if (error instanceof AlreadySent) return repeated();
          throw error;
        }
        return reply.page('hearings/views/calendar-feed.njk', { ...page, url, note });
      },
    );
  }
}
