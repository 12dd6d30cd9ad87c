import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { contentDisposition } from '../../platform/http/content-disposition.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { areaCode } from '../areas/areas.schema.ts';
import { DOCUMENT_CONTENT_TYPES } from '../documents/documents.types.ts';
import { extendDeadline, publishReport, recordResponse, sendReport, updateDraft } from './pfd.commands.ts';
import { publishedCsv } from './pfd.csv.ts';
import { laterDeaths } from './pfd.links.ts';
import { pfdPermissions } from './pfd.policy.ts';
import { countReports, findPublished, getReportFor, listPublished, listReports } from './pfd.queries.ts';
import {
  extensionInput,
  pfdReportInput,
  pfdReportView,
  publicPfdReport,
  publishInput,
  responseInput,
  sendInput,
} from './pfd.schema.ts';
import {
  caseForReport,
  changeReport,
  currentView,
  responseDocument,
  storeResponseDocument,
  writeReport,
} from './pfd.service.ts';
import { PFD_THEME_CODES, PFD_THEMES } from './pfd.themes.ts';

const id = z.object({ id: z.string() });
const listItem = z.looseObject({
  id: z.uuid(),
  reference: z.string(),
  caseId: z.uuid(),
  status: z.enum(['DRAFT', 'SENT']),
  sentOn: z.string().nullable(),
  recipients: z.array(
    z.looseObject({
      id: z.uuid(),
      organisation: z.string(),
      dueOn: z.string().nullable(),
      state: z.string(),
    }),
  ),
});

