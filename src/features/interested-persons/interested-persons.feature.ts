import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerPortalApi } from '../portal/portal.api.ts';
import { registerPortalRoutes } from '../portal/portal.routes.ts';
import { registerInterestedPersonsApi } from './interested-persons.api.ts';
import { interestedPersonPermissions } from './interested-persons.policy.ts';
import { countCasePersons } from './interested-persons.queries.ts';
import { registerInterestedPersonsRoutes } from './interested-persons.routes.ts';
import { registerInvitationRoutes } from './invitations.routes.ts';

/** The register of interested persons, its pages and API, the invitation links, and the portal they lead to. */
export function registerInterestedPersons(app: FastifyInstance, deps: AppDeps): void {
  registerInterestedPersonsApi(app, deps);
  registerInterestedPersonsRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerPortalApi(app, deps);
}

/** "Interested persons (3)" on the case page: those proposed or recognised. */
export async function interestedPersonCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!allows(interestedPersonPermissions.read, principal.role)) return [];
  const n = await countCasePersons(deps.database.db, caseRow.id);
  return [{ text: `Interested persons (${n})`, href: `/cases/${caseRow.id}/interested-persons` }];
}
