import type { FastifyInstance } from 'fastify';
import type { AppDeps, CasePageLink, OversightMeasure } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { CaseGroupView } from '../case-groups/case-groups.schema.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerJudgeLedApi } from './judge-led.api.ts';
import { OPEN_STATUSES, STATUS_LABELS } from './judge-led.domain.ts';
import { judgeLedPermissions } from './judge-led.policy.ts';
import { awaitingDecisionByArea, requestsOfCase, requestsOfGroup } from './judge-led.queries.ts';
import { registerJudgeLedRoutes } from './judge-led.routes.ts';

export function registerJudgeLed(app: FastifyInstance, deps: AppDeps): void {
  registerJudgeLedRoutes(app, deps);
  registerJudgeLedApi(app, deps);
}

/** On the case page: the case's judge-led requests, or a way for its coroner to ask for one. */
export async function judgeLedCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!allows(judgeLedPermissions.read, principal.role)) return [];
  const requests = await requestsOfCase(deps.database.db, caseRow.id);
  const links: CasePageLink[] = requests.map((r) => ({
    text: `Judge-led inquest: ${statusText(r.status)}`,
    href: `/judge-led-requests/${r.id}`,
  }));
  if (
    allows(judgeLedPermissions.request, principal.role) &&
    principal.areaCode === caseRow.areaCode &&
    !caseRow.closedOn &&
    !requests.some((r) => OPEN_STATUSES.includes(r.status))
  )
    links.push({ text: 'Ask for a judge-led inquest', href: `/judge-led-requests/new?caseId=${caseRow.id}` });
  return links;
}

const statusText = (status: keyof typeof STATUS_LABELS) =>
  `${STATUS_LABELS[status].charAt(0).toLowerCase()}${STATUS_LABELS[status].slice(1)}`;

/** On a group's page: its judge-led requests, or a way for the area's coroner to ask for one. */
export async function judgeLedGroupLinks(
  deps: AppDeps,
  principal: Principal,
  group: CaseGroupView,
): Promise<CasePageLink[]> {
  if (!allows(judgeLedPermissions.read, principal.role)) return [];
  const requests = await requestsOfGroup(deps.database.db, group.id);
  const links: CasePageLink[] = requests.map((r) => ({
    text: `Judge-led inquests: ${statusText(r.status)}`,
    href: `/judge-led-requests/${r.id}`,
  }));
  if (
    allows(judgeLedPermissions.request, principal.role) &&
    principal.areaCode === group.areaCode &&
    group.cases.length > 0 &&
    !requests.some((r) => OPEN_STATUSES.includes(r.status))
  )
    links.push({
      text: 'Ask the Chief Coroner for a judge to lead these inquests',
      href: `/judge-led-requests/new?groupId=${group.id}`,
    });
  return links;
}

/** "Judge-led requests awaiting decision" for each area on the Chief Coroner's oversight page. */
export async function judgeLedOversightMeasures(
  deps: AppDeps,
  areaCodes: string[],
): Promise<OversightMeasure[]> {
  const counts = await awaitingDecisionByArea(deps.database.db);
  return areaCodes.map((areaCode) => ({
    areaCode,
    label: 'Judge-led requests awaiting decision',
    value: counts.get(areaCode) ?? 0,
    href: '/judge-led-requests?status=REQUESTED',
  }));
}
