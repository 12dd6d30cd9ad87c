import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import {
  decideStatus,
  invite,
  removeRepresentative,
  updateInterestedPerson,
} from './interested-persons.commands.ts';
import { interestedPersonPermissions as can } from './interested-persons.policy.ts';
import { listThread } from './interested-persons.queries.ts';
import {
  decisionInput,
  interestedPersonInput,
  invitationInput,
  messageInput,
} from './interested-persons.schema.ts';
import {
  addPerson,
  changePerson,
  messageFromOffice,
  personsJson,
  registerJson,
  staffCase,
  staffPerson,
} from './interested-persons.service.ts';
import { messageJson } from './interested-persons.view.ts';

export const personResponse = z
  .looseObject({
    id: z.uuid(),
    caseId: z.uuid(),
    name: z.string(),
    category: z.string(),
    status: z.enum(['PROPOSED', 'RECOGNISED', 'DECLINED', 'REMOVED']),
    representative: z.looseObject({ name: z.string(), firm: z.string() }).nullable(),
    funding: z.string(),
    decision: z.looseObject({ decidedAt: z.string(), reasons: z.string().nullable() }).nullable(),
    access: z.array(z.looseObject({ userId: z.uuid(), capacity: z.enum(['self', 'representative']) })),
    invitations: z.array(
      z.looseObject({
        id: z.uuid(),
        capacity: z.string(),
        state: z.enum(['valid', 'used', 'expired', 'withdrawn']),
      }),
    ),
  })
  .meta({ id: 'InterestedPerson' });

export const messageResponse = z
  .object({
    id: z.uuid(),
    interestedPersonId: z.uuid(),
    from: z.enum(['coroners-office', 'interested-person']),
    authorName: z.string(),
    body: z.string(),
    sentAt: z.string(),
  })
  .meta({ id: 'PortalMessage' });

const caseParams = z.object({ id: z.string() });
const personParams = z.object({ id: z.string(), personId: z.string() });

