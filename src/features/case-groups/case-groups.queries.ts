import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { validationError } from '../../platform/http/validation.ts';
import { caseScope } from '../cases/cases.access.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { STATUS_LABELS } from '../cases/cases.domain.ts';
import { cases } from '../cases/cases.tables.ts';
import {
  areaOfNewGroup,
  checkCanJoin,
  checkNotEnded,
  type GroupableCase,
  leavingEndsGroup,
  referencesInWords,
} from './case-groups.domain.ts';
import type { CaseGroupInput, CaseGroupView } from './case-groups.schema.ts';
import { caseGroupMembers, caseGroups } from './case-groups.tables.ts';

export type CaseGroupRow = typeof caseGroups.$inferSelect;

/** Which groups a user sees: those of their own area (staff), every area's (Chief Coroner's office, admins). */
function groupScope(principal: Principal): SQL {
  if (principal.role === 'chief-coroner' || principal.role === 'system-admin') return sql`true`;
  return principal.areaCode ? eq(caseGroups.areaCode, principal.areaCode) : sql`false`;
}

/** The group, if this user may see it; otherwise 404. */
export async function getGroupFor(db: Db, principal: Principal, id: string): Promise<CaseGroupRow> {
  if (!isUuid(id)) throw notFound('The group');
  const [row] = await db
    .select()
    .from(caseGroups)
    .where(and(eq(caseGroups.id, id), groupScope(principal)));
  if (!row) throw notFound('The group');
  return row;
}

/**
 * The cases, locked for the rest of the transaction (in id order, as everywhere cases are locked, so two
 * writers cannot wait on each other), with the group each is in, in reference order; a case the user may
 * not see is reported as not found.
 */
export async function groupableCases(tx: Db, principal: Principal, ids: string[]): Promise<GroupableCase[]> {
  const wanted = [...new Set(ids)];
  const rows = await tx
    .select({
      id: cases.id,
      reference: cases.reference,
      areaCode: cases.areaCode,
      closedOn: cases.closedOn,
      status: cases.status,
    })
    .from(cases)
    .where(and(inArray(cases.id, wanted), caseScope(principal)))
    .orderBy(asc(cases.id))
    .for('update');
  rows.sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  if (rows.length !== wanted.length)
    throw validationError({ caseIds: 'One of the cases could not be found. Check the cases and try again' });
  const members = await tx
    .select({ caseId: caseGroupMembers.caseId, groupId: caseGroupMembers.groupId })
    .from(caseGroupMembers)
    .where(inArray(caseGroupMembers.caseId, wanted));
  const groupOf = new Map(members.map((m) => [m.caseId, m.groupId]));
  return rows.map((r) => ({ ...r, groupId: groupOf.get(r.id) ?? null }));
}

/**
 * The cases given by reference, as the grouping rules see them, and the references that are not cases this
 * user can see: for a form to name every problem at once (the change itself checks again, with locks).
 */
export async function casesByReference(
  db: Db,
  principal: Principal,
  refs: string[],
): Promise<{ found: GroupableCase[]; missing: string[] }> {
  if (refs.length === 0) return { found: [], missing: [] };
  const rows = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      areaCode: cases.areaCode,
      closedOn: cases.closedOn,
      status: cases.status,
      groupId: caseGroupMembers.groupId,
    })
    .from(cases)
    .leftJoin(caseGroupMembers, eq(caseGroupMembers.caseId, cases.id))
    .where(and(inArray(cases.reference, refs), caseScope(principal)));
  const byReference = new Map(rows.map((r) => [r.reference, r]));
  return {
    found: refs.flatMap((r) => byReference.get(r) ?? []),
    missing: refs.filter((r) => !byReference.has(r)),
  };
}

/** The sentence for references that are not cases this user can see. */
export const missingReferences = (missing: string[]) =>
  `There is no case with the reference ${referencesInWords(missing)}. Check it and try again`;

/** The ids of cases given by reference, or a 400 naming those that are not cases this user can see. */
export async function caseIdsByReference(db: Db, principal: Principal, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await db
    .select({ id: cases.id, reference: cases.reference })
    .from(cases)
    .where(and(inArray(cases.reference, refs), caseScope(principal)));
  const found = new Map(rows.map((r) => [r.reference, r.id]));
  const missing = refs.filter((r) => !found.has(r));
  if (missing.length)
    throw validationError({
      references: missingReferences(missing),
    });
  return refs.map((r) => found.get(r)!);
}

