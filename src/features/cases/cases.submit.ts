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

/**
 * Reports a death for the signed-in user: staff report to their own area, evidence providers as their
 * organisation. A likely duplicate is flagged (not saved) unless the reporter says it is a different death.
 * `alongside` runs in the same transaction (the page journey deletes its draft there).
 */
export async function submitReport(
  db: Db,
  req: FastifyRequest,
  input: ReportDeath,
  now: Date,
  alongside?: (tx: Db) => Promise<unknown>,
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
  if (!report.notADuplicate) {
    const duplicates = await findLikelyDuplicates(db, {
      name: searchName(report.deceased.givenNames, report.deceased.familyName),
      dateOfBirth: report.deceased.dateOfBirth,
      dateOfDeath: report.death.dateOfDeath,
      dateFound: report.death.dateFound,
    });
    if (duplicates.length) return { ok: false, duplicates };
  }
  const caseRow = await db.transaction(async (tx) => {
    const row = await reportDeath(tx, report, actorOf(req), now);
    await audit(
      tx,
      req,
      { caseId: row.id, subjectType: 'case', subjectId: row.id, detail: { reference: row.reference } },
      now,
    );
    await alongside?.(tx);
    return row;
  });
  return { ok: true, caseRow };
}
