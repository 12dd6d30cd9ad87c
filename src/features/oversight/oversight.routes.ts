import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { permission } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { listRequests } from '../judge-led/judge-led.queries.ts';
import { AGE_BAND_LABELS, AGE_BANDS, REASON_CATEGORIES, REASON_LABELS } from './oversight.domain.ts';
import { areaFigures } from './oversight.queries.ts';
import { combine, reasonsTable, sideBySide } from './oversight.view.ts';

/** The Chief Coroner's oversight of every area (CJA 2009 s.35–36: the Chief Coroner reports on the service yearly). */
export const oversightPermissions = { read: permission('oversight:read', ['chief-coroner']) };

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const oversightView = z
  .object({
    asOf: z.string(),
    ageBands: z.array(z.object({ code: z.enum(AGE_BANDS), label: z.string() })),
    reasonCategories: z.array(z.object({ code: z.enum(REASON_CATEGORIES), label: z.string() })),
    areas: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        openCases: z.object({ total: z.number(), byAge: counts(AGE_BANDS) }),
        over12Months: z.object({ total: z.number(), byReason: counts(REASON_CATEGORIES) }),
        measures: z.array(z.object({ label: z.string(), value: z.number(), href: z.string().optional() })),
      }),
    ),
    awaitingDecision: z.array(
      z.object({
        id: z.uuid(),
        areaCode: z.string(),
        references: z.array(z.string()),
        requestedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'Oversight' });

async function loadOversight(db: Db, deps: AppDeps, principal: Principal) {
  const today = londonDate(deps.clock.now());
  const areas = await listAreas(db);
  const codes = areas.map((a) => a.code);
  const [figures, measures, awaiting] = await Promise.all([
    areaFigures(db, codes, today),
    deps.extensions.oversightMeasures(codes),
    listRequests(db, principal, { status: 'REQUESTED' }),
  ]);
  return { today, awaiting, ...combine(areas, figures, measures) };
}

export function registerOversightRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    '/oversight',
    { config: { permission: oversightPermissions.read, audit: null } },
    async (req, reply) => {
      const o = await loadOversight(db, deps, principalOf(req));
      return reply.page('oversight/views/oversight.njk', {
        title: 'Oversight of every coroner area',
        asOf: govukDate(o.today),
        side: sideBySide(o.labels, o.areas),
        reasons: reasonsTable(o.areas),
        awaiting: o.awaiting.map((r) => ({
          id: r.id,
          text: `${r.groupName ? `${r.groupName}: ` : ''}${r.references.join(', ')} (${r.areaCode}), requested ${govukDate(r.requestedAt)}`,
        })),
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/oversight',
    {
      config: { permission: oversightPermissions.read, audit: null },
      schema: {
        tags: ['Oversight'],
        summary:
          'Every area side by side: open cases by age, investigations over 12 months by s.16 reason, judge-led requests awaiting decision and the measures of other features',
        response: { 200: oversightView },
      },
    },
    async (req) => {
      const o = await loadOversight(db, deps, principalOf(req));
      return {
        asOf: o.today,
        ageBands: AGE_BANDS.map((code) => ({ code, label: AGE_BAND_LABELS[code] })),
        reasonCategories: REASON_CATEGORIES.map((code) => ({ code, label: REASON_LABELS[code] })),
        areas: o.areas,
        awaitingDecision: o.awaiting.map((r) => ({
          id: r.id,
          areaCode: r.areaCode,
          references: r.references,
          requestedAt: r.requestedAt,
        })),
      };
    },
  );
}
