import { and, asc, eq, inArray } from 'drizzle-orm';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import type { Db } from '../../platform/db/database.ts';
import { appendCaseEvent } from '../cases/cases.commands.ts';
import { cases } from '../cases/cases.tables.ts';
import { interestedPersons, interestedPersonUsers } from './interested-persons.tables.ts';

const DEMO_FAMILY_EMAIL = 'family@example.org';

/**
 * Demo data: the demo family account (Joan Walsh) as a recognised interested person of the earliest open
 * East London case, with the police and a solicitor's client beside her. Does nothing without such a
 * case or the demo accounts, or once the family account is already linked to a case.
 */
export async function seedDemoInterestedPersons(tx: Db, now: Date): Promise<string | undefined> {
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [DEMO_FAMILY_EMAIL, 'coroner@example.org']));
  const family = people.find((p) => p.email === DEMO_FAMILY_EMAIL)?.id;
  const coroner = people.find((p) => p.email === 'coroner@example.org')?.id;
  if (!family || !coroner) return undefined;
  const [linked] = await tx
    .select({ id: interestedPersonUsers.interestedPersonId })
    .from(interestedPersonUsers)
    .where(eq(interestedPersonUsers.userId, family))
    .limit(1);
  if (linked) return undefined;
  const [target] = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.areaCode, 'EL'),
        inArray(cases.status, [
          'INVESTIGATION_OPEN',
          'INQUEST_OPENED',
          'SUSPENDED',
          'REPORTED',
          'PRELIMINARY_ENQUIRIES',
        ]),
      ),
    )
    .orderBy(asc(cases.reportedAt))
    .limit(1);
  if (!target) return undefined;
  const decided = {
    status: 'RECOGNISED' as const,
    decidedBy: coroner,
    decidedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const rows = await tx
    .insert(interestedPersons)
    .values([
      {
        caseId: target.id,
        name: 'Joan Walsh',
        category: 'FAMILY',
        relationship: 'Mother',
        email: DEMO_FAMILY_EMAIL,
        phone: '020 7946 0123',
        preferredChannel: 'email',
        isFamilyContact: true,
        representative: {
          name: 'Priya Natarajan',
          firm: 'Natarajan Law LLP',
          email: 'priya.natarajan@example.org',
        },
        funding: 'EXCEPTIONAL_CASE_FUNDING',
        decisionReasons: 'Mother of the deceased (Coroners and Justice Act 2009 s.47(2)(a)).',
        ...decided,
      },
      {
        caseId: target.id,
        kind: 'person',
        name: 'Michael Walsh',
        category: 'FAMILY',
        relationship: 'Brother',
        postalAddress: '4 Granleigh Road, Leytonstone, London E11 4RQ',
        preferredChannel: 'letter',
        isFamilyContact: true,
        funding: 'NONE',
        decisionReasons: 'Brother of the deceased (s.47(2)(a)); asked to be told separately.',
        ...decided,
      },
      {
        caseId: target.id,
        kind: 'organisation',
        name: 'Commissioner of Police of the Metropolis',
        category: 'CHIEF_CONSTABLE',
        organisation: 'Metropolitan Police Service',
        email: 'inquests@met.example.org',
        preferredChannel: 'email',
        representative: { name: 'James Okafor', firm: 'Metropolitan Police Directorate of Legal Services' },
        funding: 'PRIVATE',
        decisionReasons: 'Officers had contact with the deceased shortly before his death (s.47(2)(f)).',
        ...decided,
      },
    ])
    .returning();
  const joan = rows[0]!;
  await tx
    .insert(interestedPersonUsers)
    .values({ interestedPersonId: joan.id, userId: family, capacity: 'self', createdAt: now });
  for (const row of rows) {
    await appendCaseEvent(tx, target.id, 'INTERESTED_PERSON_DECISION', SYSTEM_ACTOR, now, {
      interestedPersonId: row.id,
      status: 'RECOGNISED',
      title: 'Recognised as an interested person',
      summary: `${row.name}. ${row.decisionReasons}`,
    });
    await appendAudit(
      tx,
      SYSTEM_ACTOR,
      {
        action: 'INTERESTED_PERSON_ADDED',
        caseId: target.id,
        subjectType: 'interested-person',
        subjectId: row.id,
        detail: { demo: true },
      },
      now,
    );
  }
  return target.id;
}
