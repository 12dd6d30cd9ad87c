import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import type { CaseAction } from './cases.actions.schema.ts';
import { takeAction } from './cases.commands.ts';
import { giveTransferNotice } from './cases.notices.ts';

/**
 * One action on a case, from a page or the API: taken and audited in one transaction; accepting a transfer
 * also tells the family and interested persons (reg. 18).
 */
export async function actOnCase(deps: AppDeps, req: FastifyRequest, caseId: string, action: CaseAction) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const r = await takeAction(tx, caseId, action, principalOf(req), actorOf(req), now);
    const transfer = r.before.state.transfer;
    if (action.type === 'ACCEPT_TRANSFER' && transfer)
      await giveTransferNotice(
        tx,
        { caseRow: r.caseRow, fromAreaCode: r.before.areaCode, basis: transfer.basis },
        { actor: actorOf(req), now, sender: deps.notifier },
      );
    await audit(
      tx,
      req,
      {
        action: 'CASE_ACTION',
        caseId,
        subjectType: 'case',
        subjectId: caseId,
        detail: {
          action: action.type,
          freshCaseId: r.freshCaseId,
          ...(r.unchanged ? { unchanged: true } : {}),
        },
      },
      now,
    );
    return r;
  });
}
