import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { casePermissions } from './cases.policy.ts';

export function registerCaseRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/cases', { config: { permission: casePermissions.list, audit: null } }, async (_req, reply) =>
    reply.page('cases/views/list.njk', { title: 'Cases', cases: [] }),
  );
}
