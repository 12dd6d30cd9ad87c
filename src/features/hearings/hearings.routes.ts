import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Field, FormBody } from '../../platform/forms/forms.ts';
import { readForm } from '../../platform/forms/forms.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { listCaseNotifications } from '../../platform/notify/notify.ts';
import { govukDate, govukDateTime, govukTime } from '../../platform/views/dates.ts';
import { parseReferences, referencesInWords } from '../case-groups/case-groups.domain.ts';
import { type CaseRow, getCaseFor, listAreaStaff } from '../cases/cases.queries.ts';
import { cases } from '../cases/cases.tables.ts';
import { readableNotifications } from '../links/links.alerts.ts';
import {
  adjournHearing,
  postponeHearing,
  recordOutcome,
  relistHearing,
  removeCase,
  vacateHearing,
} from './hearings.changes.ts';
import { caseFacts, heardWithRefusals } from './hearings.commands.ts';
import { listCourts } from './hearings.courts.ts';
import {
  ALLOWED_CHANGES,
  checkAdjournment,
  HEARING_TYPES,
  type HearingChange,
  isShortNotice,
  lacksJuryBox,
  whenProblems,
  whyNoHearing,
} from './hearings.domain.ts';
import {
  adjournFields,
  listFields,
  outcomeFields,
  postponeFields,
  readOutcomeForm,
  relistFields,
  removeCaseFields,
  vacateFields,
} from './hearings.forms.ts';
import { noticesOfHearing, recordSentByHand } from './hearings.notices.ts';
import { type FormPage, showForm, submitForm } from './hearings.page-forms.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { anyJury, getHearingFor, hearingsOfCase, hearingView } from './hearings.queries.ts';
import {
  adjournInput,
  listHearingInput,
  outcomeInput,
  postponeInput,
  relistInput,
  removeCaseInput,
  vacateInput,
} from './hearings.schema.ts';
import { caseToList, changeHearing, type contextOf, listHearingFor } from './hearings.service.ts';
import { type HearingRow, hearings } from './hearings.tables.ts';
import { STATUS_TAGS } from './hearings.view.ts';

type Params = { Params: { id: string } };
type Post = { Params: { id: string }; Body: FormBody };

/** The changes after which the hearing page says how much notice the new date leaves (`?done=`). */
const DATE_FIXED: readonly string[] = ['listed', 'postponed', 'relisted'];

const NOTICE_STATUS: Record<string, string> = {
  queued: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be sent',
  kept: 'To be sent by the office',
};

/** One notice or message of the outbox, as the office reads it. */
function noticeView(n: Awaited<ReturnType<typeof listCaseNotifications>>[number]) {
  return {
    to: n.recipientName,
    channel: n.channel === 'sms' ? 'Text message' : n.channel === 'email' ? 'Email' : 'Letter',
    subject: n.subject,
    status: NOTICE_STATUS[n.status] ?? n.status,
    at: govukDateTime(n.createdAt),
  };
}

