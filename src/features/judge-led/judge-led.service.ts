import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import {
  appointJudge,
  decideRequest,
  type JudgeAccount,
  requestJudgeLedInquest,
} from './judge-led.commands.ts';
import { requestView } from './judge-led.queries.ts';
import type { AppointmentInput, JudgeLedRequestInput } from './judge-led.schema.ts';

/*
 * Each step of a request for a judge-led inquest, from the pages or the API: taken in one transaction with
 * the route's audit event written once for every case the step touches (so each case's audit shows it).
 */

const contextOf = (deps: AppDeps, req: FastifyRequest) => ({
  principal: principalOf(req),
  actor: actorOf(req),
  now: deps.clock.now(),
});

async function auditEachCase(
  tx: Db,
  req: FastifyRequest,
  requestId: string,
  caseIds: string[],
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<void> {
  for (const caseId of caseIds)
    await audit(tx, req, { caseId, subjectType: 'judge-led-request', subjectId: requestId, detail }, now);
}

/** The coroner asks the Chief Coroner for a judge-led inquest. */
export async function askForJudge(deps: AppDeps, req: FastifyRequest, input: JudgeLedRequestInput) {
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const request = await requestJudgeLedInquest(tx, input, ctx);
    const caseIds = (await requestView(tx, request)).cases.map((c) => c.id);
    await auditEachCase(tx, req, request.id, caseIds, ctx.now);
    return request;
  });
}

/** The Chief Coroner's office approves or declines. */
export async function decideOnJudge(
  deps: AppDeps,
  req: FastifyRequest,
  requestId: string,
  input: { decision: 'APPROVED' | 'DECLINED'; reasons: string },
) {
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const { request, caseIds } = await decideRequest(tx, requestId, input, ctx);
    await auditEachCase(tx, req, request.id, caseIds, ctx.now, { decision: input.decision });
    return request;
  });
}

/** The local authority records the judge's appointment; a new account for the judge is audited too. */
export async function recordAppointment(
  deps: AppDeps,
  req: FastifyRequest,
  requestId: string,
  input: AppointmentInput,
) {
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const result = await appointJudge(tx, requestId, input, ctx);
    await auditJudgeAccount(tx, req, result.account, ctx.now);
    await auditEachCase(tx, req, result.request.id, result.caseIds, ctx.now, { judgeId: result.account.id });
    return result;
  });
}

async function auditJudgeAccount(tx: Db, req: FastifyRequest, account: JudgeAccount, now: Date) {
  if (account.created)
    await audit(
      tx,
      req,
      {
        action: 'USER_CREATED',
        subjectType: 'user',
        subjectId: account.id,
        detail: { role: 'coroner', office: 'judge' },
      },
      now,
    );
}
