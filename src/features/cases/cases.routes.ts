import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { AppError, type FieldErrors, isAppError, notFound } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { type FormErrors, fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { pageHref, pageNumber, pagination } from '../../platform/views/pagination.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { findConclusionBar } from '../judge-led/judge-led.queries.ts';
import { ofAnotherArea, requireOwnArea } from './cases.access.ts';
import { type CaseAction, type CaseActionType, caseAction } from './cases.actions.schema.ts';
import { CLOCK_LABELS, type ClockKind } from './cases.clocks.ts';
import {
  ACTION_ROLES,
  ACTION_VERBS,
  ALLOWED_ACTIONS,
  CASE_STATUSES,
  type CaseState,
  requireActionRole,
  requireAllowedNow,
  ruleProblems,
  STATUS_LABELS,
} from './cases.domain.ts';
import { actionFields, REPORT_STEPS } from './cases.forms.ts';
import { detailOf, loadCaseDetail, seenBy } from './cases.load.ts';
import {
  caseSummaryRows,
  clockRows,
  pageProblems,
  STATUS_TAG_CLASSES,
  timelineItems,
} from './cases.pages.view.ts';
import { casePermissions } from './cases.policy.ts';
import {
  areaOfficersForFilter,
  type CaseRow,
  getCaseFor,
  listAreaStaff,
  officerWorkload,
  searchCases,
  searchDeadlines,
} from './cases.queries.ts';
import { recordOfInquestPdf, recordOfInquestSections } from './cases.record.ts';
import { deathChange, deceasedChange, detailsUpdate, reportDeath } from './cases.schema.ts';
import { actOnCase } from './cases.service.ts';
import { seenAsReported } from './cases.view.ts';

const JUDICIAL = new Set(
  Object.entries(ACTION_ROLES)
    .filter(([, roles]) => !(roles as readonly string[]).includes('officer'))
    .map(([t]) => t),
);

const ACTION_TITLES: Partial<Record<CaseActionType, string>> = {
  RECORD_CONCLUSION: 'Record of Inquest',
  QUASH: 'Record a High Court order quashing the inquest',
};
/** What an action does, as a button or a link says it ("Open an inquest"). */
const actionText = (type: CaseActionType) =>
  ACTION_VERBS[type].charAt(0).toUpperCase() + ACTION_VERBS[type].slice(1);
const titleOf = (type: CaseActionType) => ACTION_TITLES[type] ?? actionText(type);

/** Actions the user could take on the case now (the domain still checks every one). */
function availableActions(
  detail: {
    status: keyof typeof ALLOWED_ACTIONS;
    areaCode: string;
    transfer: { toAreaCode: string } | null;
  },
  principal: Principal,
) {
  return (
    (ALLOWED_ACTIONS[detail.status] as readonly CaseActionType[])
      .filter(
        (t) => t !== 'UPDATE_DETAILS' && (ACTION_ROLES[t] as readonly string[]).includes(principal.role),
      )
      // Only the receiving area accepts a transfer; the sending area waits for it.
      .filter((t) => t !== 'ACCEPT_TRANSFER' || principal.areaCode === detail.transfer?.toAreaCode)
      .filter((t) => t === 'ACCEPT_TRANSFER' || !ofAnotherArea(principal, detail.areaCode))
      .map((type) => ({
        type,
        // Suspending a suspended investigation changes the paragraph it is suspended under.
        text:
          type === 'SUSPEND' && detail.status === 'SUSPENDED'
            ? 'Suspend under another paragraph (for example, someone has been charged)'
            : titleOf(type),
      }))
  );
}

/** The longest name or reference the case list searches for, as in the API. */
const SEARCH_MAX = 200;
const SEARCH_TOO_LONG = `Name or reference must be ${SEARCH_MAX} characters or fewer`;

/** A query parameter given more than once (`?q=a&q=b`) counts once: its first value. */
const firstOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The pages that change a case's details: their questions, their schema, and the answers (top-level paths)
 * that a blank takes away.
 */
const DETAIL_STEPS = {
  death: {
    fields: [...REPORT_STEPS.deceased.fields, ...REPORT_STEPS.death.fields],
    schema: z.object({ deceased: deceasedChange, death: deathChange }),
    cleared: [
      'deceased.dateOfBirth',
      'deceased.age',
      'deceased.address',
      'deceased.occupation',
      'deceased.nationality',
      'death.dateOfDeath',
      'death.dateFound',
      'death.timeFound',
      'death.sceneFound',
      'death.placeOfDeath',
      'death.stateDetention',
      'death.circumstances',
    ],
  },
  circumstances: {
    fields: REPORT_STEPS.circumstances.fields,
    schema: z.object({
      circumstanceTags: reportDeath.shape.circumstanceTags,
      toxicology: reportDeath.shape.toxicology,
      policeClassification: detailsUpdate.shape.policeClassification,
    }),
    cleared: ['policeClassification'],
  },
} as const;

/**
 * How precisely a place is known is asked only on the map picker, which the page shows only with a map:
 * a place sent back at the coordinates it has keeps that, rather than being taken as a point.
 */
function keepPlaceAccuracy(input: Record<string, unknown>, row: CaseRow) {
  const death = input.death as Record<string, Record<string, unknown> | null | undefined> | undefined;
  for (const key of ['sceneFound', 'placeOfDeath'] as const) {
    const sent = death?.[key];
    const known = row[key];
    if (sent && known?.accuracyM !== undefined && sent.accuracyM === undefined)
      if (sent.lat === known.lat && sent.lon === known.lon) sent.accuracyM = known.accuracyM;
  }
}

/**
 * A refusal of the action as a whole (not of an answer) heads the error summary without pointing at a
 * question; where it sends the user to the case's hearings page, it links there.
 */
function refusalErrors(message: string, caseId: string): FormErrors {
  const hearings = 'the case’s hearings page';
  const at = message.toLowerCase().indexOf(hearings);
  if (at < 0) return { errorList: [{ text: message }], fields: {} };
  const html = `${escapeHtml(message.slice(0, at))}<a class="govuk-link" href="/cases/${caseId}/hearings">${escapeHtml(message.slice(at, at + hearings.length))}</a>${escapeHtml(message.slice(at + hearings.length))}`;
  return { errorList: [{ html }], fields: {} };
}

const detailStep = (name: string) =>
  Object.hasOwn(DETAIL_STEPS, name) ? DETAIL_STEPS[name as keyof typeof DETAIL_STEPS] : undefined;

export function registerCaseRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const officersForFilter = areaOfficersForFilter(db);

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/cases',
    { config: { permission: casePermissions.list, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const q = firstOf(req.query.q)?.trim() || undefined;
      const tooLong = q !== undefined && q.length > SEARCH_MAX;
      const status = CASE_STATUSES.find((s) => s === firstOf(req.query.status));
      const officerParam = firstOf(req.query.officer);
      const officer = officerParam && isUuid(officerParam) ? officerParam : undefined;
      const pageSize = 25;
      const search = (page: number) =>
        searchCases(db, principal, {
          q,
          status: status ? [status] : undefined,
          officerId: officer,
          page,
          pageSize,
        });
      // A page past the end (an old link, or a huge number typed into the address) is shown as such, with
      // the way back to the first page; it is capped only so the database can count its offset.
      const page = pageNumber(req.query.page, pageSize);
      const [result, officers] = await Promise.all([
        tooLong ? { items: [], total: 0 } : search(page),
        principal.areaCode ? officersForFilter(principal.areaCode) : [],
      ]);
      const href = pageHref('/cases', { q, status, officer });
      return reply.code(tooLong ? 400 : 200).page('cases/views/list.njk', {
        title: 'Cases',
        errors: tooLong
          ? {
              errorList: [{ text: SEARCH_TOO_LONG, href: '#q' }],
              fields: { q: SEARCH_TOO_LONG },
            }
          : undefined,
        filters: { q: q ?? '', status },
        total: result.total,
        firstPageHref: href(1),
        canReport:
          casePermissions.report.kind === 'roles' && casePermissions.report.roles.includes(principal.role),
        statusOptions: [
          { value: '', text: 'Any status' },
          ...CASE_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], selected: s === status })),
        ],
        officerOptions: [
          { value: '', text: 'Any officer' },
          ...officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === officer })),
        ],
        rows: result.items.map((r) => ({
          id: r.id,
          reference: r.reference,
          name: `${r.givenNames} ${r.familyName}`,
          died: govukDate(r.dateOfDeath ?? r.dateFound),
          status: STATUS_LABELS[r.status],
          tag: STATUS_TAG_CLASSES[r.status],
          officer: r.officerName ?? '—',
        })),
        pagination: pagination({ page, pageSize, total: result.total, href }),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { reported?: string; done?: string } }>(
    '/cases/:id',
    { config: { permission: casePermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const row = await getCaseFor(db, principal, req.params.id);
      const [loaded, featureLinks] = await Promise.all([
        detailOf(db, row, deps.clock.now()),
        deps.extensions.caseLinks(principal, row),
      ]);
      const detail = seenBy(principal, loaded.detail);
      // The Record of Inquest is not offered to someone a judge-led request keeps from concluding: the page
      // says why instead.
      const offered = availableActions(detail, principal);
      const conclusionBar = offered.some((a) => a.type === 'RECORD_CONCLUSION')
        ? await findConclusionBar(db, row, principal.userId)
        : undefined;
      const actions = conclusionBar ? offered.filter((a) => a.type !== 'RECORD_CONCLUSION') : offered;
      return reply.page('cases/views/case.njk', {
        title: `${detail.deceased.givenNames} ${detail.deceased.familyName} (${detail.reference})`,
        c: detail,
        banner: req.query.reported
          ? `Death reported. The reference is ${detail.reference}.`
          : req.query.done === 'unchanged'
            ? 'Nothing was changed: the case already had what you entered.'
            : req.query.done
              ? 'Saved.'
              : undefined,
        seenAs:
          principal.role === 'provider'
            ? seenAsReported(loaded.detail)
              ? 'reported'
              : 'recorded'
            : principal.role === 'court-admin'
              ? 'hearings'
              : 'full',
        statusTag: STATUS_TAG_CLASSES[detail.status],
        summaryRows: caseSummaryRows(detail),
        timeline: timelineItems(detail.events),
        clocks: clockRows(detail.deadlines),
        actions,
        conclusionBar,
        canUpdate:
          (ALLOWED_ACTIONS[detail.status] as readonly string[]).includes('UPDATE_DETAILS') &&
          ['coroner', 'officer'].includes(principal.role) &&
          !ofAnotherArea(principal, detail.areaCode),
        featureLinks,
        backLink: '/cases',
      });
    },
  );

  async function actionContext(areaCode: string, state: CaseState) {
    const [areas, coroners, officers] = await Promise.all([
      listAreas(db),
      listAreaStaff(db, areaCode, 'coroner'),
      listAreaStaff(db, areaCode, 'officer'),
    ]);
    return {
      areas: areas
        .filter((a) => a.code !== areaCode)
        .map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
      coroners: coroners.map((c) => ({ value: c.id, text: c.name })),
      officers: officers.map((o) => ({ value: o.id, text: o.name })),
      article2Engaged: state.article2 === 'ENGAGED',
      suspensionBasis: state.suspension?.basis ?? null,
      proceedingsOutcome: state.proceedingsOutcome ?? null,
    };
  }

  const actionType = (raw: string): CaseActionType => {
    const type = Object.keys(ACTION_VERBS).find((t) => t === raw) as CaseActionType | undefined;
    if (!type || type === 'UPDATE_DETAILS') throw notFound('The page');
    return type;
  };

  /** The particulars for registration the case already records, to start the form from (box 5 of Form 2). */
  function registrationFromCase(row: CaseRow) {
    const place = row.placeOfDeath ?? row.sceneFound;
    const home = row.address;
    return {
      placeOfDeath: place ? [place.description, place.postcode].filter(Boolean).join(', ') : undefined,
      occupation: row.occupation ?? undefined,
      usualAddress: home
        ? [home.line1, home.line2, home.town, home.postcode].filter(Boolean).join(', ')
        : undefined,
    };
  }

  async function actionPage(
    req: FastifyRequest<{ Params: { id: string; type: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    problem?: FormErrors | string,
    status = 400,
  ) {
    const principal = principalOf(req);
    const type = actionType(req.params.type);
    // Say so before the form is filled in, not after: a decision that is not this role's to take.
    requireActionRole(type, principal.role);
    const { row, detail } = await loadCaseDetail(db, principal, req.params.id, deps.clock.now());
    // Nor, to the area a case is being transferred to, a form of anything but accepting it.
    if (type !== 'ACCEPT_TRANSFER') requireOwnArea(principal, row.areaCode);
    // Nor a form the case's status does not allow (a quashed case cannot be resumed), nor a Record of
    // Inquest while a request for a judge to conduct the inquest keeps this user from recording it.
    if (!problem) {
      requireAllowedNow(row.state.status, type);
      const bar =
        type === 'RECORD_CONCLUSION' ? await findConclusionBar(db, row, principal.userId) : undefined;
      if (bar) throw new AppError('ACTION_NOT_ALLOWED', bar);
    }
    const fields = actionFields(type, await actionContext(detail.areaCode, row.state));
    const errors = typeof problem === 'string' ? refusalErrors(problem, detail.id) : problem;
    const data: Record<string, unknown> =
      type === 'ASSIGN'
        ? { coronerId: detail.assignedCoroner?.id, officerId: detail.assignedOfficer?.id }
        : type === 'REVIEW_GROUNDS'
          ? { grounds: detail.grounds }
          : fields.some((f) => f.path.startsWith('registration.'))
            ? { registration: registrationFromCase(row) }
            : {};
    return reply.code(errors ? status : 200).page('cases/views/action.njk', {
      title: titleOf(type),
      c: detail,
      fields,
      values: formValues(fields, body ? { body } : { data }),
      errors,
      // Recording the High Court's order is the coroner's to do, but the decision was the court's.
      judicial: JUDICIAL.has(type) && type !== 'QUASH',
      action: `/cases/${detail.id}/actions/${type}`,
      // The button says what it does ("Transfer the case to another area"), not "Save".
      submitText: actionText(type),
      backLink: `/cases/${detail.id}`,
    });
  }

  app.get<{ Params: { id: string; type: string } }>(
    '/cases/:id/actions/:type',
    { config: { permission: casePermissions.act, audit: null } },
    (req, reply) => actionPage(req, reply),
  );

  app.post<{ Params: { id: string; type: string }; Body: FormBody }>(
    '/cases/:id/actions/:type',
    { config: { permission: casePermissions.act, audit: 'CASE_ACTION' } },
    async (req, reply) => {
      const principal = principalOf(req);
      const type = actionType(req.params.type);
      const caseRow = await getCaseFor(db, principal, req.params.id);
      const fields = actionFields(type, await actionContext(caseRow.areaCode, caseRow.state));
      const input: Record<string, unknown> = { ...readForm(fields, req.body), type };
      if (type === 'RECORD_CONCLUSION') {
        input.neglect = Array.isArray(input.neglectRider) && input.neglectRider.includes('yes');
        delete input.neglectRider;
        // Box 2 left blank is a cause with no answers: the error names 1a, the question that needs one.
        input.medicalCause ??= {};
      }
      const parsed = caseAction.safeParse(input);
      if (!parsed.success) {
        // The case's rules on the answers that are there (a date in the future), with what is missing.
        const ctx = {
          role: principal.role,
          today: londonDate(deps.clock.now()),
          stateDetention: caseRow.stateDetention,
        };
        const problems = {
          ...ruleProblems(caseRow.state, input, ctx),
          ...fieldErrorsOf(parsed.error.issues),
        };
        return actionPage(req, reply, req.body, formErrors(onPage(pageProblems(fields, problems, req.body))));
      }
      return act(req, reply, parsed.data);
    },
  );

  // The page asks the neglect rider as a checkbox of its own name; the API's field is `neglect`.
  const onPage = (fields: FieldErrors): FieldErrors =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'neglect' ? 'neglectRider' : k, v]));

  async function act(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    action: CaseAction,
  ) {
    try {
      const result = await actOnCase(deps, req, req.params.id, action);
      return seeOther(
        reply,
        `/cases/${result.freshCaseId ?? req.params.id}?done=${result.unchanged ? 'unchanged' : '1'}`,
      );
    } catch (error) {
      // A form the user filled in comes back with their answers, whether a field was wrong or a rule
      // refused the action (the rule's sentence then heads the error summary).
      // A refusal that names the answer it concerns (a jury's conclusion where there is no jury) sits by it.
      const problem = !isAppError(error)
        ? undefined
        : (error.code === 'VALIDATION_FAILED' || error.code === 'ACTION_NOT_ALLOWED') && error.fields
          ? formErrors(onPage(error.fields))
          : error.code === 'ACTION_NOT_ALLOWED' || error.code === 'CONFLICT'
            ? error.message
            : undefined;
      if (!problem || !isAppError(error)) throw error;
      const r = req as FastifyRequest<{
        Params: { id: string; type: string; step: string };
        Body: FormBody;
      }>;
      if (r.params.step) return detailsPage(r as never, reply, r.body, problem, error.status);
      return actionPage(r as never, reply, r.body, problem, error.status);
    }
  }

  async function detailsPage(
    req: FastifyRequest<{ Params: { id: string; step: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    problem?: FormErrors | string,
    status = 400,
  ) {
    const step = detailStep(req.params.step);
    if (!step) throw notFound('The page');
    const errors = typeof problem === 'string' ? refusalErrors(problem, req.params.id) : problem;
    const principal = principalOf(req);
    // As for an action's form: who may not change the details, or may not now, is told before filling it in.
    requireActionRole('UPDATE_DETAILS', principal.role);
    const { row, detail } = await loadCaseDetail(db, principal, req.params.id, deps.clock.now());
    requireOwnArea(principal, detail.areaCode);
    if (!problem) requireAllowedNow(row.state.status, 'UPDATE_DETAILS');
    const data = {
      // The age is asked only when the date of birth is not known; with one, it is worked out again.
      deceased: detail.deceased.dateOfBirth ? { ...detail.deceased, age: undefined } : detail.deceased,
      death: detail.death,
      circumstanceTags: detail.circumstanceTags,
      toxicology: {
        tested: detail.toxicology.tested.join(', '),
        detected: detail.toxicology.detected.join(', '),
      },
      policeClassification: detail.policeClassification,
    };
    return reply.code(errors ? status : 200).page('cases/views/action.njk', {
      title:
        req.params.step === 'death'
          ? 'Update the details of the death'
          : 'Update toxicology and circumstances',
      c: detail,
      fields: step.fields,
      values: formValues(step.fields, body ? { body } : { data: data as Record<string, unknown> }),
      errors,
      action: `/cases/${detail.id}/details/${req.params.step}`,
      backLink: `/cases/${detail.id}`,
    });
  }

  app.get<{ Params: { id: string; step: string } }>(
    '/cases/:id/details/:step',
    { config: { permission: casePermissions.act, audit: null } },
    (req, reply) => detailsPage(req, reply),
  );

  app.post<{ Params: { id: string; step: string }; Body: FormBody }>(
    '/cases/:id/details/:step',
    { config: { permission: casePermissions.act, audit: 'CASE_ACTION' } },
    async (req, reply) => {
      const step = detailStep(req.params.step);
      if (!step) throw notFound('The page');
      const row = await getCaseFor(db, principalOf(req), req.params.id);
      const input = readForm(step.fields, req.body);
      if (req.params.step === 'death') keepPlaceAccuracy(input, row);
      // The form shows every detail it asks, as the case has it: an answer cleared is taken away (state
      // detention left blank means there was none), not kept as it was. A name is never taken away: left
      // blank, it is asked for.
      for (const path of step.cleared) {
        const [part, key] = path.split('.') as [string, string | undefined];
        if (key) input[part] ??= {};
        const answers = (key ? input[part] : input) as Record<string, unknown>;
        answers[key ?? part] ??= key === 'circumstances' ? '' : null;
      }
      if (req.params.step === 'circumstances') {
        const tox = (input.toxicology ?? {}) as Record<string, unknown>;
        const list = (v: unknown) =>
          typeof v === 'string'
            ? v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [];
        input.toxicology = { tested: list(tox.tested), detected: list(tox.detected) };
      }
      const parsed = step.schema.safeParse(input);
      if (!parsed.success)
        return detailsPage(
          req,
          reply,
          req.body,
          formErrors(pageProblems(step.fields, fieldErrorsOf(parsed.error.issues), req.body)),
        );
      return act(req, reply, { type: 'UPDATE_DETAILS', details: parsed.data as never });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id/record-of-inquest',
    { config: { permission: casePermissions.read, audit: null } },
    async (req, reply) => {
      const { detail } = await loadCaseDetail(db, principalOf(req), req.params.id, deps.clock.now());
      if (!detail.inquest?.conclusion) throw notFound('The Record of Inquest');
      return reply.page('cases/views/record-of-inquest.njk', {
        title: `Record of Inquest ${detail.reference}`,
        reference: detail.reference,
        caseId: detail.id,
        sections: recordOfInquestSections(detail),
        quashed:
          detail.status === 'QUASHED'
            ? 'This inquest was quashed by the High Court. The record is kept unchanged as it was.'
            : undefined,
        backLink: `/cases/${detail.id}`,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id/record-of-inquest.pdf',
    { config: { permission: casePermissions.read, audit: null } },
    async (req, reply) => {
      const { detail } = await loadCaseDetail(db, principalOf(req), req.params.id, deps.clock.now());
      if (!detail.inquest?.conclusion) throw notFound('The Record of Inquest');
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="record-of-inquest-${detail.reference}.pdf"`)
        .send(Buffer.from(recordOfInquestPdf(detail)));
    },
  );

  app.get<{ Querystring: { officer?: string | string[]; state?: string | string[] } }>(
    '/deadlines',
    { config: { permission: casePermissions.deadlines, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const today = londonDate(deps.clock.now());
      // Only an id is looked up: anything else (a tampered or repeated parameter) is every officer.
      const officerParam = firstOf(req.query.officer);
      const officer = officerParam && isUuid(officerParam) ? officerParam : undefined;
      const state = firstOf(req.query.state) === 'overdue' ? 'overdue' : 'open';
      const [rows, officers] = await Promise.all([
        searchDeadlines(db, principal, { state, officerId: officer, today }),
        principal.areaCode ? listAreaStaff(db, principal.areaCode, 'officer') : Promise.resolve([]),
      ]);
      return reply.page('cases/views/deadlines.njk', {
        title: 'Deadlines',
        officerOptions: [
          { value: '', text: 'All officers' },
          ...officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === officer })),
        ],
        stateOptions: [
          { value: 'open', text: 'All running clocks', selected: state === 'open' },
          { value: 'overdue', text: 'Overdue only', selected: state === 'overdue' },
        ],
        rows: rows
          .sort((a, b) =>
            a.state === b.state ? a.dueOn.localeCompare(b.dueOn) : a.state === 'overdue' ? -1 : 1,
          )
          .map((r) => ({
            caseId: r.caseId,
            reference: r.reference,
            name: `${r.givenNames} ${r.familyName}`,
            label: CLOCK_LABELS[r.kind as ClockKind] ?? r.kind,
            basis: r.basis,
            due: govukDate(r.dueOn),
            overdue: r.state === 'overdue',
            officer: r.officerName ?? '—',
          })),
      });
    },
  );

  app.get(
    '/workload',
    { config: { permission: casePermissions.workload, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      if (!principal.areaCode) return seeOther(reply, '/cases');
      return reply.page('cases/views/workload.njk', {
        title: 'Officer workload',
        ...(await officerWorkload(db, principal.areaCode)),
      });
    },
  );
}