/** The court-admin's and coroner's pages: a case's hearings, listing one, and every change to it. */
export function registerHearingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;

  async function listOptions(areaCode: string) {
    const [courtList, coroners] = await Promise.all([
      listCourts(db, areaCode),
      listAreaStaff(db, areaCode, 'coroner'),
    ]);
    return {
      courts: courtList.map((c) => ({ value: c.id, text: c.name })),
      rooms: courtList.flatMap((c) =>
        c.rooms.map((r) => ({
          value: r.id,
          text: `${c.name}: ${r.name} (${r.capacity} seats${r.juryCapable ? ', jury box' : ''}${r.videoLink ? ', video link' : ''})`,
        })),
      ),
      coroners: coroners.map((c) => ({ value: c.id, text: c.name })),
    };
  }

  app.get<Params>(
    '/cases/:id/hearings',
    { config: { permission: hearingPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const caseRow = await getCaseFor(db, principal, req.params.id);
      const rows = await Promise.all((await hearingsOfCase(db, caseRow.id)).map((h) => hearingView(db, h)));
      return reply.page('hearings/views/case-hearings.njk', {
        title: 'Hearings',
        caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
        caseId: caseRow.id,
        canList:
          allows(hearingPermissions.list, principal.role) &&
          principal.areaCode === caseRow.areaCode &&
          !whyNoHearing(caseFacts(caseRow)),
        cannotList:
          allows(hearingPermissions.list, principal.role) && principal.areaCode === caseRow.areaCode
            ? whyNoHearing(caseFacts(caseRow))
            : undefined,
        rows: rows.map((h) => ({
          id: h.id,
          href: h.cases.length > 1 ? `/hearings/${h.id}?case=${caseRow.id}` : `/hearings/${h.id}`,
          when: govukDateTime(h.startsAt),
          type: h.typeLabel,
          where: `${h.court.name}${h.room ? `, ${h.room.name}` : ''}`,
          status:
            h.status === 'POSTPONED'
              ? 'Postponed, new date to be set'
              : h.status.charAt(0) + h.status.slice(1).toLowerCase(),
          tag: STATUS_TAGS[h.status],
        })),
        backLink: `/cases/${caseRow.id}`,
      });
    },
  );

  async function listPage(req: FastifyRequest<Params>): Promise<FormPage> {
    const caseRow = await caseToList(deps, req, req.params.id);
    return {
      title: 'List a hearing',
      caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
      intro:
        'The family and every interested person will be told the date, time and place. The hearing will appear on the public list.',
      fields: listFields(await listOptions(caseRow.areaCode)),
      action: `/cases/${caseRow.id}/hearings/new`,
      submitText: 'List the hearing',
      cancel: `/cases/${caseRow.id}/hearings`,
    };
  }

  app.get<Params>(
    '/cases/:id/notifications',
    { config: { permission: hearingPermissions.notifications, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const caseRow = await getCaseFor(db, principal, req.params.id);
      const notices = await readableNotifications(db, principal, await listCaseNotifications(db, caseRow.id));
      return reply.page('hearings/views/case-notifications.njk', {
        title: 'Notices and messages sent',
        caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
        caseId: caseRow.id,
        notices: notices.map(noticeView),
      });
    },
  );

  app.get<Params>(
    '/cases/:id/hearings/new',
    { config: { permission: hearingPermissions.list, audit: null } },
    async (req, reply) => showForm(reply, await listPage(req), { data: { estimatedMinutes: 60 } }),
  );

  app.post<Post>(
    '/cases/:id/hearings/new',
    { config: { permission: hearingPermissions.list, audit: 'HEARING_LISTED' } },
    async (req, reply) => {
      const caseRow = await caseToList(deps, req, req.params.id);
      const page = await listPage(req);
      const { caseReferences, ...input } = readForm(page.fields, req.body) as Record<string, unknown> & {
        caseReferences?: string;
      };
      let others: CaseRow[] = [];
      let referenceProblems: Record<string, string> = {};
      try {
        others = await casesByReference(db, caseRow.areaCode, caseReferences);
      } catch (error) {
        if (!(isAppError(error) && error.fields)) throw error;
        referenceProblems = error.fields as Record<string, string>;
      }
      const caseIds = others.length ? others.map((c) => c.id) : undefined;
      const rules = (answers: Record<string, unknown>) => {
        const type = HEARING_TYPES.find((t) => t === answers.type);
        const refused = type ? heardWithRefusals(type, others) : undefined;
        return {
          ...whenProblems(answers, 'startsAt', deps.clock.now()),
          ...(refused ? { caseReferences: refused } : {}),
          ...referenceProblems,
        };
      };
      return submitForm(
        reply,
        page,
        req.body,
        { ...input, caseIds },
        listHearingInput,
        async (data) => {
          const h = await listHearingFor(deps, req, caseRow, data);
          return `/hearings/${h.id}?done=listed`;
        },
        {
          rules,
          mapFields: (fields) =>
            Object.fromEntries(
              Object.entries(fields).map(([path, text]) => [
                path === 'caseIds' ? 'caseReferences' : path,
                text,
              ]),
            ),
        },
      );
    },
  );

  app.get<{ Params: { id: string }; Querystring: { done?: string; case?: string } }>(
    '/hearings/:id',
    { config: { permission: hearingPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const row = await getHearingFor(db, principal, req.params.id);
      const [h, notices, jury] = await Promise.all([
        hearingView(db, row),
        noticesOfHearing(db, row.id),
        anyJury(db, row.id),
      ]);
      // A jury decided on after the listing: the room chosen then may have no jury box.
      const noJuryBox =
        (row.status === 'LISTED' || row.status === 'POSTPONED') && lacksJuryBox(row.type, h.room, jury)
          ? `A jury will sit at this inquest, but ${h.room!.name} has no jury box. ${
              row.status === 'POSTPONED'
                ? 'Relist it in a room with a jury box.'
                : 'Postpone the hearing and relist it in a room with one.'
            }`
          : undefined;
      // Just listed or given a new date less than a week away: the family will have short notice (r.9).
      const shortNotice =
        DATE_FIXED.includes(req.query.done ?? '') &&
        row.status === 'LISTED' &&
        isShortNotice(row.startsAt, deps.clock.now())
          ? 'This hearing is less than a week away, so the family and interested persons will have less than a week’s notice of it. Make sure the notices go out as soon as possible.'
          : undefined;
      const mayChange =
        allows(hearingPermissions.list, principal.role) && principal.areaCode === row.areaCode;
      const allowed = ALLOWED_CHANGES[row.status] as readonly HearingChange[];
      const links: Record<HearingChange, { text: string; href: string }> = {
        POSTPONE: { text: 'Postpone', href: `/hearings/${h.id}/postpone` },
        RELIST: { text: 'Relist with a new date', href: `/hearings/${h.id}/relist` },
        ADJOURN: { text: 'Adjourn', href: `/hearings/${h.id}/adjourn` },
        VACATE: { text: 'Vacate', href: `/hearings/${h.id}/vacate` },
        RECORD_OUTCOME: { text: 'Record what happened', href: `/hearings/${h.id}/outcome` },
        REMOVE_CASE: { text: 'Take a case out of this hearing', href: `/hearings/${h.id}/remove-case` },
      };
      // Back to the case the hearing was opened from, when it hears several.
      const from = h.cases.find((c) => c.id === req.query.case) ?? h.cases[0];
      return reply.page('hearings/views/hearing.njk', {
        title: `${h.typeLabel}: ${h.cases.map((c) => c.reference).join(', ')}`,
        h,
        banner: req.query.done
          ? 'Saved. Any notices to the family and interested persons are listed below.'
          : undefined,
        noJuryBox,
        shortNotice,
        tag: STATUS_TAGS[h.status],
        statusText:
          h.status === 'POSTPONED'
            ? 'Postponed, new date to be set'
            : h.status.charAt(0) + h.status.slice(1).toLowerCase(),
        when: `${govukDate(h.startsAt)}, ${govukTime(h.startsAt)} to ${govukTime(h.endsAt)}`,
        actions: mayChange
          ? allowed
              .filter((c) => {
                const toCome =
                  row.status === 'POSTPONED' || row.startsAt.getTime() > deps.clock.now().getTime();
                if (c === 'REMOVE_CASE') return h.cases.length > 1 && toCome;
                // What happened, or an adjournment, is recorded once the hearing's time has come.
                if (c === 'RECORD_OUTCOME' || c === 'ADJOURN') return !toCome;
                return true;
              })
              .map((c) => links[c])
          : [],
        canSendByHand: mayChange && notices.some((n) => n.status === 'kept'),
        notices: notices.map(noticeView),
        changes: h.changes.map((c) => ({
          ...c,
          at: govukDateTime(c.at),
          kind:
            c.kind === 'CASE_REMOVED'
              ? `${String(c.detail.reference ?? 'A case')} taken out of the hearing`
              : c.kind.charAt(0) + c.kind.slice(1).toLowerCase().replace(/_/g, ' '),
        })),
        directions: (h.outcome?.directions ?? []).map((d) => ({
          ...d,
          due: d.dueOn ? govukDate(d.dueOn) : '',
        })),
        heldOn: h.outcome ? govukDate(h.outcome.heldOn) : null,
        backLink: from ? `/cases/${from.id}/hearings` : '/court-diary',
      });
    },
  );

  app.post<Params>(
    '/hearings/:id/notices/sent-by-hand',
    { config: { permission: hearingPermissions.list, audit: 'HEARING_NOTICES_SENT_BY_HAND' } },
    async (req, reply) => {
      await changeHearing(deps, req, req.params.id, async (tx, ctx) => {
        await recordSentByHand(tx, req.params.id, ctx.now);
        return reloadHearing(tx, req.params.id);
      });
      return reply.code(303).header('location', `/hearings/${req.params.id}?done=notices`).send();
    },
  );

  /** One change page: GET shows the questions, POST makes the change through the same command as the API. */
  function changePage<S extends z.ZodType>(o: {
    path: string;
    audit: string;
    title: string;
    submitText: string;
    fields: (h: HearingRow) => Promise<Field[]> | Field[];
    schema: S;
    read?: (
      fields: Field[],
      body: FormBody,
    ) => { input: unknown; mapFields?: (f: Record<string, string>) => Record<string, string> };
    run: (
      tx: Db,
      id: string,
      input: z.output<S>,
      ctx: ReturnType<typeof contextOf>,
    ) => Promise<HearingRow | { hearing: HearingRow }>;
    warning?: string;
    /** The new date and time asked for, judged with what is missing (in the past, a weekend). */
    when?: string;
    /** What the hearing page is told was done (`?done=`); by default only that something was saved. */
    done?: string;
    /** Refuses the page itself (409, with a sentence) when the change cannot be made to this hearing now. */
    check?: (h: HearingRow, now: Date) => void;
  }) {
    const load = async (req: FastifyRequest<Params>): Promise<{ h: HearingRow; page: FormPage }> => {
      const h = await getHearingFor(db, principalOf(req), req.params.id);
      o.check?.(h, deps.clock.now());
      return { h, page: await pageOf(h) };
    };
    const pageOf = async (h: HearingRow): Promise<FormPage> => {
      const view = await hearingView(db, h);
      return {
        title: o.title,
        caption: `${view.typeLabel} · ${govukDateTime(view.startsAt)} · ${view.cases.map((c) => c.reference).join(', ')}`,
        fields: await o.fields(h),
        action: `/hearings/${h.id}/${o.path}`,
        submitText: o.submitText,
        cancel: `/hearings/${h.id}`,
        warning: o.warning,
      };
    };
    app.get<Params>(
      `/hearings/:id/${o.path}`,
      { config: { permission: hearingPermissions.list, audit: null } },
      async (req, reply) => showForm(reply, (await load(req)).page),
    );
    app.post<Post>(
      `/hearings/:id/${o.path}`,
      { config: { permission: hearingPermissions.list, audit: o.audit } },
      async (req, reply) => {
        const { h, page: p } = await load(req);
        const { input, mapFields } = o.read
          ? o.read(p.fields, req.body)
          : { input: readForm(p.fields, req.body), mapFields: undefined };
        return submitForm(
          reply,
          p,
          req.body,
          input,
          o.schema,
          async (data) => {
            await changeHearing(
              deps,
              req,
              req.params.id,
              (tx, ctx) => o.run(tx, req.params.id, data, ctx),
              data as Record<string, unknown>,
            );
            return `/hearings/${req.params.id}?done=${o.done ?? '1'}`;
          },
          {
            mapFields,
            // The new date is judged over the days the hearing sits, at its own length unless a new one is given.
            rules: (answers) =>
              o.when ? whenProblems(answers, o.when, deps.clock.now(), h.estimatedMinutes) : {},
          },
        );
      },
    );
  }

  changePage({
    path: 'postpone',
    audit: 'HEARING_POSTPONED',
    title: 'Postpone the hearing',
    submitText: 'Postpone the hearing',
    fields: () => postponeFields,
    schema: postponeInput,
    run: postponeHearing,
    when: 'newStartsAt',
    done: 'postponed',
    warning: 'The family and every interested person will be told.',
  });
  changePage({
    path: 'relist',
    audit: 'HEARING_RELISTED',
    title: 'Relist the hearing',
    submitText: 'Relist the hearing',
    fields: async (h) => relistFields((await listOptions(h.areaCode)).rooms),
    schema: relistInput,
    run: relistHearing,
    when: 'startsAt',
    done: 'relisted',
    warning: 'The family and every interested person will be told the new date.',
  });
  changePage({
    path: 'adjourn',
    audit: 'HEARING_ADJOURNED',
    title: 'Adjourn the hearing',
    submitText: 'Adjourn the hearing',
    fields: () => adjournFields,
    schema: adjournInput,
    run: adjournHearing,
    when: 'resumesAt',
    check: checkAdjournment,
    warning: 'The family and every interested person will be told.',
  });
  changePage({
    path: 'vacate',
    audit: 'HEARING_VACATED',
    title: 'Vacate the hearing',
    submitText: 'Vacate the hearing',
    fields: () => vacateFields,
    schema: vacateInput,
    run: vacateHearing,
    warning: 'The hearing will not take place. The family and every interested person will be told.',
  });
  changePage({
    path: 'remove-case',
    audit: 'HEARING_CASE_REMOVED',
    title: 'Take a case out of this hearing',
    submitText: 'Take the case out',
    fields: async (h) => removeCaseFields((await hearingView(db, h)).cases),
    schema: removeCaseInput,
    run: removeCase,
    warning: 'The family and interested persons of that case will be told. The others are not affected.',
  });
  changePage({
    path: 'outcome',
    audit: 'HEARING_OUTCOME_RECORDED',
    title: 'Record what happened at the hearing',
    submitText: 'Save',
    fields: () => outcomeFields,
    schema: outcomeInput,
    read: (_fields, body) => {
      const { input, slots } = readOutcomeForm(body);
      return {
        input,
        mapFields: (fields) =>
          Object.fromEntries(
            Object.entries(fields).map(([path, text]) => {
              const m = /^directions\.(\d+)(\..*)?$/.exec(path);
              return [m ? `directions.${slots[Number(m[1])] ?? m[1]}${m[2] ?? '.text'}` : path, text];
            }),
          ),
      };
    },
    run: recordOutcome,
  });
}

async function reloadHearing(tx: Db, id: string): Promise<HearingRow> {
  const [h] = await tx.select().from(hearings).where(eq(hearings.id, id));
  return h!;
}

/** The cases of the area given by reference ("EL-2026-123" or "EL-2026-000123"), or a field error. */
async function casesByReference(
  db: Db,
  areaCode: string,
  references: string | undefined,
): Promise<CaseRow[]> {
  const refs = parseReferences(references ?? '');
  if (refs.length === 0) return [];
  const rows = await db
    .select()
    .from(cases)
    .where(and(inArray(cases.reference, refs), eq(cases.areaCode, areaCode)));
  const missing = refs.filter((r) => !rows.some((x) => x.reference === r));
  if (missing.length)
    throw validationError({
      caseReferences: `There is no case ${referencesInWords(missing)} in this coroner area`,
    });
  return rows;
}
