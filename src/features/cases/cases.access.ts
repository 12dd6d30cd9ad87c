import { type SQL, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { interestedPersonCaseScope } from '../interested-persons/interested-persons.access.ts';
import { cases } from './cases.tables.ts';

/**
 * Which cases a signed-in user may see: their own area's (staff), every area's (Chief Coroner's office,
 * system administrators), those their organisation reported (evidence providers), those of the interested
 * persons they act for (interested persons and their lawyers). Anyone else sees none,
 * and a case they may not see answers 404 as if it did not exist.
 */
export function caseScope(principal: Principal): SQL {
  switch (principal.role) {
    case 'chief-coroner':
    case 'system-admin':
      return sql`true`;
    case 'coroner':
    case 'officer':
    case 'court-admin':
    case 'local-authority':
      // The receiving area also sees a case being transferred to it, so that it can accept it.
      return principal.areaCode
        ? sql`(${cases.areaCode} = ${principal.areaCode} or (${cases.status} = 'TRANSFER_PENDING' and ${cases.state}->'transfer'->>'toAreaCode' = ${principal.areaCode}))`
        : sql`false`;
    case 'provider':
      return principal.organisation
        ? sql`${cases.reportedBy}->>'organisation' = ${principal.organisation}`
        : sql`false`;
    case 'interested-person':
      return interestedPersonCaseScope(principal.userId);
    default:
      return sql`false`;
  }
}