function requireOwnArea(principal: Principal, areaCode: string): void {
  if (principal.areaCode !== areaCode)
    throw new AppError('FORBIDDEN', 'Only staff of the coroner area can change its case groups.');
}

const groupedEvent = (group: CaseGroupRow, others: string[]) => ({
  groupId: group.id,
  title: 'Inquest to be heard with others',
  summary: `Added to the group “${group.name}”${others.length ? ` with ${others.join(', ')}` : ''}. Reason: ${group.reason}`,
});

/** Forms a group of inquests to be heard together; each case's timeline records it. */
export async function createGroup(
  tx: Db,
  input: CaseGroupInput,
  ctx: { principal: Principal; actor: Actor; now: Date },
): Promise<{ group: CaseGroupRow; members: GroupableCase[] }> {
  const members = await groupableCases(tx, ctx.principal, input.caseIds);
  const areaCode = areaOfNewGroup(members);
  requireOwnArea(ctx.principal, areaCode);
  const [group] = await tx
    .insert(caseGroups)
    .values({
      name: input.name,
      reason: input.reason,
      areaCode,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
    })
    .returning();
  await tx.insert(caseGroupMembers).values(
    members.map((m) => ({
      groupId: group!.id,
      caseId: m.id,
      addedBy: ctx.principal.userId,
      addedAt: ctx.now,
    })),
  );
  for (const m of members) {
    const others = members.filter((o) => o.id !== m.id).map((o) => o.reference);
    await appendCaseEvent(tx, m.id, 'CASE_GROUPED', ctx.actor, ctx.now, groupedEvent(group!, others));
  }
  return { group: group!, members };
}

/** Adds cases to a group (same area, open, in no other group). */
export async function addToGroup(
  tx: Db,
  group: CaseGroupRow,
  caseIds: string[],
  ctx: { principal: Principal; actor: Actor; now: Date },
): Promise<GroupableCase[]> {
  requireOwnArea(ctx.principal, group.areaCode ?? '');
  // Cases first, then the group, as confirming a link alert does: two writers cannot wait on each other.
  const added = await groupableCases(tx, ctx.principal, caseIds);
  const [locked] = await tx.select().from(caseGroups).where(eq(caseGroups.id, group.id)).for('update');
  if (!locked) throw notFound('The group');
  checkNotEnded(locked);
  checkCanJoin({ id: group.id, areaCode: group.areaCode ?? '' }, added);
  await tx.insert(caseGroupMembers).values(
    added.map((m) => ({
      groupId: group.id,
      caseId: m.id,
      addedBy: ctx.principal.userId,
      addedAt: ctx.now,
    })),
  );
  const current = await memberReferences(tx, group.id);
  for (const m of added) {
    const others = current.filter((r) => r !== m.reference);
    await appendCaseEvent(tx, m.id, 'CASE_GROUPED', ctx.actor, ctx.now, groupedEvent(group, others));
  }
  return added;
}

/**
 * Takes a case out of a group; its inquest is then heard on its own unless it joins another group. Taken out
 * of a group of two, the group ends: the other case is taken out too, and told why.
 */
export async function removeFromGroup(
  tx: Db,
  group: CaseGroupRow,
  caseId: string,
  ctx: { principal: Principal; actor: Actor; now: Date },
): Promise<{ reference: string; ended: boolean }> {
  requireOwnArea(ctx.principal, group.areaCode ?? '');
  // The group first, as adding does, so that two removals at once cannot each leave the other's one behind.
  const [locked] = await tx.select().from(caseGroups).where(eq(caseGroups.id, group.id)).for('update');
  if (!locked) throw notFound('The group');
  const members = await groupMembers(tx, group.id);
  const leaving = members.find((m) => m.id === caseId);
  if (!leaving) throw notFound('The case in this group');
  const ended = leavingEndsGroup(members.length);
  const removed = await tx
    .delete(caseGroupMembers)
    .where(
      ended
        ? eq(caseGroupMembers.groupId, group.id)
        : and(eq(caseGroupMembers.groupId, group.id), eq(caseGroupMembers.caseId, caseId)),
    )
    .returning();
  if (removed.length === 0) throw notFound('The case in this group');
  await appendCaseEvent(tx, caseId, 'CASE_UNGROUPED', ctx.actor, ctx.now, {
    groupId: group.id,
    title: 'No longer heard with others',
    summary: `Removed from the group “${group.name}”.`,
  });
  if (ended) {
    await tx.update(caseGroups).set({ endedAt: ctx.now }).where(eq(caseGroups.id, group.id));
    for (const other of members.filter((m) => m.id !== caseId))
      await appendCaseEvent(tx, other.id, 'CASE_UNGROUPED', ctx.actor, ctx.now, {
        groupId: group.id,
        title: 'No longer heard with others',
        summary: `The group “${group.name}” ended when ${leaving.reference} was taken out of it; this inquest is heard on its own.`,
      });
  }
  return { reference: leaving.reference, ended };
}

