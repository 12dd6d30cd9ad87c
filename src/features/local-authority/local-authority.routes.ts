import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { permission } from '../../platform/auth/roles.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { areaResponse } from '../areas/areas.schema.ts';
import { judgeDisplayName } from '../judge-led/judge-led.domain.ts';
import { listRequests } from '../judge-led/judge-led.queries.ts';
import { AGE_BANDS } from '../oversight/oversight.domain.ts';
import { areaFigures } from '../oversight/oversight.queries.ts';
import { fundedAreaCodes } from './local-authority.access.ts';
import { caseloadByArea } from './local-authority.queries.ts';
import { areaCards, backlogTable, caseloadTable } from './local-authority.view.ts';

/** A council's view of the coroner areas it funds (CJA 2009 s.24: the relevant authority resources the service). */
export const localAuthorityPermissions = { read: permission('local-authority:read', ['local-authority']) };

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);
const requestItem = z.object({
  id: z.uuid(),
  areaCode: z.string(),
  references: z.array(z.string()),
  groupName: z.string().nullable(),
  judge: z.string().nullable(),
  appointedOn: z.string().nullable(),
});

export const localAuthorityView = z
  .object({
    organisation: z.string().nullable(),
    asOf: z.string(),
    areas: z.array(
      areaResponse.extend({
        caseload: z.object({
          reportedThisYear: z.number(),
          open: z.number(),
          inquestsOpen: z.number(),
          concludedThisYear: z.number(),
        }),
        backlog: z.object({ byAge: counts(AGE_BANDS), over12Months: z.number() }),
      }),
    ),
    awaitingAppointment: z.array(requestItem),
    appointments: z.array(requestItem),
  })
  .meta({ id: 'LocalAuthorityView' });

async function load(deps: AppDeps, principal: Principal): Promise<z.infer<typeof localAuthorityView>> {
  const { db } = deps.database;
  const today = londonDate(deps.clock.now());
  const codes = await fundedAreaCodes(db, principal);
  const [areas, caseload, figures, approved, appointed] = await Promise.all([
    listAreas(db),
    caseloadByArea(db, codes, today),
    areaFigures(db, codes, today),
    listRequests(db, principal, { status: 'APPROVED', areas: codes }),
    listRequests(db, principal, { status: 'JUDGE_APPOINTED' }),
  ]);
  const org = principal.organisation?.toLowerCase();
  const item = (r: (typeof approved)[number]) => ({
    id: r.id,
    areaCode: r.areaCode,
    references: r.references,
    groupName: r.groupName,
    judge: r.judgeName ? judgeDisplayName(r.judgeTitle ?? '', r.judgeName) : null,
    appointedOn: r.appointedOn,
  });
  return {
    organisation: principal.organisation,
    asOf: today,
    areas: areas
      .filter((a) => codes.includes(a.code))
      .map((a) => ({
        ...a,
        caseload: caseload.get(a.code)!,
        backlog: {
          byAge: figures.get(a.code)!.openCases.byAge,
          over12Months: figures.get(a.code)!.over12Months.total,
        },
      })),
    awaitingAppointment: approved.map(item),
    // The appointments this council made (or, for an account with no council named, this user).
    appointments: appointed
      .filter((r) =>
        org ? r.appointedByOrganisation?.toLowerCase() === org : r.appointedBy === principal.userId,
      )
      .map(item),
  };
}

export function registerLocalAuthorityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/local-authority',
    { config: { permission: localAuthorityPermissions.read, audit: null } },
    async (req, reply) => {
      const v = await load(deps, principalOf(req));
      return reply.page('local-authority/views/local-authority.njk', {
        title: v.organisation
          ? `${v.organisation}: the coroner areas you fund`
          : 'The coroner areas you fund',
        v,
        asOf: govukDate(v.asOf),
        cards: areaCards(v.areas),
        caseload: caseloadTable(v.areas),
        backlog: backlogTable(v.areas),
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/local-authority',
    {
      config: { permission: localAuthorityPermissions.read, audit: null },
      schema: {
        tags: ['Local authority'],
        summary:
          'The areas the caller’s council funds, with caseload and backlog; approved judge-led requests awaiting its appointment of a judge; the appointments it made',
        response: { 200: localAuthorityView },
      },
    },
    async (req) => load(deps, principalOf(req)),
  );
}
