import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import {
  appointJudge,
  decideRequest,
  type JudgeAccount,
  requestJudgeLedInquest,
} from './judge-led.commands.ts';
import { JUDGE_LED_STATUSES } from './judge-led.domain.ts';
import { judgeLedPermissions } from './judge-led.policy.ts';
import { countRequests, getRequestFor, listRequests, requestView } from './judge-led.queries.ts';
import {
  appointmentInput,
  decisionInput,
  judgeAccountView,
  judgeLedRequestInput,
  judgeLedRequestView,
  listQuery,
} from './judge-led.schema.ts';

const id = z.object({ id: z.string() });
const tags = ['Judge-led inquests'];

/** Writes the route's audit event once for every case the step touched (so each case's audit shows it). */
export async function auditEachCase(
  tx: Db,
  req: FastifyRequest,
  requestId: string,
  caseIds: string[],
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<void> {
  for (const caseId of caseIds)
    await audit(tx, req, { caseId, subjectType: 'judge-led-request', subjectId: requestId, detail }, now);
}

/** Audits the judge's new account, created in the same transaction as the appointment. */
export async function auditJudgeAccount(tx: Db, req: FastifyRequest, account: JudgeAccount, now: Date) {
  if (account.created)
    await audit(
      tx,
      req,
      {
        action: 'USER_CREATED',
        subjectType: 'user',
        subjectId: account.id,
        detail: { role: 'coroner', office: 'judge' },
      },
      now,
    );
}

export function registerJudgeLedApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  api.post(
    '/api/v1/judge-led-requests',
    {
      config: { permission: judgeLedPermissions.request, audit: 'JUDGE_LED_REQUESTED' },
      schema: {
        tags,
        summary:
          'A coroner asks the Chief Coroner for a judge to lead the inquests into cases, or into a group’s cases',
        body: judgeLedRequestInput,
        response: { 201: judgeLedRequestView },
      },
    },
    async (req, reply) => {
      const now = deps.clock.now();
      const request = await db.transaction(async (tx) => {
        const r = await requestJudgeLedInquest(tx, req.body, {
          principal: principalOf(req),
          actor: actorOf(req),
          now,
        });
        const caseIds = (await requestView(tx, r)).cases.map((c) => c.id);
        await auditEachCase(tx, req, r.id, caseIds, now);
        return r;
      });
      return reply.code(201).send(await requestView(db, request));
    },
  );

  api.get(
    '/api/v1/judge-led-requests',
    {
      config: { permission: judgeLedPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'Requests the caller may see: those awaiting a step first',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(
              z.looseObject({
                id: z.uuid(),
                status: z.enum(JUDGE_LED_STATUSES),
                areaCode: z.string(),
                requestedAt: z.string(),
                references: z.array(z.string()),
              }),
            ),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const { status, page, pageSize } = req.query;
      const principal = principalOf(req);
      const [items, total] = await Promise.all([
        listRequests(db, principal, { status, limit: pageSize, offset: (page - 1) * pageSize }),
        countRequests(db, principal, { status }),
      ]);
      return { items, total };
    },
  );

  api.get(
    '/api/v1/judge-led-requests/:id',
    {
      config: { permission: judgeLedPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'A request with its cases, decision and appointment',
        params: id,
        response: { 200: judgeLedRequestView },
      },
    },
    async (req) => requestView(db, await getRequestFor(db, principalOf(req), req.params.id)),
  );

  api.post(
    '/api/v1/judge-led-requests/:id/decision',
    {
      config: { permission: judgeLedPermissions.decide, audit: 'JUDGE_LED_DECIDED' },
      schema: {
        tags,
        summary:
          'The Chief Coroner’s office approves or declines the request, with reasons (409 once decided)',
        params: id,
        body: decisionInput,
        response: { 200: judgeLedRequestView },
      },
    },
    async (req) => {
      const now = deps.clock.now();
      const request = await db.transaction(async (tx) => {
        const { request, caseIds } = await decideRequest(tx, req.params.id, req.body, {
          principal: principalOf(req),
          actor: actorOf(req),
          now,
        });
        await auditEachCase(tx, req, request.id, caseIds, now, { decision: req.body.decision });
        return request;
      });
      return requestView(db, request);
    },
  );

  api.post(
    '/api/v1/judge-led-requests/:id/appointment',
    {
      config: { permission: judgeLedPermissions.appoint, audit: 'JUDGE_APPOINTED' },
      schema: {
        tags,
        summary:
          'The local authority records the appointment of the judge (409 before approval): the judge gets a coroner account for the area, whose one-time password is returned once, and becomes the conducting coroner of every case in the request',
        params: id,
        body: appointmentInput,
        response: { 200: z.object({ request: judgeLedRequestView, judgeAccount: judgeAccountView }) },
      },
    },
    async (req) => {
      const now = deps.clock.now();
      const { request, account } = await db.transaction(async (tx) => {
        const result = await appointJudge(tx, req.params.id, req.body, {
          principal: principalOf(req),
          actor: actorOf(req),
          now,
        });
        await auditJudgeAccount(tx, req, result.account, now);
        await auditEachCase(tx, req, result.request.id, result.caseIds, now, { judgeId: result.account.id });
        return result;
      });
      return { request: await requestView(db, request), judgeAccount: account };
    },
  );
}