export const publicListQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000, 'Enter a year from 2000')
    .max(2100, 'Enter a year up to 2100')
    .optional(),
  area: areaCode.optional(),
  theme: z.enum(PFD_THEME_CODES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export function registerPfdApi(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['Prevention of Future Deaths reports'];
  const today = () => londonDate(deps.clock.now());

  api.post(
    '/api/v1/cases/:id/pfd-reports',
    {
      config: { permission: pfdPermissions.write, audit: 'PFD_REPORT_CREATED' },
      schema: {
        tags,
        summary:
          'Write a Prevention of Future Deaths report on a case: a draft, or sent at once when sentOn is given',
        params: id,
        body: pfdReportInput,
        response: { 201: pfdReportView },
      },
    },
    async (req, reply) => {
      const caseRow = await caseForReport(deps, req, req.params.id);
      const report = await writeReport(deps, req, caseRow, req.body);
      return reply.code(201).send(await currentView(deps, req, report.id));
    },
  );

  api.get(
    '/api/v1/cases/:id/pfd-reports',
    {
      config: { permission: pfdPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'The Prevention of Future Deaths reports of a case',
        params: id,
        response: { 200: z.array(listItem) },
      },
    },
    async (req) => {
      const caseRow = await caseForReport(deps, req, req.params.id);
      return listReports(db, principalOf(req), { caseId: caseRow.id, today: today() });
    },
  );

  api.get(
    '/api/v1/pfd-reports',
    {
      config: { permission: pfdPermissions.read, audit: null },
      schema: {
        tags,
        summary:
          'Reports the caller may see, newest first; overdue=true is the register of responses past their due date',
        querystring: z.object({
          overdue: z.enum(['true', 'false']).optional(),
          area: areaCode.optional(),
          status: z.enum(['DRAFT', 'SENT']).optional(),
          page: z.coerce.number().int().min(1, 'The page must be 1 or more').max(100_000).default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(500, 'The page size must be 500 or fewer')
            .default(100),
        }),
        response: { 200: z.object({ items: z.array(listItem), total: z.number() }) },
      },
    },
    async (req) => {
      const { page, pageSize } = req.query;
      const filters = {
        overdue: req.query.overdue === 'true',
        area: req.query.area,
        status: req.query.status,
        today: today(),
      };
      const [items, total] = await Promise.all([
        listReports(db, principalOf(req), { ...filters, limit: pageSize, offset: (page - 1) * pageSize }),
        countReports(db, principalOf(req), filters),
      ]);
      return { items, total };
    },
  );

  api.get(
    '/api/v1/pfd-reports/:id',
    {
      config: { permission: pfdPermissions.read, audit: null },
      schema: {
        tags,
        summary: 'A report with its recipients, responses and copies',
        params: id,
        response: { 200: pfdReportView },
      },
    },
    async (req) => currentView(deps, req, req.params.id),
  );

  api.put(
    '/api/v1/pfd-reports/:id',
    {
      config: { permission: pfdPermissions.write, audit: 'PFD_REPORT_CHANGED' },
      schema: {
        tags,
        summary: 'Change a draft report (sent at once when sentOn is given)',
        params: id,
        body: pfdReportInput,
        response: { 200: pfdReportView },
      },
    },
    async (req) =>
      changeReport(deps, req, req.params.id, (tx, report, caseRow, ctx) =>
        updateDraft(tx, report, caseRow, req.body, ctx),
      ),
  );

  api.post(
    '/api/v1/pfd-reports/:id/send',
    {
      config: { permission: pfdPermissions.write, audit: 'PFD_REPORT_SENT' },
      schema: {
        tags,
        summary:
          'Send a draft report: responses fall due 56 days later, reminders are queued and copies sent',
        params: id,
        body: sendInput,
        response: { 200: pfdReportView },
      },
    },
    async (req) =>
      changeReport(
        deps,
        req,
        req.params.id,
        (tx, report, caseRow, ctx) => sendReport(tx, report, caseRow, req.body.sentOn, ctx),
        {
          sentOn: req.body.sentOn,
        },
      ),
  );

  api.post(
    '/api/v1/pfd-reports/:id/responses',
    {
      config: { permission: pfdPermissions.respond, audit: 'PFD_RESPONSE_RECORDED' },
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Record a recipient’s response (with its document, base64), once the report has been sent',
        params: id,
        body: responseInput,
        response: { 200: pfdReportView },
      },
    },
    async (req) => {
      const { document, ...input } = req.body;
      await getReportFor(db, principalOf(req), req.params.id);
      const stored = document
        ? await storeResponseDocument(deps, Buffer.from(document.contentBase64, 'base64'), document.fileName)
        : null;
      return changeReport(
        deps,
        req,
        req.params.id,
        (tx, report, caseRow, ctx) => recordResponse(tx, report, caseRow, input, stored, ctx),
        { recipientId: input.recipientId, receivedOn: input.receivedOn, document: stored?.sha256 ?? null },
      );
    },
  );

  api.post(
    '/api/v1/pfd-reports/:id/extensions',
    {
      config: { permission: pfdPermissions.write, audit: 'PFD_DEADLINE_EXTENDED' },
      schema: {
        tags,
        summary: 'Extend a recipient’s time to respond (the coroner’s decision)',
        params: id,
        body: extensionInput,
        response: { 200: pfdReportView },
      },
    },
    async (req) =>
      changeReport(
        deps,
        req,
        req.params.id,
        (tx, report, caseRow, ctx) => extendDeadline(tx, report, caseRow, req.body, ctx),
        {
          recipientId: req.body.recipientId,
          dueOn: req.body.dueOn,
        },
      ),
  );

  api.post(
    '/api/v1/pfd-reports/:id/publish',
    {
      config: { permission: pfdPermissions.publish, audit: 'PFD_REPORT_PUBLISHED' },
      schema: {
        tags,
        summary:
          'Publish a sent report, with the names of the deceased and other people removed where directed',
        params: id,
        body: publishInput,
        response: { 200: pfdReportView },
      },
    },
    async (req) =>
      changeReport(
        deps,
        req,
        req.params.id,
        (tx, report, caseRow, ctx) => publishReport(tx, report, caseRow, req.body, ctx),
        {
          removeNames: req.body.removeNames,
        },
      ),
  );

  api.get(
    '/api/v1/pfd-reports/:id/later-deaths',
    {
      config: { permission: pfdPermissions.read, audit: null },
      schema: {
        tags,
        summary:
          'Later deaths in the same area sharing one of the report’s themes, with the reasons (rule in docs/pfd.md)',
        params: id,
        response: {
          200: z.array(
            z.object({
              caseId: z.uuid(),
              reference: z.string(),
              name: z.string(),
              reportedOn: z.string(),
              matches: z.array(
                z.object({ theme: z.string(), label: z.string(), reasons: z.array(z.string()) }),
              ),
            }),
          ),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const { report } = await getReportFor(db, principal, req.params.id);
      return laterDeaths(db, principal, report);
    },
  );

  api.get(
    '/api/v1/pfd-reports/:id/responses/:responseId/document',
    {
      config: { permission: pfdPermissions.read, audit: 'PFD_RESPONSE_DOCUMENT_READ' },
      schema: {
        tags,
        summary: 'The document of a response',
        params: z.object({ id: z.string(), responseId: z.string() }),
        produces: [...DOCUMENT_CONTENT_TYPES],
      },
    },
    async (req, reply) => {
      const doc = await responseDocument(deps, req, req.params.id, req.params.responseId);
      return reply
        .type(doc.contentType)
        .header('content-disposition', contentDisposition(doc.name))
        .header('cache-control', 'private, no-store')
        .send(doc.stream);
    },
  );

  // Open data: published reports, no sign-in.
  const open = ['Open data'];
  api.get(
    '/api/v1/public/pfd-reports',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary: 'Published Prevention of Future Deaths reports, with whether each recipient has responded',
        security: [],
        querystring: publicListQuery,
        response: { 200: z.object({ items: z.array(publicPfdReport), total: z.number() }) },
      },
    },
    async (req) => listPublished(db, req.query, today()),
  );

  api.get(
    '/api/v1/public/pfd-reports.csv',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary: 'Every published report as CSV (one row per recipient), filtered like the JSON list',
        security: [],
        querystring: publicListQuery.omit({ page: true, pageSize: true }),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const all = await listPublished(db, { ...req.query, page: 1, pageSize: 100_000 }, today());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="pfd-reports.csv"')
        .send(publishedCsv(all.items, deps.config.publicUrl));
    },
  );

  api.get(
    '/api/v1/public/pfd-reports/:id',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary: 'One published report',
        security: [],
        params: id,
        response: { 200: publicPfdReport },
      },
    },
    async (req) => findPublished(db, req.params.id, today()),
  );

  api.get(
    '/api/v1/public/pfd-themes',
    {
      config: { permission: PUBLIC, audit: null },
      schema: {
        tags: open,
        summary: 'The controlled vocabulary of report themes',
        security: [],
        response: {
          200: z.array(z.object({ code: z.string(), label: z.string(), keywords: z.array(z.string()) })),
        },
      },
    },
    async () =>
      PFD_THEME_CODES.map((code) => ({
        code,
        label: PFD_THEMES[code].label,
        keywords: [...PFD_THEMES[code].keywords],
      })),
  );
}
