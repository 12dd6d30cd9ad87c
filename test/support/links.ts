import { and, eq, isNull, sql } from 'drizzle-orm';
import { ASSESS_JOB, assessStoredCase } from '../../src/features/links/links.jobs.ts';
import { jobs } from '../../src/platform/jobs/jobs.tables.ts';
import type { TestApp } from './test-app.ts';

/**
 * Runs the queued link assessments of the given cases (only theirs: other tests share the database and
 * its job queue), as the job runner would, and marks the jobs done. Returns how many ran.
 */
export async function runLinkAssessments(t: TestApp, caseIds: readonly string[]): Promise<number> {
  let ran = 0;
  for (const caseId of caseIds) {
    const queued = await t.db
      .select()
      .from(jobs)
      .where(
        and(eq(jobs.kind, ASSESS_JOB), isNull(jobs.doneAt), sql`${jobs.payload}->>'caseId' = ${caseId}`),
      );
    for (const job of queued) {
      await assessStoredCase(
        { database: t.database, notifier: t.notifier, config: t.config },
        caseId,
        t.clock.now(),
      );
      await t.db.update(jobs).set({ doneAt: t.clock.now() }).where(eq(jobs.id, job.id));
      ran += 1;
    }
  }
  return ran;
}
