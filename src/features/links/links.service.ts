import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { type DecisionInput, decideAlert } from './links.alerts.ts';

/** A decision on an alert, from the pages or the API: made and audited in one transaction. */
export async function recordAlertDecision(
  deps: AppDeps,
  req: FastifyRequest,
  alertId: string,
  input: DecisionInput,
) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const decided = await decideAlert(
      tx,
      { principal: principalOf(req), actor: actorOf(req), now },
      alertId,
      input,
    );
    // In the trail of every case the decision is about (an alert with none is audited once, on its own).
    const caseIds = decided.cases.length ? decided.cases.map((c) => c.id) : [null];
    for (const caseId of caseIds)
      await audit(
        tx,
        req,
        {
          caseId,
          subjectType: 'link-alert',
          subjectId: decided.id,
          detail: {
            decision: input.decision,
            reason: input.reason ?? null,
            groupId: decided.groupId,
            cases: decided.cases.map((x) => x.reference),
          },
        },
        now,
      );
    return decided;
  });
}
