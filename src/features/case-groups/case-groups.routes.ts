import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, CasePageLink } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import { type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { type FieldErrors, isAppError } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { joinProblems, MIN_GROUP_CASES, parseReferences } from './case-groups.domain.ts';
import { caseGroupPermissions } from './case-groups.policy.ts';
import {
  caseIdsByReference,
  casesByReference,
  getGroupFor,
  groupView,
  listGroups,
  missingReferences,
} from './case-groups.queries.ts';
import { type CaseGroupView, caseGroupForm } from './case-groups.schema.ts';
import { addCasesToGroup, formGroup, takeCaseOutOfGroup } from './case-groups.service.ts';

const GROUP_FIELDS: Field[] = [
  {
    kind: 'text',
    path: 'name',
    label: 'Name of the group',
    hint: 'For example, Stratford fire, 3 March 2026',
  },
  {
    kind: 'textarea',
    path: 'references',
    label: 'Case references',
    hint: 'One a line, for example EL-2026-000123. Group at least two cases of your area.',
    rows: 4,
  },
  {
    kind: 'textarea',
    path: 'reason',
    label: 'Why should these inquests be heard together?',
    hint: 'For example, the deaths happened in the same incident and the same witnesses will give evidence.',
  },
];

/** A 400 from the domain or the database lookups, turned into the form's field errors. */
function formFieldsOf(error: unknown): FieldErrors | undefined {
  if (!isAppError(error)) return undefined;
  if (error.fields) {
    const { caseIds, ...rest } = error.fields;
    return caseIds ? { ...rest, references: caseIds } : rest;
  }
  if (error.code === 'CONFLICT') return { references: error.message };
  return undefined;
}

/**
 * The form's errors with several problems about the references: each its own line of the error summary, in
 * the order of the form, and all of them by the references box.
 */
function referenceErrors(fields: FieldErrors, references: string[]): ReturnType<typeof formErrors> {
  const errors = formErrors(fields);
  if (references.length === 0) return errors;
  const sentences = references.map((r) => r.replace(/\.$/, ''));
  const own = sentences.map((text) => ({ text, href: '#references' }));
  const list = errors?.errorList ?? [];
  const before = list.filter((e) => 'href' in e && e.href === '#name');
  return {
    errorList: [...before, ...own, ...list.filter((e) => !before.includes(e))],
    fields: { ...errors?.fields, references: { text: `${sentences.join('. ')}.` } },
  };
}

/** Links other features add to a group's page (e.g. its judge-led requests), given by the composer. */
export type GroupLinks = (principal: Principal, group: CaseGroupView) => Promise<CasePageLink[]>;

export function registerCaseGroupRoutes(app: FastifyInstance, deps: AppDeps, groupLinks?: GroupLinks): void {
  const { db } = deps.database;

  app.get(
    '/case-groups',
    { config: { permission: caseGroupPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const groups = await listGroups(db, principal);
      return reply.page('case-groups/views/list.njk', {
        title: 'Case groups',
        canWrite: allows(caseGroupPermissions.write, principal.role),
        rows: groups.map((g) => [
          {
            html: `<a class="govuk-link" href="/case-groups/${g.id}">${escapeHtml(g.name)}</a>${g.endedAt ? ' (ended)' : ''}`,
          },
          { text: g.areaCode ?? '' },
          { text: String(g.cases), format: 'numeric' },
          { text: govukDate(g.createdAt) },
        ]),
      });
    },
  );

  function groupForm(
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    return reply.code(errors ? 400 : 200).page('case-groups/views/form.njk', {
      title: 'Group inquests to hear together',
      intro:
        'A coroner may hear the inquests into several deaths together, for example when they happened in the same incident. Each case’s history will show that it is in the group.',
      fields: GROUP_FIELDS,
      values,
      errors,
      action: '/case-groups/new',
      submitText: 'Form the group',
      cancel: '/case-groups',
      backLink: '/case-groups',
    });
  }

  app.get<{ Querystring: { reference?: string } }>(
    '/case-groups/new',
    { config: { permission: caseGroupPermissions.write, audit: null } },
    async (req, reply) =>
      groupForm(
        reply,
        formValues(GROUP_FIELDS, {
          data: {
            references: parseReferences(String(req.query.reference ?? ''))
              .slice(0, 1)
              .join(''),
          },
        }),
      ),
  );

  app.post<{ Body: FormBody }>(
    '/case-groups/new',
    { config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CREATED' } },
    async (req, reply) => {
      const principal = principalOf(req);
      const again = (fields: FieldErrors) =>
        groupForm(reply, formValues(GROUP_FIELDS, { body: req.body }), formErrors(fields));
      const againWith = (fields: FieldErrors, references: string[]) =>
        groupForm(reply, formValues(GROUP_FIELDS, { body: req.body }), referenceErrors(fields, references));
      const parsed = caseGroupForm.safeParse(readForm(GROUP_FIELDS, req.body));
      const fields = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
      // Every problem with the references at once: unknown ones, too few, and each case that cannot join.
      const refs = parseReferences(String(req.body.references ?? ''));
      const problems: string[] = [];
      if (!fields.references && refs.length) {
        const { found, missing } = await casesByReference(db, principal, refs);
        if (missing.length) problems.push(missingReferences(missing));
        if (refs.length < MIN_GROUP_CASES) problems.push('Enter the references of at least two cases');
        if (found.length) problems.push(...joinProblems({ id: null, areaCode: found[0]!.areaCode }, found));
      }
      if (!parsed.success || problems.length) return againWith(fields, problems);
      try {
        const caseIds = await caseIdsByReference(db, principal, refs);
        if (caseIds.length < MIN_GROUP_CASES)
          return again({ references: 'Enter the references of at least two cases' });
        const group = await formGroup(deps, req, {
          name: parsed.data.name,
          reason: parsed.data.reason,
          caseIds,
        });
        return seeOther(reply, `/case-groups/${group.id}?saved=formed`);
      } catch (error) {
        const fields = formFieldsOf(error);
        if (fields) return again(fields);
        throw error;
      }
    },
  );

  async function groupPage(
    req: FastifyRequest<{ Params: { id: string }; Querystring?: { saved?: string } }>,
    reply: FastifyReply,
    add?: { value: string; errors: ReturnType<typeof formErrors> },
    refused?: string,
  ) {
    const principal = principalOf(req);
    const group = await getGroupFor(db, principal, req.params.id);
    const g = await groupView(db, group);
    const canWrite = allows(caseGroupPermissions.write, principal.role) && principal.areaCode === g.areaCode;
    const saved = (req.query as { saved?: string } | undefined)?.saved;
    return reply.code(refused ? 409 : add?.errors ? 400 : 200).page('case-groups/views/group.njk', {
      title: g.name,
      g,
      // A group holds at least two cases: taking one of the last two out ends it.
      lastTwo: g.cases.length <= MIN_GROUP_CASES,
      ended: g.endedAt ? govukDate(g.endedAt) : undefined,
      banner:
        saved === 'formed'
          ? 'The group is formed. Each case’s history shows it.'
          : saved === 'added'
            ? 'Cases added to the group.'
            : saved === 'removed'
              ? 'Case removed from the group.'
              : saved === 'ended'
                ? 'Case removed from the group. The group has ended: both cases are now heard on their own.'
                : undefined,
      summaryRows: [
        { key: { text: 'Why heard together' }, value: { text: g.reason } },
        { key: { text: 'Coroner area' }, value: { text: g.areaCode } },
        {
          key: { text: 'Formed' },
          value: { text: `${govukDateTime(g.createdAt)}${g.createdBy ? ` by ${g.createdBy}` : ''}` },
        },
        { key: { text: 'Number of cases' }, value: { text: String(g.cases.length) } },
      ],
      canWrite: canWrite && !g.endedAt,
      addValue: add?.value ?? '',
      errors: refused ? { errorList: [{ text: refused, href: '#cases' }], fields: {} } : add?.errors,
      links: groupLinks ? await groupLinks(principal, g) : [],
      backLink: '/case-groups',
    });
  }

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    '/case-groups/:id',
    { config: { permission: caseGroupPermissions.read, audit: null } },
    (req, reply) => groupPage(req, reply),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/case-groups/:id/cases',
    { config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CASES_ADDED' } },
    async (req, reply) => {
      const principal = principalOf(req);
      const group = await getGroupFor(db, principal, req.params.id);
      const value = String(req.body.references ?? '');
      const refs = parseReferences(value);
      const again = (text: string) =>
        groupPage(req, reply, { value, errors: formErrors({ references: text }) });
      if (refs.length === 0) return again('Enter the reference of a case to add');
      try {
        await addCasesToGroup(deps, req, group, await caseIdsByReference(db, principal, refs));
      } catch (error) {
        const fields = formFieldsOf(error);
        if (fields) return again(Object.values(fields)[0]!);
        throw error;
      }
      return seeOther(reply, `/case-groups/${group.id}?saved=added`);
    },
  );

  app.post<{ Params: { id: string; caseId: string } }>(
    '/case-groups/:id/cases/:caseId/remove',
    { config: { permission: caseGroupPermissions.write, audit: 'CASE_GROUP_CASE_REMOVED' } },
    async (req, reply) => {
      const group = await getGroupFor(db, principalOf(req), req.params.id);
      let ended: boolean;
      try {
        ({ ended } = await takeCaseOutOfGroup(deps, req, group, req.params.caseId));
      } catch (error) {
        if (isAppError(error) && error.code === 'ACTION_NOT_ALLOWED')
          return groupPage(req, reply, undefined, error.message);
        throw error;
      }
      return seeOther(reply, `/case-groups/${group.id}?saved=${ended ? 'ended' : 'removed'}`);
    },
  );
}
