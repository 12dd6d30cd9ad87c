import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { NavItem } from '../../platform/views/views.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerLinksApi } from './links.api.ts';
import { linksPermissions } from './links.policy.ts';
import { registerLinksRoutes } from './links.routes.ts';

export { linksJobs, linksPeriodic } from './links.jobs.ts';

/** Possible links between deaths: the alerts queue, decisions, and the possible links of each case. */
export function registerLinks(app: FastifyInstance, deps: AppDeps): void {
  registerLinksRoutes(app, deps);
  registerLinksApi(app, deps);
}

export const LINKS_NAVIGATION: NavItem[] = [
  { text: 'Possible links', href: '/link-alerts', roles: ['coroner', 'officer', 'chief-coroner'] },
  { text: 'Known sites', href: '/known-sites', roles: ['coroner', 'officer', 'system-admin'] },
];

/** The possible-links section of the case page: how many there are, and the way to them. */
export async function linksCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!allows(linksPermissions.read, principal.role)) return [];
  const result = await deps.database.db.execute<{ n: number; urgent: number }>(sql`
    select count(*)::int as n, count(*) filter (where level = 'urgent')::int as urgent
    from possible_links where case_a = ${caseRow.id} or case_b = ${caseRow.id}`);
  const { n, urgent } = result.rows[0] ?? { n: 0, urgent: 0 };
  const count = Number(n);
  const text =
    count === 0
      ? 'Possible links to other deaths: none found'
      : `Possible links to other deaths (${count}${Number(urgent) ? `, ${urgent} urgent` : ''}) — review`;
  return [{ text, href: `/cases/${caseRow.id}/possible-links` }];
}
