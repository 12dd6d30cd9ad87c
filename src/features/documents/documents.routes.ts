import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, userNames } from '../../platform/auth/auth.queries.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { isAppError, notFound } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { type FormErrors, fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { requireOwnArea } from '../cases/cases.access.ts';
import { addDocument } from './documents.commands.ts';
import { readPageImage, readVersion, sendFile } from './documents.content.ts';
import type { DocumentsContext } from './documents.context.ts';
import { ownerAgreementField, uploadFormFields } from './documents.forms.ts';
import { documentPermissions as can } from './documents.policy.ts';
import {
  carriedFromReference,
  type DocumentAccess,
  getDocumentFor,
  getStaffCase,
  getVersion,
  listCaseDocuments,
  listDisclosures,
  listDocumentsNeedingAction,
  listOwnedDocuments,
  listReads,
  listRedactions,
  listVersions,
  versionInPath,
} from './documents.queries.ts';
import { uploadFields } from './documents.schema.ts';
import { discardStaged } from './documents.stage.ts';
import { receiveUpload } from './documents.upload.ts';
import {
  attachmentsRemovedRows,
  caseDocumentRows,
  fileDescription,
  marksAppliedRows,
  pagesAsPicturesRows,
  readRows,
  redactionRows,
  redactionWhat,
  releaseRows,
  scheduleRows,
  stateTag,
  summaryRows,
  versionName,
  versionRows,
} from './documents.view.ts';

const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [
    ['mark-area.js', 'text/javascript; charset=utf-8'],
    ['documents.css', 'text/css; charset=utf-8'],
  ].map(([name, type]) => [
    name!,
    { type: type!, body: readFileSync(new URL(`./public/${name}`, import.meta.url)) },
  ]),
);

// A Map, so a query like `?done=constructor` finds nothing rather than a built-in of every object.
const BANNERS = new Map<string, string>(
  Object.entries({
    added: 'Document added.',
    proposed: 'Redaction proposed. The coroner will review it.',
    reviewed: 'Review recorded.',
    version: 'Redacted version made. Check it, then approve it.',
    approved: 'Approval recorded.',
    decided: 'Decision recorded.',
    released: 'Released. It now appears in each person’s view of the case.',
    recorded: 'Release recorded. Send each person the marked copy, from the list of releases below.',
    withdrawn: 'Release withdrawn.',
  }),
);
const bannerFor = (done: unknown) => (typeof done === 'string' ? BANNERS.get(done) : undefined);

/** "EL-2026-000123 · Anthony Walgate" for staff; the owner organisation learns only the reference. */
export function captionOf(access: Pick<DocumentAccess, 'caseRow' | 'as'>): string {
  const c = access.caseRow;
  return access.as === 'staff' ? `${c.reference} · ${c.givenNames} ${c.familyName}` : `Case ${c.reference}`;
}

const mayPropose = (p: Principal) => ['coroner', 'officer', 'provider'].includes(p.role);

