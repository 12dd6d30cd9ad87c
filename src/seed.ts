import { randomBytes } from 'node:crypto';
import { ensureArea } from './features/areas/areas.queries.ts';
import type { NewArea } from './features/areas/areas.schema.ts';
import { seedDemoCases } from './features/cases/cases.seed.ts';
import { seedDemoDocuments } from './features/documents/documents.seed.ts';
import { seedDemoHearings } from './features/hearings/hearings.seed.ts';
import { seedDemoInterestedPersons } from './features/interested-persons/interested-persons.seed.ts';
import { seedDemoOversight } from './features/oversight/oversight.seed.ts';
import { appendAudit, SYSTEM_ACTOR } from './platform/audit/audit.ts';
import { createUser, findUserByEmail } from './platform/auth/auth.queries.ts';
import type { CoronerOffice, Role } from './platform/auth/roles.ts';
import type { Db } from './platform/db/database.ts';
import type { DocumentStore } from './platform/storage/storage.ts';

export const DEMO_AREAS: NewArea[] = [
  {
    code: 'EL',
    name: 'East London',
    localAuthorities: [
      { name: 'Barking and Dagenham' },
      { name: 'Havering' },
      { name: 'Newham' },
      { name: 'Redbridge' },
      { name: 'Tower Hamlets' },
      { name: 'Waltham Forest', isLead: true },
    ],
    courts: [
      {
        name: "Walthamstow Coroner's Court",
        addressLine1: 'Queens Road',
        town: 'London',
        postcode: 'E17 8QP',
      },
    ],
  },
  {
    code: 'IN',
    name: 'Inner North London',
    localAuthorities: [
      { name: 'Camden', isLead: true },
      { name: 'Hackney' },
      { name: 'Islington' },
      { name: 'Tower Hamlets (part)' },
    ],
    courts: [
      {
        name: "St Pancras Coroner's Court",
        addressLine1: 'Camley Street',
        town: 'London',
        postcode: 'N1C 4PP',
      },
    ],
  },
  {
    code: 'SL',
    name: 'South London',
    localAuthorities: [
      { name: 'Croydon', isLead: true },
      { name: 'Bexley' },
      { name: 'Bromley' },
      { name: 'Sutton' },
    ],
    courts: [
      { name: "Croydon Coroner's Court", addressLine1: 'Barclay Road', town: 'Croydon', postcode: 'CR0 1JN' },
    ],
  },
];

type DemoUser = {
  email: string;
  name: string;
  role: Role;
  areaCode?: string;
  coronerOffice?: CoronerOffice;
  organisation?: string;
};

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@example.org', name: 'Sam Adeyemi', role: 'system-admin' },
  { email: 'chief.coroner@example.org', name: "Chief Coroner's office", role: 'chief-coroner' },
  {
    email: 'coroner@example.org',
    name: 'Nadia Rahman',
    role: 'coroner',
    areaCode: 'EL',
    coronerOffice: 'senior',
  },
  { email: 'officer@example.org', name: 'Tom Whitfield', role: 'officer', areaCode: 'EL' },
  { email: 'listing@example.org', name: 'Priya Shah', role: 'court-admin', areaCode: 'EL' },
  {
    email: 'council@example.org',
    name: 'Grace Okafor',
    role: 'local-authority',
    areaCode: 'EL',
    organisation: 'Waltham Forest',
  },
  {
    email: 'police@example.org',
    name: 'DS Alan Marsh',
    role: 'provider',
    organisation: 'Metropolitan Police Service',
  },
  { email: 'family@example.org', name: 'Joan Walsh', role: 'interested-person' },
];

/** A readable random password: four groups of lowercase letters and digits. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export type SeedResult = { areasCreated: number; users: { email: string; role: Role; password: string }[] };

/**
 * Demo data: coroner areas and one user per role (passwords are returned to be printed once). Demo
 * documents need the document store; without one they are left out.
 */
export async function seedDemo(
  db: Db,
  now: Date,
  options: { withCases?: boolean; storage?: DocumentStore } = {},
): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    let areasCreated = 0;
    for (const area of DEMO_AREAS) if (await ensureArea(tx, area)) areasCreated++;
    const users: SeedResult['users'] = [];
    for (const demo of DEMO_USERS) {
      if (await findUserByEmail(tx, demo.email)) continue;
      const password = randomPassword();
      const user = await createUser(tx, { ...demo, password });
      await appendAudit(
        tx,
        SYSTEM_ACTOR,
        {
          action: 'USER_CREATED',
          subjectType: 'user',
          subjectId: user.id,
          detail: { role: demo.role, demo: true },
        },
        now,
      );
      users.push({ email: demo.email, role: demo.role, password });
    }
    if (options.withCases !== false) await seedDemoCases(tx, now);
    await seedDemoInterestedPersons(tx, now);
    await seedDemoDocuments(tx, now, options.storage);
    await seedDemoHearings(tx, now);
    await seedDemoOversight(tx, now);
    return { areasCreated, users };
  });
}
