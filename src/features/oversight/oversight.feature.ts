import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink, OversightMeasure } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { NavItem } from '../../platform/views/views.ts';
import { caseGroupCaseLinks, registerCaseGroups } from '../case-groups/case-groups.feature.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import {
  judgeLedCaseLinks,
  judgeLedGroupLinks,
  judgeLedOversightMeasures,
  registerJudgeLed,
} from '../judge-led/judge-led.feature.ts';
import { registerLocalAuthorityRoutes } from '../local-authority/local-authority.routes.ts';
import { registerOversightRoutes } from './oversight.routes.ts';

/**
 * The oversight chain: inquests heard together, judge-led inquests (request, the Chief Coroner's decision,
 * the local authority's appointment of the judge), the Chief Coroner's view of every area and the local
 * authority's view of the areas it funds.
 */
export async function registerOversightChain(app: FastifyInstance, deps: AppDeps): Promise<void> {
  registerCaseGroups(app, deps, (principal, group) => judgeLedGroupLinks(deps, principal, group));
  registerJudgeLed(app, deps);
  registerOversightRoutes(app, deps);
  registerLocalAuthorityRoutes(app, deps);
}

export const OVERSIGHT_NAVIGATION: NavItem[] = [
  { text: 'Oversight', href: '/oversight', roles: ['chief-coroner'] },
  { text: 'Your areas', href: '/local-authority', roles: ['local-authority'] },
  { text: 'Case groups', href: '/case-groups', roles: ['coroner', 'officer'] },
  {
    text: 'Judge-led inquests',
    href: '/judge-led-requests',
    roles: ['coroner', 'chief-coroner', 'local-authority'],
  },
];

export async function oversightChainCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  return (
    await Promise.all([
      caseGroupCaseLinks(deps, principal, caseRow),
      judgeLedCaseLinks(deps, principal, caseRow),
    ])
  ).flat();
}

/** Figures this chain adds to the oversight page: judge-led requests awaiting the Chief Coroner's decision. */
export function oversightChainMeasures(deps: AppDeps, areaCodes: string[]): Promise<OversightMeasure[]> {
  return judgeLedOversightMeasures(deps, areaCodes);
}
