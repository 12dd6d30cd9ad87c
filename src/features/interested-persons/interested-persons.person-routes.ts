import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { userNames } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import { type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { AlreadySent, alreadySent, claimOnce, ONCE_FIELD } from '../../platform/forms/once.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { invite, removeRepresentative } from './interested-persons.commands.ts';
import { isActive } from './interested-persons.domain.ts';
import { messageFields } from './interested-persons.forms.ts';
import { interestedPersonPermissions as can } from './interested-persons.policy.ts';
import { listAccess, listInvitations, listThread, type PersonRow } from './interested-persons.queries.ts';
import { invitationInput, messageInput } from './interested-persons.schema.ts';
import { changePerson, messageFromOffice, staffPerson } from './interested-persons.service.ts';
import { invitationRows, personSummaryRows, threadItems } from './interested-persons.view.ts';

type Params = { id: string; personId: string };
type Errors = ReturnType<typeof formErrors>;

// A Map, so a query like `?done=constructor` finds nothing rather than a built-in of every object.
const BANNERS = new Map<string, string>(
  Object.entries({
    added: 'The interested person has been added to the register.',
    saved: 'The details have been saved.',
    decided: 'Your decision has been recorded.',
    invited: 'The invitation has been sent. The link works once and expires after 7 days.',
    removed:
      'The legal representative has been removed. They can no longer see this case, and funding is now recorded as not represented.',
    sent: 'Your message has been sent.',
  }),
);
export const bannerFor = (done: unknown) => (typeof done === 'string' ? BANNERS.get(done) : undefined);

export const caption = (c: CaseRow) => `${c.reference} · ${c.givenNames} ${c.familyName}`;
export const personUrl = (caseId: string, personId: string) =>
  `/cases/${caseId}/interested-persons/${personId}`;

/** One interested person's page for the office: the entry, the decision, online access, invitations, messages. */
export async function personPage(
  deps: AppDeps,
  req: FastifyRequest<{ Params: Params; Querystring: { done?: string } }>,
  reply: FastifyReply,
  o: {
    caseRow: CaseRow;
    person: PersonRow;
    errors?: Errors;
    body?: FormBody;
    /** An invitation not emailed (no sending service): its link, shown this once for the office to pass on. */
    handOver?: { name: string; link: string; expiresAt: Date };
    /** The invitation form was sent again: nothing new was made. */
    repeated?: boolean;
  },
) {
  const { caseRow, person } = o;
  const { db } = deps.database;
  const role = principalOf(req).role;
  const now = deps.clock.now();
  const [access, invitations, thread, deciders] = await Promise.all([
    listAccess(db, [person.id]),
    listInvitations(db, [person.id]),
    listThread(db, [person.id]),
    userNames(db, [person.decidedBy]),
  ]);
  return reply.code(o.errors ? 400 : 200).page('interested-persons/views/person.njk', {
    title: person.name,
    caption: caption(caseRow),
    caseId: caseRow.id,
    personId: person.id,
    banner: o.handOver ? undefined : bannerFor(req.query.done),
    handOver: o.handOver,
    repeated: o.repeated,
    summary: personSummaryRows(person, person.decidedBy ? deciders.get(person.decidedBy) : undefined),
    access,
    invitations: invitationRows(invitations, now),
    thread: threadItems(thread),
    emptyThread:
      'No messages yet. Messages you send appear in their online account and they are told by their preferred channel.',
    active: isActive(person),
    // Said where the buttons would be, so the office knows why there are none (after the person's name).
    inviteBar: isActive(person)
      ? undefined
      : person.status === 'PROPOSED'
        ? 'can be invited to follow the case online once the coroner decides they are an interested person.'
        : 'is not an interested person, so cannot be invited to follow the case online.',
    // A removal is final (a person removed is added again as a new entry); any other status can be decided.
    decidable: person.status !== 'REMOVED',
    hasRepresentative: Boolean(person.representative),
    canWrite: allows(can.write, role),
    canDecide: allows(can.decide, role),
    canInvite: allows(can.invite, role),
    canMessage: allows(can.message, role),
    messageFields,
    messageValues: formValues(messageFields, o.body ? { body: o.body } : { data: {} }),
    errors: o.errors,
  });
}

/** What the office does from a person's page: invite, remove the lawyer, send a message. */
export function registerPersonActionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: Params; Body: FormBody; Querystring: { done?: string } }>(
    '/cases/:id/interested-persons/:personId/invitations',
    { config: { permission: can.invite, audit: 'PORTAL_INVITATION_SENT' } },
    async (req, reply) => {
      const found = await staffPerson(deps, req, req.params.id, req.params.personId);
      const parsed = invitationInput.safeParse(
        readForm([{ kind: 'text', path: 'capacity', label: 'Who' }], req.body),
      );
      if (!parsed.success)
        return personPage(deps, req, reply, {
          ...found,
          errors: formErrors(fieldErrorsOf(parsed.error.issues)),
        });
      // The same page sent again (a reload after the link was shown) makes nothing new: a new link would stop
      // the one just given out.
      const userId = principalOf(req).userId;
      if (await alreadySent(deps.database.db, userId, req.body[ONCE_FIELD]))
        return personPage(deps, req, reply, { ...found, repeated: true });
      let sent: Awaited<ReturnType<typeof invite>>;
      try {
        sent = await changePerson(
          deps,
          req,
          { caseId: found.caseRow.id, personId: found.person.id },
          async (tx, current, ctx) => {
            if (!(await claimOnce(tx, userId, req.body[ONCE_FIELD], ctx.now))) throw new AlreadySent();
            return invite(tx, current.caseRow, current.person, parsed.data.capacity, ctx);
          },
          (result) => ({ invitationId: result.invitation.id, capacity: parsed.data.capacity }),
        );
      } catch (error) {
        if (error instanceof AlreadySent) return personPage(deps, req, reply, { ...found, repeated: true });
        if (isAppError(error) && error.status < 500)
          return personPage(deps, req, reply, {
            ...found,
            errors: formErrors({ [`invite-${parsed.data.capacity}`]: error.message }),
          });
        throw error;
      }
      if (sent.link)
        return personPage(deps, req, reply, {
          ...found,
          handOver: { name: sent.invitation.name, link: sent.link, expiresAt: sent.invitation.expiresAt },
        });
      return seeOther(reply, `${personUrl(found.caseRow.id, found.person.id)}?done=invited`);
    },
  );

  // Removing a lawyer ends their access at once and changes the funding: the office confirms it first.
  app.get<{ Params: Params }>(
    '/cases/:id/interested-persons/:personId/representative/removal',
    { config: { permission: can.write, audit: null } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      const back = personUrl(caseRow.id, person.id);
      if (!person.representative) return seeOther(reply, back);
      return reply.page('interested-persons/views/remove-representative.njk', {
        title: `Remove ${person.representative.name} as ${person.name}’s legal representative?`,
        caption: caption(caseRow),
        lawyer: person.representative.name,
        person: person.name,
        back,
        action: `${back}/representative/removal`,
      });
    },
  );

  app.post<{ Params: Params; Querystring: { done?: string } }>(
    '/cases/:id/interested-persons/:personId/representative/removal',
    { config: { permission: can.write, audit: 'REPRESENTATIVE_REMOVED' } },
    async (req, reply) => {
      const found = await staffPerson(deps, req, req.params.id, req.params.personId);
      try {
        await changePerson(
          deps,
          req,
          { caseId: found.caseRow.id, personId: found.person.id },
          (tx, current, ctx) => removeRepresentative(tx, current.person, ctx),
          (r) => ({ accessEnded: r.accessEnded }),
        );
      } catch (error) {
        if (isAppError(error) && error.status < 500)
          return personPage(deps, req, reply, {
            ...found,
            errors: formErrors({ 'remove-representative': error.message }),
          });
        throw error;
      }
      return seeOther(reply, `${personUrl(found.caseRow.id, found.person.id)}?done=removed`);
    },
  );

  // The address the message form posts to, reloaded or gone back to after a refusal: the person's messages.
  app.get<{ Params: Params }>(
    '/cases/:id/interested-persons/:personId/messages',
    { config: { permission: can.read, audit: null } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return seeOther(reply, `${personUrl(caseRow.id, person.id)}#messages`);
    },
  );

  app.post<{ Params: Params; Body: FormBody; Querystring: { done?: string } }>(
    '/cases/:id/interested-persons/:personId/messages',
    { config: { permission: can.message, audit: 'PORTAL_MESSAGE_SENT' } },
    async (req, reply) => {
      const found = await staffPerson(deps, req, req.params.id, req.params.personId);
      const parsed = messageInput.safeParse(readForm(messageFields, req.body));
      if (!parsed.success)
        return personPage(deps, req, reply, {
          ...found,
          body: req.body,
          errors: formErrors(fieldErrorsOf(parsed.error.issues)),
        });
      try {
        await messageFromOffice(
          deps,
          req,
          { caseId: found.caseRow.id, personId: found.person.id },
          parsed.data.body,
        );
      } catch (error) {
        if (isAppError(error) && error.status < 500)
          return personPage(deps, req, reply, {
            ...found,
            body: req.body,
            errors: formErrors({ body: error.message }),
          });
        throw error;
      }
      return seeOther(reply, `${personUrl(found.caseRow.id, found.person.id)}?done=sent`);
    },
  );
}
