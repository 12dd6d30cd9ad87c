import { and, eq, isNull, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { cases } from '../cases/cases.tables.ts';
import { interestedPersons, interestedPersonUsers } from './interested-persons.tables.ts';

/** `isActive` (interested-persons.domain.ts) as a condition on `interested_persons`. */
export function activePerson(): SQL {
  return or(
    eq(interestedPersons.status, 'RECOGNISED'),
    and(eq(interestedPersons.status, 'PROPOSED'), eq(interestedPersons.category, 'FAMILY')),
  )!;
}

/**
 * The one rule for an interested person's access: a user acts for an interested person while their link
 * (their own record, or as legal representative) has not ended and the person is an interested person now
 * (`isActive`: recognised, or family awaiting the coroner's decision).
 * Removing the person, declining them, or ending the link ends access at the next request.
 * For a query joining `interested_person_users` to `interested_persons`.
 */
export function actingFor(userId: string | SQLWrapper): SQL {
  return and(
    eq(interestedPersonUsers.userId, userId),
    isNull(interestedPersonUsers.endedAt),
    activePerson(),
  )!;
}

/** The cases an interested-person user may see (for `caseScope`): those of the interested persons they act for. */
export function interestedPersonCaseScope(userId: string | SQLWrapper): SQL {
  return sql`exists (select 1 from ${interestedPersonUsers}
    join ${interestedPersons} on ${interestedPersons.id} = ${interestedPersonUsers.interestedPersonId}
    where ${actingFor(userId)} and ${interestedPersons.caseId} = ${cases.id})`;
}
