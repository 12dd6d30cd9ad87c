import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { caseGroupPermissions } from './case-groups.policy.ts';
import { countGroups, getGroupFor, groupView, listGroups } from './case-groups.queries.ts';
import { addCasesInput, caseGroupInput, caseGroupView } from './case-groups.schema.ts';
import { addCasesToGroup, formGroup, takeCaseOutOfGroup } from './case-groups.service.ts';

const id = z.object({ id: z.string() });
const tags = ['Case groups'];

export function registerCaseGroupsApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  api.post(
    '/api/v1/case-groups',
    {
      config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CREATED' },
      schema: {
        tags,
        summary:
          'Group inquests to be heard together, with the reason (cases of one area, open, in no other group)',
        body: caseGroupInput,
        response: { 201: caseGroupView },
      },
    },
    async (req, reply) => {
      const group = await formGroup(deps, req, req.body);
      return reply.code(201).send(await groupView(db, group));
    },
  );

  api.get(
    '/api/v1/case-groups',
    {
      config: { permission: caseGroupPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The groups the caller may see, newest first',
        querystring: z.object({
          page: z.coerce.number().int().min(1, 'The page must be 1 or more').default(1),
          pageSize: z.coerce.number().int().min(1).max(500, 'The page size must be 500 or fewer').default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                areaCode: z.string().nullable(),
                createdAt: z.string(),
                cases: z.number(),
              }),
            ),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const { page, pageSize } = req.query;
      const [rows, total] = await Promise.all([
        listGroups(db, principal, pageSize, (page - 1) * pageSize),
        countGroups(db, principal),
      ]);
      return { items: rows.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })), total };
    },
  );

  api.get(
    '/api/v1/case-groups/:id',
    {
      config: { permission: caseGroupPermissions.read, audit: null },
      schema: { tags, summary: 'A group with its cases', params: id, response: { 200: caseGroupView } },
    },
    async (req) => groupView(db, await getGroupFor(db, principalOf(req), req.params.id)),
  );

  api.post(
    '/api/v1/case-groups/:id/cases',
    {
      config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CASES_ADDED' },
      schema: {
        tags,
        summary: 'Add cases to a group',
        params: id,
        body: addCasesInput,
        response: { 200: caseGroupView },
      },
    },
    async (req) => {
      const group = await getGroupFor(db, principalOf(req), req.params.id);
      await addCasesToGroup(deps, req, group, req.body.caseIds);
      return groupView(db, group);
    },
  );

  api.delete(
    '/api/v1/case-groups/:id/cases/:caseId',
    {
      config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CASE_REMOVED' },
      schema: {
        tags,
        summary:
          'Take a case out of a group; taken out of a group of two, the group ends and the other case is taken out too',
        params: z.object({ id: z.string(), caseId: z.string() }),
        response: { 200: caseGroupView },
      },
    },
    async (req) => {
      const group = await getGroupFor(db, principalOf(req), req.params.id);
      await takeCaseOutOfGroup(deps, req, group, req.params.caseId);
      return groupView(db, await getGroupFor(db, principalOf(req), group.id));
    },
  );
}
