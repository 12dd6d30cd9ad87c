import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { fieldErrorsOf, formErrors, validationError } from '../../platform/http/validation.ts';
import { addDays, daysBetween, govukDate, londonDate } from '../../platform/views/dates.ts';
import { listCourts } from './hearings.courts.ts';
import { publicHearings } from './hearings.queries.ts';
import { LIST_DATE_TOO_LATE, publicHearing, publicListQuery } from './hearings.schema.ts';
import { publicListCsv, publicListDays } from './hearings.view.ts';

const MAX_DAYS = 93;

/** The dates asked for: from (default today) to (default a week later), at most about three months. */
function range(q: { from?: string; to?: string }, today: string) {
  const from = q.from ?? today;
  const to = q.to ?? addDays(from, 6);
  if (to < from) throw validationError({ to: 'The last date must be the same as or after the first date' });
  if (daysBetween(from, to) >= MAX_DAYS)
    throw validationError({ to: `Ask for at most ${MAX_DAYS} days at a time` });
  return { from, to };
}

/** The public hearing list (Coroners (Inquests) Rules 2013 r.9(3)): page, JSON and CSV, no sign-in. */
export function registerHearingsPublic(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const today = () => londonDate(deps.clock.now());
  const open = ['Open data'];

  api.get(
    '/api/v1/public/hearings',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary:
          'The public list of hearings by court (or area) and dates; a case under a reporting restriction shows no name or identifying detail',
        security: [],
        querystring: publicListQuery,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            items: z.array(publicHearing),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const { from, to } = range(req.query, today());
      return { from, to, ...(await publicHearings(db, { ...req.query, from, to })) };
    },
  );

  api.get(
    '/api/v1/public/hearings.csv',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary: 'The public hearing list as CSV, filtered like the JSON list (every row, no pages)',
        security: [],
        querystring: publicListQuery.omit({ page: true, pageSize: true }),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const { from, to } = range(req.query, today());
      const { items } = await publicHearings(db, { ...req.query, from, to, page: 1, pageSize: 100_000 });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="hearings-${from}-to-${to}.csv"`)
        .send(publicListCsv(items));
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/hearings',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const q = req.query;
      const dateOf = (name: string) => {
        if (q[name]) return q[name];
        // A repeated box (?from-day=1&from-day=2) arrives as a list: read it as no answer.
        const [d, m, y] = [q[`${name}-day`], q[`${name}-month`], q[`${name}-year`]].map((v) =>
          typeof v === 'string' ? v.trim() : '',
        );
        if (!d && !m && !y) return undefined;
        return `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
      };
      const input = Object.fromEntries(
        Object.entries({ courtId: q.courtId, from: dateOf('from') }).filter(([, v]) => v),
      );
      const parsed = publicListQuery.pick({ courtId: true, from: true }).safeParse(input);
      const problems = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
      // A page words a date as its day, month and year boxes are: never in the API's YYYY-MM-DD.
      if (problems.from)
        problems.from = parsed.error?.issues.some((i) => i.message === LIST_DATE_TOO_LATE)
          ? LIST_DATE_TOO_LATE
          : 'Enter a real date, for example 14 12 2026';
      const errors = formErrors(problems);
      const from = (parsed.success && parsed.data.from) || today();
      const courtId = parsed.success ? parsed.data.courtId : undefined;
      const to = addDays(from, 6);
      const [list, courts] = await Promise.all([
        publicHearings(db, { courtId, from, to, page: 1, pageSize: 1000 }),
        listCourts(db),
      ]);
      const link = (day: string) =>
        `/hearings?${new URLSearchParams({ ...(courtId ? { courtId } : {}), from: day })}`;
      const [y, m, d] = from.split('-');
      return reply.code(errors ? 400 : 200).page('hearings/views/public-list.njk', {
        title: 'Inquest hearings',
        errors,
        period: `${govukDate(from)} to ${govukDate(to)}`,
        fromValue: { day: String(Number(d)), month: String(Number(m)), year: y },
        courtOptions: [
          { value: '', text: 'All courts' },
          ...courts.map((c) => ({ value: c.id, text: c.name, selected: c.id === courtId })),
        ],
        days: publicListDays(list.items),
        total: list.total,
        previous: link(addDays(from, -7)),
        next: link(addDays(from, 7)),
        csv: `/api/v1/public/hearings.csv?${new URLSearchParams({ ...(courtId ? { courtId } : {}), from, to })}`,
      });
    },
  );
}
