import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { ensureArea } from '../../src/features/areas/areas.queries.ts';
import { ASSESS_JOB, assessStoredCase } from '../../src/features/links/links.jobs.ts';
import { linkAlerts } from '../../src/features/links/links.tables.ts';
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

/**
 * Alerts in one coroner area's queue, as the nightly scan raises them (a possible cluster each, with no cases
 * of its own), raised an hour apart back from the app's clock: for tests of the queue itself. Returns their
 * ids newest first, the order the queue shows alerts of one status and level.
 */
export async function queuedAlerts(
  t: TestApp,
  areaCode: string,
  count: number,
  options: { status?: 'OPEN' | 'CONFIRMED' | 'DISMISSED'; level?: 'review' | 'urgent'; label?: string } = {},
): Promise<string[]> {
  const { status = 'OPEN', level = 'review', label = 'queued' } = options;
  const now = t.clock.now();
  const rows = await t.db
    .insert(linkAlerts)
    .values(
      Array.from({ length: count }, (_, i) => ({
        kind: 'cluster' as const,
        level,
        areaCodes: [areaCode],
        signalKey: `test:${randomUUID()}`,
        caseIds: [],
        summary: `Possible cluster — review: ${label} alert ${i + 1} in ${areaCode}`,
        score: null,
        reasons: [],
        status,
        raisedAt: new Date(now.getTime() - (i + 1) * 3_600_000),
        updatedAt: now,
        decidedAt: status === 'OPEN' ? null : now,
        decisionReason: status === 'DISMISSED' ? 'Unrelated deaths' : null,
      })),
    )
    .returning({ id: linkAlerts.id });
  return rows.map((r) => r.id);
}

/** A coroner area of the test's own, so that its queues hold only what the test puts there. */
export async function freshArea(t: TestApp): Promise<string> {
  for (;;) {
    const code = `Q${randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 3)
      .toUpperCase()
      .padEnd(3, 'Q')}`;
    if (await ensureArea(t.db, { code, name: `Test area ${code}`, localAuthorities: [], courts: [] }))
      return code;
  }
}
