import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { AppError } from '../../platform/http/errors.ts';
import { interestedPersonCaseScope } from '../interested-persons/interested-persons.access.ts';
import { cases } from './cases.tables.ts';

/**
 * Which cases a signed-in user may see: their own area's (staff), every area's (Chief Coroner's office,
 * system administrators), those their organisation reported (evidence providers), those of the interested
 * persons they act for (interested persons and their lawyers). Anyone else sees none,
 * and a case they may not see answers 404 as if it did not exist.
 *
 * The SQL depends only on the role and on which values it binds (never on the values themselves): the case
 * list reuses a statement prepared for one user's scope for every user whose scope binds the same names.
 */
export function caseScope(principal: Principal, bind: Bind = inline): SQL {
  switch (principal.role) {
    case 'chief-coroner':
    case 'system-admin':
      return sql`true`;
    case 'coroner':
    case 'officer':
    case 'court-admin':
    case 'local-authority':
      // The receiving area also sees a case being transferred to it, so that it can accept it.
      if (!principal.areaCode) return sql`false`;
      return sql`(${cases.areaCode} = ${bind('scopeArea', principal.areaCode)} or (${cases.status} = 'TRANSFER_PENDING' and ${cases.state}->'transfer'->>'toAreaCode' = ${bind('scopeArea', principal.areaCode)}))`;
    case 'provider':
      return principal.organisation
        ? sql`${cases.reportedBy}->>'organisation' = ${bind('scopeOrganisation', principal.organisation)}`
        : sql`false`;
    case 'interested-person':
      return interestedPersonCaseScope(bind('scopeUser', principal.userId));
    default:
      return sql`false`;
  }
}

/** How a value enters a query: as itself, or as a named placeholder of a statement prepared once. */
export type Bind = (name: string, value: string) => string | SQLWrapper;
const inline: Bind = (_name, value) => value;

/**
 * Staff of a coroner area change only their own area's cases. The receiving area sees a case being
 * transferred to it (`caseScope`) so that it can accept it, and changes it only once it has; the Chief
 * Coroner's office is not bound to an area.
 */
export function requireOwnArea(principal: Principal, caseAreaCode: string): void {
  if (ofAnotherArea(principal, caseAreaCode))
    throw new AppError(
      'FORBIDDEN',
      'Only staff of the case’s own coroner area can change it. A case being transferred to your area can be changed once your area has accepted it.',
    );
}

/**
 * Whether the user is staff of a coroner area other than the case's: one receiving it by transfer, who sees it
 * so as to accept it and changes nothing else until then (`requireOwnArea`).
 */
export const ofAnotherArea = (principal: Principal, caseAreaCode: string): boolean =>
  ['coroner', 'officer', 'court-admin'].includes(principal.role) && principal.areaCode !== caseAreaCode;
