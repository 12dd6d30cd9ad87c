import { createHash } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditEvents, auditHead } from './audit.tables.ts';

/** Who did something: a signed-in user, an API token's user, or the system itself. */
export type Actor = { id: string | null; label: string; role: string | null };

export const SYSTEM_ACTOR: Actor = { id: null, label: 'OpenCoroner (system)', role: null };

export type AuditEntry = {
  action: string;
  caseId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
  requestId?: string | null;
};

export type AuditEvent = typeof auditEvents.$inferSelect;

const GENESIS = '0'.repeat(64);
const LOCK_KEY = 72110002;

/**
 * Appends one event to the audit log inside the caller's transaction. Each row carries the hash of the
 * previous one, so altering or removing any row breaks the chain (`opencoroner audit verify`).
 */
export async function appendAudit(tx: Db, actor: Actor, entry: AuditEntry, at: Date): Promise<AuditEvent> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
  const [last] = await tx.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).limit(1);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: at,
    actorId: actor.id,
    actorLabel: actor.label,
    actorRole: actor.role,
    action: entry.action,
    caseId: entry.caseId ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    detail: entry.detail ?? {},
    requestId: entry.requestId ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  const event = { ...row, hash: hashEvent(row) };
  await tx.insert(auditEvents).values(event);
  await tx
    .insert(auditHead)
    .values({ id: 1, seq: event.seq, hash: event.hash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: event.seq, hash: event.hash } });
  return event;
}

export type VerifyResult = { ok: true; events: number } | { ok: false; events: number; problem: string };

/** Walks the whole chain in order and reports the first row that was altered, removed or inserted. */
export async function verifyAudit(db: Db, batchSize = 5000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, events: expectedSeq - 1, problem: `Event ${expectedSeq} is missing.` };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          events: expectedSeq - 1,
          problem: `Event ${row.seq} does not follow event ${row.seq - 1}.`,
        };
      }
      const { hash, ...fields } = row;
      if (hashEvent(fields) !== hash) {
        return {
          ok: false,
          events: expectedSeq - 1,
          problem: `Event ${row.seq} was altered after it was written.`,
        };
      }
      prevHash = hash;
      expectedSeq++;
    }
    if (rows.length < batchSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const events = expectedSeq - 1;
  if ((head?.seq ?? 0) !== events || (head && head.hash !== prevHash)) {
    return {
      ok: false,
      events,
      problem: `The log ends at event ${events} but was last written at event ${head?.seq ?? 0}.`,
    };
  }
  return { ok: true, events };
}

/** One page of the audit log, newest first: the events about one case, or (without a case) every event. */
export async function listAudit(
  db: Db,
  options: { caseId?: string; page: number; pageSize: number },
): Promise<{ items: AuditEvent[]; total: number }> {
  const where = options.caseId ? eq(auditEvents.caseId, options.caseId) : undefined;
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.seq))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    // The sequence has no gaps, so the whole log's length is the head's number (no count of every row).
    options.caseId
      ? db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(where)
      : db.select({ total: auditHead.seq }).from(auditHead),
  ]);
  return { items, total: count?.total ?? 0 };
}

type HashedFields = Omit<AuditEvent, 'hash'>;

function hashEvent(row: HashedFields): string {
  const canonical = canonicalJson({
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    actorRole: row.actorRole,
    action: row.action,
    caseId: row.caseId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    detail: row.detail,
    requestId: row.requestId,
  });
  return createHash('sha256').update(row.prevHash).update('\n').update(canonical).digest('hex');
}

/** JSON with object keys sorted, so the hash does not depend on how the database orders jsonb keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
