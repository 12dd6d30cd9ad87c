import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { allows, type Role } from '../../platform/auth/roles.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { dateProblems, type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { type FieldErrors, isAppError } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { parseReferences } from '../case-groups/case-groups.domain.ts';
import { caseIdsByReference, getGroupFor, groupView } from '../case-groups/case-groups.queries.ts';
import { casePermissions } from '../cases/cases.policy.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import type { JudgeAccount } from './judge-led.commands.ts';
import {
  APPOINTMENT_BASIS_LABELS,
  appointedOnProblem,
  basesFor,
  checkStep,
  JUDGE_LED_STATUSES,
} from './judge-led.domain.ts';
import { judgeLedPermissions } from './judge-led.policy.ts';
import { getRequestFor, listRequests, requestView } from './judge-led.queries.ts';
import { appointmentInput, decisionInput, judgeLedRequestInput, MOST_CASES } from './judge-led.schema.ts';
import { askForJudge, decideOnJudge, recordAppointment } from './judge-led.service.ts';
import { listRows, requestRows, requestTimeline, STATUS_TAGS } from './judge-led.view.ts';

type Errors = ReturnType<typeof formErrors>;

const REASONS: Field = {
  kind: 'textarea',
  path: 'reasons',
  label: 'Why should a judge lead the inquest?',
  hint: 'For example, the need for a judge to see sensitive material, or the scale and complexity of the inquests.',
  rows: 6,
};
const REFERENCES: Field = {
  kind: 'textarea',
  path: 'references',
  label: 'Case references',
  hint: 'One a line, for example EL-2026-000123.',
  rows: 3,
};
const DECISION_FIELDS: Field[] = [
  {
    kind: 'radios',
    path: 'decision',
    label: 'Decision',
    options: [
      { value: 'APPROVED', text: 'Approve: a judge will lead the inquest' },
      { value: 'DECLINED', text: 'Decline: the coroner of the area keeps the case' },
    ],
  },
  { kind: 'textarea', path: 'reasons', label: 'Reasons for the decision', rows: 6 },
];
/** The appointment form; the kinds of appointment offered are those this role makes. */
const appointmentFields = (role: Role): Field[] => [
  {
    kind: 'text',
    path: 'judgeTitle',
    label: 'Judge’s title',
    hint: 'For example, His Honour Judge, or Lord Justice',
    width: '20',
  },
  {
    kind: 'text',
    path: 'judgeName',
    label: 'Judge’s name',
    hint: 'For example, Peter Lane',
    autocomplete: 'off',
  },
  {
    kind: 'email',
    path: 'judgeEmail',
    label: 'Judge’s email address',
    hint: 'The judge signs in with this address. A coroner account is created for them if they do not have one.',
    autocomplete: 'off',
  },
  { kind: 'date', path: 'appointedOn', label: 'Date of appointment' },
  {
    kind: 'radios',
    path: 'basis',
    label: 'How is the judge appointed?',
    options: basesFor(role).map((b) => ({ value: b, text: APPOINTMENT_BASIS_LABELS[b] })),
  },
];

const uuid = (v: unknown) => (typeof v === 'string' && isUuid(v) ? v : undefined);

