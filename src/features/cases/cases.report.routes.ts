import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { AppError, isAppError, notFound } from '../../platform/http/errors.ts';
import { audit, principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { findArea, listAreas } from '../areas/areas.queries.ts';
import { areaCode } from '../areas/areas.schema.ts';
import { PERSON_ROLE_LABELS, REPORT_STEPS } from './cases.forms.ts';
import { pageProblems, reportSummary } from './cases.pages.view.ts';
import { casePermissions } from './cases.policy.ts';
import { reportProblems } from './cases.report.ts';
import { death, deceased, MAX_PEOPLE, person, reportDeath } from './cases.schema.ts';
import { submitReport } from './cases.submit.ts';
import { reportDrafts } from './cases.tables.ts';

const STEP_SCHEMAS = {
  deceased: z.object({ deceased }),
  death: z.object({ death }),
  reporter: reportDeath.pick({ reportedBy: true, reportedAt: true }),
  circumstances: reportDeath.pick({ circumstanceTags: true, toxicology: true, policeClassification: true }),
} as const;
type Step = keyof typeof STEP_SCHEMAS;
const STEP_ORDER: Step[] = ['deceased', 'death', 'reporter'];
const NEXT: Record<Step, string> = {
  deceased: 'death',
  death: 'reporter',
  reporter: 'people',
  circumstances: 'check',
};

/**
 * A step's answers as far as the rules across answers can use them while some are wrong: a date that is not
 * one (read as "invalid") and an age that is not a number are left out.
 */
function usableAnswers(input: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown =>
    value === 'invalid'
      ? undefined
      : value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, clean(v)]))
        : value;
  const out = clean(input) as Record<string, Record<string, unknown> | undefined>;
  if (out.deceased && typeof out.deceased.age !== 'number') delete out.deceased.age;
  return out;
}

/** Whether a form's answers hold anything typed or chosen (an empty text, list or date is no answer). */
const hasAnswer = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.trim() !== ''
    : Array.isArray(value)
      ? value.some(hasAnswer)
      : value !== null && typeof value === 'object'
        ? Object.values(value).some(hasAnswer)
        : value !== undefined && value !== null;

const splitList = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;

/**
 * Whether the reporter says which coroner area a death is reported to: staff report to their own area; an
 * evidence provider (a police force, a hospital trust) belongs to none, and reports to the area where the body is.
 */
const choosesArea = (principal: Principal) => !principal.areaCode;
/** The first question of a report: the area, for someone who belongs to none; otherwise the deceased. */
const firstStep = (principal: Principal) => (choosesArea(principal) ? 'area' : 'deceased');

/** The question page that asks an answer, by the start of its path. */
const STEP_OF_ANSWER: [string, string][] = [
  ['deceased', 'deceased'],
  ['death', 'death'],
  ['people', 'people'],
  ['reported', 'reporter'],
  ['circumstance', 'circumstances'],
  ['toxicology', 'circumstances'],
];

const AREA_TITLE = 'Which coroner area are you reporting the death to?';
const CHOOSE_AREA = 'Select the coroner area the death is reported to';

const areaFields = (areas: readonly { code: string; name: string }[]): Field[] => [
  {
    kind: 'select',
    path: 'areaCode',
    label: 'Coroner area',
    hint: 'The area where the body of the person who has died is now.',
    options: areas.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
  },
];

/** An unfinished report is kept this long after its last change: it holds personal details of the deceased. */
export const DRAFT_KEPT_DAYS = 30;
const keptSince = (now: Date) => new Date(now.getTime() - DRAFT_KEPT_DAYS * 86_400_000);

