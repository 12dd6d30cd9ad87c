import { and, asc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { createGroup } from '../case-groups/case-groups.queries.ts';
import { caseGroupMembers, caseGroups } from '../case-groups/case-groups.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { requestJudgeLedInquest } from '../judge-led/judge-led.commands.ts';

export const DEMO_GROUP_NAME = 'Demo: deaths heard together';

/**
 * Demo data: two open cases of the area (East London by default) grouped to be heard together, and the
 * coroner's request for a judge-led inquest into them left awaiting the Chief Coroner's decision. Does
 * nothing without two such cases or the demo coroner, or when it has run before.
 */
export async function seedDemoOversight(
  tx: Db,
  now: Date,
  options: { areaCode?: string; coronerEmail?: string } = {},
): Promise<string | undefined> {
  const areaCode = options.areaCode ?? 'EL';
  const [coroner] = await tx
    .select()
    .from(users)
    .where(
      and(
        sql`lower(${users.email}) = lower(${options.coronerEmail ?? 'coroner@example.org'})`,
        eq(users.role, 'coroner'),
        eq(users.areaCode, areaCode),
      ),
    );
  if (!coroner) return undefined;
  const [done] = await tx
    .select({ id: caseGroups.id })
    .from(caseGroups)
    .where(and(eq(caseGroups.areaCode, areaCode), eq(caseGroups.name, DEMO_GROUP_NAME)));
  if (done) return undefined;
  const grouped = tx.select({ id: caseGroupMembers.caseId }).from(caseGroupMembers);
  const two = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.areaCode, areaCode),
        isNull(cases.closedOn),
        sql`${cases.status} <> 'TRANSFER_PENDING'`,
        notInArray(cases.id, grouped),
      ),
    )
    .orderBy(asc(cases.reportedAt), asc(cases.reference))
    .limit(2);
  if (two.length < 2) return undefined;
  const principal: Principal = {
    userId: coroner.id,
    name: coroner.name,
    email: coroner.email,
    role: 'coroner',
    coronerOffice: coroner.coronerOffice,
    areaCode,
    organisation: coroner.organisation,
    via: 'session',
  };
  const actor = { id: coroner.id, label: `${coroner.name} (${ROLE_LABELS.coroner})`, role: 'coroner' };
  const ctx = { principal, actor, now };
  const { group, members } = await createGroup(
    tx,
    {
      name: DEMO_GROUP_NAME,
      reason: 'The deaths happened in the same incident and the same witnesses will give evidence.',
      caseIds: two.map((c) => c.id),
    },
    ctx,
  );
  const request = await requestJudgeLedInquest(
    tx,
    { groupId: group.id, reasons: 'The inquests must consider material that only a judge may see.' },
    ctx,
  );
  for (const m of members) {
    await appendAudit(
      tx,
      actor,
      {
        action: 'CASE_GROUP_CREATED',
        caseId: m.id,
        subjectType: 'case-group',
        subjectId: group.id,
        detail: { demo: true },
      },
      now,
    );
    await appendAudit(
      tx,
      actor,
      {
        action: 'JUDGE_LED_REQUESTED',
        caseId: m.id,
        subjectType: 'judge-led-request',
        subjectId: request.id,
        detail: { demo: true },
      },
      now,
    );
  }
  return request.id;
}
