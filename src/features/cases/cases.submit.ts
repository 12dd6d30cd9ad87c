import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { validationError } from '../../platform/http/validation.ts';
import { reportDeath } from './cases.commands.ts';
import { type CaseRow, findLikelyDuplicates } from './cases.queries.ts';
import { searchName } from './cases.report.ts';
import type { ReportDeath } from './cases.schema.ts';

export type SubmitResult =
  | { ok: true; caseRow: CaseRow }
  | { ok: false; duplicates: Awaited<ReturnType<typeof findLikelyDuplicates>> };

/** What the page journey does in the same transaction: takes its draft first, and deletes it once sent. */
export type DraftHooks = { id: string; claim(tx: Db): Promise<void>; sent(tx: Db): Promise<unknown> };

/**
 * Reports a death for the signed-in user: staff report to their own area, evidence providers as their
 * organisation. A likely duplicate is flagged (not saved) unless the reporter says it is a different death.
 * Reports of the same name are written one at a time, so two sent at once (a double click, a client's
 * retry) are compared with each other too.
 */
export async function submitReport(
  db: Db,
  req: FastifyRequest,
  input: ReportDeath,
  now: Date,
  draft?: DraftHooks,
): Promise<SubmitResult> {
  const principal = principalOf(req);
  if (principal.role !== 'provider' && principal.areaCode && input.areaCode !== principal.areaCode) {
    throw validationError({
      areaCode: `You can report deaths only to your own coroner area (${principal.areaCode})`,
    });
  }
  const report: ReportDeath =
    principal.role === 'provider'
      ? {
          ...input,
          reportedBy: {
            ...input.reportedBy,
            organisation: principal.organisation ?? input.reportedBy.organisation,
          },
        }
      : input;
  const name = searchName(report.deceased.givenNames, report.deceased.familyName);
  return db.transaction(async (tx): Promise<SubmitResult> => {
    await draft?.claim(tx);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`report:${name}`}))`);
    if (!report.notADuplicate) {
      const duplicates = await findLikelyDuplicates(tx, principal, {
        name,
        dateOfBirth: report.deceased.dateOfBirth,
        dateOfDeath: report.death.dateOfDeath,
        dateFound: report.death.dateFound,
      });
      if (duplicates.length) return { ok: false, duplicates };
    }
    const row = await reportDeath(tx, report, actorOf(req), now);
    await audit(
      tx,
      req,
      {
        caseId: row.id,
        subjectType: 'case',
        subjectId: row.id,
        detail: { reference: row.reference, ...(draft ? { draftId: draft.id } : {}) },
      },
      now,
    );
    await draft?.sent(tx);
    return { ok: true, caseRow: row };
  });
}
