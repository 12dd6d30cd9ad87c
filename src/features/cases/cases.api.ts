import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorBody } from '../../platform/http/openapi.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { findArea } from '../areas/areas.queries.ts';
import { caseAction } from './cases.actions.schema.ts';
import { CLOCK_STATES } from './cases.clocks.ts';
import { CASE_STATUSES } from './cases.domain.ts';
import { detailOf, loadCaseDetail } from './cases.load.ts';
import { casePermissions } from './cases.policy.ts';
import { getCaseFor, officerWorkload, searchCases, searchDeadlines } from './cases.queries.ts';
import { isoDate, reportDeath } from './cases.schema.ts';
import { actOnCase } from './cases.service.ts';
import { submitReport } from './cases.submit.ts';

const caseResponse = z
  .looseObject({
    id: z.uuid(),
    reference: z.string().meta({ example: 'EL-2014-000123' }),
    areaCode: z.string(),
    status: z.enum(CASE_STATUSES),
    statusLabel: z.string(),
    events: z.array(z.looseObject({ seq: z.number(), type: z.string(), at: z.string(), actor: z.string() })),
  })
  .meta({ id: 'Case' });

const caseListItem = z
  .object({
    id: z.uuid(),
    reference: z.string().meta({ example: 'EL-2014-000123' }),
    areaCode: z.string(),
    givenNames: z.string(),
    familyName: z.string(),
    dateOfBirth: z.string().nullable(),
    age: z.number().int().nullable(),
    dateOfDeath: z.string().nullable(),
    dateFound: z.string().nullable(),
    reportedAt: z.string(),
    status: z.enum(CASE_STATUSES),
    coronerName: z.string().nullable(),
    officerName: z.string().nullable(),
  })
  .meta({ id: 'CaseListItem' });

const deadline = z.object({
  kind: z.string(),
  basis: z.string(),
  dueOn: z.string(),
  state: z.enum(CLOCK_STATES),
  metOn: z.string().nullable(),
});

const listQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z
      .union([z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))])
      .optional()
      .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s])),
    area: z.string().trim().toUpperCase().optional(),
    coroner: z.uuid().optional(),
    officer: z.uuid().optional(),
    reportedFrom: isoDate().optional(),
    reportedTo: isoDate().optional(),
    open: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  // Dates the wrong way round find nothing; that is a slip to be told of, not an empty list.
  .refine((q) => !q.reportedFrom || !q.reportedTo || q.reportedFrom <= q.reportedTo, {
    message: 'The end of the dates reported must be the same as or after the start',
    path: ['reportedTo'],
  });

