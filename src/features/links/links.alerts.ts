/** Possible links and alerts as people see them, and the decision on an alert (confirm → case group, or dismiss). */

import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, appendAudit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { addToGroup, createGroup } from '../case-groups/case-groups.queries.ts';
import { caseGroupMembers, caseGroups } from '../case-groups/case-groups.tables.ts';
import { caseScope } from '../cases/cases.access.ts';
import { lockCases } from '../cases/cases.commands.ts';
import { CLOSED_STATUSES } from '../cases/cases.domain.ts';
import { cases } from '../cases/cases.tables.ts';
import { linksPermissions } from './links.policy.ts';
import { ALERT_NOTICE_SOURCE, linkAlerts, linkCases, possibleLinks } from './links.tables.ts';
import type { LinkCase, LinkReason } from './links.types.ts';

export type AlertRow = typeof linkAlerts.$inferSelect;

const reason = z.object({ feature: z.string(), detail: z.string(), weight: z.number() });

/** One possible link of a case (API.md "Possible links"). */
export const possibleLinkView = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    areaCode: z.string(),
    score: z.number(),
    level: z.enum(['review', 'urgent']),
    reasons: z.array(reason),
    alertId: z.uuid().nullable(),
    alertStatus: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']).nullable(),
  })
  .meta({ id: 'PossibleLink' });
export type PossibleLinkView = z.infer<typeof possibleLinkView>;

export const alertView = z
  .object({
    id: z.uuid(),
    kind: z.enum(['pair', 'cluster', 'site']),
    level: z.enum(['review', 'urgent']),
    areaCodes: z.array(z.string()),
    summary: z.string(),
    score: z.number().nullable(),
    reasons: z.array(reason),
    cases: z.array(z.object({ id: z.uuid(), reference: z.string(), areaCode: z.string() })),
    status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
    raisedAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decisionReason: z.string().nullable(),
    groupId: z.uuid().nullable(),
  })
  .meta({ id: 'LinkAlert' });
export type AlertView = z.infer<typeof alertView>;

export const decisionInput = z
  .object({
    decision: z.enum(['CONFIRMED', 'DISMISSED'], {
      error: 'Select whether to confirm or dismiss the possible link',
    }),
    reason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').optional(),
    groupName: z.string().trim().max(200, 'The group name must be 200 characters or fewer').optional(),
  })
  .refine((d) => d.decision !== 'DISMISSED' || Boolean(d.reason), {
    message: 'Enter the reason for dismissing the possible link',
    path: ['reason'],
  });
export type DecisionInput = z.infer<typeof decisionInput>;

/** The alerts a user may see: those touching their area's cases (every area's for the Chief Coroner's office). */
function alertScope(principal: Principal) {
  if (principal.role === 'chief-coroner' || principal.role === 'system-admin') return sql`true`;
  if (!principal.areaCode) return sql`false`;
  return sql`${linkAlerts.areaCodes} @> array[${principal.areaCode}]::text[]`;
}

/** Reasons that carry names or addresses from the records, and what each says without them. */
const PERSONAL_REASONS: Record<string, string> = {
  'same-person': 'A person in one case may be the same as a person in the other',
  'person-is-deceased': 'A person in one case may be the deceased of the other',
  'same-address': 'The cases share an address',
  'named-in-text': 'The circumstances of one case name the deceased of the other',
};

/** Which of these cases the user may open. */
async function visibleCases(db: Db, principal: Principal, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.id, ids), caseScope(principal)));
  return new Set(rows.map((r) => r.id));
}

/**
 * The reasons as this user may read them: where a case of the link is one they may not open (another area's),
 * names and addresses from the records are left out and they are told whose office holds them.
 */
function reasonsFor(reasons: LinkReason[], hidden: { reference: string; areaCode: string }[]): LinkReason[] {
  if (hidden.length === 0) return reasons;
  const held = hidden.map((h) => `${h.reference} (coroner area ${h.areaCode})`).join(' and ');
  return reasons.map((r) =>
    r.feature in PERSONAL_REASONS
      ? {
          ...r,
          detail: `${PERSONAL_REASONS[r.feature]}. Names and addresses are not shown: ask the coroner’s office that holds ${held}.`,
        }
      : r,
  );
}

