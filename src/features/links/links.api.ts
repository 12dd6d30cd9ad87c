import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../platform/http/errors.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import {
  alertView,
  countAlerts,
  decisionInput,
  getAlertFor,
  listAlerts,
  possibleLinksOf,
  possibleLinkView,
} from './links.alerts.ts';
import { addKnownSite, knownSiteInput, knownSiteView, listKnownSites } from './links.known-sites.ts';
import { linksPermissions } from './links.policy.ts';
import { recordAlertDecision } from './links.service.ts';

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
      return (await possibleLinksOf(db, principalOf(req), caseRow.id)).links;
    },
  );

  api.get(
    '/api/v1/known-sites',
    {
      config: { permission: linksPermissions.sites, audit: null },
      schema: {
        tags,
        summary:
          'The register of known sites: deaths there are kept out of the place rules and watched against the site’s own baseline',
        response: { 200: z.array(knownSiteView) },
      },
    },
    async () => listKnownSites(db),
  );

  api.post(
    '/api/v1/known-sites',
    {
      config: { permission: linksPermissions.sites, audit: 'KNOWN_SITE_ADDED' },
      schema: {
        tags,
        summary: 'Add a hospital, hospice, care home, prison or station to the register of known sites',
        body: knownSiteInput,
        response: { 201: knownSiteView },
      },
    },
    async (req, reply) => reply.code(201).send(await addKnownSite(deps, req, req.body)),
  );

  api.get(
    '/api/v1/link-alerts',
    {
      config: { permission: linksPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The alerts queue of the caller’s area: open alerts first, urgent before review',
        querystring: z.object({
          status: z
            .string()
            .trim()
            .toUpperCase()
            .pipe(
              z.enum(['OPEN', 'CONFIRMED', 'DISMISSED'], {
                error: 'Status must be open, confirmed or dismissed',
              }),
            )
            .optional(),
          page: z.coerce.number().int().min(1, 'The page must be 1 or more').max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200, 'The page size must be 200 or fewer').default(50),
        }),
        response: { 200: z.object({ items: z.array(alertView), total: z.number() }) },
      },
    },
    async (req) => {
      const { status, page, pageSize } = req.query;
      const principal = principalOf(req);
      const [items, total] = await Promise.all([
        listAlerts(db, principal, { status, limit: pageSize, offset: (page - 1) * pageSize }),
        countAlerts(db, principal, { status }),
      ]);
      return { items, total };
    },
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
      // A decided alert cannot be decided again: a step its state does not allow. (Two decisions racing each
      // other still meet the locked check of the decision itself, a conflict.)
      const alert = await getAlertFor(db, principalOf(req), req.params.id);
      if (alert.status !== 'OPEN')
        throw new AppError(
          'ACTION_NOT_ALLOWED',
          `This alert was already ${alert.status === 'CONFIRMED' ? 'confirmed' : 'dismissed'}; it cannot be decided again.`,
        );
      return recordAlertDecision(deps, req, req.params.id, req.body);
    },
  );
}
