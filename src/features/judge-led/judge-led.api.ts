import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../platform/http/request-context.ts';
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
import { askForJudge, decideOnJudge, recordAppointment } from './judge-led.service.ts';

const id = z.object({ id: z.string() });
const tags = ['Judge-led inquests'];

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
      const request = await askForJudge(deps, req, req.body);
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
      return requestView(db, await decideOnJudge(deps, req, req.params.id, req.body));
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
      const { request, account } = await recordAppointment(deps, req, req.params.id, req.body);
      return { request: await requestView(db, request), judgeAccount: account };
    },
  );
}
