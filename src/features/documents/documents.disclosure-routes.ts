import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { contentDisposition } from '../../platform/http/content-disposition.ts';
import { isAppError, notFound } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { type FormErrors, fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { clockTag } from '../cases/cases.clocks.ts';
import { pageDateWording } from '../cases/cases.pages.view.ts';
import { decideDocument, releaseVersion, withdrawRelease } from './documents.commands.ts';
import { makeCaseBundle, readReleaseCopy, sendFile } from './documents.content.ts';
import type { DocumentsContext } from './documents.context.ts';
import { KIND_LABELS, R15_LABELS } from './documents.domain.ts';
import { decisionFormFields, releaseFormFields, withdrawFormFields } from './documents.forms.ts';
import { documentPermissions as can } from './documents.policy.ts';
import {
  type CaseHeading,
  type DocumentAccess,
  downloadsByDisclosure,
  getDocumentFor,
  getStaffCase,
  listCaseDocuments,
  listDisclosureClocks,
  listDisclosures,
  listReleasablePersons,
  listVersions,
} from './documents.queries.ts';
import { captionOf, formProblem } from './documents.routes.ts';
import { bundle, decision, release, withdrawal } from './documents.schema.ts';
import { releaseRows, versionName } from './documents.view.ts';

/** Pages for the coroner's decision, releases to interested persons, the disclosure log and bundles. */
export function registerDisclosurePages(app: FastifyInstance, ctx: DocumentsContext): void {
  const { db } = ctx;

  async function decisionPage(
    reply: FastifyReply,
    access: DocumentAccess,
    body?: FormBody,
    errors?: FormErrors,
  ) {
    const d = access.document;
    const data = {
      relevance: d.relevance ?? '',
      withhold: d.relevance === 'RELEVANT' ? Boolean(d.withheldGround) : undefined,
      ground: d.withheldGround && d.withheldGround !== 'IRRELEVANT' ? d.withheldGround : '',
      reasons: d.decisionReasons ?? '',
    };
    return reply.code(errors ? 400 : 200).page('documents/views/form.njk', {
      title: 'Relevance and disclosure',
      caption: captionOf(access),
      intro: `“${d.title}”. Under rule 13 interested persons are entitled on request to post-mortem and other reports given to the coroner, and to any other document you consider relevant, unless rule 15 applies.`,
      judicial: true,
      fields: decisionFormFields,
      values: formValues(decisionFormFields, body ? { body } : { data }),
      errors,
      action: `/documents/${d.id}/decision`,
      submitText: 'Save your decision',
      cancel: `/documents/${d.id}`,
      back: `/documents/${d.id}`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/documents/:id/decision',
    { config: { permission: can.decide, audit: null } },
    async (req, reply) => decisionPage(reply, await getDocumentFor(db, principalOf(req), req.params.id)),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/documents/:id/decision',
    { config: { permission: can.decide, audit: 'DOCUMENT_DECISION_RECORDED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const parsed = decision.safeParse(readForm(decisionFormFields, req.body));
      if (!parsed.success)
        return decisionPage(reply, access, req.body, formErrors(fieldErrorsOf(parsed.error.issues)));
      try {
        await decideDocument(ctx, req, access, parsed.data);
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return decisionPage(reply, access, req.body, errors);
        throw error;
      }
      return seeOther(reply, `/documents/${access.document.id}?done=decided`);
    },
  );

  async function releasePage(
    reply: FastifyReply,
    access: DocumentAccess,
    body?: FormBody,
    errors?: FormErrors,
  ) {
    const [versions, persons] = await Promise.all([
      listVersions(db, access.document.id),
      listReleasablePersons(db, access.document.caseId),
    ]);
    const approved = versions.filter((v) => v.state === 'CORONER_APPROVED');
    const fields = releaseFormFields(
      approved.map((v) => ({ value: v.id, text: versionName(v) })),
      persons.map((p) => ({
        value: p.id,
        text: p.name,
        hint: [p.relationship, p.organisation].filter(Boolean).join(', ') || undefined,
      })),
    );
    const latest = approved.at(-1);
    const empty = access.document.withheldGround
      ? 'The coroner decided to withhold this document, so it cannot be released.'
      : approved.length === 0
        ? 'No version has been approved by the coroner yet.'
        : persons.length === 0
          ? 'This case has no interested persons to release it to yet.'
          : undefined;
    return reply.code(errors ? 400 : 200).page('documents/views/form.njk', {
      title: 'Release a version to interested persons',
      caption: captionOf(access),
      intro: `“${access.document.title}” (rule 13). Each copy is marked with the person’s name and the date of disclosure.`,
      empty,
      fields,
      values: formValues(
        fields,
        body
          ? { body }
          : { data: { versionId: latest?.id, method: 'ONLINE', disclosedOn: londonDate(ctx.clock.now()) } },
      ),
      errors,
      action: `/documents/${access.document.id}/release`,
      submitText: 'Release',
      cancel: `/documents/${access.document.id}`,
      back: `/documents/${access.document.id}`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/documents/:id/release',
    { config: { permission: can.release, audit: null } },
    async (req, reply) => releasePage(reply, await getDocumentFor(db, principalOf(req), req.params.id)),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/documents/:id/release',
    { config: { permission: can.release, audit: 'DOCUMENT_RELEASED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const fields = releaseFormFields([], []);
      const answers = readForm(fields, req.body);
      const parsed = release.safeParse(answers);
      // The page asks the date (it starts at today); boxes left empty are an answer missing, not today.
      const noDate: Record<string, string> =
        answers.disclosedOn === undefined ? { disclosedOn: 'Enter the date of disclosure' } : {};
      if (!parsed.success || answers.disclosedOn === undefined) {
        const problems = { ...noDate, ...(parsed.success ? {} : fieldErrorsOf(parsed.error.issues)) };
        return releasePage(reply, access, req.body, formErrors(pageDateWording(fields, problems)));
      }
      try {
        await releaseVersion(ctx, req, access, parsed.data);
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return releasePage(reply, access, req.body, errors);
        throw error;
      }
      // Online, the copy is there for them now; otherwise the office sends each one their marked copy.
      const done = parsed.data.method === 'ONLINE' ? 'released' : 'recorded';
      return seeOther(reply, `/documents/${access.document.id}?done=${done}`);
    },
  );

  async function withdrawPage(
    req: FastifyRequest<{ Params: { id: string; did: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    errors?: FormErrors,
  ) {
    const access = await getDocumentFor(db, principalOf(req), req.params.id);
    const release = (await listDisclosures(db, { documentId: access.document.id })).find(
      (d) => d.id === req.params.did,
    );
    if (!release || release.withdrawnAt) throw notFound('The release');
    return reply.code(errors ? 400 : 200).page('documents/views/form.njk', {
      title: 'Withdraw a release',
      caption: captionOf(access),
      summary: [
        { key: { text: 'Document' }, value: { text: access.document.title } },
        { key: { text: 'Released to' }, value: { text: release.personName } },
        {
          key: { text: 'Version' },
          value: { text: versionName({ number: release.versionNumber, kind: release.versionKind }) },
        },
        { key: { text: 'Disclosed' }, value: { text: govukDate(release.disclosedOn) } },
      ],
      intro: 'They will no longer see this version in their view of the case.',
      fields: withdrawFormFields,
      values: formValues(withdrawFormFields, body ? { body } : {}),
      errors,
      action: `/documents/${access.document.id}/disclosures/${release.id}/withdraw`,
      submitText: 'Withdraw the release',
      cancel: `/documents/${access.document.id}`,
      back: `/documents/${access.document.id}`,
    });
  }

  app.get<{ Params: { id: string; did: string } }>(
    '/documents/:id/disclosures/:did/withdraw',
    { config: { permission: can.release, audit: null } },
    (req, reply) => withdrawPage(req, reply),
  );

  app.post<{ Params: { id: string; did: string }; Body: FormBody }>(
    '/documents/:id/disclosures/:did/withdraw',
    { config: { permission: can.release, audit: 'DOCUMENT_RELEASE_WITHDRAWN' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const parsed = withdrawal.safeParse(readForm(withdrawFormFields, req.body));
      if (!parsed.success)
        return withdrawPage(req, reply, req.body, formErrors(fieldErrorsOf(parsed.error.issues)));
      await withdrawRelease(ctx, req, access, req.params.did, parsed.data.reason);
      return seeOther(reply, `/documents/${access.document.id}?done=withdrawn`);
    },
  );

  app.get<{ Params: { id: string; did: string } }>(
    '/documents/:id/disclosures/:did/copy',
    { config: { permission: can.release, audit: 'DOCUMENT_CONTENT_READ' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const { version, bytes } = await readReleaseCopy(ctx, req, access, req.params.did);
      return sendFile(reply, version, bytes);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id/disclosure-log',
    { config: { permission: can.disclosureLog, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const caseRow = await getStaffCase(db, principal, req.params.id);
      const today = londonDate(ctx.clock.now());
      const [releases, downloads, clocks, documents] = await Promise.all([
        listDisclosures(db, { caseId: caseRow.id }),
        downloadsByDisclosure(db, caseRow.id),
        listDisclosureClocks(db, caseRow.id, today),
        listCaseDocuments(db, caseRow.id),
      ]);
      const canWithdraw = ['coroner', 'officer'].includes(principal.role);
      const rows = releaseRows(releases, { canWithdraw });
      return reply.page('documents/views/disclosure-log.njk', {
        title: `Disclosure log: ${caseRow.reference}`,
        caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
        caseId: caseRow.id,
        clockRows: clocks.map((c) => {
          const { text, tag } = clockTag(c.state, c.metOn);
          return [
            { text: govukDate(c.dueOn) },
            { text: c.basis },
            { html: `<strong class="govuk-tag ${tag}">${escapeHtml(text)}</strong>` },
          ];
        }),
        releaseRows: rows.map((row, i) => {
          const d = downloads.get(releases[i]!.id);
          return [...row, { text: d ? `${d.count}, last ${govukDate(d.last)}` : 'None' }];
        }),
        withheldRows: documents
          .filter((d) => d.withheldGround)
          .map((d) => [
            { html: `<a class="govuk-link" href="/documents/${d.id}">${escapeHtml(d.title)}</a>` },
            { text: R15_LABELS[d.withheldGround!] },
            { text: d.decisionReasons ?? '' },
          ]),
        back: `/cases/${caseRow.id}/documents`,
      });
    },
  );

  /** The bundle form: the title and the versions chosen, shown again with what is wrong. */
  async function bundlePage(
    reply: FastifyReply,
    caseRow: CaseHeading,
    chosen: { title: string; versionIds: string[] },
    errors?: FormErrors,
    status = 400,
  ) {
    const documents = await listCaseDocuments(db, caseRow.id);
    const items = [];
    for (const d of documents) {
      for (const v of await listVersions(db, d.id)) {
        items.push({
          value: v.id,
          text: `${d.title}: ${versionName(v).toLowerCase()}`,
          hint: { text: KIND_LABELS[d.kind] },
          checked: chosen.versionIds.some((id) => id.toLowerCase() === v.id),
        });
      }
    }
    return reply.code(errors ? status : 200).page('documents/views/bundle.njk', {
      title: 'Make a hearing bundle',
      caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
      caseId: caseRow.id,
      items,
      bundleTitle: chosen.title,
      errors,
      back: `/cases/${caseRow.id}/documents`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/cases/:id/bundle',
    { config: { permission: can.bundle, audit: null } },
    async (req, reply) =>
      bundlePage(reply, await getStaffCase(db, principalOf(req), req.params.id), {
        title: 'Hearing bundle',
        versionIds: [],
      }),
  );

  app.get<{ Params: { id: string }; Querystring: { title?: string; versionIds?: string | string[] } }>(
    '/cases/:id/bundle.pdf',
    { config: { permission: can.bundle, audit: 'DOCUMENT_CONTENT_READ' } },
    async (req, reply) => {
      const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
      const ids = req.query.versionIds;
      const chosen = {
        title: typeof req.query.title === 'string' ? req.query.title : '',
        versionIds: (Array.isArray(ids) ? ids : ids ? [ids] : []).filter((id) => typeof id === 'string'),
      };
      const parsed = bundle.safeParse(chosen);
      if (!parsed.success)
        return bundlePage(reply, caseRow, chosen, formErrors(bundleProblems(parsed.error.issues)));
      let bytes: Uint8Array;
      try {
        bytes = await makeCaseBundle(ctx, req, caseRow, parsed.data);
      } catch (error) {
        const errors = formProblem(error);
        if (errors && isAppError(error)) return bundlePage(reply, caseRow, chosen, errors, error.status);
        throw error;
      }
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(`${parsed.data.title} ${caseRow.reference}.pdf`))
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );
}

/** The bundle form's problems by its two questions: one about any of the versions is about the list. */
function bundleProblems(issues: Parameters<typeof fieldErrorsOf>[0]) {
  const problems: Record<string, string> = {};
  for (const [path, text] of Object.entries(fieldErrorsOf(issues))) {
    const field = path.startsWith('versionIds') ? 'versionIds' : path;
    problems[field] ??= text;
  }
  return problems;
}