/**
 * The possible links of a case the user may see, highest score first, and which of the other cases they may
 * open. A link names its alert only where the user may open the alert too (not yet, say, for an area a case
 * is being transferred to).
 */
export async function possibleLinksOf(
  db: Db,
  principal: Principal,
  caseId: string,
): Promise<{ links: PossibleLinkView[]; canOpen: Set<string> }> {
  const rows = await db
    .select({
      caseA: possibleLinks.caseA,
      caseB: possibleLinks.caseB,
      score: possibleLinks.score,
      level: possibleLinks.level,
      reasons: possibleLinks.reasons,
      alertId: linkAlerts.id,
      alertStatus: linkAlerts.status,
    })
    .from(possibleLinks)
    .leftJoin(linkAlerts, and(eq(linkAlerts.id, possibleLinks.alertId), alertScope(principal)))
    .where(or(eq(possibleLinks.caseA, caseId), eq(possibleLinks.caseB, caseId)));
  if (rows.length === 0) return { links: [], canOpen: new Set() };
  const others = rows.map((r) => (r.caseA === caseId ? r.caseB : r.caseA));
  const refs = await db
    .select({ id: cases.id, reference: cases.reference, areaCode: cases.areaCode })
    .from(cases)
    .where(inArray(cases.id, others));
  const byId = new Map(refs.map((r) => [r.id, r]));
  const visible = await visibleCases(db, principal, others);
  const links = rows
    .map((r, i) => {
      const other = byId.get(others[i]!)!;
      return {
        caseId: other.id,
        reference: other.reference,
        areaCode: other.areaCode,
        score: Math.round(r.score * 100) / 100,
        level: r.level,
        reasons: reasonsFor(r.reasons, visible.has(other.id) ? [] : [other]),
        alertId: r.alertId ?? null,
        alertStatus: r.alertStatus ?? null,
      };
    })
    .sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference));
  return { links, canOpen: visible };
}

/** The alerts as the user sees them, and which of their cases the user may open. */
async function viewsOf(
  db: Db,
  principal: Principal,
  rows: AlertRow[],
): Promise<{ views: AlertView[]; canOpen: Set<string> }> {
  const ids = [...new Set(rows.flatMap((r) => r.caseIds))];
  const visible = await visibleCases(db, principal, ids);
  const refs = ids.length
    ? await db
        .select({ id: cases.id, reference: cases.reference, areaCode: cases.areaCode })
        .from(cases)
        .where(inArray(cases.id, ids))
    : [];
  const byId = new Map(refs.map((r) => [r.id, r]));
  const deciders = [...new Set(rows.map((r) => r.decidedBy).filter((x): x is string => Boolean(x)))];
  const names = deciders.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, deciders))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const views = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    level: r.level,
    areaCodes: r.areaCodes,
    summary: r.summary,
    score: r.score === null ? null : Math.round(r.score * 100) / 100,
    reasons: reasonsFor(
      r.reasons,
      r.caseIds.filter((id) => !visible.has(id)).flatMap((id) => byId.get(id) ?? []),
    ),
    cases: r.caseIds.flatMap((id) => byId.get(id) ?? []),
    status: r.status,
    raisedAt: r.raisedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy ? (nameOf.get(r.decidedBy) ?? null) : null,
    decisionReason: r.decisionReason,
    groupId: r.groupId,
  }));
  return { views, canOpen: visible };
}

/**
 * One page of the alerts queue: open alerts first (urgent before review, newest first), or those with a given
 * status. `countAlerts` gives the whole queue's length.
 */
export async function listAlerts(
  db: Db,
  principal: Principal,
  filter: { status?: AlertRow['status']; limit: number; offset: number },
): Promise<AlertView[]> {
  const rows = await db
    .select()
    .from(linkAlerts)
    .where(alertsWhere(principal, filter))
    .orderBy(
      sql`case ${linkAlerts.status} when 'OPEN' then 0 else 1 end`,
      sql`case ${linkAlerts.level} when 'urgent' then 0 else 1 end`,
      sql`${linkAlerts.raisedAt} desc`,
      linkAlerts.id,
    )
    .limit(filter.limit)
    .offset(filter.offset);
  return (await viewsOf(db, principal, rows)).views;
}

