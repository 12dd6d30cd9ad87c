import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { type Db, preparedQuery } from '../db/database.ts';
import { apiTokens, sessions, users } from './auth.tables.ts';
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
};

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

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), failedSignIns: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'locked'; user?: User; lockedUntil?: Date };

/**
 * Checks an email and password. After `lockoutFailures` wrong passwords in a row the account is locked
 * for `lockoutMinutes`, whatever password is then given.
 */
export async function checkSignIn(
  db: Db,
  email: string,
  password: string,
  now: Date,
  policy: { lockoutFailures: number; lockoutMinutes: number },
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  if (!user?.active) return { ok: false, reason: 'invalid' };
  if (user.lockedUntil && user.lockedUntil > now)
    return { ok: false, reason: 'locked', user, lockedUntil: user.lockedUntil };
  if (!passwordOk) {
    // Counted in the database, one attempt after another, so attempts sent at once are all counted.
    const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    const reaches = sql`${users.failedSignIns} + 1 >= ${policy.lockoutFailures}`;
    const [counted] = await db
      .update(users)
      .set({
        failedSignIns: sql`case when ${reaches} then 0 else ${users.failedSignIns} + 1 end`,
        lockedUntil: sql`case when ${reaches} then ${until}::timestamptz else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({ lockedUntil: users.lockedUntil });
    const lockedUntil = counted?.lockedUntil;
    return lockedUntil && lockedUntil > now
      ? { ok: false, reason: 'locked', user, lockedUntil }
      : { ok: false, reason: 'invalid', user };
  }
  // The right password signs in only if no attempt sent meanwhile has locked the account.
  const [cleared] = await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null })
    .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ id: users.id });
  if (!cleared) {
    const [locked] = await db
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, user.id));
    return { ok: false, reason: 'locked', user, lockedUntil: locked?.lockedUntil ?? now };
  }
  return { ok: true, user };
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

export async function findSessionPrincipal(
  db: Db,
  secret: string,
  now: Date,
): Promise<Principal | undefined> {
  const lookup = preparedQuery(db, 'session_principal', (name) =>
    db
      .select({ ...principalColumns, sessionId: sessions.id, csrfToken: sessions.csrfToken })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          gt(sessions.expiresAt, sql.placeholder('now')),
          eq(users.active, true),
        ),
      )
      .prepare(name),
  );
  const [row] = await lookup.execute({ id: hashSecret(secret), now });
  if (!row) return undefined;
  return { ...principalOf(row, 'session'), sessionId: row.sessionId, csrfToken: row.csrfToken };
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

/** What a request needs to know of its user, and no more (not the password hash, not the lock-out state). */
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
