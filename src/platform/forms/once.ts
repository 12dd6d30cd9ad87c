import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { formSubmissions } from './forms.tables.ts';

/**
 * Single-use forms: a page carries a fresh token in ONCE_FIELD, and sending the same page again (a reload
 * after the answer, a double click) is recognised, so that an action whose repeat would undo it (a new
 * one-time link cancels the one just given out) is not repeated.
 */
export const ONCE_FIELD = '_once';

export const newOnceToken = (): string => randomBytes(18).toString('base64url');

/** Thrown inside a transaction when its page was sent before (the transaction then changes nothing). */
export class AlreadySent extends AppError {
  constructor() {
    super('CONFLICT', 'This page was already sent, so nothing new was made.');
  }
}

const KEPT_MS = 2 * 86_400_000;

function keyOf(userId: string, token: unknown): string | undefined {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{24}$/.test(token)) return undefined;
  return createHash('sha256').update(`${userId}:${token}`).digest('base64url');
}

/** Whether this user already sent the page carrying this token. */
export async function alreadySent(db: Db, userId: string, token: unknown): Promise<boolean> {
  const key = keyOf(userId, token);
  if (!key) return false;
  const [row] = await db.select().from(formSubmissions).where(eq(formSubmissions.key, key));
  return Boolean(row);
}

/**
 * Records the page's token in the caller's transaction: true the first time, false when it was sent before
 * (two sends at once: one waits for the other, then sees it). A page sent without a token is not checked.
 */
export async function claimOnce(tx: Db, userId: string, token: unknown, now: Date): Promise<boolean> {
  const key = keyOf(userId, token);
  if (!key) return true;
  await tx.delete(formSubmissions).where(lt(formSubmissions.createdAt, new Date(now.getTime() - KEPT_MS)));
  const claimed = await tx
    .insert(formSubmissions)
    .values({ key, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: formSubmissions.key });
  return claimed.length === 1;
}
