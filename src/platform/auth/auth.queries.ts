import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { type Db, preparedQuery } from '../db/database.ts';
import { apiTokens, sessions, signInFailures, users } from './auth.tables.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { CoronerOffice, Role } from './roles.ts';
import { hashSecret, newSecret } from './tokens.ts';

export type User = typeof users.$inferSelect;

/** The signed-in user behind a request, however they authenticated. */
export type Principal = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  coronerOffice: CoronerOffice | null;
  areaCode: string | null;
  organisation: string | null;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  /**
   * When a session ends if it is not used again before then: SESSION_IDLE_MINUTES after its last use, or
   * SESSION_HOURS after signing in if that comes first (`sessionEndIsFinal`: using it then keeps it no longer).
   */
  sessionEndsAt?: Date;
  sessionEndIsFinal?: boolean;
};

/**
 * How long a signed-in session has (whole seconds), and whether that end is final (SESSION_HOURS after
 * signing in) rather than one that using the session moves on; undefined for an API token.
 */
export function sessionLeft(
  principal: Principal | null | undefined,
  now: Date,
): { secondsLeft: number; final: boolean } | undefined {
  const endsAt = principal?.sessionEndsAt;
  if (!endsAt) return undefined;
  return {
    secondsLeft: Math.max(0, Math.floor((endsAt.getTime() - now.getTime()) / 1000)),
    final: Boolean(principal.sessionEndIsFinal),
  };
}

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  coronerOffice?: CoronerOffice | null;
  areaCode?: string | null;
  organisation?: string | null;
  phone?: string | null;
  password?: string | null;
};

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      coronerOffice: input.role === 'coroner' ? (input.coronerOffice ?? 'assistant') : null,
      areaCode: input.areaCode ?? null,
      organisation: input.organisation ?? null,
      phone: input.phone ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    })
    .returning();
  return user!;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email.trim()})`);
  return user;
}

export async function findUser(db: Db, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** The names of users by id, for showing who did what (ids left empty are passed over). */
export async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Sets a user's password and lifts any lock on their address. */
export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  const [user] = await db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, userId))
    .returning({ email: users.email });
  if (user) await db.delete(signInFailures).where(eq(signInFailures.email, emailKey(user.email)));
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'locked'; user?: User; lockedUntil?: Date };

export type LockoutPolicy = { lockoutFailures: number; lockoutMinutes: number };

/**
 * Checks an email and password. After `lockoutFailures` wrong passwords in a row the address is locked
 * for `lockoutMinutes`, whatever password is then given; a run of failures is forgotten once that long
 * passes without one. Addresses with no account, or a closed one, are counted and locked in the same way
 * and cost the same password check, so neither the answer nor its timing says whether an account exists.
 * `user` is given only for an open account (for its audit trail).
 */
export async function checkSignIn(
  db: Db,
  email: string,
  password: string,
  now: Date,
  policy: LockoutPolicy,
): Promise<SignInResult> {
  const found = await findUserByEmail(db, email);
  const user = found?.active ? found : undefined;
  const passwordOk = (await verifyPassword(found?.passwordHash, password)) && user !== undefined;
  if (!passwordOk) {
    const lockedUntil = await countFailedSignIn(db, email, now, policy);
    return lockedUntil
      ? { ok: false, reason: 'locked', user, lockedUntil }
      : { ok: false, reason: 'invalid', user };
  }
  const lockedUntil = await clearFailedSignIns(db, email, now);
  return lockedUntil ? { ok: false, reason: 'locked', user, lockedUntil } : { ok: true, user };
}

/** The key failures are counted by: the address as accounts are looked up (trimmed, lower-cased). */
const emailKey = (email: string) => sql`lower(${email.trim()})`;

/**
 * Counts a wrong password for an address in one statement, so attempts sent at once are all counted; an
 * attempt while the address is locked changes nothing. Returns the lock, if the address is now locked.
 */
async function countFailedSignIn(
  db: Db,
  email: string,
  now: Date,
  policy: LockoutPolicy,
): Promise<Date | undefined> {
  // Rows past their expiry mean nothing any more. Each failure deletes up to 100 of them, more than it
  // adds, and skips any that another request holds, so no sign-in waits on it.
  await db.execute(sql`delete from ${signInFailures} where ${signInFailures.email} in (
    select ${signInFailures.email} from ${signInFailures}
    where ${signInFailures.expiresAt} <= ${now.toISOString()}::timestamptz
    order by ${signInFailures.expiresAt} limit 100 for update skip locked)`);
  const at = sql`${now.toISOString()}::timestamptz`;
  const until = sql`${new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString()}::timestamptz`;
  const lockedNow = sql`${signInFailures.lockedUntil} > ${at}`;
  const failures = sql`case when ${signInFailures.expiresAt} > ${at} then ${signInFailures.failures} + 1 else 1 end`;
  const [row] = await db
    .insert(signInFailures)
    .values({
      email: emailKey(email),
      failures: 1,
      lockedUntil: policy.lockoutFailures <= 1 ? until : null,
      expiresAt: until,
    })
    .onConflictDoUpdate({
      target: signInFailures.email,
      set: {
        failures: sql`case when ${lockedNow} then ${signInFailures.failures} else ${failures} end`,
        lockedUntil: sql`case when ${lockedNow} then ${signInFailures.lockedUntil}
          when ${failures} >= ${policy.lockoutFailures} then ${until} end`,
        expiresAt: sql`case when ${lockedNow} then ${signInFailures.expiresAt} else ${until} end`,
      },
    })
    .returning({ lockedUntil: signInFailures.lockedUntil });
  const lockedUntil = row?.lockedUntil;
  return lockedUntil && lockedUntil > now ? lockedUntil : undefined;
}

/**
 * Forgets an address's failures after the right password, unless it is locked (by attempts sent meanwhile,
 * say); returns the lock if so.
 */
async function clearFailedSignIns(db: Db, email: string, now: Date): Promise<Date | undefined> {
  const key = emailKey(email);
  const cleared = await db
    .delete(signInFailures)
    .where(
      and(
        eq(signInFailures.email, key),
        or(isNull(signInFailures.lockedUntil), lte(signInFailures.lockedUntil, now)),
      ),
    )
    .returning({ email: signInFailures.email });
  if (cleared.length > 0) return undefined;
  const [locked] = await db
    .select({ lockedUntil: signInFailures.lockedUntil })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, key), gt(signInFailures.lockedUntil, now)));
  return locked?.lockedUntil ?? undefined;
}

/** Starts a server-side session; returns the cookie secret (only its hash is stored). */
export async function createSession(db: Db, userId: string, now: Date, hours: number): Promise<string> {
  const secret = newSecret();
  await db.insert(sessions).values({
    id: hashSecret(secret),
    userId,
    csrfToken: newSecret(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
  });
  return secret;
}

/**
 * The user of a session that has not ended: within its SESSION_HOURS, and used within the last
 * `idleMinutes`. Each use moves the session's last use on (at most once a minute, so that reading a page
 * seldom writes), which the page's sign-out warning counts from.
 */
export async function findSessionPrincipal(
  db: Db,
  secret: string,
  now: Date,
  idleMinutes: number,
): Promise<Principal | undefined> {
  const lookup = preparedQuery(db, 'session_principal', (name) =>
    db
      .select({
        ...principalColumns,
        sessionId: sessions.id,
        csrfToken: sessions.csrfToken,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          gt(sessions.expiresAt, sql.placeholder('now')),
          gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
          eq(users.active, true),
        ),
      )
      .prepare(name),
  );
  const idleSince = new Date(now.getTime() - idleMinutes * 60_000);
  const [row] = await lookup.execute({ id: hashSecret(secret), now, idleSince });
  if (!row) return undefined;
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() >= 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
    lastSeenAt = now;
  }
  return {
    ...principalOf(row, 'session'),
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    ...sessionEnd(lastSeenAt, idleMinutes, row.expiresAt),
  };
}

function sessionEnd(lastSeenAt: Date, idleMinutes: number, expiresAt: Date) {
  const idleEnd = new Date(lastSeenAt.getTime() + idleMinutes * 60_000);
  return expiresAt <= idleEnd
    ? { sessionEndsAt: expiresAt, sessionEndIsFinal: true }
    : { sessionEndsAt: idleEnd, sessionEndIsFinal: false };
}

/**
 * Deletes sessions that have ended (past SESSION_HOURS, or unused for `idleMinutes`) and counts of wrong
 * passwords that have expired; says how many of each. Neither can be used again, so nothing is lost.
 */
export async function deleteEndedSessions(
  db: Db,
  now: Date,
  idleMinutes: number,
): Promise<{ sessions: number; signInFailures: number }> {
  const idleSince = new Date(now.getTime() - idleMinutes * 60_000);
  const ended = await db
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, idleSince)))
    .returning({ id: sessions.id });
  const expired = await db
    .delete(signInFailures)
    .where(lte(signInFailures.expiresAt, now))
    .returning({ email: signInFailures.email });
  return { sessions: ended.length, signInFailures: expired.length };
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user at once (e.g. when their access is removed). */
export async function endUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Revokes every API token of a user that is still in use; says how many. */
export async function revokeUserTokens(db: Db, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

/** Issues an API token for an integration; the token is returned once and stored only as a hash. */
export async function createApiToken(
  db: Db,
  userId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const token = newSecret('oc_');
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: hashSecret(token) })
    .returning();
  return { id: row!.id, token };
}

export async function findTokenPrincipal(db: Db, token: string, now: Date): Promise<Principal | undefined> {
  const lookup = preparedQuery(db, 'token_principal', (name) =>
    db
      .select({ ...principalColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, sql.placeholder('hash')),
          isNull(apiTokens.revokedAt),
          eq(users.active, true),
        ),
      )
      .prepare(name),
  );
  const [row] = await lookup.execute({ hash: hashSecret(token) });
  if (!row) return undefined;
  // Recording every use would make each API read a write; once a minute is enough to see what is in use.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return principalOf(row, 'token');
}

/** What a request needs to know of its user, and no more (not the password hash). */
const principalColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  coronerOffice: users.coronerOffice,
  areaCode: users.areaCode,
  organisation: users.organisation,
};

function principalOf(
  user: Pick<User, 'id' | 'name' | 'email' | 'role' | 'coronerOffice' | 'areaCode' | 'organisation'>,
  via: 'session' | 'token',
): Principal {
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    coronerOffice: user.coronerOffice,
    areaCode: user.areaCode,
    organisation: user.organisation,
    via,
  };
}
