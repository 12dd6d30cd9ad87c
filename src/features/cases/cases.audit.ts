import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { listAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import { principalOf } from '../../platform/http/request-context.ts';
import { casePermissions } from './cases.policy.ts';
import { getCaseFor } from './cases.queries.ts';

const auditQuery = z.object({
  caseId: z.uuid('Enter the case’s id').optional(),
  page: z.coerce.number().int().min(1, 'The page must be 1 or more').max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500, 'The page size must be 500 or fewer').default(50),
});

const auditEventResponse = z
  .object({
    seq: z.number().int(),
    occurredAt: z.string(),
    actor: z.object({ id: z.string().nullable(), label: z.string(), role: z.string().nullable() }),
    action: z.string(),
    caseId: z.string().nullable(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

/**
 * `GET /api/v1/audit?caseId=`: who did what to a case and who read its restricted documents, newest first
 * (API.md "Audit"). A coroner reads the trail of a case in their area; the Chief Coroner's office and
 * system administrators read any case's, or the whole log without a case.
 */
export function registerCaseAuditApi(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      config: { permission: casePermissions.audit, audit: null },
      schema: {
        tags: ['Audit'],
        summary:
          'The audit trail of a case (or, for the Chief Coroner’s office and administrators, of everything)',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEventResponse), total: z.number() }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const { caseId, page, pageSize } = req.query;
      if (caseId) await getCaseFor(deps.database.db, principal, caseId);
      else if (principal.role === 'coroner')
        throw new AppError('VALIDATION_FAILED', 'Say which case’s audit trail you want (caseId).', {
          caseId: 'Enter the case’s id',
        });
      const { items, total } = await listAudit(deps.database.db, { caseId, page, pageSize });
      return {
        items: items.map((e) => ({
          seq: e.seq,
          occurredAt: e.occurredAt.toISOString(),
          actor: { id: e.actorId, label: e.actorLabel, role: e.actorRole },
          action: e.action,
          caseId: e.caseId,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          detail: e.detail,
          requestId: e.requestId,
          hash: e.hash,
        })),
        total,
      };
    },
  );
}