/** How many alerts the queue holds for the caller, with the same filter. */
export async function countAlerts(
  db: Db,
  principal: Principal,
  filter: { status?: AlertRow['status'] },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(linkAlerts)
    .where(alertsWhere(principal, filter));
  return row?.n ?? 0;
}

const alertsWhere = (principal: Principal, filter: { status?: AlertRow['status'] }) =>
  and(alertScope(principal), filter.status ? eq(linkAlerts.status, filter.status) : undefined);

export async function getAlertFor(db: Db, principal: Principal, id: string): Promise<AlertView> {
  return (await getAlertWithAccess(db, principal, id)).alert;
}

/** An alert the user may see (else 404), and which of its cases they may open. */
export async function getAlertWithAccess(
  db: Db,
  principal: Principal,
  id: string,
): Promise<{ alert: AlertView; canOpen: Set<string> }> {
  if (!isUuid(id)) throw notFound('The alert');
  const [row] = await db
    .select()
    .from(linkAlerts)
    .where(and(eq(linkAlerts.id, id), alertScope(principal)));
  if (!row) throw notFound('The alert');
  const { views, canOpen } = await viewsOf(db, principal, [row]);
  return { alert: views[0]!, canOpen };
}

/**
 * The detector's view of these cases (for the map and the timeline), by date. The caller passes only cases
 * the user may open (`canOpen` of `possibleLinksOf` or `getAlertWithAccess`).
 */
export async function alertCases(db: Db, openable: readonly string[]): Promise<LinkCase[]> {
  if (openable.length === 0) return [];
  const rows = await db
    .select({ data: linkCases.data, eventDay: linkCases.eventDay })
    .from(linkCases)
    .where(inArray(linkCases.caseId, [...openable]))
    .orderBy(linkCases.eventDay);
  return rows.map((r) => r.data);
}

/**
 * The messages about a case that this user may read: one about an urgent alert only by those who may see the
 * alert (its coroner's office and the Chief Coroner's), not by everyone who reads the case's messages.
 */
export async function readableNotifications<T extends { source: string | null; sourceId: string | null }>(
  db: Db,
  principal: Principal,
  rows: readonly T[],
): Promise<T[]> {
  const about = [
    ...new Set(
      rows.flatMap((r) =>
        r.source === ALERT_NOTICE_SOURCE && r.sourceId && isUuid(r.sourceId) ? [r.sourceId] : [],
      ),
    ),
  ];
  let seen = new Set<string>();
  if (about.length && allows(linksPermissions.read, principal.role)) {
    const visible = await db
      .select({ id: linkAlerts.id })
      .from(linkAlerts)
      .where(and(inArray(linkAlerts.id, about), alertScope(principal)));
    seen = new Set(visible.map((v) => v.id));
  }
  return rows.filter(
    (r) => r.source !== ALERT_NOTICE_SOURCE || (r.sourceId !== null && seen.has(r.sourceId)),
  );
}

/** The case group a confirmed alert put its cases in, to name and link it. */
export async function groupOf(db: Db, groupId: string): Promise<{ id: string; name: string } | undefined> {
  const [group] = await db
    .select({ id: caseGroups.id, name: caseGroups.name })
    .from(caseGroups)
    .where(eq(caseGroups.id, groupId));
  return group;
}

/**
 * Decides an open alert. Confirming puts its cases in one case group (a new one, or the group one of
 * them is already in) when they are open investigations of the decider's own area; otherwise the link is
 * recorded on the alert alone. Dismissing needs a reason. The decision is the office's, never the system's.
 */
