import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../../platform/db/ids.ts';
import { type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { isAppError, notFound } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { type FormErrors, fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import {
  approveVersion,
  makeRedactedVersion,
  proposeRedaction,
  reviewRedaction,
} from './documents.commands.ts';
import type { DocumentsContext } from './documents.context.ts';
import { areaFromPercentages, REASON_LABELS } from './documents.domain.ts';
import {
  areaForm,
  areaFormFields,
  ownerAgreementField,
  reviewFormFields,
  wordsForm,
  wordsFormFields,
} from './documents.forms.ts';
import { documentPermissions as can } from './documents.policy.ts';
import {
  type DocumentAccess,
  getDocumentFor,
  getVersion,
  listRedactions,
  versionInPath,
} from './documents.queries.ts';
import { captionOf, formProblem, renderDocumentPage, renderVersionPage } from './documents.routes.ts';
import { review } from './documents.schema.ts';
import { redactionWhat } from './documents.view.ts';

type DocReq = FastifyRequest<{ Params: { id: string }; Body: FormBody; Querystring: { page?: string } }>;

/** Pages for proposing, reviewing and applying redactions, and approving versions. */
export function registerRedactionPages(app: FastifyInstance, ctx: DocumentsContext): void {
  const { db } = ctx;

  async function wordsPage(
    reply: FastifyReply,
    access: DocumentAccess,
    body?: FormBody,
    errors?: FormErrors,
  ) {
    return reply.code(errors ? 400 : 200).page('documents/views/form.njk', {
      title: 'Propose words to redact',
      caption: captionOf(access),
      intro: `In “${access.document.title}”. The coroner reviews every proposal before anything is disclosed.`,
      fields: wordsFormFields,
      values: formValues(wordsFormFields, body ? { body } : {}),
      errors,
      action: `/documents/${access.document.id}/redactions/words`,
      submitText: 'Propose this redaction',
      cancel: `/documents/${access.document.id}`,
      back: `/documents/${access.document.id}`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/documents/:id/redactions/words',
    { config: { permission: can.propose, audit: null } },
    async (req, reply) => wordsPage(reply, await getDocumentFor(db, principalOf(req), req.params.id)),
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/documents/:id/redactions/words',
    { config: { permission: can.propose, audit: 'REDACTION_PROPOSED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const parsed = wordsForm.safeParse(readForm(wordsFormFields, req.body));
      if (!parsed.success)
        return wordsPage(reply, access, req.body, formErrors(fieldErrorsOf(parsed.error.issues)));
      try {
        await proposeRedaction(ctx, req, access, parsed.data);
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return wordsPage(reply, access, req.body, errors);
        throw error;
      }
      return seeOther(reply, `/documents/${access.document.id}?done=proposed`);
    },
  );

  async function areaPage(
    req: DocReq,
    reply: FastifyReply,
    access: DocumentAccess,
    body?: FormBody,
    errors?: FormErrors,
  ) {
    const original = await getVersion(db, access.document.id, 1);
    if (original.contentType === 'text/plain') throw notFound('The page');
    const pageCount = original.pageCount ?? 1;
    const requested = Number(req.query.page ?? body?.page ?? 1);
    const page = Number.isInteger(requested) && requested >= 1 && requested <= pageCount ? requested : 1;
    const [w, h] = original.pageSizes?.[page - 1] ?? [595, 842];
    // PDF pages are drawn at up to twice their size; small pictures are shown larger so an area can be marked.
    const scale = Math.min(original.contentType === 'application/pdf' ? 2 : 4, 900 / w);
    return reply.code(errors ? 400 : 200).page('documents/views/mark-area.njk', {
      title: 'Mark an area to redact',
      caption: captionOf(access),
      documentId: access.document.id,
      documentTitle: access.document.title,
      page,
      pageCount,
      pageOptions: Array.from({ length: pageCount }, (_, i) => ({
        value: String(i + 1),
        text: `Page ${i + 1}`,
        selected: i + 1 === page,
      })),
      imageWidth: Math.round(w * scale),
      imageHeight: Math.round(h * scale),
      fields: areaFormFields,
      values: formValues(areaFormFields, body ? { body } : {}),
      errors,
      back: `/documents/${access.document.id}`,
    });
  }

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>(
    '/documents/:id/redactions/area',
    { config: { permission: can.propose, audit: null } },
    async (req, reply) =>
      areaPage(req as DocReq, reply, await getDocumentFor(db, principalOf(req), req.params.id)),
  );

  app.post<{ Params: { id: string }; Body: FormBody; Querystring: { page?: string } }>(
    '/documents/:id/redactions/area',
    { config: { permission: can.propose, audit: 'REDACTION_PROPOSED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const original = await getVersion(db, access.document.id, 1);
      if (original.contentType === 'text/plain') throw notFound('The page');
      const pageCount = original.pageCount ?? 1;
      const rawPage = req.body.page ?? req.query.page ?? '1';
      const page = typeof rawPage === 'string' && /^\d{1,5}$/.test(rawPage.trim()) ? Number(rawPage) : 0;
      const size = original.pageSizes?.[page - 1];
      const parsed = areaForm.safeParse(readForm(areaFormFields, req.body));
      if (!parsed.success || !size) {
        const problems = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
        // The page comes from a hidden field; one that is not a page of this document is asked for again.
        const pageProblem = size
          ? undefined
          : pageCount > 1
            ? `Choose a page from 1 to ${pageCount}`
            : 'Mark an area on page 1, the only page of this document';
        const errors = formErrors(problems) ?? { errorList: [], fields: {} };
        if (pageProblem) {
          errors.errorList.unshift({ text: pageProblem, href: pageCount > 1 ? '#page-choice' : '#left' });
          errors.fields.page = { text: pageProblem };
        }
        return areaPage(req, reply, access, req.body, errors);
      }
      try {
        const rect = areaFromPercentages(parsed.data, size);
        await proposeRedaction(ctx, req, access, {
          page,
          rect,
          reason: parsed.data.reason,
          note: parsed.data.note,
        });
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return areaPage(req, reply, access, req.body, errors);
        throw error;
      }
      return seeOther(reply, `/documents/${access.document.id}?done=proposed`);
    },
  );

  async function reviewPage(
    req: FastifyRequest<{ Params: { id: string; rid: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    errors?: FormErrors,
    status = 400,
  ) {
    const access = await getDocumentFor(db, principalOf(req), req.params.id);
    const redaction = (await listRedactions(db, access.document.id)).find((r) => r.id === req.params.rid);
    if (!redaction) throw notFound('The redaction');
    return reply.code(errors ? status : 200).page('documents/views/form.njk', {
      title: 'Review a proposed redaction',
      caption: captionOf(access),
      judicial: true,
      summary: [
        { key: { text: 'Document' }, value: { text: access.document.title } },
        { key: { text: 'What' }, value: { text: redactionWhat(redaction) } },
        {
          key: { text: 'Why' },
          value: { text: REASON_LABELS[redaction.reason] + (redaction.note ? `. ${redaction.note}` : '') },
        },
        { key: { text: 'Proposed by' }, value: { text: redaction.proposedByLabel } },
      ],
      fields: reviewFormFields,
      values: formValues(
        reviewFormFields,
        body
          ? { body }
          : {
              data: {
                decision: redaction.status === 'PROPOSED' ? '' : redaction.status,
                reason: redaction.reviewReason ?? '',
              },
            },
      ),
      errors,
      action: `/documents/${access.document.id}/redactions/${redaction.id}/review`,
      submitText: 'Save your review',
      cancel: `/documents/${access.document.id}`,
      back: `/documents/${access.document.id}`,
    });
  }

  app.get<{ Params: { id: string; rid: string } }>(
    '/documents/:id/redactions/:rid/review',
    { config: { permission: can.review, audit: null } },
    (req, reply) => reviewPage(req, reply),
  );

  app.post<{ Params: { id: string; rid: string }; Body: FormBody }>(
    '/documents/:id/redactions/:rid/review',
    { config: { permission: can.review, audit: 'REDACTION_REVIEWED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const parsed = review.safeParse(readForm(reviewFormFields, req.body));
      if (!parsed.success)
        return reviewPage(req, reply, req.body, formErrors(fieldErrorsOf(parsed.error.issues)));
      try {
        await reviewRedaction(ctx, req, access, req.params.rid, parsed.data);
      } catch (error) {
        // A rule that refuses the decision (the redaction is in a version the coroner approved) is said
        // beside the decision, with the reasons as typed.
        const errors =
          formProblem(error) ??
          (isAppError(error) && error.code === 'ACTION_NOT_ALLOWED'
            ? formErrors({ decision: error.message })
            : undefined);
        if (errors && isAppError(error)) return reviewPage(req, reply, req.body, errors, error.status);
        throw error;
      }
      return seeOther(reply, `/documents/${access.document.id}?done=reviewed`);
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/documents/:id/redacted-versions',
    { config: { permission: can.makeVersion, audit: 'REDACTED_VERSION_MADE' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const raw = req.body.redactionIds;
      // Only ids a checkbox could have sent; anything else (a tampered form) is left out.
      const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(isUuid);
      if (ids.length === 0) {
        return renderDocumentPage(ctx, req, reply, access, {
          errors: formErrors({ redactionIds: 'Choose the redactions to apply' }),
        });
      }
      try {
        const version = await makeRedactedVersion(ctx, req, access, ids);
        return seeOther(reply, `/documents/${access.document.id}/versions/${version.number}?done=version`);
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return renderDocumentPage(ctx, req, reply, access, { errors });
        throw error;
      }
    },
  );

  app.post<{ Params: { id: string; v: string }; Body: FormBody }>(
    '/documents/:id/versions/:v/approval',
    { config: { permission: can.approve, audit: 'DOCUMENT_VERSION_APPROVED' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const number = versionInPath(req.params.v);
      const stage = req.body.stage === 'OWNER' || req.body.stage === 'CORONER' ? req.body.stage : undefined;
      const note = readForm([ownerAgreementField], req.body).note as string | undefined;
      try {
        await approveVersion(ctx, req, access, number, { stage, note });
      } catch (error) {
        const errors = formProblem(error);
        if (errors) return renderVersionPage(ctx, req, reply, access, number, { errors, body: req.body });
        throw error;
      }
      return seeOther(reply, `/documents/${access.document.id}/versions/${number}?done=approved`);
    },
  );
}
