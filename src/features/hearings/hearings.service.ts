import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { type CaseRow, getCaseFor } from '../cases/cases.queries.ts';
import { type Ctx, caseFacts, listHearing } from './hearings.commands.ts';
import { whyNoHearing } from './hearings.domain.ts';
import { caseIdsOf, getHearingFor, hearingView } from './hearings.queries.ts';
import type { HearingView, ListHearingInput } from './hearings.schema.ts';
import type { HearingRow } from './hearings.tables.ts';

/** Only staff of the hearing's own area change it (the Chief Coroner's office reads). */
function checkOwnArea(req: FastifyRequest, areaCode: string) {
  const principal = principalOf(req);
  if (principal.areaCode !== areaCode)
    throw new AppError('FORBIDDEN', 'Only staff of the coroner area that listed the hearing can change it.');
}

export function contextOf(deps: AppDeps, req: FastifyRequest): Ctx & { listedBy: string } {
  return {
    actor: actorOf(req),
    now: deps.clock.now(),
    notifier: deps.notifier,
    listedBy: principalOf(req).userId,
  };
}

/**
 * One change to a hearing: find what the user may see → change it in one transaction with its audit event
 * → answer with the hearing as it now is.
 */
export async function changeHearing(
  deps: AppDeps,
  req: FastifyRequest,
  hearingId: string,
  work: (tx: Db, ctx: ReturnType<typeof contextOf>) => Promise<HearingRow | { hearing: HearingRow }>,
  detail: Record<string, unknown> = {},
): Promise<HearingView> {
  const { db } = deps.database;
  const found = await getHearingFor(db, principalOf(req), hearingId);
  checkOwnArea(req, found.areaCode);
  const ctx = contextOf(deps, req);
  await db.transaction(async (tx) => {
    await work(tx, ctx);
    // A change about one case (taken out of the hearing) is in that case's trail; any other, the first case's.
    const [caseId] = typeof detail.caseId === 'string' ? [detail.caseId] : await caseIdsOf(tx, hearingId);
    await audit(tx, req, { caseId, subjectType: 'hearing', subjectId: hearingId, detail }, ctx.now);
  });
  return hearingView(db, await getHearingFor(db, principalOf(req), hearingId));
}

/** A hearing listed for a case, with its audit event, in one transaction. */
export async function listHearingFor(
  deps: AppDeps,
  req: FastifyRequest,
  caseRow: CaseRow,
  input: ListHearingInput,
): Promise<HearingRow> {
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const row = await listHearing(tx, caseRow, input, ctx);
    await audit(
      tx,
      req,
      {
        caseId: caseRow.id,
        subjectType: 'hearing',
        subjectId: row.id,
        detail: { type: row.type, startsAt: input.startsAt, alreadyHeld: Boolean(input.alreadyHeld) },
      },
      ctx.now,
    );
    return row;
  });
}

/** The case a hearing is listed for, if the user may see it and belongs to its area. */
export async function caseToList(deps: AppDeps, req: FastifyRequest, caseId: string) {
  const caseRow = await getCaseFor(deps.database.db, principalOf(req), caseId);
  checkOwnArea(req, caseRow.areaCode);
  const why = whyNoHearing(caseFacts(caseRow));
  if (why) throw new AppError('ACTION_NOT_ALLOWED', why);
  return caseRow;
}