/** The "report a death" journey: question pages, a list of people, check your answers, then submit. */
export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const config = { permission: casePermissions.report, audit: 'REPORT_DRAFT_SAVED' };

  // A question page opened from the check page's Change link (`?change=1`) returns there once answered.
  const CHANGE = '?change=1';
  const changing = (req: FastifyRequest<{ Querystring: { change?: string } }>) => req.query.change === '1';
  async function draftOf(req: FastifyRequest<{ Params: { draftId: string } }>) {
    const id = req.params.draftId;
    if (!isUuid(id)) throw notFound('The report');
    const userId = principalOf(req).userId;
    const [draft] = await db
      .select()
      .from(reportDrafts)
      .where(and(eq(reportDrafts.id, id), eq(reportDrafts.userId, userId)));
    if (draft) return draft;
    // A report already sent (a second tab, the back button): say so, and where the case is.
    const [sent] = await db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, userId),
          eq(auditEvents.action, 'DEATH_REPORTED'),
          sql`${auditEvents.detail}->>'draftId' = ${id}`,
        ),
      )
      .limit(1);
    if (sent)
      throw new AppError(
        'CONFLICT',
        `This report has already been sent: the death was reported as ${String(sent.detail.reference ?? 'a case')}. Find it in the case list.`,
      );
    throw notFound('The report');
  }
  /** Saves a draft's answers and audits the save, together. */
  const save = (
    req: FastifyRequest,
    id: string,
    data: Record<string, unknown>,
    detail: Record<string, unknown>,
  ) =>
    db.transaction(async (tx) => {
      const now = deps.clock.now();
      await tx.update(reportDrafts).set({ data, updatedAt: now }).where(eq(reportDrafts.id, id));
      await audit(tx, req, { subjectType: 'report-draft', subjectId: id, detail }, now);
    });

  // A GET only shows the start page: a draft is made by the form's POST, which carries the CSRF token.
  app.get<{ Querystring: { done?: string } }>(
    '/cases/new',
    { config: { permission: casePermissions.report, audit: null } },
    async (req, reply) => {
      // Reports this user began (with an answer given) and has not sent, newest first, to carry on with.
      const unfinished = await db
        .select({ id: reportDrafts.id, data: reportDrafts.data, updatedAt: reportDrafts.updatedAt })
        .from(reportDrafts)
        .where(
          and(
            eq(reportDrafts.userId, principalOf(req).userId),
            sql`${reportDrafts.data} ? 'deceased'`,
            gte(reportDrafts.updatedAt, keptSince(deps.clock.now())),
          ),
        )
        .orderBy(desc(reportDrafts.updatedAt))
        .limit(20);
      return reply.page('cases/views/report-start.njk', {
        title: 'Report a death',
        backLink: '/cases',
        keptDays: DRAFT_KEPT_DAYS,
        discarded: req.query.done === 'discarded',
        unfinished: unfinished.map((d) => {
          const who = (d.data.deceased ?? {}) as { givenNames?: string; familyName?: string };
          const name = [who.givenNames, who.familyName].filter(Boolean).join(' ');
          return {
            id: d.id,
            href: `/reports/${d.id}/check`,
            name: name || 'Name not given yet',
            updatedAt: d.updatedAt,
          };
        }),
      });
    },
  );

  app.post(
    '/cases/new',
    { config: { permission: casePermissions.report, audit: 'REPORT_DRAFT_STARTED' } },
    async (req, reply) => {
      const principal = principalOf(req);
      const draft = await db.transaction(async (tx) => {
        const now = deps.clock.now();
        // Reports left unfinished for longer than they are kept go, whoever began them.
        await tx.delete(reportDrafts).where(lt(reportDrafts.updatedAt, keptSince(now)));
        const [row] = await tx
          .insert(reportDrafts)
          .values({
            userId: principal.userId,
            data: principal.areaCode ? { areaCode: principal.areaCode, people: [] } : { people: [] },
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await audit(tx, req, { subjectType: 'report-draft', subjectId: row!.id }, now);
        return row!;
      });
      return seeOther(reply, `/reports/${draft.id}/${firstStep(principal)}`);
    },
  );

  // Someone who will not finish a report deletes it, with what it holds.
  app.post<{ Params: { draftId: string } }>(
    '/reports/:draftId/discard',
    { config: { permission: casePermissions.report, audit: 'REPORT_DRAFT_DISCARDED' } },
    async (req, reply) => {
      const draft = await draftOf(req);
      await db.transaction(async (tx) => {
        await tx.delete(reportDrafts).where(eq(reportDrafts.id, draft.id));
        await audit(tx, req, { subjectType: 'report-draft', subjectId: draft.id }, deps.clock.now());
      });
      return seeOther(reply, '/cases/new?done=discarded');
    },
  );

  const stepPage = (
    reply: FastifyReply,
    step: Step,
    draftId: string,
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
    status = 200,
    change = false,
    firstAsked: 'area' | 'deceased' = 'deceased',
  ) => {
    const index = STEP_ORDER.indexOf(step);
    return reply.code(status).page('cases/views/report-step.njk', {
      title: REPORT_STEPS[step].title,
      caption: 'Report a death',
      fields: REPORT_STEPS[step].fields,
      values,
      errors,
      action: `/reports/${draftId}/${step}${change ? CHANGE : ''}`,
      // Changing one answer from the check page goes back there, not on through the rest of the questions.
      backLink: change
        ? `/reports/${draftId}/check`
        : index > 0
          ? `/reports/${draftId}/${STEP_ORDER[index - 1]}`
          : step === 'circumstances'
            ? `/reports/${draftId}/people`
            : firstAsked === 'area'
              ? `/reports/${draftId}/area`
              : '/cases',
    });
  };

  for (const step of Object.keys(STEP_SCHEMAS) as Step[]) {
    app.get<{ Params: { draftId: string }; Querystring: { change?: string } }>(
      `/reports/:draftId/${step}`,
      { config: { ...config, audit: null } },
      async (req, reply) => {
        const draft = await draftOf(req);
        const values = formValues(REPORT_STEPS[step].fields, { data: draft.data });
        const first = firstStep(principalOf(req));
        return stepPage(reply, step, draft.id, values, undefined, 200, changing(req), first);
      },
    );
    app.post<{ Params: { draftId: string }; Body: FormBody; Querystring: { change?: string } }>(
      `/reports/:draftId/${step}`,
      { config },
      async (req, reply) => {
        const draft = await draftOf(req);
        const input = readForm(REPORT_STEPS[step].fields, req.body);
        const root = {
          deceased: 'deceased',
          death: 'death',
          reporter: 'reportedBy',
          circumstances: 'toxicology',
        }[step];
        input[root] ??= {};
        if (step === 'circumstances')
          input.toxicology = {
            tested: splitList((input.toxicology as Record<string, unknown> | undefined)?.tested) ?? [],
            detected: splitList((input.toxicology as Record<string, unknown> | undefined)?.detected) ?? [],
          };
        const parsed = STEP_SCHEMAS[step].safeParse(input);
        let problems = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
        if (step === 'deceased' || step === 'death' || step === 'reporter') {
          // The rules across answers (a date in the future, found before death) apply to the answers that are
          // usable even while others are wrong, so that the page shows every problem at once.
          const answers = parsed.success ? (parsed.data as Record<string, unknown>) : usableAnswers(input);
          const merged = { deceased: {}, death: {}, ...draft.data, ...answers } as Parameters<
            typeof reportProblems
          >[0];
          const cross = reportProblems(
            { ...merged, deceased: merged.deceased ?? {}, death: merged.death ?? {} } as never,
            deps.clock.now(),
          );
          // An age is the age at death: until the date of death or the date found is asked, there is nothing
          // to hold it to (today would be the wrong day); the check your answers page holds it to that date.
          if (!merged.death?.dateOfDeath && !merged.death?.dateFound) delete cross['deceased.age'];
          problems = {
            ...Object.fromEntries(
              Object.entries(cross).filter(([k]) => k.startsWith(step === 'reporter' ? 'reportedAt' : step)),
            ),
            // A field's own problem ("Enter a real date") says more than a rule about it.
            ...problems,
          };
        }
        if (Object.keys(problems).length)
          return stepPage(
            reply,
            step,
            draft.id,
            formValues(REPORT_STEPS[step].fields, { body: req.body }),
            formErrors(pageProblems(REPORT_STEPS[step].fields, problems, req.body)),
            400,
            changing(req),
            firstStep(principalOf(req)),
          );
        // The page's answers replace everything it asks: one left blank this time (a report time, a police
        // classification) is no longer an answer, rather than the one given before staying on.
        const asked = Object.keys(STEP_SCHEMAS[step].shape);
        const others = Object.fromEntries(Object.entries(draft.data).filter(([key]) => !asked.includes(key)));
        await save(req, draft.id, { ...others, ...(parsed.data as object) }, { step });
        return seeOther(reply, `/reports/${draft.id}/${changing(req) ? 'check' : NEXT[step]}`);
      },
    );
  }

  // Someone who belongs to no coroner area (an evidence provider) says which area the death is reported to.
  const areaPage = async (
    reply: FastifyReply,
    draftId: string,
    value: unknown,
    change: boolean,
    error?: string,
  ) => {
    const fields = areaFields(await listAreas(db));
    return reply.code(error ? 400 : 200).page('cases/views/report-step.njk', {
      title: AREA_TITLE,
      caption: 'Report a death',
      fields,
      values: { areaCode: typeof value === 'string' ? value : '' },
      errors: error ? formErrors({ areaCode: error }) : undefined,
      action: `/reports/${draftId}/area${change ? CHANGE : ''}`,
      backLink: change ? `/reports/${draftId}/check` : '/cases/new',
    });
  };

  app.get<{ Params: { draftId: string }; Querystring: { change?: string } }>(
    '/reports/:draftId/area',
    { config: { ...config, audit: null } },
    async (req, reply) => {
      if (!choosesArea(principalOf(req))) throw notFound('The page');
      const draft = await draftOf(req);
      return areaPage(reply, draft.id, draft.data.areaCode, changing(req));
    },
  );

  app.post<{ Params: { draftId: string }; Body: FormBody; Querystring: { change?: string } }>(
    '/reports/:draftId/area',
    { config },
    async (req, reply) => {
      if (!choosesArea(principalOf(req))) throw notFound('The page');
      const draft = await draftOf(req);
      const raw = readForm(areaFields([]), req.body).areaCode;
      const parsed = areaCode.safeParse(raw);
      if (!parsed.success || !(await findArea(db, parsed.data)))
        return areaPage(reply, draft.id, raw, changing(req), CHOOSE_AREA);
      await save(req, draft.id, { ...draft.data, areaCode: parsed.data }, { step: 'area' });
      return seeOther(reply, `/reports/${draft.id}/${changing(req) ? 'check' : 'deceased'}`);
    },
  );

  app.get<{ Params: { draftId: string }; Querystring: { change?: string } }>(
    '/reports/:draftId/people',
    { config: { ...config, audit: null } },
    async (req, reply) => {
      const draft = await draftOf(req);
      return peoplePage(
        reply,
        draft.id,
        (draft.data.people as unknown[]) ?? [],
        formValues(REPORT_STEPS.person.fields, { data: {} }),
        undefined,
        200,
        changing(req),
      );
    },
  );

  const peoplePage = (
    reply: FastifyReply,
    draftId: string,
    people: unknown[],
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
    status = 200,
    change = false,
  ) =>
    reply.code(status).page('cases/views/report-people.njk', {
      title: 'People involved',
      caption: 'Report a death',
      people: (people as { role: string; name: string }[]).map((p, i) => ({
        ...p,
        roleLabel: PERSON_ROLE_LABELS[p.role] ?? p.role,
        index: i,
      })),
      fields: REPORT_STEPS.person.fields,
      values,
      errors,
      draftId,
      action: `/reports/${draftId}/people${change ? CHANGE : ''}`,
      backLink: change ? `/reports/${draftId}/check` : `/reports/${draftId}/reporter`,
    });

  app.post<{ Params: { draftId: string }; Body: FormBody; Querystring: { change?: string } }>(
    '/reports/:draftId/people',
    { config },
    async (req, reply) => {
      const draft = await draftOf(req);
      const here = `/reports/${draft.id}/people${changing(req) ? CHANGE : ''}`;
      const people = ((draft.data.people as unknown[]) ?? []).slice();
      if (req.body.remove !== undefined) {
        // Only a person on the list is removed; anything else (a tampered or stale button) changes nothing.
        const raw = req.body.remove;
        const index = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : -1;
        if (index >= 0 && index < people.length) {
          people.splice(index, 1);
          await save(req, draft.id, { ...draft.data, people }, { step: 'people', removed: index });
        }
        return seeOther(reply, here);
      }
      const next = `/reports/${draft.id}/${changing(req) ? 'check' : 'circumstances'}`;
      const answers = readForm(REPORT_STEPS.person.fields, req.body);
      const continuing = req.body.continue !== undefined;
      // Continue with a person typed but not added adds them (or says what they still need), rather than
      // dropping what was typed without a word. Their part alone, with nothing typed, is not a person.
      if (continuing && !hasAnswer({ ...(answers.person as object), role: undefined }))
        return seeOther(reply, next);
      // An empty form is a person with no answers: each question says what it needs.
      const parsed = z.object({ person }).safeParse({ person: {}, ...answers });
      const problems: FieldErrors = !parsed.success
        ? pageProblems(REPORT_STEPS.person.fields, fieldErrorsOf(parsed.error.issues), req.body)
        : (parsed.data.person.dateOfBirth ?? '') > londonDate(deps.clock.now())
          ? { 'person.dateOfBirth': 'Date of birth must be in the past' }
          : people.length >= MAX_PEOPLE
            ? { 'person.name': `Up to ${MAX_PEOPLE} people can be recorded on a report` }
            : {};
      if (!parsed.success || Object.keys(problems).length)
        return peoplePage(
          reply,
          draft.id,
          people,
          formValues(REPORT_STEPS.person.fields, { body: req.body }),
          formErrors(problems),
          400,
          changing(req),
        );
      people.push(parsed.data.person);
      await save(req, draft.id, { ...draft.data, people }, { step: 'people', added: people.length - 1 });
      return seeOther(reply, continuing ? next : here);
    },
  );

  /** The check page has no fields of its own: each problem links to the question page that asks it. */
  const checkErrors = (draftId: string, fields: FieldErrors, asksArea: boolean) => {
    if (asksArea && fields.areaCode) fields = { ...fields, areaCode: CHOOSE_AREA };
    const errors = formErrors(fields);
    if (!errors) return undefined;
    const stepOf = (path: string) =>
      path === 'areaCode' && asksArea
        ? 'area'
        : (STEP_OF_ANSWER.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'deceased');
    return {
      ...errors,
      errorList: Object.keys(fields).map((path) => ({
        text: fields[path]!,
        href: `/reports/${draftId}/${stepOf(path)}${CHANGE}`,
      })),
    };
  };

  const checkPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    draft: { id: string; data: Record<string, unknown> },
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const code = typeof draft.data.areaCode === 'string' ? draft.data.areaCode : undefined;
    const area = code ? await findArea(db, code) : undefined;
    return reply.code(status).page('cases/views/report-check.njk', {
      title: 'Check your answers before reporting the death',
      draftId: draft.id,
      sections: reportSummary(draft.data, draft.id, {
        areaName: area ? `${area.name} (${area.code})` : undefined,
        areaChangeable: choosesArea(principalOf(req)),
      }),
      backLink: `/reports/${draft.id}/circumstances`,
      ...extra,
    });
  };

  app.get<{ Params: { draftId: string } }>(
    '/reports/:draftId/check',
    { config: { ...config, audit: null } },
    async (req, reply) => checkPage(req, reply, await draftOf(req)),
  );

  app.post<{ Params: { draftId: string }; Body: FormBody }>(
    '/reports/:draftId/check',
    { config: { permission: casePermissions.report, audit: 'DEATH_REPORTED' } },
    async (req, reply) => {
      const draft = await draftOf(req);
      const parsed = reportDeath.safeParse({
        ...draft.data,
        notADuplicate: req.body.notADuplicate === 'yes',
      });
      const asksArea = choosesArea(principalOf(req));
      if (!parsed.success)
        return checkPage(
          req,
          reply,
          draft,
          { errors: checkErrors(draft.id, fieldErrorsOf(parsed.error.issues), asksArea) },
          400,
        );
      try {
        const result = await submitReport(db, req, parsed.data, deps.clock.now(), {
          id: draft.id,
          // The same form sent twice at once makes one case: the second waits, then finds the draft gone.
          claim: async (tx) => {
            const [held] = await tx
              .select({ id: reportDrafts.id })
              .from(reportDrafts)
              .where(eq(reportDrafts.id, draft.id))
              .for('update');
            if (!held)
              throw new AppError(
                'CONFLICT',
                'This report has already been sent. Find the case in the case list.',
              );
          },
          sent: (tx) => tx.delete(reportDrafts).where(eq(reportDrafts.id, draft.id)),
        });
        if (!result.ok)
          return checkPage(
            req,
            reply,
            draft,
            {
              duplicates: result.duplicates,
              errors: formErrors({
                notADuplicate:
                  'This death may already have been reported. Check the cases listed, then say whether this is a different death',
              }),
            },
            409,
          );
        return seeOther(reply, `/cases/${result.caseRow.id}?reported=1`);
      } catch (error) {
        if (isAppError(error) && error.fields)
          return checkPage(req, reply, draft, { errors: checkErrors(draft.id, error.fields, asksArea) }, 400);
        throw error;
      }
    },
  );
}
