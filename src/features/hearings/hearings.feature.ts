import type { FastifyInstance } from 'fastify';
import type { AppDeps, BackgroundDeps, CasePageLink, OversightMeasure, PortalSection } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import { govukDateTime, londonDate } from '../../platform/views/dates.ts';
import type { NavItem } from '../../platform/views/views.ts';
import { CLOSED_STATUSES } from '../cases/cases.domain.ts';
import { type CaseRow, findCase } from '../cases/cases.queries.ts';
import { registerHearingsApi } from './hearings.api.ts';
import { registerCalendarRoutes } from './hearings.calendar.ts';
import { registerCourtRoutes } from './hearings.courts.routes.ts';
import { courtAddress, findCourt, findRoom } from './hearings.courts.ts';
import { HEARING_TYPE_LABELS } from './hearings.domain.ts';
import { meetSentNotices } from './hearings.notices.ts';
import { hearingPermissions } from './hearings.policy.ts';
import { registerHearingsPublic } from './hearings.public.ts';
import {
  countHearingsOfCase,
  hearingsOfCase,
  isInterestedPersonOf,
  postponedCountsByArea,
} from './hearings.queries.ts';
import { registerHearingRoutes } from './hearings.routes.ts';

/** Hearings: courts and rooms, listing and changes, notices, the public list, calendars and the court diary. */
export function registerHearingsFeature(app: FastifyInstance, deps: AppDeps): void {
  registerHearingsApi(app, deps);
  registerHearingsPublic(app, deps);
  registerHearingRoutes(app, deps);
  registerCourtRoutes(app, deps);
  registerCalendarRoutes(app, deps);
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

/** For an interested person: the case's hearings from today, and the link to add them to a calendar. */
export async function hearingPortalSections(
  deps: AppDeps,
  principal: Principal,
  caseId: string,
): Promise<PortalSection[]> {
  const { db } = deps.database;
  if (principal.role !== 'interested-person' || !(await isInterestedPersonOf(db, principal.userId, caseId)))
    return [];
  const today = londonDate(deps.clock.now());
  const rows = (await hearingsOfCase(db, caseId)).filter(
    (h) => londonDate(h.startsAt) >= today && (h.status === 'LISTED' || h.status === 'POSTPONED'),
  );
  const hearings = await Promise.all(
    rows.map(async (h) => {
      const [court, room] = await Promise.all([
        findCourt(db, h.courtId),
        h.roomId ? findRoom(db, h.roomId) : undefined,
      ]);
      return {
        type: HEARING_TYPE_LABELS[h.type],
        when: h.status === 'POSTPONED' ? 'new date to be set' : govukDateTime(h.startsAt),
        where: `${court!.name}${room ? `, ${room.name}` : ''}, ${courtAddress(court!)}`,
        note: h.status === 'POSTPONED' ? 'Postponed' : '',
      };
    }),
  );
  // A case that has ended has no hearings to come: say so, rather than promise dates.
  const caseRow = hearings.length ? undefined : await findCase(db, caseId);
  const ended = Boolean(caseRow && CLOSED_STATUSES.includes(caseRow.status));
  return [
    {
      title: 'Hearings',
      html: deps.views.env.render('hearings/views/portal-section.njk', { hearings, caseId, ended }),
    },
  ];
}
