import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import { enqueueJob, type JobHandler } from '../jobs/jobs.ts';
import { londonDate, londonParts } from '../views/dates.ts';
import { deleteEndedSessions } from './auth.queries.ts';

export const HOUSEKEEPING_JOB = 'auth.housekeeping';
/** The hour (London time) from which each day's housekeeping is queued. */
export const HOUSEKEEPING_HOUR = 3;

/** Deletes the sessions and counts of wrong passwords that have ended, once a day. */
export function authJobs(deps: { idleMinutes: number; logger: Logger }): Record<string, JobHandler> {
  return {
    [HOUSEKEEPING_JOB]: async (_job, { db, now }) => {
      const deleted = await deleteEndedSessions(db, now, deps.idleMinutes);
      deps.logger.info({ deleted }, 'ended sessions deleted');
    },
  };
}

/** Queues the day's housekeeping once, from HOUSEKEEPING_HOUR. */
export function authPeriodic(db: Db) {
  return async (now: Date) => {
    if (londonParts(now).hour < HOUSEKEEPING_HOUR) return;
    const day = londonDate(now);
    await enqueueJob(db, HOUSEKEEPING_JOB, { day }, { runAt: now, uniqueKey: `auth-housekeeping:${day}` });
  };
}
