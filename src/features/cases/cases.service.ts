import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import type { CaseAction } from './cases.actions.schema.ts';
import { takeAction } from './cases.commands.ts';

/** One action on a case, from a page or the API: taken and audited in one transaction. */
export async function actOnCase(deps: AppDeps, req: FastifyRequest, caseId: string, action: CaseAction) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const r = await takeAction(tx, caseId, action, principalOf(req), actorOf(req), now);
    await audit(
      tx,
      req,
      {
        action: 'CASE_ACTION',
        caseId,
        subjectType: 'case',
        subjectId: caseId,
        detail: { action: action.type, freshCaseId: r.freshCaseId },
      },
      now,
    );
    return r;
  });
}
