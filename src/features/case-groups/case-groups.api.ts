import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { caseGroupPermissions } from './case-groups.policy.ts';
import {
  addToGroup,
  countGroups,
  createGroup,
  getGroupFor,
  groupView,
  listGroups,
  removeFromGroup,
} from './case-groups.queries.ts';
import { addCasesInput, caseGroupInput, caseGroupView } from './case-groups.schema.ts';

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
      const now = deps.clock.now();
      const ctx = { principal: principalOf(req), actor: actorOf(req), now };
      const group = await db.transaction(async (tx) => {
        const { group, members } = await createGroup(tx, req.body, ctx);
        for (const m of members)
          await audit(
            tx,
            req,
            { caseId: m.id, subjectType: 'case-group', subjectId: group.id, detail: { name: group.name } },
            now,
          );
        return group;
      });
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
      const principal = principalOf(req);
      const group = await getGroupFor(db, principal, req.params.id);
      const now = deps.clock.now();
      await db.transaction(async (tx) => {
        const added = await addToGroup(tx, group, req.body.caseIds, { principal, actor: actorOf(req), now });
        for (const m of added)
          await audit(tx, req, { caseId: m.id, subjectType: 'case-group', subjectId: group.id }, now);
      });
      return groupView(db, group);
    },
  );

  api.delete(
    '/api/v1/case-groups/:id/cases/:caseId',
    {
      config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CASE_REMOVED' },
      schema: {
        tags,
        summary: 'Take a case out of a group',
        params: z.object({ id: z.string(), caseId: z.string() }),
        response: { 200: caseGroupView },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const group = await getGroupFor(db, principal, req.params.id);
      if (!/^[0-9a-f-]{36}$/i.test(req.params.caseId)) throw notFound('The case in this group');
      const now = deps.clock.now();
      await db.transaction(async (tx) => {
        await removeFromGroup(tx, group, req.params.caseId, {
          principal,
          actor: actorOf(req),
          now,
        });
        await audit(
          tx,
          req,
          { caseId: req.params.caseId, subjectType: 'case-group', subjectId: group.id },
          now,
        );
      });
      return groupView(db, group);
    },
  );
}
