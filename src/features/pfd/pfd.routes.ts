import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { Field, FormBody } from '../../platform/forms/forms.ts';
import { dateProblems, formValues, readForm } from '../../platform/forms/forms.ts';
import { AlreadySent, alreadySent, claimOnce, ONCE_FIELD } from '../../platform/forms/once.ts';
import { checkCsrf } from '../../platform/http/access.ts';
import { contentDisposition } from '../../platform/http/content-disposition.ts';
import { AppError, type FieldErrors, isAppError, notFound } from '../../platform/http/errors.ts';
import { findControlCharacter, UNUSUAL_CHARACTER_IN_ANSWER } from '../../platform/http/input-characters.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors, parseOrThrow } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { pageCount, pageHref, pageNumber, pagination } from '../../platform/views/pagination.ts';
import { pageDateWording } from '../cases/cases.pages.view.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { extendDeadline, publishReport, recordResponse, sendReport, updateDraft } from './pfd.commands.ts';
import { ageAtDeath, checkResponse } from './pfd.domain.ts';
import {
  filledRecipientBlocks,
  formFieldErrors,
  readReportForm,
  reportFields as reportFieldsFor,
  reportFormData,
} from './pfd.forms.ts';
import { laterDeaths } from './pfd.links.ts';
import { pfdReportPdf } from './pfd.pdf.ts';
import { pfdPermissions } from './pfd.policy.ts';
import {
  copyableInterestedPersons,
  countReports,
  getReportFor,
  latestReportBy,
  listReports,
} from './pfd.queries.ts';
import {
  extensionInput,
  MAX_RECIPIENTS,
  pfdReportInput,
  publishInput,
  responseInput,
  sendInput,
} from './pfd.schema.ts';
import {
  caseForReport,
  changeReport,
  checkResponseDocument,
  currentView,
  responseDocument,
  storeResponseDocument,
  writeReport,
} from './pfd.service.ts';
import { defaultCircumstances, defaultInvestigation } from './pfd.text.ts';
import {
  listRows,
  recipientRows,
  reportText,
  responseRows,
  sectionsOf,
  sendPageErrors,
  sendWarning,
  sentBanner,
} from './pfd.view.ts';

type Errors = ReturnType<typeof formErrors>;

