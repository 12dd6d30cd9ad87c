import { inArray } from 'drizzle-orm';
import { type Principal, userNames } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { londonDate } from '../../platform/views/dates.ts';
import {
  type CaseRow,
  getCaseFor,
  listCaseDeadlines,
  listCaseEvents,
  listCasePeople,
} from './cases.queries.ts';
import { cases } from './cases.tables.ts';
import { asReported, type CaseDetail, caseDetail } from './cases.view.ts';

/** Everything the case page and `GET /cases/{id}` show, for a user allowed to see the case. */
export async function loadCaseDetail(db: Db, principal: Principal, id: string, now: Date) {
  const row = await getCaseFor(db, principal, id);
  const loaded = await detailOf(db, row, now);
  return { ...loaded, detail: seenBy(principal, loaded.detail) };
}

/**
 * The case as this user may see it: an evidence provider sees the death as it reported it; a court
 * administrator, who lists its hearings, sees the case without the office's notes and decisions on its
 * timeline, which keeps only what happened to its hearings.
 */
export function seenBy(principal: Principal, detail: CaseDetail): CaseDetail {
  if (principal.role === 'provider') return asReported(detail);
  if (principal.role === 'court-admin')
    return { ...detail, events: detail.events.filter((e) => e.type.startsWith('HEARING_')) };
  return detail;
}

export async function detailOf(db: Db, row: CaseRow, now: Date) {
  // Everything here follows from the case row, so it is asked for at once rather than one after another.
  const linked = [row.supersedesCaseId, row.supersededByCaseId].filter((x): x is string => Boolean(x));
  const [events, people, deadlines, users, refs] = await Promise.all([
    listCaseEvents(db, row.id),
    listCasePeople(db, row.id),
    listCaseDeadlines(db, row.id, londonDate(now)),
    userNames(db, [row.assignedCoronerId, row.assignedOfficerId]),
    linked.length
      ? db.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, linked))
      : Promise.resolve([]),
  ]);
  return {
    row,
    detail: caseDetail(row, {
      events,
      people,
      users,
      references: new Map(refs.map((r) => [r.id, r.reference])),
      deadlines,
    }),
  };
}
