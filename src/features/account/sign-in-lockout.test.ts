import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { setPassword } from '../../platform/auth/auth.queries.ts';
import { users } from '../../platform/auth/auth.tables.ts';

const PASSWORD = 'correct horse battery staple';
const START = '2026-11-25T10:00:00Z';
const minutesLater = (minutes: number) => new Date(new Date(START).getTime() + minutes * 60_000);

// The lock-out must not tell anyone which addresses have accounts: an address with none is answered, counted
// and locked exactly as an account is.
describe('sign-in lock-out, for addresses with and without accounts', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  // A database of its own: writing a failure clears others' expired ones, and this file moves its clock on.
  beforeAll(async () => {
    const isolated = await isolatedDatabase();
    drop = isolated.drop;
    t = await createTestApp({
      env: { SIGN_IN_LOCKOUT_FAILURES: '3', SIGN_IN_LOCKOUT_MINUTES: '15' },
      database: isolated.database,
      now: START,
    });
  });
  afterAll(async () => {
    await t.close();
    await drop();
  });
  afterEach(() => t.clock.set(START));

  /** Posts the sign-in form as a fresh visitor; returns the status and the page with what varies taken out. */
  async function signIn(email: string, password: string) {
    const form = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    });
    const page = res.body
      .replaceAll(csrf, 'CSRF')
      .replaceAll(email, 'EMAIL')
      .replace(/nonce="[^"]*"/g, 'nonce=""');
    return {
      status: res.statusCode,
      page,
      location: res.headers.location,
      requestId: String(res.headers['x-request-id']),
    };
  }

  /** What a person sees of an answer (each request has its own id). */
  const same = ({ requestId: _, ...seen }: Awaited<ReturnType<typeof signIn>>) => seen;
  const unknownEmail = () => `nobody-${randomUUID()}@test.example`;
  const INVALID = 'Enter a correct email address and password';
  const LOCKED =
    'This account is locked after too many wrong passwords. Try again after 25 November 2026 at 10:15am.';

  it('answers an unknown address as an account with a wrong password, then locks it the same way', async () => {
    const user = await t.user('system-admin', { password: PASSWORD });
    const unknown = unknownEmail();
    for (let i = 0; i < 2; i++) {
      const real = await signIn(user.email, 'wrong password');
      const none = await signIn(unknown, 'wrong password');
      expect(real.status).toBe(400);
      expect(real.page).toContain(INVALID);
      expect(same(none)).toEqual(same(real));
    }
    const real = await signIn(user.email, 'wrong password');
    const none = await signIn(unknown, 'wrong password');
    expect(real.status).toBe(403);
    expect(real.page).toContain(LOCKED);
    expect(same(none)).toEqual(same(real));

    // Locked for the same time, whatever password is given.
    t.clock.set(minutesLater(14));
    const rightPassword = await signIn(user.email, PASSWORD);
    expect(rightPassword.status).toBe(403);
    expect(rightPassword.page).toContain(LOCKED);
    expect(same(await signIn(unknown, 'any password'))).toEqual(same(rightPassword));

    // Once the lock has passed, the account signs in and the unknown address is answered as before.
    t.clock.set(minutesLater(16));
    const after = await signIn(user.email, PASSWORD);
    expect(after.status).toBe(303);
    expect(after.location).toBe('/cases');
    const none2 = await signIn(unknown, 'wrong password');
    expect(none2.status).toBe(400);
    expect(none2.page).toContain(INVALID);
  });

  it('counts an unknown address however it is typed, as an account is found', async () => {
    const unknown = unknownEmail();
    await signIn(unknown, 'wrong password');
    await signIn(`  ${unknown.toUpperCase()} `, 'wrong password');
    const third = await signIn(unknown.replace('nobody', 'NoBody'), 'wrong password');
    expect(third.status).toBe(403);
    expect(third.page).toContain(LOCKED);
  });

  it('locks a closed account as it locks an unknown address, even against its right password', async () => {
    const user = await t.user('system-admin', { password: PASSWORD });
    await t.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    const closed: Awaited<ReturnType<typeof signIn>>[] = [];
    for (let i = 0; i < 3; i++) closed.push(await signIn(user.email, PASSWORD));
    expect(closed.map((r) => r.status)).toEqual([400, 400, 403]);
    expect(closed[2]!.page).toContain(LOCKED);
  });

  it('records every refused sign-in, naming only accounts that exist, so both take the same work', async () => {
    const user = await t.user('system-admin', { password: PASSWORD });
    const unknown = unknownEmail();
    const unknownAttempts: string[] = [];
    for (let i = 0; i < 4; i++) {
      unknownAttempts.push((await signIn(unknown, 'wrong password')).requestId);
      await signIn(user.email, 'wrong password');
    }
    const events = await t.db.execute(
      sql`select action from audit_events where subject_id = ${user.id} order by seq`,
    );
    expect(events.rows.map((r) => r.action)).toEqual([
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_LOCKED',
      'SIGN_IN_LOCKED',
    ]);
    const forUnknown = await t.db.execute(
      sql`select action, actor_id, subject_id, detail::text as detail from audit_events
          where request_id in (${sql.join(unknownAttempts, sql`, `)}) order by seq`,
    );
    expect(forUnknown.rows).toEqual(
      ['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_LOCKED', 'SIGN_IN_LOCKED'].map((action) => ({
        action,
        actor_id: null,
        subject_id: null,
        detail: '{}',
      })),
    );
    const strays = await t.db.execute(
      sql`select count(*)::int as n from audit_events
          where action like 'SIGN_IN%' and subject_id not in (select id::text from users)`,
    );
    expect(strays.rows[0]).toEqual({ n: 0 });
  });

  it('forgets a run of wrong passwords once the lock-out period passes without one', async () => {
    const user = await t.user('system-admin', { password: PASSWORD });
    const unknown = unknownEmail();
    for (const email of [user.email, unknown]) {
      await signIn(email, 'wrong password');
      await signIn(email, 'wrong password');
    }
    t.clock.set(minutesLater(16));
    for (const email of [user.email, unknown])
      expect((await signIn(email, 'wrong password')).status).toBe(400);
  });

  it('deletes the failures of other addresses once they have expired, so the table cannot grow', async () => {
    const old = unknownEmail();
    await signIn(old, 'wrong password');
    const count = () =>
      t.db.execute(sql`select count(*)::int as n from sign_in_failures where email = ${old}`);
    expect((await count()).rows[0]).toEqual({ n: 1 });
    t.clock.set(minutesLater(16));
    await signIn(unknownEmail(), 'wrong password');
    expect((await count()).rows[0]).toEqual({ n: 0 });
  });

  it('lifts the lock when the password is reset', async () => {
    const user = await t.user('system-admin', { password: PASSWORD });
    for (let i = 0; i < 3; i++) await signIn(user.email, 'wrong password');
    expect((await signIn(user.email, PASSWORD)).status).toBe(403);
    await setPassword(t.db, user.id, 'a new password entirely');
    expect((await signIn(user.email, 'a new password entirely')).status).toBe(303);
  });
});
