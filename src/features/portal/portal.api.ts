import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { CASE_STATUSES } from '../cases/cases.domain.ts';
import { messageResponse } from '../interested-persons/interested-persons.api.ts';
import { interestedPersonPermissions as can } from '../interested-persons/interested-persons.policy.ts';
import { listThread } from '../interested-persons/interested-persons.queries.ts';
import { messageInput } from '../interested-persons/interested-persons.schema.ts';
import { messageJson } from '../interested-persons/interested-persons.view.ts';
import { caseView, messageRateLimit, messageTheOffice, myCase, myCases } from './portal.service.ts';

const caseSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  deceased: z.string(),
  status: z.enum(CASE_STATUSES),
  statusText: z.string(),
  actingFor: z.array(
    z.object({ id: z.uuid(), name: z.string(), capacity: z.enum(['self', 'representative']) }),
  ),
});

const portalCase = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    deceased: z.string(),
    status: z.enum(CASE_STATUSES),
    statusText: z.string(),
    timeline: z.array(
      z.object({
        at: z.string().describe('When the coroner’s office recorded it'),
        on: z
          .string()
          .describe('The day it happened (YYYY-MM-DD), by which the timeline is ordered, newest first'),
        title: z.string(),
        text: z.string(),
      }),
    ),
    next: z.array(z.string()),
    officer: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }).nullable(),
    sections: z.array(z.object({ title: z.string() })),
    messages: z.array(messageResponse),
  })
  .meta({ id: 'PortalCase' });

/** The portal as JSON, for the interested person or their lawyer: only the cases they belong to. */
export function registerPortalApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['Portal for interested persons'];
  const params = z.object({ id: z.string() });

  api.get(
    '/api/v1/portal/cases',
    {
      config: { permission: can.portal, audit: null },
      schema: {
        tags,
        summary: 'The cases the signed-in interested person (or their lawyer) belongs to',
        response: { 200: z.object({ items: z.array(caseSummary), total: z.number() }) },
      },
    },
    async (req) => {
      const items = await myCases(deps, principalOf(req));
      return { items, total: items.length };
    },
  );

  api.get(
    '/api/v1/portal/cases/:id',
    {
      config: { permission: can.portal, audit: null },
      schema: {
        tags,
        summary:
          'A case in plain words: timeline, what happens next, the named officer, messages (404 for any other case)',
        params,
        response: { 200: portalCase },
      },
    },
    async (req) => {
      const { caseRow, persons, principal } = await myCase(deps, req, req.params.id);
      const [view, sections] = await Promise.all([
        caseView(
          deps,
          caseRow,
          persons.map((p) => p.id),
        ),
        deps.extensions.portalSections(principal, caseRow.id),
      ]);
      const { thread, ...rest } = view;
      return {
        ...rest,
        sections: sections.map((s) => ({ title: s.title })),
        messages: thread.map(messageJson),
      };
    },
  );

  api.get(
    '/api/v1/portal/cases/:id/messages',
    {
      config: { permission: can.portal, audit: null },
      schema: {
        tags,
        summary: 'Your messages with the coroner’s office',
        params,
        response: { 200: z.array(messageResponse) },
      },
    },
    async (req) => {
      const { persons } = await myCase(deps, req, req.params.id);
      return (
        await listThread(
          db,
          persons.map((p) => p.id),
        )
      ).map(messageJson);
    },
  );

  api.post(
    '/api/v1/portal/cases/:id/messages',
    {
      config: { permission: can.portal, audit: 'PORTAL_MESSAGE_SENT', rateLimit: messageRateLimit },
      schema: {
        tags,
        summary: 'Send a message to the coroner’s office',
        params,
        body: messageInput.extend({ interestedPersonId: z.uuid().optional() }),
        response: { 201: messageResponse },
      },
    },
    async (req, reply) => {
      const m = await messageTheOffice(deps, req, await myCase(deps, req, req.params.id), req.body);
      return reply.code(201).send(messageJson(m));
    },
  );
}