export function registerJudgeLedRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  app.get<{ Querystring: { status?: string } }>(
    '/judge-led-requests',
    { config: { permission: judgeLedPermissions.read, audit: null } },
    async (req, reply) => {
      const status = JUDGE_LED_STATUSES.find((s) => s === req.query.status);
      const items = await listRequests(db, principalOf(req), { status });
      return reply.page('judge-led/views/list.njk', { title: 'Judge-led inquests', rows: listRows(items) });
    },
  );

  async function requestForm(
    req: FastifyRequest,
    reply: FastifyReply,
    source: { groupId?: string; caseId?: string },
    body?: FormBody,
    errors?: Errors,
  ) {
    const principal = principalOf(req);
    const group = source.groupId
      ? await groupView(db, await getGroupFor(db, principal, source.groupId))
      : undefined;
    const fields = group ? [REASONS] : [REFERENCES, REASONS];
    const caseRow = source.caseId ? await getCaseFor(db, principal, source.caseId) : undefined;
    return reply.code(errors ? 400 : 200).page('judge-led/views/form.njk', {
      title: 'Ask for a judge-led inquest',
      caption: group ? group.name : undefined,
      intro:
        'You are asking the Chief Coroner to have a judge lead the inquest (Chief Coroner’s Guidance No. 30). Only the Chief Coroner’s office decides. If it approves, the local authority appoints the judge.',
      caseList: group?.cases.map((c) => `${c.reference} – ${c.name}`),
      caseListTitle: 'The request covers every case in the group',
      hidden: group ? [{ name: 'groupId', value: group.id }] : [],
      fields,
      values: formValues(fields, body ? { body } : { data: { references: caseRow?.reference ?? '' } }),
      errors,
      action: '/judge-led-requests/new',
      submitText: 'Send the request',
      cancel: group ? `/case-groups/${group.id}` : caseRow ? `/cases/${caseRow.id}` : '/judge-led-requests',
    });
  }

  app.get<{ Querystring: { groupId?: string; caseId?: string } }>(
    '/judge-led-requests/new',
    { config: { permission: judgeLedPermissions.request, audit: null } },
    (req, reply) =>
      requestForm(req, reply, { groupId: uuid(req.query.groupId), caseId: uuid(req.query.caseId) }),
  );

  app.post<{ Body: FormBody }>(
    '/judge-led-requests/new',
    { config: { permission: judgeLedPermissions.request, audit: 'JUDGE_LED_REQUESTED' } },
    async (req, reply) => {
      const principal = principalOf(req);
      const groupId = uuid(req.body.groupId);
      const again = (fields: FieldErrors) =>
        requestForm(req, reply, { groupId }, req.body, formErrors(fields));
      const reasons = String(req.body.reasons ?? '').trim();
      const references = groupId ? [] : parseReferences(String(req.body.references ?? ''));
      // More references than a request takes are not looked up: the schema then names them with the reasons.
      const tooMany = references.length > MOST_CASES;
      try {
        const caseIds = groupId || tooMany ? undefined : await caseIdsByReference(db, principal, references);
        const parsed = judgeLedRequestInput.safeParse({
          caseIds: caseIds?.length ? caseIds : undefined,
          groupId,
          reasons,
        });
        if (!parsed.success) {
          const fields = fieldErrorsOf(parsed.error.issues);
          if (fields.caseIds)
            fields.references = tooMany
              ? `Enter ${MOST_CASES} case references or fewer`
              : 'Enter the reference of at least one case';
          delete fields.caseIds;
          return again(fields);
        }
        const request = await askForJudge(deps, req, parsed.data);
        return seeOther(reply, `/judge-led-requests/${request.id}?saved=requested`);
      } catch (error) {
        if (isAppError(error) && (error.fields || ['CONFLICT', 'ACTION_NOT_ALLOWED'].includes(error.code))) {
          const { caseIds, ...rest } = error.fields ?? {};
          return again(
            groupId ? { reasons: error.message, ...rest } : { references: caseIds ?? error.message, ...rest },
          );
        }
        throw error;
      }
    },
  );

  async function requestPage(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    extra: { banner?: string; account?: JudgeAccount } = {},
  ) {
    const principal = principalOf(req);
    const r = await requestView(db, await getRequestFor(db, principal, req.params.id));
    const next =
      r.status === 'REQUESTED' && allows(judgeLedPermissions.decide, principal.role)
        ? { text: 'Decide this request', href: `/judge-led-requests/${r.id}/decision` }
        : r.status === 'APPROVED' && allows(judgeLedPermissions.appoint, principal.role)
          ? { text: 'Record the appointment of the judge', href: `/judge-led-requests/${r.id}/appointment` }
          : undefined;
    return reply.page('judge-led/views/request.njk', {
      title: r.group
        ? `Judge-led inquests: ${r.group.name}`
        : `Judge-led inquest: ${r.cases.map((c) => c.reference).join(', ')}`,
      r,
      tag: STATUS_TAGS[r.status],
      summaryRows: requestRows(r),
      timeline: requestTimeline(r),
      canSeeCases: allows(casePermissions.read, principal.role),
      next,
      banner: extra.banner,
      account: extra.account,
      backLink: '/judge-led-requests',
    });
  }

  // A Map, so a query like `?saved=constructor` finds nothing rather than a built-in of every object.
  const BANNERS = new Map<string, string>(
    Object.entries({
      requested: 'Request sent to the Chief Coroner’s office. Each case’s history shows it.',
      APPROVED: 'Request approved. The local authority will appoint the judge.',
      DECLINED: 'Request declined. The coroner of the area keeps the cases.',
    }),
  );

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    '/judge-led-requests/:id',
    { config: { permission: judgeLedPermissions.read, audit: null } },
    (req, reply) =>
      requestPage(req, reply, {
        banner: typeof req.query.saved === 'string' ? BANNERS.get(req.query.saved) : undefined,
      }),
  );

  async function stepForm(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    step: 'DECIDE' | 'APPOINT_JUDGE',
    body?: FormBody,
    errors?: Errors,
  ) {
    const principal = principalOf(req);
    const row = await getRequestFor(db, principal, req.params.id);
    checkStep(row.status, step, principal.role);
    const r = await requestView(db, row);
    const fields = step === 'DECIDE' ? DECISION_FIELDS : appointmentFields(principal.role);
    return reply.code(errors ? 400 : 200).page('judge-led/views/form.njk', {
      title:
        step === 'DECIDE'
          ? 'Decide the request for a judge-led inquest'
          : 'Record the appointment of the judge',
      caption: `Coroner area ${r.areaCode}${r.group ? ` · ${r.group.name}` : ''}`,
      intro:
        step === 'DECIDE'
          ? `The coroner’s reasons: ${r.reasons}`
          : 'The judge becomes the coroner conducting every case below, and gets a coroner account for the area.',
      caseList: r.cases.map((c) => `${c.reference} – ${c.name}`),
      caseListTitle: 'Cases in this request',
      hidden: [],
      fields,
      values: formValues(
        fields,
        body
          ? { body }
          : {
              data:
                step === 'DECIDE'
                  ? {}
                  : { basis: basesFor(principal.role)[0], appointedOn: londonDate(deps.clock.now()) },
            },
      ),
      errors,
      action: `/judge-led-requests/${r.id}/${step === 'DECIDE' ? 'decision' : 'appointment'}`,
      submitText: step === 'DECIDE' ? 'Record the decision' : 'Record the appointment',
      cancel: `/judge-led-requests/${r.id}`,
      backLink: `/judge-led-requests/${r.id}`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/judge-led-requests/:id/decision',
    { config: { permission: judgeLedPermissions.decide, audit: null } },
    (req, reply) => stepForm(req, reply, 'DECIDE'),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/judge-led-requests/:id/decision',
    { config: { permission: judgeLedPermissions.decide, audit: 'JUDGE_LED_DECIDED' } },
    async (req, reply) => {
      const parsed = decisionInput.safeParse(readForm(DECISION_FIELDS, req.body));
      if (!parsed.success)
        return stepForm(req, reply, 'DECIDE', req.body, formErrors(fieldErrorsOf(parsed.error.issues)));
      await decideOnJudge(deps, req, req.params.id, parsed.data);
      return seeOther(reply, `/judge-led-requests/${req.params.id}?saved=${parsed.data.decision}`);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/judge-led-requests/:id/appointment',
    { config: { permission: judgeLedPermissions.appoint, audit: null } },
    (req, reply) => stepForm(req, reply, 'APPOINT_JUDGE'),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/judge-led-requests/:id/appointment',
    { config: { permission: judgeLedPermissions.appoint, audit: 'JUDGE_APPOINTED' } },
    async (req, reply) => {
      const form = appointmentFields(principalOf(req).role);
      const answers = readForm(form, req.body);
      const parsed = appointmentInput.safeParse(answers);
      const again = (fields: FieldErrors) =>
        stepForm(req, reply, 'APPOINT_JUDGE', req.body, formErrors(fields));
      if (!parsed.success) {
        // Every problem at once: a real date in the future is named beside the other answers' problems, and a
        // date that does not exist as GOV.UK words it ("… must be a real date"), not as the schema does.
        const problems = { ...fieldErrorsOf(parsed.error.issues), ...dateProblems(form, req.body) };
        const future = appointedOnProblem(answers.appointedOn, londonDate(deps.clock.now()));
        return again(problems.appointedOn || !future ? problems : { ...problems, appointedOn: future });
      }
      try {
        const { account } = await recordAppointment(deps, req, req.params.id, parsed.data);
        // Shown once, in answer to the post: the password is not kept anywhere it could be shown again.
        reply.header('cache-control', 'no-store');
        return requestPage(req, reply, { account });
      } catch (error) {
        if (isAppError(error) && error.fields) return again(error.fields);
        throw error;
      }
    },
  );
}
