import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import {
  alertView,
  decideAlert,
  decisionInput,
  getAlertFor,
  listAlerts,
  possibleLinksOf,
  possibleLinkView,
} from './links.alerts.ts';
import { linksPermissions } from './links.policy.ts';

const id = z.object({ id: z.string() });

export function registerLinksApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['Possible links between deaths'];

  api.get(
    '/api/v1/cases/:id/possible-links',
    {
      config: { permission: linksPermissions.read, audit: null },
      schema: {
        tags,
        summary:
          'Possible links of a case to other deaths, each with its score and the reasons feature by feature (for review; never a conclusion)',
        params: id,
        response: { 200: z.array(possibleLinkView) },
      },
    },
    async (req) => {
      const caseRow = await getCaseFor(db, principalOf(req), req.params.id);
      return possibleLinksOf(db, caseRow.id);
    },
  );

  api.get(
    '/api/v1/link-alerts',
    {
      config: { permission: linksPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The alerts queue of the caller’s area: open alerts first, urgent before review',
        querystring: z.object({ status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']).optional() }),
        response: { 200: z.array(alertView) },
      },
    },
    async (req) => listAlerts(db, principalOf(req), { status: req.query.status }),
  );

  api.get(
    '/api/v1/link-alerts/:id',
    {
      config: { permission: linksPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'One alert with its reasons and cases',
        params: id,
        response: { 200: alertView },
      },
    },
    async (req) => getAlertFor(db, principalOf(req), req.params.id),
  );

  api.post(
    '/api/v1/link-alerts/:id/decision',
    {
      config: { permission: linksPermissions.decide, audit: 'LINK_ALERT_DECIDED' },
      schema: {
        tags,
        summary:
          'Decide an open alert: confirm (its cases are put in one case group) or dismiss with a reason',
        params: id,
        body: decisionInput,
        response: { 200: alertView },
      },
    },
    async (req) => {
      const now = deps.clock.now();
      return db.transaction(async (tx) => {
        const decided = await decideAlert(tx, principalOf(req), req.params.id, req.body, now);
        await audit(
          tx,
          req,
          {
            caseId: decided.cases[0]?.id ?? null,
            subjectType: 'link-alert',
            subjectId: decided.id,
            detail: {
              decision: req.body.decision,
              reason: req.body.reason ?? null,
              groupId: decided.groupId,
              cases: decided.cases.map((c) => c.reference),
            },
          },
          now,
        );
        return decided;
      });
    },
  );
}
