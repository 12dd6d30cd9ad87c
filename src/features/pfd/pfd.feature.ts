import type { FastifyInstance } from 'fastify';
import type { AppDeps, BackgroundDeps, CasePageLink, OversightMeasure } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { londonDate } from '../../platform/views/dates.ts';
import type { NavItem } from '../../platform/views/views.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerOpenDataRoutes } from '../open-data/open-data.routes.ts';
import { registerStatisticsApi } from '../statistics/statistics.api.ts';
import { registerStatisticsRoutes } from '../statistics/statistics.routes.ts';
import { registerPfdApi } from './pfd.api.ts';
import { REMINDER_JOB, sendReminder } from './pfd.commands.ts';
import type { ReminderStage } from './pfd.domain.ts';
import { pfdPermissions } from './pfd.policy.ts';
import { registerPfdPublicRoutes } from './pfd.public.routes.ts';
import { overdueCountsByArea, reportsOfCase } from './pfd.queries.ts';
import { registerPfdRoutes } from './pfd.routes.ts';

/** Prevention of Future Deaths reports, the annual statistics and the open data built on both. */
export function registerPfdFeature(app: FastifyInstance, deps: AppDeps): void {
  registerPfdRoutes(app, deps);
  registerPfdPublicRoutes(app, deps);
  registerPfdApi(app, deps);
  registerStatisticsRoutes(app, deps);
  registerStatisticsApi(app, deps);
  registerOpenDataRoutes(app, deps);
}

export const PFD_NAVIGATION: NavItem[] = [
  { text: 'PFD reports', href: '/pfd-reports', roles: ['coroner', 'officer', 'chief-coroner'] },
  {
    text: 'Statistics',
    href: '/statistics',
    roles: ['coroner', 'officer', 'court-admin', 'chief-coroner', 'system-admin', 'local-authority'],
  },
];

/** The reminder job (queued when a report is sent; skipped once the recipient has responded). */
export function pfdJobs(deps: BackgroundDeps): Record<string, JobHandler> {
  return {
    [REMINDER_JOB]: async (job, { db, now }) => {
      await sendReminder(
        db,
        job.payload as { recipientId: string; stage: ReminderStage; dueOn: string },
        now,
        deps.notifier,
      );
    },
  };
}

/** "Prevention of future deaths report" links on the case page. */
export async function pfdCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  const roles = pfdPermissions.read.kind === 'roles' ? pfdPermissions.read.roles : [];
  if (!roles.includes(principal.role)) return [];
  const reports = await reportsOfCase(deps.database.db, caseRow.id);
  const links: CasePageLink[] = reports.map((r) => ({
    text: `Prevention of future deaths report ${r.reference}${r.status === 'DRAFT' ? ' (draft)' : ''}`,
    href: `/pfd-reports/${r.id}`,
  }));
  if (
    principal.role === 'coroner' &&
    principal.areaCode === caseRow.areaCode &&
    caseRow.state.investigationOpenedAt &&
    caseRow.status !== 'QUASHED'
  )
    links.push({
      text: 'Write a prevention of future deaths report',
      href: `/cases/${caseRow.id}/pfd-reports/new`,
    });
  return links;
}

/** "PFD responses overdue" for each area on the Chief Coroner's oversight page. */
export async function pfdOversightMeasures(deps: AppDeps, areaCodes: string[]): Promise<OversightMeasure[]> {
  const counts = await overdueCountsByArea(deps.database.db, areaCodes, londonDate(deps.clock.now()));
  return areaCodes.map((areaCode) => ({
    areaCode,
    label: 'PFD responses overdue',
    value: counts.get(areaCode) ?? 0,
    href: `/pfd-reports/overdue?area=${areaCode}`,
  }));
}
