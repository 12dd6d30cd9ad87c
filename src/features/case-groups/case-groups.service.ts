import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf, audit, principalOf } from '../../platform/http/request-context.ts';
import { addToGroup, type CaseGroupRow, createGroup, removeFromGroup } from './case-groups.queries.ts';
import type { CaseGroupInput } from './case-groups.schema.ts';

/*
 * Each change to a case group, from the pages or the API: made in one transaction with an audit event for
 * every case it touches.
 */

const contextOf = (deps: AppDeps, req: FastifyRequest) => ({
  principal: principalOf(req),
  actor: actorOf(req),
  now: deps.clock.now(),
});

export async function formGroup(deps: AppDeps, req: FastifyRequest, input: CaseGroupInput) {
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const { group, members } = await createGroup(tx, input, ctx);
    for (const m of members)
      await audit(
        tx,
        req,
        { caseId: m.id, subjectType: 'case-group', subjectId: group.id, detail: { name: group.name } },
        ctx.now,
      );
    return group;
  });
}

export async function addCasesToGroup(
  deps: AppDeps,
  req: FastifyRequest,
  group: CaseGroupRow,
  caseIds: string[],
): Promise<void> {
  const ctx = contextOf(deps, req);
  await deps.database.db.transaction(async (tx) => {
    const added = await addToGroup(tx, group, caseIds, ctx);
    for (const m of added)
      await audit(tx, req, { caseId: m.id, subjectType: 'case-group', subjectId: group.id }, ctx.now);
  });
}

export async function takeCaseOutOfGroup(
  deps: AppDeps,
  req: FastifyRequest,
  group: CaseGroupRow,
  caseId: string,
): Promise<{ ended: boolean }> {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound('The case in this group');
  const ctx = contextOf(deps, req);
  return deps.database.db.transaction(async (tx) => {
    const { ended } = await removeFromGroup(tx, group, caseId, ctx);
    await audit(
      tx,
      req,
      {
        caseId,
        subjectType: 'case-group',
        subjectId: group.id,
        detail: ended ? { groupEnded: true } : undefined,
      },
      ctx.now,
    );
    return { ended };
  });
}