/** The register of interested persons, their invitations and their messages, for the coroner's office. */
export function registerInterestedPersonsApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['Interested persons'];
  const base = '/api/v1/cases/:id/interested-persons';

  const personOut = async (person: Parameters<typeof personsJson>[1][number]) =>
    (await personsJson(db, [person], deps.clock.now()))[0]!;

  /** Which case and which entry of its register a route's path names. */
  const entryIds = (params: z.infer<typeof personParams>) => ({
    caseId: params.id,
    personId: params.personId,
  });

  /** Changes one entry of the register (`changePerson`) and answers with the entry as it now is. */
  const changeEntry = async <R extends { person: Parameters<typeof personOut>[0] }>(
    req: FastifyRequest & { params: z.infer<typeof personParams> },
    change: Parameters<typeof changePerson<R>>[3],
    detail: (result: R) => Record<string, unknown>,
  ) => personOut((await changePerson(deps, req, entryIds(req.params), change, detail)).person);

  api.get(
    base,
    {
      config: { permission: can.read, audit: null },
      schema: {
        tags,
        summary:
          'The register of interested persons of a case, with the coroner’s decisions and who can see the case',
        params: caseParams,
        response: { 200: z.object({ items: z.array(personResponse), total: z.number() }) },
      },
    },
    async (req) => {
      const caseRow = await staffCase(deps, req, req.params.id);
      const items = await registerJson(db, caseRow.id, deps.clock.now());
      return { items, total: items.length };
    },
  );

  api.post(
    base,
    {
      config: { permission: can.write, audit: 'INTERESTED_PERSON_ADDED' },
      schema: {
        tags,
        summary: 'Add a person or organisation to the register (status PROPOSED until the coroner decides)',
        params: caseParams,
        body: interestedPersonInput,
        response: { 201: personResponse },
      },
    },
    async (req, reply) => {
      const person = await addPerson(deps, req, await staffCase(deps, req, req.params.id), req.body);
      return reply.code(201).send(await personOut(person));
    },
  );

  api.get(
    `${base}/:personId`,
    {
      config: { permission: can.read, audit: null },
      schema: {
        tags,
        summary: 'One entry of the register',
        params: personParams,
        response: { 200: personResponse },
      },
    },
    async (req) => personOut((await staffPerson(deps, req, req.params.id, req.params.personId)).person),
  );

  api.put(
    `${base}/:personId`,
    {
      config: { permission: can.write, audit: 'INTERESTED_PERSON_UPDATED' },
      schema: {
        tags,
        summary:
          'Change an entry of the register (a different legal representative loses the previous one’s access at once)',
        params: personParams,
        body: interestedPersonInput,
        response: { 200: personResponse },
      },
    },
    async (req) =>
      changeEntry(
        req,
        (tx, found, ctx) => updateInterestedPerson(tx, found.person, req.body, ctx),
        (r) => ({ representativeAccessEnded: r.representativeAccessEnded }),
      ),
  );

  api.post(
    `${base}/:personId/decision`,
    {
      config: { permission: can.decide, audit: 'INTERESTED_PERSON_DECISION' },
      schema: {
        tags,
        summary:
          'The coroner’s decision on interested-person status, with reasons (coroners only; declining or removing ends their access)',
        params: personParams,
        body: decisionInput,
        response: { 200: personResponse },
      },
    },
    async (req) =>
      changeEntry(
        req,
        (tx, found, ctx) => decideStatus(tx, found.person, req.body, ctx),
        (r) => ({ status: r.person.status, accessEnded: r.accessEnded }),
      ),
  );

  api.delete(
    `${base}/:personId/representative`,
    {
      config: { permission: can.write, audit: 'REPRESENTATIVE_REMOVED' },
      schema: {
        tags,
        summary: 'Remove the legal representative: their access to the case ends at once',
        params: personParams,
        response: { 200: personResponse },
      },
    },
    async (req) =>
      changeEntry(
        req,
        (tx, found, ctx) => removeRepresentative(tx, found.person, ctx),
        (r) => ({ accessEnded: r.accessEnded }),
      ),
  );

  api.post(
    `${base}/:personId/invitations`,
    {
      config: { permission: can.invite, audit: 'PORTAL_INVITATION_SENT' },
      schema: {
        tags,
        summary:
          'Invite the interested person (or their legal representative) to the portal: a single-use email link that expires',
        params: personParams,
        body: invitationInput,
        response: {
          201: z.object({
            id: z.uuid(),
            email: z.string(),
            expiresAt: z.string(),
            notificationId: z.uuid(),
            emailed: z.boolean().meta({ description: 'Whether the invitation went by email' }),
            link: z.string().optional().meta({
              description:
                'Only when no email service is set up: the single-use link, for the office to give to the person. It is not shown again.',
            }),
          }),
        },
      },
    },
    async (req, reply) => {
      const sent = await changePerson(
        deps,
        req,
        entryIds(req.params),
        (tx, found, ctx) => invite(tx, found.caseRow, found.person, req.body.capacity, ctx),
        (r) => ({ invitationId: r.invitation.id, capacity: req.body.capacity }),
      );
      return reply.code(201).send({
        id: sent.invitation.id,
        email: sent.invitation.email,
        expiresAt: sent.invitation.expiresAt.toISOString(),
        notificationId: sent.notificationId,
        emailed: sent.emailed,
        ...(sent.link ? { link: sent.link } : {}),
      });
    },
  );

  api.get(
    `${base}/:personId/messages`,
    {
      config: { permission: can.message, audit: null },
      schema: {
        tags,
        summary: 'The message thread with this interested person',
        params: personParams,
        response: { 200: z.array(messageResponse) },
      },
    },
    async (req) => {
      const { person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return (await listThread(db, [person.id])).map(messageJson);
    },
  );

  api.post(
    `${base}/:personId/messages`,
    {
      config: { permission: can.message, audit: 'PORTAL_MESSAGE_SENT' },
      schema: {
        tags,
        summary:
          'Send a message to the interested person from the coroner’s office (they are told by their preferred channel)',
        params: personParams,
        body: messageInput,
        response: { 201: messageResponse },
      },
    },
    async (req, reply) => {
      const message = await messageFromOffice(deps, req, entryIds(req.params), req.body.body);
      return reply.code(201).send(messageJson(message));
    },
  );
}