async function groupMembers(db: Db, groupId: string): Promise<{ id: string; reference: string }[]> {
  return db
    .select({ id: cases.id, reference: cases.reference })
    .from(caseGroupMembers)
    .innerJoin(cases, eq(cases.id, caseGroupMembers.caseId))
    .where(eq(caseGroupMembers.groupId, groupId));
}

async function memberReferences(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ reference: cases.reference })
    .from(caseGroupMembers)
    .innerJoin(cases, eq(cases.id, caseGroupMembers.caseId))
    .where(eq(caseGroupMembers.groupId, groupId))
    .orderBy(asc(cases.reference));
  return rows.map((r) => r.reference);
}

const coroner = alias(users, 'group_coroner');
const creator = alias(users, 'group_creator');

/** The group as the page and the API show it. */
export async function groupView(db: Db, group: CaseGroupRow): Promise<CaseGroupView> {
  const [members, [by]] = await Promise.all([
    db
      .select({
        id: cases.id,
        reference: cases.reference,
        givenNames: cases.givenNames,
        familyName: cases.familyName,
        status: cases.status,
        coroner: coroner.name,
        addedAt: caseGroupMembers.addedAt,
      })
      .from(caseGroupMembers)
      .innerJoin(cases, eq(cases.id, caseGroupMembers.caseId))
      .leftJoin(coroner, eq(coroner.id, cases.assignedCoronerId))
      .where(eq(caseGroupMembers.groupId, group.id))
      .orderBy(asc(cases.reference)),
    group.createdBy
      ? db.select({ name: creator.name }).from(creator).where(eq(creator.id, group.createdBy))
      : Promise.resolve([]),
  ]);
  return {
    id: group.id,
    name: group.name,
    reason: group.reason,
    areaCode: group.areaCode ?? '',
    createdAt: group.createdAt.toISOString(),
    createdBy: by?.name ?? null,
    endedAt: group.endedAt?.toISOString() ?? null,
    cases: members.map((m) => ({
      id: m.id,
      reference: m.reference,
      name: `${m.givenNames} ${m.familyName}`,
      status: m.status,
      statusLabel: STATUS_LABELS[m.status],
      coroner: m.coroner,
      addedAt: m.addedAt.toISOString(),
    })),
  };
}

/** The groups a user may see, newest first, with how many cases each holds. */
export async function countGroups(db: Db, principal: Principal): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(caseGroups)
    .where(groupScope(principal));
  return row?.n ?? 0;
}

export async function listGroups(db: Db, principal: Principal, limit = 200, offset = 0) {
  return db
    .select({
      id: caseGroups.id,
      name: caseGroups.name,
      areaCode: caseGroups.areaCode,
      createdAt: caseGroups.createdAt,
      endedAt: caseGroups.endedAt,
      cases: sql<number>`(select count(*)::int from case_group_members m where m.group_id = ${caseGroups.id})`,
    })
    .from(caseGroups)
    .where(groupScope(principal))
    .orderBy(desc(caseGroups.createdAt), desc(caseGroups.id))
    .limit(limit)
    .offset(offset);
}

/** The group a case is in, if any. */
export async function groupOfCase(db: Db, caseId: string): Promise<CaseGroupRow | undefined> {
  const [row] = await db
    .select({ group: caseGroups })
    .from(caseGroupMembers)
    .innerJoin(caseGroups, eq(caseGroups.id, caseGroupMembers.groupId))
    .where(eq(caseGroupMembers.caseId, caseId));
  return row?.group;
}

/** The ids of a group's cases now. */
export async function groupCaseIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ caseId: caseGroupMembers.caseId })
    .from(caseGroupMembers)
    .where(eq(caseGroupMembers.groupId, groupId));
  return rows.map((r) => r.caseId);
}
