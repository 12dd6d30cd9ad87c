import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { fieldErrorsOf, formErrors, validationError } from '../../platform/http/validation.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { sendCsv, sendOds } from './statistics.api.ts';
import type { Statistics } from './statistics.domain.ts';
import { loadStatistics, statisticsQuery, withoutBlanks } from './statistics.service.ts';
import { statisticsPage } from './statistics.view.ts';

/** The statistics page (public, like the Ministry of Justice's own tables) and its downloads. */
export function registerStatisticsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/statistics',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const areas = await listAreas(db);
      const parsed = statisticsQuery.safeParse(withoutBlanks(req.query));
      const fallback = { year: Number(deps.clock.now().toISOString().slice(0, 4)) };
      let errors = parsed.success ? undefined : formErrors(fieldErrorsOf(parsed.error.issues));
      let stats: Statistics;
      try {
        stats = await loadStatistics(deps, parsed.success ? parsed.data : fallback);
      } catch (error) {
        if (!isAppError(error) || !error.fields) throw error;
        errors = formErrors(error.fields);
        stats = await loadStatistics(deps, fallback);
      }
      return reply.code(errors ? 400 : 200).page('statistics/views/statistics.njk', {
        title: `Coroner statistics ${stats.year}`,
        errors,
        form: { year: req.query.year ?? String(stats.year), area: req.query.area ?? '' },
        ...statisticsPage(stats, areas),
      });
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/statistics.csv',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) =>
      sendCsv(reply, await loadStatistics(deps, statisticsQueryOrThrow(withoutBlanks(req.query)))),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/statistics.ods',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) =>
      sendOds(
        reply,
        await loadStatistics(deps, statisticsQueryOrThrow(withoutBlanks(req.query))),
        deps.clock.now(),
      ),
  );
}

function statisticsQueryOrThrow(query: unknown) {
  const parsed = statisticsQuery.safeParse(query);
  if (!parsed.success) throw validationErrorOf(parsed.error.issues);
  return parsed.data;
}

const validationErrorOf = (issues: Parameters<typeof fieldErrorsOf>[0]) =>
  validationError(fieldErrorsOf(issues));