export async function decideAlert(
  tx: Db,
  ctx: { principal: Principal; actor: Actor; now: Date },
  alertId: string,
  input: DecisionInput,
): Promise<AlertView> {
  const { principal, now } = ctx;
  const current = await getAlertFor(tx, principal, alertId);
  const [row] = await tx.select().from(linkAlerts).where(eq(linkAlerts.id, current.id)).for('update');
  if (row!.status !== 'OPEN')
    throw new AppError(
      'CONFLICT',
      `This alert was already ${row!.status === 'CONFIRMED' ? 'confirmed' : 'dismissed'}; it cannot be decided again.`,
    );
  if (principal.areaCode && !row!.areaCodes.includes(principal.areaCode))
    throw new AppError(
      'FORBIDDEN',
      'Only the coroner’s office of an area whose cases the alert touches can decide it.',
    );
  let groupId: string | null = null;
  if (input.decision === 'CONFIRMED' && (await groupable(tx, row!.caseIds, principal)))
    groupId = await groupCases(tx, ctx, row!, input);
  await tx
    .update(linkAlerts)
    .set({
      status: input.decision,
      decidedAt: now,
      decidedBy: principal.userId,
      decisionReason: input.reason ?? null,
      groupId,
      updatedAt: now,
    })
    .where(eq(linkAlerts.id, row!.id));
  return getAlertFor(tx, principal, alertId);
}

/**
 * A confirmed link puts the cases in one group of inquests to be heard together only while every one is an
 * open investigation of the decider's own area (a group holds the cases of one area). A link to a death
 * whose investigation has ended, or across coroner areas, is recorded on the alert alone, where each area
 * the alert touches sees it.
 */
async function groupable(tx: Db, caseIds: string[], principal: Principal): Promise<boolean> {
  const rows = await tx
    .select({ areaCode: cases.areaCode, status: cases.status })
    .from(cases)
    .where(inArray(cases.id, caseIds));
  return (
    rows.length === caseIds.length &&
    rows.every(
      (r) =>
        r.areaCode === principal.areaCode &&
        !(CLOSED_STATUSES as readonly string[]).includes(r.status) &&
        r.status !== 'TRANSFER_PENDING',
    )
  );
}

/** Forms the group, or adds the others to the group one of them is in; each case's timeline records it. */
async function groupCases(
  tx: Db,
  ctx: { principal: Principal; actor: Actor; now: Date },
  alert: AlertRow,
  input: DecisionInput,
): Promise<string> {
  // Alerts sharing cases, confirmed at once, must see each other's groups: the cases are locked first.
  await lockCases(tx, alert.caseIds);
  const members = await tx
    .select({ groupId: caseGroupMembers.groupId, caseId: caseGroupMembers.caseId, name: caseGroups.name })
    .from(caseGroupMembers)
    .innerJoin(caseGroups, eq(caseGroups.id, caseGroupMembers.groupId))
    .where(inArray(caseGroupMembers.caseId, alert.caseIds));
  const groups = new Map(members.map((m) => [m.groupId, m.name]));
  if (groups.size > 1)
    throw new AppError(
      'CONFLICT',
      `These cases are already in different groups (${[...groups.values()].join(' and ')}). Move them into one group before confirming.`,
    );
  const existing = [...groups.keys()][0];
  if (!existing) {
    const refs = await tx
      .select({ reference: cases.reference })
      .from(cases)
      .where(inArray(cases.id, alert.caseIds));
    const { group } = await createGroup(
      tx,
      {
        name:
          input.groupName ||
          `Linked deaths: ${refs
            .map((r) => r.reference)
            .sort()
            .join(', ')}`,
        reason: input.reason || 'A possible link between these deaths was reviewed and confirmed.',
        caseIds: alert.caseIds,
      },
      ctx,
    );
    // Recorded as the case-group pages record it, in each case's trail.
    for (const caseId of alert.caseIds)
      await appendAudit(
        tx,
        ctx.actor,
        {
          action: 'CASE_GROUP_CREATED',
          caseId,
          subjectType: 'case-group',
          subjectId: group.id,
          detail: { alertId: alert.id, caseIds: alert.caseIds },
        },
        ctx.now,
      );
    return group.id;
  }
  const already = new Set(members.map((m) => m.caseId));
  const toAdd = alert.caseIds.filter((id) => !already.has(id));
  if (toAdd.length) {
    const [group] = await tx.select().from(caseGroups).where(eq(caseGroups.id, existing));
    await addToGroup(tx, group!, toAdd, ctx);
    for (const caseId of toAdd)
      await appendAudit(
        tx,
        ctx.actor,
        {
          action: 'CASE_GROUP_CASES_ADDED',
          caseId,
          subjectType: 'case-group',
          subjectId: existing,
          detail: { alertId: alert.id, caseIds: toAdd },
        },
        ctx.now,
      );
  }
  return existing;
}
