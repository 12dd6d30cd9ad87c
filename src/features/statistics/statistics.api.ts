import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { PUBLIC, permission } from '../../platform/auth/roles.ts';
import { type Statistics, statisticsCsv } from './statistics.domain.ts';
import { ODS_MEDIA_TYPE, statisticsOds } from './statistics.ods.ts';
import {
  loadStatistics,
  statisticsFileName,
  statisticsPagePath,
  statisticsQuery,
  statisticsResponse,
} from './statistics.service.ts';

const readStatistics = permission('statistics:read', [
  'coroner',
  'officer',
  'court-admin',
  'chief-coroner',
  'system-admin',
  'local-authority',
]);

export function sendCsv(reply: FastifyReply, s: Statistics) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${statisticsFileName(s, 'csv')}"`)
    .send(statisticsCsv(s));
}

export function sendOds(reply: FastifyReply, s: Statistics, deps: AppDeps) {
  return reply
    .type(ODS_MEDIA_TYPE)
    .header('content-disposition', `attachment; filename="${statisticsFileName(s, 'ods')}"`)
    .send(Buffer.from(statisticsOds(s, deps.clock.now(), deps.config.publicUrl + statisticsPagePath(s))));
}

/** `GET /statistics` (API.md) and the public open-data copies of the same figures. */
export function registerStatisticsApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Statistics'];
  const described =
    'the tables of the annual coroner statistics for a year and an area (national when no area)';

  for (const [prefix, perm, tag] of [
    ['/api/v1/statistics', readStatistics, tags],
    ['/api/v1/public/statistics', PUBLIC, ['Open data']],
  ] as const) {
    const security = perm === PUBLIC ? { security: [] } : {};
    api.get(
      prefix,
      {
        config: { permission: perm, audit: null },
        schema: {
          tags: [...tag],
          summary: `JSON: ${described}; a year with no data gives empty tables`,
          ...security,
          querystring: statisticsQuery,
          response: { 200: statisticsResponse },
        },
      },
      async (req) => loadStatistics(deps, req.query),
    );
    api.get(
      `${prefix}.csv`,
      {
        config: { permission: perm, audit: null },
        schema: {
          tags: [...tag],
          summary: `CSV (year, area_code, table, row, column, value): ${described}`,
          ...security,
          querystring: statisticsQuery,
          produces: ['text/csv'],
        },
      },
      async (req, reply) => sendCsv(reply, await loadStatistics(deps, req.query)),
    );
    api.get(
      `${prefix}.ods`,
      {
        config: { permission: perm, audit: null },
        schema: {
          tags: [...tag],
          summary: `OpenDocument spreadsheet: ${described}`,
          ...security,
          querystring: statisticsQuery,
          produces: [ODS_MEDIA_TYPE],
        },
      },
      async (req, reply) => sendOds(reply, await loadStatistics(deps, req.query), deps),
    );
  }
}
