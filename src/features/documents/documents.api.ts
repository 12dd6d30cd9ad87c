import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { parseOrThrow } from '../../platform/http/validation.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { requireOwnArea } from '../cases/cases.access.ts';
import { CLOCK_STATES } from '../cases/cases.clocks.ts';
import {
  addDocument,
  approveVersion,
  decideDocument,
  makeRedactedVersion,
  proposeRedaction,
  releaseVersion,
  reviewRedaction,
  withdrawRelease,
} from './documents.commands.ts';
import {
  makeCaseBundle,
  readReleaseCopy,
  readSharedVersion,
  readVersion,
  sendFile,
} from './documents.content.ts';
import type { DocumentsContext } from './documents.context.ts';
import { documentJson, redactionJson, sharedJson, versionJson } from './documents.json.ts';
import { disclosureLog } from './documents.log.ts';
import { documentPermissions as can } from './documents.policy.ts';
import {
  getDocumentFor,
  getStaffCase,
  listCaseDocuments,
  listReads,
  listRedactions,
  listSharedWith,
  listVersions,
  personsOfUser,
  versionInPath,
} from './documents.queries.ts';
import {
  approval,
  bundle,
  decision,
  disclosureResponse,
  documentResponse,
  proposal,
  redactedVersion,
  redactionResponse,
  release,
  releasedVersionResponse,
  review,
  uploadFields,
  versionResponse,
  withdrawal,
} from './documents.schema.ts';
import { discardStaged } from './documents.stage.ts';
import { DOCUMENT_CONTENT_TYPES } from './documents.types.ts';
import { receiveUpload } from './documents.upload.ts';

const tags = ['Documents, redaction, disclosure'];
const idParams = z.object({ id: z.string() });
const versionParams = z.object({ id: z.string(), v: z.string() });

/** What the upload's multipart form carries (for the OpenAPI document). */
const uploadBody = uploadFields.extend({
  file: z.file().describe('The document: a PDF, PNG, JPEG or plain text file, recognised by its content'),
});

/** Where an interested person downloads a version released to them (watermarked). */
export const contentHref = (documentId: string, version: number) =>
  `/api/v1/documents/${documentId}/versions/${version}/content`;

