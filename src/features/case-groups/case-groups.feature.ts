import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerCaseGroupsApi } from './case-groups.api.ts';
import { caseGroupPermissions } from './case-groups.policy.ts';
import { groupOfCase } from './case-groups.queries.ts';
import { type GroupLinks, registerCaseGroupRoutes } from './case-groups.routes.ts';

export function registerCaseGroups(app: FastifyInstance, deps: AppDeps, groupLinks?: GroupLinks): void {
  registerCaseGroupRoutes(app, deps, groupLinks);
  registerCaseGroupsApi(app, deps);
}

/** On the case page: the group the inquest is heard with, or a way to form one. */
export async function caseGroupCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!allows(caseGroupPermissions.read, principal.role)) return [];
  const group = await groupOfCase(deps.database.db, caseRow.id);
  if (group)
    return [{ text: `Heard together with other inquests: ${group.name}`, href: `/case-groups/${group.id}` }];
  if (
    allows(caseGroupPermissions.write, principal.role) &&
    principal.areaCode === caseRow.areaCode &&
    !caseRow.closedOn
  )
    return [
      { text: 'Hear this inquest with others', href: `/case-groups/new?reference=${caseRow.reference}` },
    ];
  return [];
}
