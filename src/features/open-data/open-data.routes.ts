import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';

/** What the service publishes as open data, and where (every endpoint is also in the OpenAPI document). */
export function registerOpenDataRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/open-data', { config: { permission: PUBLIC, audit: null } }, async (_req, reply) => {
    const year = Number(deps.clock.now().toISOString().slice(0, 4));
    return reply.page('open-data/views/open-data.njk', {
      title: 'Open data',
      datasets: [
        {
          title: 'Prevention of future deaths reports',
          text: 'Every published report, with its concerns, themes, recipients and whether each has responded. Filter with year, area and theme.',
          links: [
            { text: 'JSON', href: '/api/v1/public/pfd-reports' },
            { text: 'CSV (one row per recipient)', href: '/api/v1/public/pfd-reports.csv' },
            { text: 'Themes (JSON)', href: '/api/v1/public/pfd-themes' },
          ],
        },
        {
          title: 'Coroner statistics',
          text: 'The tables of the annual coroner statistics for any year, nationally or for one coroner area (add area=CODE).',
          links: [
            { text: 'JSON', href: `/api/v1/public/statistics?year=${year}` },
            { text: 'CSV', href: `/api/v1/public/statistics.csv?year=${year}` },
            { text: 'OpenDocument spreadsheet', href: `/api/v1/public/statistics.ods?year=${year}` },
          ],
        },
      ],
    });
  });
}
