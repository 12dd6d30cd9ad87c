import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../platform/http/errors.ts';
import { audit, principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { findArea } from '../areas/areas.queries.ts';
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
import { linksPermissions } from './links.policy.ts';
import { recordAlertDecision } from './links.service.ts';
import { knownSites } from './links.tables.ts';

const id = z.object({ id: z.string() });

const SITE_KINDS = ['hospital', 'hospice', 'care-home', 'prison', 'railway-station', 'other'] as const;
const knownSiteInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the site')
    .max(200, 'The name must be 200 characters or fewer'),
  kind: z.enum(SITE_KINDS, { error: 'Select the kind of site' }),
  lat: z
    .number({ error: 'Enter the latitude' })
    .min(49, 'Latitude must be in England or Wales (49 to 56)')
    .max(56, 'Latitude must be in England or Wales (49 to 56)'),
  lon: z
    .number({ error: 'Enter the longitude' })
    .min(-7, 'Longitude must be in England or Wales (-7 to 2)')
    .max(2, 'Longitude must be in England or Wales (-7 to 2)'),
  radiusM: z
    .number({ error: 'Enter the radius in metres' })
    .min(10, 'The radius must be at least 10 metres')
    .max(2000, 'The radius must be 2,000 metres or less'),
  areaCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,4}$/, 'Enter the code of a coroner area, such as EL, or leave it out for your own area')
    .optional(),
});
const knownSiteView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(SITE_KINDS),
    lat: z.number(),
    lon: z.number(),
    radiusM: z.number(),
    areaCode: z.string().nullable(),
  })
  .meta({ id: 'KnownSite' });

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
      return possibleLinksOf(db, principalOf(req), caseRow.id);
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
    async () =>
      (await db.select().from(knownSites).orderBy(knownSites.name)).map(({ createdAt: _c, ...s }) => s),
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
    async (req, reply) => {
      const now = deps.clock.now();
      const principal = principalOf(req);
      if (req.body.areaCode && !(await findArea(db, req.body.areaCode)))
        throw validationError({ areaCode: `There is no coroner area with the code ${req.body.areaCode}` });
      // A coroner's office keeps its own area's sites; only an administrator adds them for any area.
      if (principal.areaCode && req.body.areaCode && req.body.areaCode !== principal.areaCode)
        throw new AppError(
          'FORBIDDEN',
          `You can add known sites only for your own coroner area (${principal.areaCode}).`,
        );
      const site = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(knownSites)
          .values({ ...req.body, areaCode: req.body.areaCode ?? principal.areaCode ?? null, createdAt: now })
          .returning();
        await audit(
          tx,
          req,
          { subjectType: 'known-site', subjectId: row!.id, detail: { name: row!.name, kind: row!.kind } },
          now,
        );
        return row!;
      });
      const { createdAt: _c, ...view } = site;
      return reply.code(201).send(view);
    },
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