/** The document page, for staff of the area and for the owner organisation (less: no decisions, releases or reads). */
export async function renderDocumentPage(
  ctx: DocumentsContext,
  req: FastifyRequest,
  reply: FastifyReply,
  access: DocumentAccess,
  options: { banner?: string; errors?: FormErrors } = {},
) {
  const principal = principalOf(req);
  const { document } = access;
  const staff = access.as === 'staff';
  const [versions, redactions, releases, reads, names, carriedFrom] = await Promise.all([
    listVersions(ctx.db, document.id),
    listRedactions(ctx.db, document.id),
    staff ? listDisclosures(ctx.db, { documentId: document.id }) : Promise.resolve([]),
    staff ? listReads(ctx.db, document.caseId, document.id) : Promise.resolve([]),
    userNames(ctx.db, [document.createdBy]),
    carriedFromReference(ctx.db, document),
  ]);
  const original = versions[0];
  const officeStaff = ['coroner', 'officer'].includes(principal.role);
  return reply.code(options.errors ? 400 : 200).page('documents/views/document.njk', {
    title: document.title,
    caption: captionOf(access),
    banner: options.banner,
    errors: options.errors,
    document,
    staff,
    summary: summaryRows(document, {
      caseText: staff
        ? `${access.caseRow.reference} (${access.caseRow.givenNames} ${access.caseRow.familyName})`
        : access.caseRow.reference,
      caseHref: staff ? `/cases/${access.caseRow.id}` : undefined,
      addedBy: staff ? names.get(document.createdBy ?? '') : undefined,
      carriedFrom,
      staff,
    }),
    versionRows: versionRows(versions, document.id),
    redactionRows: redactionRows(redactions, {
      documentId: document.id,
      canReview: principal.role === 'coroner',
    }),
    canPropose: mayPropose(principal),
    canProposeWords:
      original && original.contentType !== 'image/png' && original.contentType !== 'image/jpeg',
    canProposeArea: original && original.contentType !== 'text/plain',
    canMakeVersion: mayPropose(principal),
    versionChoices: redactions
      .filter((r) => r.status !== 'REJECTED')
      .map((r) => ({ value: r.id, text: redactionWhat(r), checked: r.status === 'ACCEPTED' })),
    canDecide: principal.role === 'coroner',
    canRelease:
      officeStaff && !document.withheldGround && versions.some((v) => v.state === 'CORONER_APPROVED'),
    releaseRows: releaseRows(releases, { documentId: document.id, canWithdraw: officeStaff }),
    readRows: readRows(reads),
    back: staff ? `/cases/${document.caseId}/documents` : '/documents',
  });
}

/** The approval form a user may use on a version now, if any. */
function approvalFor(principal: Principal, state: string) {
  if (state === 'DRAFT' && principal.role === 'provider') {
    return {
      stage: 'OWNER',
      heading: 'Approve for your organisation',
      button: 'Approve this version',
      fields: [],
    };
  }
  if (state === 'DRAFT' && ['coroner', 'officer'].includes(principal.role)) {
    return {
      stage: 'OWNER',
      heading: 'Record the owner’s agreement',
      button: 'Record the owner’s agreement',
      fields: [ownerAgreementField],
    };
  }
  if (state === 'OWNER_APPROVED' && principal.role === 'coroner') {
    return {
      stage: 'CORONER',
      heading: 'Approve for disclosure',
      button: 'Approve for disclosure',
      fields: [],
      judicial: true,
    };
  }
  return undefined;
}

export async function renderVersionPage(
  ctx: DocumentsContext,
  req: FastifyRequest,
  reply: FastifyReply,
  access: DocumentAccess,
  number: number,
  options: { banner?: string; errors?: FormErrors; body?: FormBody } = {},
) {
  const principal = principalOf(req);
  const version = await getVersion(ctx.db, access.document.id, number);
  const names = await userNames(ctx.db, [
    version.createdBy,
    version.ownerApprovedBy,
    version.coronerApprovedBy,
  ]);
  const who = (id: string | null) => (id ? ` by ${names.get(id) ?? 'a former user'}` : '');
  const summary = [
    { key: { text: 'State' }, value: { html: stateTag(version.state) } },
    { key: { text: 'File' }, value: { text: `${version.fileName} (${fileDescription(version)})` } },
    {
      key: { text: 'Made' },
      value: { text: `${govukDateTime(version.createdAt)}${who(version.createdBy)}` },
    },
    {
      key: { text: 'Owner’s approval' },
      value: {
        text: version.ownerApprovedAt
          ? `${govukDate(version.ownerApprovedAt)}${who(version.ownerApprovedBy)}${version.ownerApprovalNote ? `: ${version.ownerApprovalNote}` : ''}`
          : 'Not yet',
      },
    },
    {
      key: { text: 'Coroner’s approval' },
      value: {
        text: version.coronerApprovedAt
          ? `${govukDate(version.coronerApprovedAt)}${who(version.coronerApprovedBy)}`
          : 'Not yet',
      },
    },
    ...attachmentsRemovedRows(version.schedule),
    ...marksAppliedRows(version.schedule),
    ...pagesAsPicturesRows(version.schedule),
  ];
  const approval = approvalFor(principal, version.state);
  return reply.code(options.errors ? 400 : 200).page('documents/views/version.njk', {
    title: `${access.document.title}: ${versionName(version).toLowerCase()}`,
    caption: captionOf(access),
    banner: options.banner,
    errors: options.errors,
    documentId: access.document.id,
    number: version.number,
    summary,
    scheduleRows: version.schedule ? scheduleRows(version.schedule.items) : undefined,
    approval,
    values: approval ? formValues(approval.fields, options.body ? { body: options.body } : {}) : {},
    back: `/documents/${access.document.id}`,
  });
}