export function registerCasesApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tag = ['Deaths and cases'];

  api.post(
    '/api/v1/deaths',
    {
      config: { permission: casePermissions.report, audit: 'DEATH_REPORTED' },
      schema: {
        tags: tag,
        summary:
          'Report a death: creates a case in status REPORTED (409 CONFLICT lists likely duplicates unless notADuplicate is true)',
        body: reportDeath,
        response: {
          201: z.object({ id: z.uuid(), reference: z.string(), status: z.enum(CASE_STATUSES) }),
          409: errorBody.extend({
            duplicates: z.array(z.object({ id: z.uuid(), reference: z.string() })).optional(),
          }),
        },
      },
    },
    async (req, reply) => {
      const result = await submitReport(db, req, req.body, deps.clock.now());
      if (!result.ok) {
        return reply.code(409).send({
          error: {
            code: 'CONFLICT',
            message: `This may be a death already reported: ${result.duplicates.map((d) => d.reference).join(', ')}. If it is a different death, send it again with "notADuplicate": true.`,
          },
          duplicates: result.duplicates.map((d) => ({ id: d.id, reference: d.reference })),
        });
      }
      return reply
        .code(201)
        .send({ id: result.caseRow.id, reference: result.caseRow.reference, status: result.caseRow.status });
    },
  );

  api.get(
    '/api/v1/cases',
    {
      config: { permission: casePermissions.list, audit: null },
      schema: {
        tags: tag,
        summary: 'Find cases by reference or name (fuzzy), status, area, coroner, officer and dates',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(caseListItem),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const result = await searchCases(db, principalOf(req), {
        q: q.q,
        status: q.status,
        area: q.area,
        coronerId: q.coroner,
        officerId: q.officer,
        reportedFrom: q.reportedFrom,
        reportedTo: q.reportedTo,
        open: q.open === 'true' ? true : undefined,
        page: q.page,
        pageSize: q.pageSize,
      });
      return {
        items: result.items.map((i) => ({ ...i, reportedAt: i.reportedAt.toISOString() })),
        total: result.total,
      };
    },
  );

  api.get(
    '/api/v1/cases/:id',
    {
      config: { permission: casePermissions.read, audit: null },
      schema: {
        tags: tag,
        summary: 'A case with its status, people, inquest, lineage, clocks and timeline',
        params: z.object({ id: z.string() }),
        response: { 200: caseResponse },
      },
    },
    async (req) => (await loadCaseDetail(db, principalOf(req), req.params.id, deps.clock.now())).detail,
  );

  api.post(
    '/api/v1/cases/:id/actions',
    {
      config: { permission: casePermissions.act, audit: 'CASE_ACTION' },
      schema: {
        tags: tag,
        summary: 'Take an action on a case (409 ACTION_NOT_ALLOWED names the status and what is allowed)',
        params: z.object({ id: z.string() }),
        body: caseAction,
        response: { 200: caseResponse.extend({ freshCaseId: z.uuid().optional() }) },
      },
    },
    async (req) => {
      await getCaseFor(db, principalOf(req), req.params.id);
      const result = await actOnCase(deps, req, req.params.id, req.body);
      const { detail } = await detailOf(db, result.caseRow, deps.clock.now());
      return result.freshCaseId ? { ...detail, freshCaseId: result.freshCaseId } : detail;
    },
  );

  api.get(
    '/api/v1/cases/:id/deadlines',
    {
      config: { permission: casePermissions.read, audit: null },
      schema: {
        tags: tag,
        summary: 'The statutory clocks of a case',
        params: z.object({ id: z.string() }),
        response: { 200: z.array(deadline) },
      },
    },
    async (req) =>
      (await loadCaseDetail(db, principalOf(req), req.params.id, deps.clock.now())).detail.deadlines,
  );

  api.get(
    '/api/v1/deadlines',
    {
      config: { permission: casePermissions.deadlines, audit: null },
      schema: {
        tags: tag,
        summary: 'Open or overdue statutory clocks across cases, overdue first',
        querystring: z.object({
          state: z.enum(['open', 'overdue']).default('open'),
          area: z.string().trim().toUpperCase().optional(),
          officer: z.uuid().optional(),
        }),
        response: { 200: z.array(deadline.extend({ caseId: z.uuid(), reference: z.string() })) },
      },
    },
    async (req) => {
      const rows = await searchDeadlines(db, principalOf(req), {
        state: req.query.state,
        area: req.query.area,
        officerId: req.query.officer,
        today: londonDate(deps.clock.now()),
      });
      return rows.map((r) => ({
        kind: r.kind,
        basis: r.basis,
        dueOn: r.dueOn,
        state: r.state,
        metOn: r.metOn,
        caseId: r.caseId,
        reference: r.reference,
      }));
    },
  );

  api.get(
    '/api/v1/officer-workload',
    {
      config: { permission: casePermissions.workload, audit: null },
      schema: {
        tags: tag,
        summary: 'Open cases per officer against the Chief Coroner’s target of about 25',
        querystring: z.object({ area: z.string().trim().toUpperCase().optional() }),
        response: {
          200: z.object({
            target: z.number(),
            unassigned: z.number(),
            officers: z.array(
              z.object({ id: z.string(), name: z.string(), open: z.number(), inquests: z.number() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const area = principal.role === 'chief-coroner' ? req.query.area : principal.areaCode;
      if (!area)
        throw new AppError('VALIDATION_FAILED', 'Choose a coroner area (area).', {
          area: 'Choose a coroner area',
        });
      if (!(await findArea(db, area)))
        throw validationError({ area: `There is no coroner area with the code ${area}` });
      return officerWorkload(db, area);
    },
  );
}
