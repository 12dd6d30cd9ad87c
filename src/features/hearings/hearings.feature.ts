import type { FastifyInstance } from 'fastify';
import type { AppDeps, BackgroundDeps, CasePageLink, OversightMeasure, PortalSection } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import type { NavItem } from '../../platform/views/views.ts';
import type { CaseRow } from '../cases/cases.queries.ts';
import { registerHearingsApi } from './hearings.api.ts';
import { meetSentNotices } from './hearings.notices.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { registerHearingsPublic } from './hearings.public.ts';
import { countHearingsOfCase, postponedCountsByArea } from './hearings.queries.ts';

/** Hearings: courts and rooms, listing and changes, notices, the public list, calendars and the court diary. */
export function registerHearingsFeature(app: FastifyInstance, deps: AppDeps): void {
  registerHearingsApi(app, deps);
  registerHearingsPublic(app, deps);
}

export const HEARINGS_NAVIGATION: NavItem[] = [
  { text: 'Court diary', href: '/court-diary', roles: ['court-admin', 'coroner', 'officer'] },
  { text: 'Courts', href: '/courts', roles: ['court-admin'] },
];

/** A notice's clock is met once the outbox has sent every message of it. */
export function hearingsPeriodic(deps: BackgroundDeps) {
  return [(_now: Date) => meetSentNotices(deps.database.db)];
}

/** "Hearings (n)" on the case page. */
export async function hearingCaseLinks(
  deps: AppDeps,
  principal: Principal,
  caseRow: CaseRow,
): Promise<CasePageLink[]> {
  if (!allows(hearingPermissions.read, principal.role)) return [];
  const n = await countHearingsOfCase(deps.database.db, caseRow.id);
  return [{ text: `Hearings (${n})`, href: `/cases/${caseRow.id}/hearings` }];
}

/** "Hearings postponed without a date" for each area on the Chief Coroner's oversight page. */
export async function hearingOversightMeasures(
  deps: AppDeps,
  areaCodes: string[],
): Promise<OversightMeasure[]> {
  const counts = await postponedCountsByArea(deps.database.db, areaCodes);
  return areaCodes.map((areaCode) => ({
    areaCode,
    label: 'Hearings postponed without a date',
    value: counts.get(areaCode) ?? 0,
  }));
}

export async function hearingPortalSections(
  _deps: AppDeps,
  _principal: Principal,
  _caseId: string,
): Promise<PortalSection[]> {
  return [];
}
