import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { fieldErrorsOf, formErrors, validationError } from '../../platform/http/validation.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { sendCsv, sendOds } from './statistics.api.ts';
import {
  loadStatistics,
  statisticsFor,
  statisticsQuery,
  statisticsScope,
  withoutBlanks,
} from './statistics.service.ts';
import { statisticsPage } from './statistics.view.ts';

/** The statistics page (public, like the Ministry of Justice's own tables) and its downloads. */
export function registerStatisticsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/statistics',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      // A part of the query that is not valid is named in the error summary; the figures, and the form,
      // are for the parts that are (a bad year does not lose a good area).
      const [areas, { scope, errors }] = await Promise.all([
        listAreas(db),
        statisticsScope(deps, withoutBlanks(req.query)),
      ]);
      const stats = await statisticsFor(deps, scope);
      const problems = formErrors(errors);
      return reply.code(problems ? 400 : 200).page('statistics/views/statistics.njk', {
        title: `Coroner statistics ${stats.year}`,
        errors: problems,
        form: { year: String(stats.year) },
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
      sendOds(reply, await loadStatistics(deps, statisticsQueryOrThrow(withoutBlanks(req.query))), deps),
  );
}

function statisticsQueryOrThrow(query: unknown) {
  const parsed = statisticsQuery.safeParse(query);
  if (!parsed.success) throw validationErrorOf(parsed.error.issues);
  return parsed.data;
}

const validationErrorOf = (issues: Parameters<typeof fieldErrorsOf>[0]) =>
  validationError(fieldErrorsOf(issues));
