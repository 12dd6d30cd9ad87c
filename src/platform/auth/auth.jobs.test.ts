import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import type { Database } from '../db/database.ts';
import { runDueJobs } from '../jobs/jobs.ts';
import { authJobs, authPeriodic, HOUSEKEEPING_JOB } from './auth.jobs.ts';
import { createSession, createUser } from './auth.queries.ts';
import { sessions, signInFailures } from './auth.tables.ts';
import { hashSecret } from './tokens.ts';

// A database of its own: the housekeeping deletes by the time, and other tests' sessions live at other times.
describe('daily housekeeping of sessions and sign-in failures', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
  });
  afterAll(() => drop());

  const at = (iso: string) => new Date(iso);

  it('deletes sessions that have ended and expired counts of wrong passwords, and nothing else', async () => {
    const { db } = database;
    const user = await createUser(db, { email: 'admin@test.example', name: 'Admin', role: 'system-admin' });
    // Signed in at 08:00 for 12 hours, last used at 08:00: ended for want of use at 09:00.
    const idle = await createSession(db, user.id, at('2026-11-25T08:00:00Z'), 12);
    // Signed in the day before for 12 hours: past its end.
    const old = await createSession(db, user.id, at('2026-11-24T09:00:00Z'), 12);
    // Used at 09:30: still going at 10:00.
    const live = await createSession(db, user.id, at('2026-11-25T09:30:00Z'), 12);
    await db.insert(signInFailures).values([
      { email: 'gone@test.example', failures: 2, expiresAt: at('2026-11-25T09:59:00Z') },
      { email: 'kept@test.example', failures: 4, expiresAt: at('2026-11-25T10:10:00Z') },
    ]);
    const now = at('2026-11-25T10:00:00Z');
    await authPeriodic(db)(now);
    const handlers = authJobs({ idleMinutes: 60, logger: pino({ level: 'silent' }) });
    expect(await runDueJobs(db, handlers, now)).toBe(1);
    const left = await db.select({ id: sessions.id }).from(sessions);
    expect(left.map((s) => s.id)).toEqual([hashSecret(live)]);
    expect([idle, old].map(hashSecret)).not.toContain(left[0]!.id);
    const failures = await db.select({ email: signInFailures.email }).from(signInFailures);
    expect(failures).toEqual([{ email: 'kept@test.example' }]);
  });

  it('is queued once a day, from three in the morning London time', async () => {
    const { db } = database;
    const queued = async () =>
      (
        await db.execute<{ n: number }>(
          sql`select count(*)::int as n from jobs where kind = ${HOUSEKEEPING_JOB} and done_at is null`,
        )
      ).rows[0]!.n;
    const periodic = authPeriodic(db);
    // 02:59 in London in summer time is 01:59 UTC.
    await periodic(at('2026-07-01T01:59:00Z'));
    expect(await queued()).toBe(0);
    await periodic(at('2026-07-01T02:00:00Z'));
    await periodic(at('2026-07-01T05:00:00Z'));
    expect(await queued()).toBe(1);
    await periodic(at('2026-07-02T02:30:00Z'));
    expect(await queued()).toBe(2);
  });
});