/** The staff pages: write, send and follow up a report; the overdue register; the PDF. */
export function registerPfdRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const today = () => londonDate(deps.clock.now());

  async function reportForm(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    target: { caseRow: CaseRow; reportId?: string },
    body?: FormBody,
    errors?: Errors,
    moreSlots = 0,
  ) {
    const { caseRow, reportId } = target;
    const ips = await copyableInterestedPersons(db, caseRow.id);
    const under18 = (ageAtDeath(caseRow) ?? 99) < 18;
    const existing = reportId ? await currentView(deps, req, reportId) : undefined;
    // As many recipient blocks as were typed in (or saved, and one spare), at least three, at most the limit.
    const slots = Math.min(
      MAX_RECIPIENTS,
      Math.max(3, body ? countSlots(body) + moreSlots : (existing?.recipients.length ?? 0) + 1),
    );
    const fields = reportFieldsFor(slots, ips, under18);
    const facts = { ...caseRow, ageAtDeath: ageAtDeath(caseRow) };
    const data = existing
      ? reportFormData(existing)
      : { investigation: defaultInvestigation(facts), circumstances: defaultCircumstances(facts) };
    return reply.code(errors ? 400 : 200).page('pfd/views/form.njk', {
      title: existing ? `Change report ${existing.reference}` : 'Write a prevention of future deaths report',
      caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
      intro:
        'Report to whoever has the power to act when the investigation shows a risk that other deaths will occur (Coroners and Justice Act 2009 Schedule 5 paragraph 7). You can save it as a draft and send it later.',
      fields,
      values: formValues(fields, body ? { body } : { data: data as Record<string, unknown> }),
      errors,
      addRecipient: slots < MAX_RECIPIENTS ? { after: `recipients.${slots - 1}.email` } : undefined,
      action: existing ? `/pfd-reports/${existing.id}/edit` : `/cases/${caseRow.id}/pfd-reports/new`,
      submitText: 'Save as a draft',
      // A new report's page is single-use (forms/once.ts): sent twice, it makes one draft.
      once: !existing,
      cancel: existing ? `/pfd-reports/${existing.id}` : `/cases/${caseRow.id}`,
    });
  }

  /** Parses the report form and runs `save`, or shows the form again with the problems. */
  async function saveReportForm(
    req: FastifyRequest<{ Params: { id: string }; Body: FormBody }>,
    reply: FastifyReply,
    target: { caseRow: CaseRow; reportId?: string },
    /** Saves the report, giving where to go next. */
    save: (input: ReturnType<typeof pfdReportInput.parse>) => Promise<string>,
  ) {
    // "Add another recipient" shows the form again with one more block, keeping what was typed.
    if (req.body.addRecipient !== undefined) return reportForm(req, reply, target, req.body, undefined, 1);
    const ips = await copyableInterestedPersons(db, target.caseRow.id);
    const fields = reportFieldsFor(
      Math.max(3, countSlots(req.body)),
      ips,
      (ageAtDeath(target.caseRow) ?? 99) < 18,
    );
    const parsed = pfdReportInput.safeParse(readReportForm(fields, req.body));
    const again = (fieldErrors: FieldErrors) =>
      reportForm(
        req,
        reply,
        target,
        req.body,
        formErrors(formFieldErrors(fieldErrors, filledRecipientBlocks(fields, req.body))),
      );
    if (!parsed.success) return again(fieldErrorsOf(parsed.error.issues));
    try {
      return seeOther(reply, await save(parsed.data));
    } catch (error) {
      if (isAppError(error) && error.fields) return again(error.fields);
      throw error;
    }
  }

  app.get<{ Params: { id: string } }>(
    '/cases/:id/pfd-reports/new',
    { config: { permission: pfdPermissions.write, audit: null } },
    async (req, reply) => reportForm(req, reply, { caseRow: await caseForReport(deps, req, req.params.id) }),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/cases/:id/pfd-reports/new',
    { config: { permission: pfdPermissions.write, audit: 'PFD_REPORT_CREATED' } },
    async (req, reply) => {
      const caseRow = await caseForReport(deps, req, req.params.id);
      // The same page sent again (a double click, a reload) makes no second draft: it shows the one it made.
      const userId = principalOf(req).userId;
      const once = req.body[ONCE_FIELD];
      const made = async () => {
        const id = await latestReportBy(db, caseRow.id, userId);
        return id ? `/pfd-reports/${id}?saved=1` : `/cases/${caseRow.id}`;
      };
      if (req.body.addRecipient === undefined && (await alreadySent(db, userId, once)))
        return seeOther(reply, await made());
      return saveReportForm(req, reply, { caseRow }, async (input) => {
        try {
          return `/pfd-reports/${(await writeReport(deps, req, caseRow, input, once)).id}?saved=1`;
        } catch (error) {
          if (error instanceof AlreadySent) return made();
          throw error;
        }
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/pfd-reports/:id/edit',
    { config: { permission: pfdPermissions.write, audit: null } },
    async (req, reply) => {
      const { report, caseRow } = await getReportFor(db, principalOf(req), req.params.id);
      if (report.status !== 'DRAFT') return seeOther(reply, `/pfd-reports/${report.id}`);
      return reportForm(req, reply, { caseRow, reportId: report.id });
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/pfd-reports/:id/edit',
    { config: { permission: pfdPermissions.write, audit: 'PFD_REPORT_CHANGED' } },
    async (req, reply) => {
      const { report, caseRow } = await getReportFor(db, principalOf(req), req.params.id);
      return saveReportForm(req, reply, { caseRow, reportId: report.id }, async (input) => {
        // The form has no boxes for other copies (organisations given through the API): they are kept.
        const kept = { ...input, copies: { ...input.copies, others: report.otherCopies } };
        await changeReport(deps, req, report.id, (tx, r, c, ctx) => updateDraft(tx, r, c, kept, ctx));
        return `/pfd-reports/${report.id}?saved=1`;
      });
    },
  );

  app.get<{ Querystring: { page?: string } }>(
    '/pfd-reports',
    { config: { permission: pfdPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const size = 50;
      const [total, overdue] = await Promise.all([
        countReports(db, principal, { today: today() }),
        countReports(db, principal, { today: today(), overdue: true }),
      ]);
      // A page past the last (an old link) shows the last page.
      const page = Math.min(pageNumber(req.query.page, size), Math.max(1, pageCount(total, size)));
      const items = await listReports(db, principal, {
        today: today(),
        limit: size,
        offset: (page - 1) * size,
      });
      return reply.page('pfd/views/list.njk', {
        title: 'Prevention of future deaths reports',
        rows: listRows(items, false),
        overdue,
        total,
        pagination: pagination({ page, pageSize: size, total, href: pageHref('/pfd-reports', {}) }),
      });
    },
  );

  app.get<{ Querystring: { area?: string } }>(
    '/pfd-reports/overdue',
    { config: { permission: pfdPermissions.read, audit: null } },
    async (req, reply) => {
      const area = /^[A-Z]{2,4}$/.test(req.query.area ?? '') ? req.query.area : undefined;
      const items = await listReports(db, principalOf(req), { overdue: true, area, today: today() });
      const rows = listRows(items, true);
      return reply.page('pfd/views/overdue.njk', {
        title: 'Overdue responses to prevention of future deaths reports',
        area,
        rows,
        count: rows.length,
        today: govukDate(today()),
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { saved?: string; sent?: string } }>(
    '/pfd-reports/:id',
    { config: { permission: pfdPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const r = await currentView(deps, req, req.params.id);
      const { report } = await getReportFor(db, principal, req.params.id);
      const later = await laterDeaths(db, principal, report);
      const mayWrite = allows(pfdPermissions.write, principal.role);
      return reply.page('pfd/views/report.njk', {
        title: `Prevention of future deaths report ${r.reference}`,
        r,
        banner: req.query.sent ? sentBanner(r) : req.query.saved ? 'Saved.' : undefined,
        recipientRows: recipientRows(r, {
          respond: allows(pfdPermissions.respond, principal.role),
          extend: mayWrite,
        }),
        responseRows: responseRows(r),
        sections: sectionsOf(r),
        canEdit: mayWrite && r.status === 'DRAFT',
        sendWarning: mayWrite ? sendWarning(r) : undefined,
        canPublish: allows(pfdPermissions.publish, principal.role) && r.status === 'SENT',
        sentOn: r.sentOn ? govukDate(r.sentOn) : null,
        publishedOn: r.published ? govukDate(r.published.at) : null,
        later,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/pfd-reports/:id/report.pdf',
    { config: { permission: pfdPermissions.read, audit: null } },
    async (req, reply) => {
      const r = await currentView(deps, req, req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${r.reference}.pdf"`)
        .send(Buffer.from(pfdReportPdf(reportText(r))));
    },
  );

  app.get<{ Params: { id: string; responseId: string } }>(
    '/pfd-reports/:id/responses/:responseId/document',
    { config: { permission: pfdPermissions.read, audit: 'PFD_RESPONSE_DOCUMENT_READ' } },
    async (req, reply) => {
      const doc = await responseDocument(deps, req, req.params.id, req.params.responseId);
      return reply
        .type(doc.contentType)
        .header('content-disposition', contentDisposition(doc.name))
        .header('cache-control', 'private, no-store')
        .send(doc.stream);
    },
  );

  // Small forms: send, extend, publish.
  type SmallForm = {
    path: string;
    permission: typeof pfdPermissions.write;
    audit: string;
    title: (r: Awaited<ReturnType<typeof currentView>>, recipient?: string) => string;
    fields: Field[];
    intro?: (r: Awaited<ReturnType<typeof currentView>>, recipient?: string) => string;
    submit: string;
    /** Where the report's page goes after the form is done: `?saved=1` unless it says more. */
    done?: string;
    defaults?: (r: Awaited<ReturnType<typeof currentView>>) => Record<string, unknown>;
    /** Something the page cannot put right that stops the form being done, with a link to where it can be. */
    warning?: (r: Awaited<ReturnType<typeof currentView>>) => ReturnType<typeof sendWarning>;
    /** The summary of problems, when some are put right elsewhere; by default each links to its own question. */
    errors?: (reportId: string, fieldErrors: FieldErrors) => Errors;
    run: (
      req: FastifyRequest<{ Params: { id: string; rid?: string }; Body: FormBody }>,
      body: FormBody,
    ) => Promise<void>;
  };

  const smallForms: SmallForm[] = [
    {
      path: '/pfd-reports/:id/send',
      permission: pfdPermissions.write,
      audit: 'PFD_REPORT_SENT',
      title: (r) => `Send report ${r.reference}`,
      intro: (r) =>
        `The report goes to ${r.recipients.map((x) => x.organisation).join('; ')}. Each must respond within 56 days. A copy goes to the Chief Coroner${r.copies.interestedPersons.length || r.copies.safeguardingBoard ? ' and the copies you chose' : ''}. Reminders are sent 14 days before the due date, on it and 14 days after it.`,
      fields: [
        {
          kind: 'date',
          path: 'sentOn',
          label: 'Date the report was sent',
          hint: 'The date on the report. For example, 25 11 2026',
        },
      ],
      submit: 'Send the report',
      done: 'sent=1',
      defaults: () => ({ sentOn: today() }),
      warning: sendWarning,
      errors: sendPageErrors,
      run: async (req, body) => {
        const input = parseOrThrow(sendInput, readForm([{ kind: 'date', path: 'sentOn', label: '' }], body));
        await changeReport(
          deps,
          req,
          req.params.id,
          (tx, r, c, ctx) => sendReport(tx, r, c, input.sentOn, ctx),
          {
            sentOn: input.sentOn,
          },
        );
      },
    },
    {
      path: '/pfd-reports/:id/recipients/:rid/extension',
      permission: pfdPermissions.write,
      audit: 'PFD_DEADLINE_EXTENDED',
      title: (_r, recipient) => `Extend the time for ${recipient} to respond`,
      fields: [
        { kind: 'date', path: 'dueOn', label: 'New due date' },
        { kind: 'textarea', path: 'reason', label: 'Reason for the extension', rows: 3 },
      ],
      submit: 'Extend the time',
      run: async (req, body) => {
        const input = parseOrThrow(extensionInput, {
          ...readForm(
            [
              { kind: 'date', path: 'dueOn', label: '' },
              { kind: 'textarea', path: 'reason', label: '' },
            ],
            body,
          ),
          recipientId: req.params.rid,
        });
        await changeReport(
          deps,
          req,
          req.params.id,
          (tx, r, c, ctx) => extendDeadline(tx, r, c, input, ctx),
          {
            recipientId: input.recipientId,
            dueOn: input.dueOn,
          },
        );
      },
    },
    {
      path: '/pfd-reports/:id/publish',
      permission: pfdPermissions.publish,
      audit: 'PFD_REPORT_PUBLISHED',
      title: (r) => `Publish report ${r.reference}`,
      intro: () =>
        'The published report appears on the public list of reports and in the open data, with whether each recipient has responded.',
      fields: [
        {
          kind: 'boolean',
          path: 'removeNames',
          label: 'Remove names from the published report?',
          hint: 'Replaces the name of the person who died, of the people recorded in the case and of anyone you list below with “[name removed]”, and their home addresses with “[address removed]”. Recipients are shown by organisation only.',
          yes: 'Yes, remove names',
          no: 'No, publish as written',
        },
        {
          kind: 'textarea',
          path: 'otherNames',
          label: 'Other names to remove (optional)',
          hint: 'One name on each line.',
          rows: 3,
        },
      ],
      submit: 'Publish the report',
      defaults: (r) => ({ removeNames: r.published?.removeNames ?? undefined }),
      run: async (req, body) => {
        const raw = readForm(
          [
            { kind: 'boolean', path: 'removeNames', label: '' },
            { kind: 'textarea', path: 'otherNames', label: '' },
          ],
          body,
        );
        if (raw.removeNames === undefined)
          throw new AppError('VALIDATION_FAILED', 'Select whether to remove names (removeNames).', {
            removeNames: 'Select whether to remove names from the published report',
          });
        const input = parseOrThrow(publishInput, {
          removeNames: raw.removeNames,
          otherNames: String(raw.otherNames ?? '')
            .split(/\r?\n/)
            .map((s) => s.trim())
            .filter(Boolean),
        });
        await changeReport(deps, req, req.params.id, (tx, r, c, ctx) => publishReport(tx, r, c, input, ctx), {
          removeNames: input.removeNames,
        });
      },
    },
  ];

  for (const form of smallForms) {
    const render = async (
      req: FastifyRequest<{ Params: { id: string; rid?: string } }>,
      reply: FastifyReply,
      body?: FormBody,
      errors?: Errors,
    ) => {
      const r = await currentView(deps, req, req.params.id);
      const recipient = req.params.rid ? r.recipients.find((x) => x.id === req.params.rid) : undefined;
      if (req.params.rid && !recipient) throw notFound('The recipient');
      return reply.code(errors ? 400 : 200).page('pfd/views/form.njk', {
        title: form.title(r, recipient?.organisation),
        caption: `${r.reference} · ${r.deceased.name}`,
        intro: form.intro?.(r, recipient?.organisation),
        warning: form.warning?.(r),
        fields: form.fields,
        values: formValues(form.fields, body ? { body } : { data: form.defaults?.(r) ?? {} }),
        errors,
        action: req.url.split('?')[0],
        submitText: form.submit,
        cancel: `/pfd-reports/${r.id}`,
      });
    };
    app.get<{ Params: { id: string; rid?: string } }>(
      form.path,
      { config: { permission: form.permission, audit: null } },
      (req, reply) => render(req, reply),
    );
    app.post<{ Params: { id: string; rid?: string }; Body: FormBody }>(
      form.path,
      { config: { permission: form.permission, audit: form.audit } },
      async (req, reply) => {
        try {
          await form.run(req, req.body);
        } catch (error) {
          if (isAppError(error) && error.fields) {
            const problems = pageWording(form.fields, error.fields, req.body);
            return render(
              req,
              reply,
              req.body,
              form.errors ? form.errors(req.params.id, problems) : formErrors(problems),
            );
          }
          throw error;
        }
        return seeOther(reply, `/pfd-reports/${req.params.id}?${form.done ?? 'saved=1'}`);
      },
    );
  }

  // Recording a response carries a document, so its form is sent as multipart/form-data.
  app.register(async (scope) => {
    if (!scope.hasContentTypeParser('multipart/form-data'))
      await scope.register(fastifyMultipart, {
        limits: { fileSize: deps.config.uploadLimitBytes, files: 1, fields: 20 },
      });
    const fields: Field[] = [
      { kind: 'date', path: 'receivedOn', label: 'Date the response was received' },
      {
        kind: 'textarea',
        path: 'summary',
        label: 'Summary of the response (optional)',
        hint: 'What action the recipient says it has taken or will take, and when.',
        rows: 4,
      },
    ];
    const render = async (
      req: FastifyRequest<{ Params: { id: string; rid: string } }>,
      reply: FastifyReply,
      body?: FormBody,
      errors?: Errors,
    ) => {
      const r = await currentView(deps, req, req.params.id);
      const recipient = r.recipients.find((x) => x.id === req.params.rid);
      if (!recipient) throw notFound('The recipient');
      return reply.code(errors ? 400 : 200).page('pfd/views/form.njk', {
        title: `Record the response from ${recipient.organisation}`,
        caption: `${r.reference} · ${r.deceased.name}`,
        intro: r.sentOn
          ? `The report was sent on ${govukDate(r.sentOn)}. The response is due by ${govukDate(recipient.dueOn)}.`
          : undefined,
        fields,
        values: formValues(fields, body ? { body } : { data: { receivedOn: today() } }),
        errors,
        upload: {
          id: 'document',
          label: 'The response document (optional)',
          hint: 'A PDF, an image or a plain text file.',
          error: errors?.fields.document,
        },
        action: req.url.split('?')[0],
        submitText: 'Record the response',
        // Single-use (forms/once.ts): sent twice, it records the response once.
        once: true,
        cancel: `/pfd-reports/${r.id}`,
      });
    };
    scope.get<{ Params: { id: string; rid: string } }>(
      '/pfd-reports/:id/recipients/:rid/response',
      { config: { permission: pfdPermissions.respond, audit: null } },
      (req, reply) => render(req, reply),
    );
    scope.post<{ Params: { id: string; rid: string } }>(
      '/pfd-reports/:id/recipients/:rid/response',
      { config: { permission: pfdPermissions.respond, audit: 'PFD_RESPONSE_RECORDED', csrfInHandler: true } },
      async (req, reply) => {
        const body: FormBody = {};
        let file: { name: string; bytes: Buffer } | undefined;
        // The form's token comes before its file: a file is read only once the token has been checked.
        let csrfChecked = false;
        const checkToken = () => {
          if (csrfChecked) return;
          checkCsrf(req, typeof body._csrf === 'string' ? body._csrf : undefined);
          csrfChecked = true;
        };
        if (req.isMultipart()) {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              checkToken();
              const bytes = await part.toBuffer();
              // No file chosen comes as a part with no name; a named file with nothing in it is refused below.
              if (part.filename) file = { name: part.filename, bytes };
            } else body[part.fieldname] = String(part.value);
          }
        } else Object.assign(body, (req.body ?? {}) as FormBody);
        checkToken();
        delete body._csrf;
        const once = body[ONCE_FIELD];
        delete body[ONCE_FIELD];
        const { report } = await getReportFor(db, principalOf(req), req.params.id);
        // The same page sent again (a double click) records nothing more.
        const recorded = () => seeOther(reply, `/pfd-reports/${req.params.id}?saved=1`);
        if (await alreadySent(db, principalOf(req).userId, once)) return recorded();
        // Every problem with the answers and the file at once: each check's sentence on its own field.
        const problems: FieldErrors = {};
        const note = (error: unknown) => {
          if (isAppError(error) && (error.fields || error.code === 'UNSUPPORTED_MEDIA_TYPE'))
            Object.assign(problems, { ...(error.fields ?? { document: error.message }), ...problems });
          else throw error;
        };
        // The answers of a multipart form are read here, not by the server's check of parsed bodies.
        const unusual = findControlCharacter(body);
        if (unusual) problems[unusual] = UNUSUAL_CHARACTER_IN_ANSWER;
        const parsed = responseInput
          .omit({ document: true })
          .safeParse({ ...readForm(fields, body), recipientId: req.params.rid });
        if (!parsed.success)
          Object.assign(problems, {
            ...pageWording(fields, fieldErrorsOf(parsed.error.issues), body),
            ...problems,
          });
        else
          try {
            checkResponse(report, { respondedOn: null }, parsed.data.receivedOn, today());
          } catch (error) {
            note(error);
          }
        if (file)
          try {
            await checkResponseDocument(file.bytes, file.name);
          } catch (error) {
            note(error);
          }
        if (Object.keys(problems).length || !parsed.success)
          return render(req, reply, body, formErrors(problems));
        const input = parsed.data;
        try {
          const stored = file ? await storeResponseDocument(deps, file.bytes, file.name) : null;
          await changeReport(
            deps,
            req,
            req.params.id,
            async (tx, r, c, ctx) => {
              if (!(await claimOnce(tx, ctx.principal.userId, once, ctx.now))) throw new AlreadySent();
              return recordResponse(tx, r, c, input, stored, ctx);
            },
            {
              recipientId: input.recipientId,
              receivedOn: input.receivedOn,
              document: stored?.sha256 ?? null,
            },
          );
        } catch (error) {
          if (error instanceof AlreadySent) return recorded();
          if (isAppError(error) && (error.fields || error.code === 'UNSUPPORTED_MEDIA_TYPE'))
            return render(req, reply, body, formErrors(error.fields ?? { document: error.message }));
          throw error;
        }
        return recorded();
      },
    );
  });
}

/**
 * Errors as a page words them: a date that does not exist or is half given is told so as GOV.UK does
 * ("Date the report was sent must include a month"), not in the API's YYYY-MM-DD wording.
 */
function pageWording(fields: readonly Field[], errors: FieldErrors, body: FormBody): FieldErrors {
  const dates = dateProblems(fields, body);
  const own = Object.fromEntries(Object.entries(dates).filter(([path]) => path in errors));
  return pageDateWording(fields, { ...errors, ...own });
}

/** How many recipient blocks a posted form had. */
function countSlots(body: FormBody): number {
  let max = 0;
  for (const key of Object.keys(body)) {
    const m = /^recipients\.(\d+)\./.exec(key);
    if (m) max = Math.max(max, Number(m[1]) + 1);
  }
  return max;
}
