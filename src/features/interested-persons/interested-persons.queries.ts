import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { actingFor } from './interested-persons.access.ts';
import { invitationState } from './interested-persons.domain.ts';
import {
  interestedPersonInvitations,
  interestedPersonMessages,
  interestedPersons,
  interestedPersonUsers,
} from './interested-persons.tables.ts';

export type PersonRow = typeof interestedPersons.$inferSelect;
export type InvitationRow = typeof interestedPersonInvitations.$inferSelect;
export type MessageRow = typeof interestedPersonMessages.$inferSelect;
export type AccessRow = {
  personId: string;
  userId: string;
  name: string;
  email: string;
  capacity: 'self' | 'representative';
  since: Date;
};

export function listCasePersons(db: Db, caseId: string): Promise<PersonRow[]> {
  return db
    .select()
    .from(interestedPersons)
    .where(eq(interestedPersons.caseId, caseId))
    .orderBy(asc(interestedPersons.createdAt), asc(interestedPersons.name));
}

export async function countCasePersons(db: Db, caseId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(interestedPersons)
    .where(
      and(
        eq(interestedPersons.caseId, caseId),
        inArray(interestedPersons.status, ['PROPOSED', 'RECOGNISED']),
      ),
    );
  return row?.n ?? 0;
}

/** An interested person of the case (the caller has already been allowed to see the case), or 404. */
export async function getCasePerson(
  db: Db,
  caseId: string,
  personId: string,
  lock = false,
): Promise<PersonRow> {
  if (!isUuid(personId)) throw notFound('The interested person');
  const q = db
    .select()
    .from(interestedPersons)
    .where(and(eq(interestedPersons.id, personId), eq(interestedPersons.caseId, caseId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('The interested person');
  return row;
}

/** Who can see the case through each interested person now: their own account and their lawyer's. */
export function listAccess(db: Db, personIds: string[]): Promise<AccessRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      personId: interestedPersonUsers.interestedPersonId,
      userId: users.id,
      name: users.name,
      email: users.email,
      capacity: interestedPersonUsers.capacity,
      since: interestedPersonUsers.createdAt,
    })
    .from(interestedPersonUsers)
    .innerJoin(users, eq(users.id, interestedPersonUsers.userId))
    .where(
      and(
        inArray(interestedPersonUsers.interestedPersonId, personIds),
        isNull(interestedPersonUsers.endedAt),
      ),
    )
    .orderBy(asc(interestedPersonUsers.createdAt));
}

export function listInvitations(db: Db, personIds: string[]): Promise<InvitationRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(interestedPersonInvitations)
    .where(inArray(interestedPersonInvitations.interestedPersonId, personIds))
    .orderBy(asc(interestedPersonInvitations.createdAt));
}

export async function findInvitationByHash(db: Db, tokenHash: string, lock = false) {
  const q = db
    .select({ invitation: interestedPersonInvitations, person: interestedPersons })
    .from(interestedPersonInvitations)
    .innerJoin(interestedPersons, eq(interestedPersons.id, interestedPersonInvitations.interestedPersonId))
    .where(eq(interestedPersonInvitations.tokenHash, tokenHash));
  const [row] = lock ? await q.for('update', { of: interestedPersonInvitations }) : await q;
  return row;
}

/** The interested persons a user acts for, on one case or all, with their case (the portal's view). */
export function personsActedFor(db: Db, userId: string, caseId?: string) {
  return db
    .select({
      id: interestedPersons.id,
      caseId: interestedPersons.caseId,
      name: interestedPersons.name,
      relationship: interestedPersons.relationship,
      status: interestedPersons.status,
      capacity: interestedPersonUsers.capacity,
    })
    .from(interestedPersonUsers)
    .innerJoin(interestedPersons, eq(interestedPersons.id, interestedPersonUsers.interestedPersonId))
    .where(and(actingFor(userId), caseId ? eq(interestedPersons.caseId, caseId) : undefined))
    .orderBy(asc(interestedPersons.createdAt));
}

export function listThread(db: Db, personIds: string[]): Promise<MessageRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(interestedPersonMessages)
    .where(inArray(interestedPersonMessages.interestedPersonId, personIds))
    .orderBy(asc(interestedPersonMessages.createdAt));
}

/** How many messages each interested person of a case has exchanged with the office, and when the last came from them. */
export async function messageCounts(
  db: Db,
  caseId: string,
): Promise<Map<string, { total: number; lastFromThem: Date | null }>> {
  const rows = await db
    .select({
      personId: interestedPersonMessages.interestedPersonId,
      total: sql<number>`count(*)::int`,
      lastFromThem: sql<
        string | null
      >`max(${interestedPersonMessages.createdAt}) filter (where not ${interestedPersonMessages.sentByOffice})`,
    })
    .from(interestedPersonMessages)
    .where(eq(interestedPersonMessages.caseId, caseId))
    .groupBy(interestedPersonMessages.interestedPersonId);
  return new Map(
    rows.map((r) => [
      r.personId,
      { total: r.total, lastFromThem: r.lastFromThem ? new Date(r.lastFromThem) : null },
    ]),
  );
}

/**
 * Those of `persons` who could never read anything online: no account of their own or of their lawyer's, and
 * no invitation link waiting to be used.
 */
export async function withoutOnlineAccess<P extends { id: string }>(
  db: Db,
  persons: P[],
  now: Date,
): Promise<P[]> {
  const ids = persons.map((p) => p.id);
  const [access, invitations] = await Promise.all([listAccess(db, ids), listInvitations(db, ids)]);
  const reachable = new Set([
    ...access.map((a) => a.personId),
    ...invitations.filter((i) => invitationState(i, now) === 'valid').map((i) => i.interestedPersonId),
  ]);
  return persons.filter((p) => !reachable.has(p.id));
}
