import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { messageFields } from '../interested-persons/interested-persons.forms.ts';
import { interestedPersonPermissions as can } from '../interested-persons/interested-persons.policy.ts';
import { messageInput } from '../interested-persons/interested-persons.schema.ts';
import { threadItems } from '../interested-persons/interested-persons.view.ts';
import { caseView, messageRateLimit, messageTheOffice, myCase, myCases } from './portal.service.ts';
import { timelineItems } from './portal.view.ts';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: { sent?: string } }>;

/** The message form: with a choice of whom it is about for someone acting for more than one person. */
function messageFieldsFor(persons: { id: string; name: string }[]): Field[] {
  if (persons.length < 2) return messageFields;
  return [
    {
      kind: 'radios',
      path: 'interestedPersonId',
      label: 'Who is this message about?',
      hint: 'You act for more than one person on this case. Only the person you choose, and the coroner’s office, will see it.',
      options: persons.map((p) => ({ value: p.id, text: p.name })),
    },
    ...messageFields,
  ];
}

/** The family's pages: their cases, and each case in plain words with messages and support. */
export function registerPortalRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/portal', { config: { permission: can.portal, audit: null } }, async (req, reply) =>
    reply.page('portal/views/my-cases.njk', {
      title: 'Your cases',
      cases: await myCases(deps, req.principal!),
    }),
  );

  async function casePage(
    req: Req,
    reply: FastifyReply,
    form?: { body: FormBody; errors: ReturnType<typeof formErrors>; status?: number },
  ) {
    const { caseRow, persons, principal } = await myCase(deps, req, req.params.id);
    const fields = messageFieldsFor(persons);
    const [view, sections] = await Promise.all([
      caseView(
        deps,
        caseRow,
        persons.map((p) => p.id),
      ),
      deps.extensions.portalSections(principal, caseRow.id),
    ]);
    return reply.code(form ? (form.status ?? 400) : 200).page('portal/views/case.njk', {
      title: `The investigation into the death of ${view.deceased}`,
      c: view,
      sections,
      timeline: timelineItems(view.timeline),
      // Acting for several people (a lawyer for two relatives), each message says whom it is about.
      thread: threadItems(
        view.thread,
        persons.length > 1 ? new Map(persons.map((p) => [p.id, p.name])) : undefined,
      ),
      emptyThread: `You have not exchanged any messages yet. Send a message and the coroner’s office will reply here.${
        // Only a way to reach the office that the page can give.
        view.officer?.phone
          ? ` For anything urgent, telephone ${view.officer.phone}.`
          : view.officer
            ? ` For anything urgent, email ${view.officer.email}.`
            : ''
      }`,
      messageFields: fields,
      messageValues: formValues(fields, form ? { body: form.body } : { data: {} }),
      errors: form?.errors,
      banner: req.query.sent ? 'Your message has been sent to the coroner’s office.' : undefined,
    });
  }

  app.get<{ Params: { id: string }; Querystring: { sent?: string } }>(
    '/portal/cases/:id',
    { config: { permission: can.portal, audit: null } },
    casePage,
  );

  // The address a message form posts to, reloaded or bookmarked after a refusal: the messages on the case page.
  app.get<{ Params: { id: string } }>(
    '/portal/cases/:id/messages',
    { config: { permission: can.portal, audit: null } },
    async (req, reply) => {
      const mine = await myCase(deps, req, req.params.id);
      return seeOther(reply, `/portal/cases/${mine.caseRow.id}#messages`);
    },
  );

  app.post<{ Params: { id: string }; Querystring: { sent?: string }; Body: FormBody }>(
    '/portal/cases/:id/messages',
    {
      config: { permission: can.portal, audit: 'PORTAL_MESSAGE_SENT', rateLimit: messageRateLimit },
      // Over the limit, the case page again: the message they wrote kept, and why it was not sent said on it.
      errorHandler: async (error, req, reply) => {
        if (!(isAppError(error) && error.code === 'RATE_LIMITED')) throw error;
        return casePage(req, reply, {
          body: req.body ?? {},
          errors: formErrors({ body: error.message }),
          status: error.status,
        });
      },
    },
    async (req, reply) => {
      const mine = await myCase(deps, req, req.params.id);
      const parsed = messageInput.safeParse(readForm(messageFields, req.body));
      const wanted =
        typeof req.body.interestedPersonId === 'string' && req.body.interestedPersonId
          ? req.body.interestedPersonId
          : undefined;
      const problems = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
      if (mine.persons.length > 1 && !wanted) problems.interestedPersonId = 'Choose who the message is about';
      if (!parsed.success || Object.keys(problems).length)
        return casePage(req, reply, { body: req.body, errors: formErrors(problems) });
      try {
        await messageTheOffice(deps, req, mine, { body: parsed.data.body, interestedPersonId: wanted });
      } catch (error) {
        if (isAppError(error) && error.fields)
          return casePage(req, reply, { body: req.body, errors: formErrors(error.fields) });
        throw error;
      }
      return seeOther(reply, `/portal/cases/${mine.caseRow.id}?sent=1#messages`);
    },
  );
}
