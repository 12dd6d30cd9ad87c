import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import { verifyAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { seedDemo } from '../../seed.ts';
import { CASE_STATUSES } from './cases.domain.ts';
import { listCaseEvents } from './cases.queries.ts';
import { cases } from './cases.tables.ts';

describe('demo cases', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
    await seedDemo(database.db, now);
  }, 120_000);
  afterAll(() => drop());

  it('hold East London cases in every status, assigned to the demo coroner and officer when open', async () => {
    const rows = await database.db
      .select({
        status: cases.status,
        n: sql<number>`count(*)::int`,
        unassigned: sql<number>`count(*) filter (where assigned_officer_id is null and closed_on is null)::int`,
      })
      .from(cases)
      .where(sql`${cases.areaCode} = 'EL' or ${cases.state}->'transfer'->>'toAreaCode' = 'IN'`)
      .groupBy(cases.status);
    expect(rows.map((r) => r.status).sort()).toEqual([...CASE_STATUSES].sort());
    const total = rows.reduce((n, r) => n + r.n, 0);
    expect(total).toBeGreaterThan(60);
    expect(rows.filter((r) => r.status !== 'TRANSFER_PENDING').every((r) => r.unassigned === 0)).toBe(true);
  });

  it('include a quashed inquest with its fresh inquest, and a Record of Inquest by a jury', async () => {
    const [quashed] = await database.db
      .select()
      .from(cases)
      .where(and(eq(cases.familyName, 'Ellery'), eq(cases.status, 'QUASHED')));
    expect(quashed!.supersededByCaseId).toBeTruthy();
    const [fresh] = await database.db.select().from(cases).where(eq(cases.id, quashed!.supersededByCaseId!));
    expect(fresh).toMatchObject({
      status: 'INQUEST_OPENED',
      supersedesCaseId: quashed!.id,
      givenNames: 'Marcus',
    });
    const [jury] = await database.db
      .select()
      .from(cases)
      .where(and(eq(cases.familyName, 'Matthews'), eq(cases.givenNames, 'Leon')));
    expect(jury).toMatchObject({ status: 'CONCLUDED', jury: true, article2: 'ENGAGED', hasNarrative: true });
    const events = await listCaseEvents(database.db, jury!.id);
    expect(events.map((e) => e.type)).toContain('RECORD_CONCLUSION');
  });

  it('include a series of drug deaths found at one churchyard in Barking', async () => {
    const series = await database.db
      .select({ status: cases.status, tags: cases.circumstanceTags })
      .from(cases)
      .where(
        sql`${cases.sceneFound}->>'postcode' = 'IG11 8AS' and 'phone-missing' = any(${cases.circumstanceTags})`,
      );
    expect(series).toHaveLength(4);
    expect(new Set(series.map((s) => s.status))).toEqual(
      new Set(['CONCLUDED', 'INQUEST_OPENED', 'INVESTIGATION_OPEN']),
    );
    for (const s of series) expect(s.tags).toContain('drugs-suspected');
  });

  it('are added once, with the audit log intact', async () => {
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(cases);
    await seedDemo(database.db, now);
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(cases);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
  });

  it('are left out on request', async () => {
    const other = await isolatedDatabase();
    try {
      await seedDemo(other.database.db, now, { withCases: false });
      const [row] = await other.database.db.select({ n: sql<number>`count(*)::int` }).from(cases);
      expect(row!.n).toBe(0);
    } finally {
      await other.drop();
    }
  }, 120_000);
});
