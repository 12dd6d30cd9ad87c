import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deathReport } from '../../../test/support/factories.ts';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { SYSTEM_ACTOR, verifyAudit } from '../../platform/audit/audit.ts';
import { findUserByEmail } from '../../platform/auth/auth.queries.ts';
import type { Database } from '../../platform/db/database.ts';
import { seedDemo } from '../../seed.ts';
import { reportDeath } from '../cases/cases.commands.ts';
import { reportDeath as reportDeathSchema } from '../cases/cases.schema.ts';
import { interestedPersons, interestedPersonUsers } from './interested-persons.tables.ts';

describe('demo interested persons', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
  });
  afterAll(() => drop());

  it('does nothing when there is no East London case', async () => {
    await seedDemo(database.db, now, { withCases: false });
    expect(await database.db.select().from(interestedPersons)).toEqual([]);
  });

  it('links the demo family to an East London case beside the police and a brother, once', async () => {
    const caseRow = await database.db.transaction((tx) =>
      reportDeath(tx, reportDeathSchema.parse(deathReport()), SYSTEM_ACTOR, now),
    );
    await seedDemo(database.db, now, { withCases: false });
    await seedDemo(database.db, now, { withCases: false });
    const persons = await database.db
      .select()
      .from(interestedPersons)
      .where(eq(interestedPersons.caseId, caseRow.id));
    expect(persons.map((p) => [p.name, p.category, p.status]).sort()).toEqual([
      ['Commissioner of Police of the Metropolis', 'CHIEF_CONSTABLE', 'RECOGNISED'],
      ['Joan Walsh', 'FAMILY', 'RECOGNISED'],
      ['Michael Walsh', 'FAMILY', 'RECOGNISED'],
    ]);
    const family = await findUserByEmail(database.db, 'family@example.org');
    const links = await database.db
      .select()
      .from(interestedPersonUsers)
      .where(eq(interestedPersonUsers.userId, family!.id));
    expect(links).toEqual([
      expect.objectContaining({
        capacity: 'self',
        endedAt: null,
        interestedPersonId: persons.find((p) => p.name === 'Joan Walsh')!.id,
      }),
    ]);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
  });
});