/** Pages of documents for staff and for evidence providers. */
export function registerDocumentPages(app: FastifyInstance, ctx: DocumentsContext): void {
  const { db } = ctx;

  app.get<{ Params: { file: string } }>(
    '/documents/assets/:file',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const asset = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
      if (!asset) throw notFound();
      return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
    },
  );

  app.get('/documents', { config: { permission: can.read, audit: null } }, async (req, reply) => {
    const principal = principalOf(req);
    if (principal.role === 'provider') {
      const rows = principal.organisation ? await listOwnedDocuments(db, principal.organisation) : [];
      return reply.page('documents/views/list.njk', {
        title: 'Your organisation’s documents',
        intro: `Documents owned by ${principal.organisation ?? 'your organisation'} that coroners hold. You can read them, propose redactions and approve redacted versions before they are disclosed.`,
        empty: 'Your organisation has no documents with a coroner.',
        head: [
          { text: 'Document' },
          { text: 'Case' },
          { text: 'Added' },
          { text: 'Redactions to review' },
          { text: 'Versions awaiting your approval' },
        ],
        rows: rows.map((r) => [
          { html: `<a class="govuk-link" href="/documents/${r.id}">${escapeHtml(r.title)}</a>` },
          { text: r.reference },
          { text: govukDate(r.createdAt) },
          { text: String(r.pendingProposals) },
          { text: String(r.draftVersions) },
        ]),
      });
    }
    const rows = await listDocumentsNeedingAction(db, principal);
    return reply.page('documents/views/list.njk', {
      title: 'Documents needing attention',
      intro:
        'Documents with redactions proposed and not yet reviewed, or versions approved by their owner and waiting for the coroner.',
      empty: 'No document is waiting for the coroner.',
      head: [
        { text: 'Document' },
        { text: 'Case' },
        { text: 'Redactions to review' },
        { text: 'Versions not yet approved' },
      ],
      rows: rows.map((r) => [
        { html: `<a class="govuk-link" href="/documents/${r.id}">${escapeHtml(r.title)}</a>` },
        {
          html: `<a class="govuk-link" href="/cases/${r.caseId}">${escapeHtml(`${r.reference} ${r.givenNames} ${r.familyName}`)}</a>`,
        },
        { text: String(r.pendingProposals) },
        { text: String(r.awaitingApproval) },
      ]),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/cases/:id/documents',
    { config: { permission: can.disclosureLog, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const caseRow = await getStaffCase(db, principal, req.params.id);
      const documents = await listCaseDocuments(db, caseRow.id);
      const office = ['coroner', 'officer'].includes(principal.role);
      return reply.page('documents/views/case-documents.njk', {
        title: `Documents: ${caseRow.reference}`,
        caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
        caseId: caseRow.id,
        rows: caseDocumentRows(documents),
        canUpload: office,
        canBundle: office,
        banner: bannerFor(req.query.done),
        back: `/cases/${caseRow.id}`,
      });
    },
  );

  async function uploadPage(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    errors?: FormErrors,
    status = 400,
  ) {
    const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
    const limitMb = Math.round((ctx.uploadLimitBytes / (1024 * 1024)) * 10) / 10;
    return reply.code(errors ? status : 200).page('documents/views/upload.njk', {
      title: 'Add a document',
      caption: `${caseRow.reference} · ${caseRow.givenNames} ${caseRow.familyName}`,
      fields: uploadFormFields,
      values: formValues(uploadFormFields, body ? { body } : { data: { kind: 'OTHER' } }),
      errors,
      limit: `${limitMb} MB`,
      action: `/cases/${caseRow.id}/documents`,
      cancel: `/cases/${caseRow.id}/documents`,
      back: `/cases/${caseRow.id}/documents`,
    });
  }

  app.get<{ Params: { id: string } }>(
    '/cases/:id/documents/new',
    { config: { permission: can.upload, audit: null } },
    (req, reply) => uploadPage(req, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/cases/:id/documents',
    { config: { permission: can.upload, audit: 'DOCUMENT_ADDED', csrfInHandler: true } },
    async (req, reply) => {
      const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
      requireOwnArea(principalOf(req), caseRow.areaCode);
      const fields: Record<string, string> = {};
      try {
        const upload = await receiveUpload(req, ctx, fields);
        const parsed = uploadFields.safeParse(readForm(uploadFormFields, fields));
        if (!parsed.success) {
          await discardStaged(upload.file.staged.path);
          return uploadPage(req, reply, fields, formErrors(fieldErrorsOf(parsed.error.issues)));
        }
        const { document } = await addDocument(
          ctx,
          req,
          caseRow.id,
          parsed.data,
          upload.file.staged,
          upload.file.declared,
        );
        return seeOther(reply, `/documents/${document.id}?done=added`);
      } catch (error) {
        if (isAppError(error) && error.fields && error.code !== 'FORBIDDEN') {
          // Every problem at once: the file's, and any with the answers that came with it.
          const parsed = uploadFields.safeParse(readForm(uploadFormFields, fields));
          const problems = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
          return uploadPage(req, reply, fields, formErrors({ ...problems, ...error.fields }), error.status);
        }
        throw error;
      }
    },
  );

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/documents/:id',
    { config: { permission: can.read, audit: null } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      return renderDocumentPage(ctx, req, reply, access, {
        banner: bannerFor(req.query.done),
      });
    },
  );

  app.get<{ Params: { id: string; v: string }; Querystring: { done?: string } }>(
    '/documents/:id/versions/:v',
    { config: { permission: can.read, audit: null } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      return renderVersionPage(ctx, req, reply, access, versionInPath(req.params.v), {
        banner: bannerFor(req.query.done),
      });
    },
  );

  app.get<{ Params: { id: string; v: string } }>(
    '/documents/:id/versions/:v/file',
    { config: { permission: can.read, audit: 'DOCUMENT_CONTENT_READ' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const { version, stream } = await readVersion(
        ctx,
        req,
        access,
        versionInPath(req.params.v),
        'download',
      );
      return sendFile(reply, version, stream);
    },
  );

  app.get<{ Params: { id: string; n: string } }>(
    '/documents/:id/pages/:n',
    { config: { permission: can.read, audit: 'DOCUMENT_CONTENT_READ' } },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      if (!/^\d{1,5}$/.test(req.params.n)) throw notFound('The page');
      const png = await readPageImage(ctx, req, access, Number(req.params.n));
      return reply
        .type('image/png')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  );
}

/** Form pages re-render with the GOV.UK error summary for input problems; anything else goes to the error page. */
export function formProblem(error: unknown): FormErrors | undefined {
  if (isAppError(error) && error.fields && error.code !== 'FORBIDDEN') return formErrors(error.fields);
  return undefined;
}
