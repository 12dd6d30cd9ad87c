import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { jobs } from './jobs.tables.ts';

export type Job = typeof jobs.$inferSelect;

/** What a job kind does; throwing makes the job retry with backoff. */
export type JobHandler = (job: Job, ctx: { db: Db; now: Date }) => Promise<void>;

/**
 * Queues a job in the caller's transaction, so it exists exactly when the change that needs it commits.
 * A `uniqueKey` makes queueing idempotent (a nightly run is queued once per night).
 */
export async function enqueueJob(
  tx: Db,
  kind: string,
  payload: Record<string, unknown>,
  options: { runAt: Date; uniqueKey?: string; maxAttempts?: number },
): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      kind,
      payload,
      runAt: options.runAt,
      uniqueKey: options.uniqueKey ?? null,
      maxAttempts: options.maxAttempts ?? 10,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey });
}

/** Exponential backoff: 30 s, 1 min, 2 min, … capped at 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/**
 * Claims due jobs with `FOR UPDATE SKIP LOCKED` (several workers never take the same job), runs each
 * and records the outcome. Returns how many ran.
 */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  now: Date,
  limit = 20,
): Promise<number> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  const claimed = await db.transaction(async (tx) => {
    const due = await tx.execute<{ id: number }>(sql`
      select id from jobs
      where done_at is null and run_at <= ${now} and attempts < max_attempts
        and (locked_until is null or locked_until < ${now})
        and kind in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})
      order by run_at, id
      limit ${limit}
      for update skip locked`);
    const ids = due.rows.map((r) => Number(r.id));
    if (ids.length === 0) return [] as Job[];
    return tx
      .update(jobs)
      .set({ lockedUntil: new Date(now.getTime() + 10 * 60_000), attempts: sql`${jobs.attempts} + 1` })
      .where(
        sql`${jobs.id} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )
      .returning();
  });
  for (const job of claimed) {
    try {
      await handlers[job.kind]!(job, { db, now });
      await db
        .update(jobs)
        .set({ doneAt: now, lockedUntil: null, lastError: null })
        .where(eq(jobs.id, job.id));
    } catch (error) {
      await db
        .update(jobs)
        .set({
          lockedUntil: null,
          lastError: String((error as Error).message ?? error).slice(0, 2000),
          runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
        })
        .where(and(eq(jobs.id, job.id)));
    }
  }
  return claimed.length;
}

/** Polls for due jobs every `intervalMs` until stopped; on PGlite this runs in the server process. */
export function startJobRunner(
  db: Db,
  handlers: Record<string, JobHandler>,
  clock: Clock,
  logger: Logger,
  options: { intervalMs?: number; periodic?: ((now: Date) => Promise<unknown>)[] } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 5_000;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = (async () => {
      try {
        while (!stopped && (await runDueJobs(db, handlers, clock.now())) > 0) {
          // keep going while there is work
        }
        for (const task of options.periodic ?? []) if (!stopped) await task(clock.now());
      } catch (error) {
        logger.error({ err: error }, 'job runner failed');
      }
    })();
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
