import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { allows } from '../../platform/auth/roles.ts';
import { type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { type FieldErrors, isAppError } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { decideStatus, updateInterestedPerson } from './interested-persons.commands.ts';
import { decisionFields, personFields, personFormData } from './interested-persons.forms.ts';
import {
  bannerFor,
  caption,
  personPage,
  personUrl,
  registerPersonActionRoutes,
} from './interested-persons.person-routes.ts';
import { interestedPersonPermissions as can } from './interested-persons.policy.ts';
import {
  listAccess,
  listCasePersons,
  listInvitations,
  messageCounts,
  type PersonRow,
} from './interested-persons.queries.ts';
import { decisionInput, interestedPersonInput } from './interested-persons.schema.ts';
import { addPerson, changePerson, staffCase, staffPerson } from './interested-persons.service.ts';
import { isolatedName, registerRows } from './interested-persons.view.ts';

type Params = { id: string; personId: string };
type Errors = ReturnType<typeof formErrors>;

/** The coroner's office's pages for the register of interested persons. */
export function registerInterestedPersonsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  function showForm(
    reply: FastifyReply,
    o: {
      caseRow: CaseRow;
      title: string;
      /** The title as HTML, where it names someone: the name set apart from the words around it. */
      headingHtml?: string;
      fields: Field[];
      action: string;
      cancel: string;
      body?: FormBody;
      data?: Record<string, unknown>;
      errors?: Errors;
      submitText?: string;
      intro?: string;
    },
  ) {
    return reply.code(o.errors ? 400 : 200).page('interested-persons/views/form.njk', {
      title: o.title,
      headingHtml: o.headingHtml,
      caption: caption(o.caseRow),
      intro: o.intro,
      fields: o.fields,
      values: formValues(o.fields, o.body ? { body: o.body } : { data: o.data ?? {} }),
      errors: o.errors,
      action: o.action,
      cancel: o.cancel,
      submitText: o.submitText,
    });
  }

  /** Reads a posted form into the schema, or shows it again with the problems. */
  async function handleForm<T>(
    reply: FastifyReply,
    body: FormBody,
    parse: (input: unknown) => { success: true; data: T } | { success: false; error: { issues: never[] } },
    fields: Field[],
    again: (errors: Errors) => unknown,
    save: (data: T) => Promise<string>,
  ) {
    const parsed = parse(readForm(fields, body));
    if (!parsed.success) return again(formErrors(fieldErrorsOf(parsed.error.issues)));
    try {
      return seeOther(reply, await save(parsed.data));
    } catch (error) {
      if (isAppError(error) && error.fields) return again(formErrors(error.fields as FieldErrors));
      if (isAppError(error) && error.status === 409)
        return again(formErrors({ [fields[0]!.path]: error.message }));
      throw error;
    }
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/cases/:id/interested-persons',
    { config: { permission: can.read, audit: null } },
    async (req, reply) => {
      const caseRow = await staffCase(deps, req, req.params.id);
      const persons = await listCasePersons(db, caseRow.id);
      const ids = persons.map((p) => p.id);
      const [access, invitations, messages] = await Promise.all([
        listAccess(db, ids),
        listInvitations(db, ids),
        messageCounts(db, caseRow.id),
      ]);
      return reply.page('interested-persons/views/register.njk', {
        title: 'Interested persons',
        caption: caption(caseRow),
        caseId: caseRow.id,
        rows: registerRows(persons, access, invitations, deps.clock.now(), caseRow.id, messages),
        canWrite: allows(can.write, principalOf(req).role),
        banner: bannerFor(req.query.done),
      });
    },
  );

  const newForm = (caseRow: CaseRow, extra: { body?: FormBody; errors?: Errors } = {}) => ({
    caseRow,
    title: 'Add an interested person',
    fields: personFields,
    action: `/cases/${caseRow.id}/interested-persons/new`,
    cancel: `/cases/${caseRow.id}/interested-persons`,
    data: { kind: 'person', funding: 'UNKNOWN' },
    submitText: 'Add to the register',
    intro: 'The coroner will then decide whether they are an interested person.',
    ...extra,
  });

  app.get<{ Params: { id: string } }>(
    '/cases/:id/interested-persons/new',
    { config: { permission: can.write, audit: null } },
    async (req, reply) => showForm(reply, newForm(await staffCase(deps, req, req.params.id))),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/cases/:id/interested-persons/new',
    { config: { permission: can.write, audit: 'INTERESTED_PERSON_ADDED' } },
    async (req, reply) => {
      const caseRow = await staffCase(deps, req, req.params.id);
      return handleForm(
        reply,
        req.body,
        (x) => interestedPersonInput.safeParse(x) as never,
        personFields,
        (errors) => showForm(reply, newForm(caseRow, { body: req.body, errors })),
        async (input) => {
          const person = await addPerson(deps, req, caseRow, input as never);
          return `${personUrl(caseRow.id, person.id)}?done=added`;
        },
      );
    },
  );

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/cases/:id/interested-persons/:personId',
    { config: { permission: can.read, audit: null } },
    async (req, reply) =>
      personPage(deps, req, reply, await staffPerson(deps, req, req.params.id, req.params.personId)),
  );

  const editForm = (
    caseRow: CaseRow,
    person: PersonRow,
    extra: { body?: FormBody; errors?: Errors } = {},
  ) => ({
    caseRow,
    title: `Change the details of ${person.name}`,
    headingHtml: `Change the details of ${isolatedName(person.name)}`,
    fields: personFields,
    action: `${personUrl(caseRow.id, person.id)}/edit`,
    cancel: personUrl(caseRow.id, person.id),
    data: personFormData(person),
    intro: 'If you change or remove the legal representative, the previous one can no longer see the case.',
    ...extra,
  });

  app.get<{ Params: Params }>(
    '/cases/:id/interested-persons/:personId/edit',
    { config: { permission: can.write, audit: null } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return showForm(reply, editForm(caseRow, person));
    },
  );

  app.post<{ Params: Params; Body: FormBody }>(
    '/cases/:id/interested-persons/:personId/edit',
    { config: { permission: can.write, audit: 'INTERESTED_PERSON_UPDATED' } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return handleForm(
        reply,
        req.body,
        (x) => interestedPersonInput.safeParse(x) as never,
        personFields,
        (errors) => showForm(reply, editForm(caseRow, person, { body: req.body, errors })),
        async (input) => {
          await changePerson(
            deps,
            req,
            { caseId: caseRow.id, personId: person.id },
            (tx, found, ctx) => updateInterestedPerson(tx, found.person, input as never, ctx),
            (r) => ({ representativeAccessEnded: r.representativeAccessEnded }),
          );
          return `${personUrl(caseRow.id, person.id)}?done=saved`;
        },
      );
    },
  );

  const decisionForm = (
    caseRow: CaseRow,
    person: PersonRow,
    extra: { body?: FormBody; errors?: Errors } = {},
  ) => ({
    caseRow,
    title: `Is ${person.name} an interested person?`,
    headingHtml: `Is ${isolatedName(person.name)} an interested person?`,
    fields: decisionFields,
    action: `${personUrl(caseRow.id, person.id)}/decision`,
    cancel: personUrl(caseRow.id, person.id),
    intro: 'Coroners and Justice Act 2009 section 47. Your reasons are kept with the decision.',
    submitText: 'Record your decision',
    ...extra,
  });

  app.get<{ Params: Params }>(
    '/cases/:id/interested-persons/:personId/decision',
    { config: { permission: can.decide, audit: null } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return showForm(reply, decisionForm(caseRow, person));
    },
  );

  app.post<{ Params: Params; Body: FormBody }>(
    '/cases/:id/interested-persons/:personId/decision',
    { config: { permission: can.decide, audit: 'INTERESTED_PERSON_DECISION' } },
    async (req, reply) => {
      const { caseRow, person } = await staffPerson(deps, req, req.params.id, req.params.personId);
      return handleForm(
        reply,
        req.body,
        (x) => decisionInput.safeParse(x) as never,
        decisionFields,
        (errors) => showForm(reply, decisionForm(caseRow, person, { body: req.body, errors })),
        async (input) => {
          await changePerson(
            deps,
            req,
            { caseId: caseRow.id, personId: person.id },
            (tx, found, ctx) => decideStatus(tx, found.person, input as never, ctx),
            (r) => ({ status: r.person.status, accessEnded: r.accessEnded }),
          );
          return `${personUrl(caseRow.id, person.id)}?done=decided`;
        },
      );
    },
  );

  registerPersonActionRoutes(app, deps);
}
