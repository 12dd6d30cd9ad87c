import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { jobs } from './jobs.tables.ts';
import { enqueueJob, retryDelayMs, runDueJobs } from './jobs.ts';

describe('the job queue', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ ...inject('database'), poolSize: 3 });
  });
  afterAll(() => database.close());

  it('runs a job once, retries a failing one later with backoff, and never loses it', async () => {
    const kind = `test-${randomUUID()}`;
    const seen: string[] = [];
    let failuresLeft = 2;
    const handlers = {
      [kind]: async (job: { payload: Record<string, unknown> }) => {
        if (job.payload.flaky && failuresLeft-- > 0) throw new Error('provider unavailable');
        seen.push(String(job.payload.name));
      },
    };
    const now = new Date('2026-11-25T10:00:00Z');
    await database.db.transaction(async (tx) => {
      await enqueueJob(tx, kind, { name: 'steady' }, { runAt: now });
      await enqueueJob(tx, kind, { name: 'flaky', flaky: true }, { runAt: now });
      await enqueueJob(tx, kind, { name: 'once' }, { runAt: now, uniqueKey: `${kind}-once` });
      await enqueueJob(tx, kind, { name: 'once again' }, { runAt: now, uniqueKey: `${kind}-once` });
    });
    expect(await runDueJobs(database.db, handlers, now)).toBe(3);
    expect(seen.sort()).toEqual(['once', 'steady']);
    expect(await runDueJobs(database.db, handlers, now)).toBe(0);
    const [flaky] = await database.db
      .select()
      .from(jobs)
      .where(eq(jobs.kind, kind))
      .orderBy(jobs.id)
      .offset(1)
      .limit(1);
    expect(flaky!.lastError).toBe('provider unavailable');
    expect(flaky!.runAt.getTime()).toBe(now.getTime() + retryDelayMs(1));
    await runDueJobs(database.db, handlers, new Date(now.getTime() + 60_000));
    await runDueJobs(database.db, handlers, new Date(now.getTime() + 10 * 60_000));
    expect(seen).toContain('flaky');
  });

  it('backs off exponentially up to six hours', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelayMs(40)).toBe(6 * 3_600_000);
  });
});