/** The JSON API of documents, redaction and disclosure (API.md "Documents, redaction, disclosure"). */
export function registerDocumentsApi(app: FastifyInstance, ctx: DocumentsContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  api.post(
    '/api/v1/cases/:id/documents',
    {
      config: { permission: can.upload, audit: 'DOCUMENT_ADDED', csrfInHandler: true },
      // The multipart body is read as a stream by the handler: the schema only describes it (OpenAPI).
      validatorCompiler: (part) =>
        part.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(part as never),
      schema: {
        tags,
        summary:
          'Add a document to a case: multipart/form-data with `file` (PDF, PNG, JPEG or plain text, recognised by content), `title`, `ownerOrganisation` and optional `kind`',
        consumes: ['multipart/form-data'],
        params: idParams,
        body: uploadBody,
        response: { 201: z.object({ id: z.uuid(), versions: z.array(versionResponse) }) },
      },
    },
    async (req, reply) => {
      const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
      requireOwnArea(principalOf(req), caseRow.areaCode);
      const upload = await receiveUpload(req, ctx);
      const fields = await parseOrDiscard(upload, () => parseOrThrow(uploadFields, upload.fields));
      const { document, version } = await addDocument(
        ctx,
        req,
        caseRow.id,
        fields,
        upload.file.staged,
        upload.file.declared,
      );
      return reply.code(201).send({ id: document.id, versions: [versionJson(version, { schedule: true })] });
    },
  );

  api.get(
    '/api/v1/cases/:id/documents',
    {
      config: { permission: can.list, audit: null },
      schema: {
        tags,
        summary:
          'The documents of a case: staff see all of them, an evidence provider those its organisation owns, an interested person only the versions released to them',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(z.union([documentResponse, releasedVersionResponse])),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      if (principal.role === 'interested-person') {
        if ((await personsOfUser(db, principal.userId, req.params.id)).length === 0)
          throw notFound('The case');
        const shared = await listSharedWith(db, principal.userId, req.params.id);
        const items = shared.map((s) => sharedJson(s, contentHref(s.documentId, s.versionNumber)));
        return { items, total: items.length };
      }
      const own = principal.role === 'provider' ? (principal.organisation ?? undefined) : undefined;
      if (principal.role === 'provider' && !own) throw notFound('The case');
      if (own === undefined) await getStaffCase(db, principal, req.params.id);
      const documents = await listCaseDocuments(db, req.params.id, own);
      if (own !== undefined && documents.length === 0) throw notFound('The case');
      const items = await Promise.all(
        documents.map(async (d) =>
          documentJson(d, await listVersions(db, d.id), { forOwner: own !== undefined }),
        ),
      );
      return { items, total: items.length };
    },
  );

  api.get(
    '/api/v1/documents/:id',
    {
      config: { permission: can.read, audit: null },
      schema: {
        tags,
        summary: 'A document with its versions, their redaction schedules and the redactions proposed',
        params: idParams,
        response: { 200: documentResponse },
      },
    },
    async (req) => {
      const { document, as } = await getDocumentFor(db, principalOf(req), req.params.id);
      const [versions, redactions] = await Promise.all([
        listVersions(db, document.id),
        listRedactions(db, document.id),
      ]);
      return documentJson(document, versions, { redactions, forOwner: as === 'owner' });
    },
  );

  api.post(
    '/api/v1/documents/:id/redactions',
    {
      config: { permission: can.propose, audit: 'REDACTION_PROPOSED' },
      schema: {
        tags,
        summary:
          'Propose a redaction: `text` (every occurrence, on every page) or `page` + `rect` (an area, in points from the top-left of a PDF page, or pixels of a picture), with a reason',
        params: idParams,
        body: proposal,
        response: { 201: redactionResponse },
      },
    },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const row = await proposeRedaction(ctx, req, access, req.body);
      return reply.code(201).send(redactionJson(row));
    },
  );

  api.post(
    '/api/v1/documents/:id/redactions/:redactionId/review',
    {
      config: { permission: can.review, audit: 'REDACTION_REVIEWED' },
      schema: {
        tags,
        summary: 'The coroner accepts or rejects a proposed redaction',
        params: z.object({ id: z.string(), redactionId: z.string() }),
        body: review,
        response: { 200: redactionResponse },
      },
    },
    async (req) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      return redactionJson(await reviewRedaction(ctx, req, access, req.params.redactionId, req.body));
    },
  );

  api.post(
    '/api/v1/documents/:id/redacted-versions',
    {
      config: { permission: can.makeVersion, audit: 'REDACTED_VERSION_MADE' },
      schema: {
        tags,
        summary:
          'Make a new version with the chosen redactions applied to the original: content truly removed, then checked by extracting the text again',
        params: idParams,
        body: redactedVersion,
        response: { 201: versionResponse },
      },
    },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const version = await makeRedactedVersion(ctx, req, access, req.body.redactionIds);
      return reply.code(201).send(versionJson(version, { schedule: true }));
    },
  );

  api.post(
    '/api/v1/documents/:id/versions/:v/approval',
    {
      config: { permission: can.approve, audit: 'DOCUMENT_VERSION_APPROVED' },
      schema: {
        tags,
        summary:
          'Approve a version: by its owner (a user of the owner organisation, or staff recording the owner’s agreement with a `note`), then by the coroner',
        params: versionParams,
        body: approval,
        response: { 200: versionResponse },
      },
    },
    async (req) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const version = await approveVersion(ctx, req, access, versionInPath(req.params.v), req.body);
      return versionJson(version, { schedule: true });
    },
  );

  api.post(
    '/api/v1/documents/:id/decision',
    {
      config: { permission: can.decide, audit: 'DOCUMENT_DECISION_RECORDED' },
      schema: {
        tags,
        summary:
          'The coroner’s decision: whether the document is relevant and, if it is withheld, the ground in rule 15',
        params: idParams,
        body: decision,
        response: { 200: documentResponse },
      },
    },
    async (req) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const document = await decideDocument(ctx, req, access, req.body);
      return documentJson(document, await listVersions(db, document.id), { forOwner: false });
    },
  );

  api.post(
    '/api/v1/documents/:id/disclosures',
    {
      config: { permission: can.release, audit: 'DOCUMENT_RELEASED' },
      schema: {
        tags,
        summary:
          'Release a version the coroner has approved to interested persons (r.13), with the date and method; it appears in their view of the case',
        params: idParams,
        body: release,
        response: {
          201: z.object({ versionId: z.uuid(), released: z.array(z.uuid()), alreadyHeld: z.array(z.uuid()) }),
        },
      },
    },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const result = await releaseVersion(ctx, req, access, req.body);
      return reply
        .code(201)
        .send({ versionId: result.version.id, released: result.released, alreadyHeld: result.alreadyHeld });
    },
  );

  api.post(
    '/api/v1/documents/:id/disclosures/:disclosureId/withdrawal',
    {
      config: { permission: can.release, audit: 'DOCUMENT_RELEASE_WITHDRAWN' },
      schema: {
        tags,
        summary: 'Withdraw a release: the interested person no longer sees the version',
        params: z.object({ id: z.string(), disclosureId: z.string() }),
        body: withdrawal,
        response: { 200: z.object({ id: z.string(), withdrawn: z.literal(true) }) },
      },
    },
    async (req) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      await withdrawRelease(ctx, req, access, req.params.disclosureId, req.body.reason);
      return { id: req.params.disclosureId, withdrawn: true as const };
    },
  );

  api.get(
    '/api/v1/documents/:id/versions/:v/content',
    {
      config: { permission: can.content, audit: 'DOCUMENT_CONTENT_READ' },
      schema: {
        tags,
        summary:
          'The file of a version. An interested person gets only versions released to them, marked with their name and the date; every read is audited',
        params: versionParams,
        produces: [...DOCUMENT_CONTENT_TYPES],
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      if (principal.role === 'interested-person') {
        const { version, bytes } = await readSharedVersion(
          ctx,
          req,
          req.params.id,
          versionInPath(req.params.v),
          'api',
        );
        return sendFile(reply, version, bytes);
      }
      const access = await getDocumentFor(db, principal, req.params.id);
      const { version, stream } = await readVersion(ctx, req, access, versionInPath(req.params.v), 'api');
      return sendFile(reply, version, stream);
    },
  );

  api.get(
    '/api/v1/documents/:id/disclosures/:disclosureId/copy',
    {
      config: { permission: can.release, audit: 'DOCUMENT_CONTENT_READ' },
      schema: {
        tags,
        summary:
          'The released version marked with the recipient’s name and the date of disclosure, for the coroner’s office to send by email or post',
        params: z.object({ id: z.string(), disclosureId: z.string() }),
        produces: [...DOCUMENT_CONTENT_TYPES],
      },
    },
    async (req, reply) => {
      const access = await getDocumentFor(db, principalOf(req), req.params.id);
      const { version, bytes } = await readReleaseCopy(ctx, req, access, req.params.disclosureId);
      return sendFile(reply, version, bytes);
    },
  );

  api.get(
    '/api/v1/documents/:id/reads',
    {
      config: { permission: can.disclosureLog, audit: null },
      schema: {
        tags,
        summary: 'Who read the document’s content, which version and when (from the audit log)',
        params: idParams,
        response: {
          200: z.array(
            z.object({
              at: z.string(),
              by: z.string(),
              version: z.number().nullable(),
              via: z.string().nullable(),
              recipient: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (req) => {
      const { document } = await getDocumentFor(db, principalOf(req), req.params.id);
      return (await listReads(db, document.caseId, document.id)).map((r) => ({
        at: r.at.toISOString(),
        by: r.actor,
        version: r.version,
        via: r.via,
        recipient: r.recipient,
      }));
    },
  );

  api.get(
    '/api/v1/cases/:id/disclosure-log',
    {
      config: { permission: can.disclosureLog, audit: null },
      schema: {
        tags,
        summary:
          'What was released to whom, when and how; what is withheld and why; and the disclosure dates set at pre-inquest reviews',
        params: idParams,
        response: {
          200: z.object({
            releases: z.array(disclosureResponse),
            withheld: z.array(
              z.object({
                documentId: z.uuid(),
                title: z.string(),
                ground: z.string(),
                reasons: z.string().nullable(),
                decidedAt: z.string().nullable(),
              }),
            ),
            clocks: z.array(
              z.object({
                dueOn: z.string(),
                basis: z.string(),
                state: z.enum(CLOCK_STATES),
                metOn: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
      return disclosureLog(db, caseRow.id, londonDate(ctx.clock.now()));
    },
  );

  api.post(
    '/api/v1/cases/:id/bundles',
    {
      config: { permission: can.bundle, audit: 'DOCUMENT_CONTENT_READ' },
      schema: {
        tags,
        summary:
          'A hearing bundle: the chosen versions in the order given, as one paginated PDF with an index page',
        params: idParams,
        body: bundle,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const caseRow = await getStaffCase(db, principalOf(req), req.params.id);
      const bytes = await makeCaseBundle(ctx, req, caseRow, req.body);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="bundle-${caseRow.reference}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );
}

/** Parses the fields of an upload, removing the staged file if they are not valid. */
async function parseOrDiscard<T>(
  upload: Awaited<ReturnType<typeof receiveUpload>>,
  parse: () => T,
): Promise<T> {
  try {
    return parse();
  } catch (error) {
    await discardStaged(upload.file.staged.path);
    throw error;
  }
}
