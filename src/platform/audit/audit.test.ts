import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import type { Database } from '../db/database.ts';
import { type Actor, appendAudit, canonicalJson, verifyAudit } from './audit.ts';

const coroner: Actor = {
  id: '00000000-0000-4000-8000-000000000001',
  label: 'Nadia Rahman (Coroner)',
  role: 'coroner',
};

describe('the audit log', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
    for (let i = 1; i <= 5; i++) {
      await database.db.transaction((tx) =>
        appendAudit(
          tx,
          coroner,
          {
            action: 'CASE_ACTION',
            caseId: '00000000-0000-4000-8000-0000000000aa',
            detail: { step: i, note: 'é' },
          },
          new Date(Date.UTC(2026, 0, i)),
        ),
      );
    }
  });
  afterAll(() => drop());

  const tamper = (statement: ReturnType<typeof sql>) =>
    database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    });

  it('verifies an untouched chain', async () => {
    expect(await verifyAudit(database.db)).toEqual({ ok: true, events: 5 });
  });

  it('refuses updates and deletes from the application', async () => {
    const refused = { cause: { message: 'audit events are append-only' } };
    await expect(
      database.db.execute(sql`update audit_events set action = 'X' where seq = 2`),
    ).rejects.toMatchObject(refused);
    await expect(database.db.execute(sql`delete from audit_events where seq = 2`)).rejects.toMatchObject(
      refused,
    );
  });

  it('keeps appends from concurrent transactions in one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        database.db.transaction((tx) =>
          appendAudit(tx, coroner, { action: 'CONCURRENT', detail: { i } }, new Date()),
        ),
      ),
    );
    expect(await verifyAudit(database.db)).toEqual({ ok: true, events: 13 });
  });

  it('detects a row altered behind the application’s back, and says which', async () => {
    await tamper(sql`update audit_events set detail = '{"step": 99}'::jsonb where seq = 3`);
    const result = await verifyAudit(database.db);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ problem: 'Event 3 was altered after it was written.' });
    await tamper(sql`update audit_events set detail = '{"step": 3, "note": "é"}'::jsonb where seq = 3`);
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('detects a deleted row in the middle and at the end of the chain', async () => {
    await tamper(sql`delete from audit_events where seq = 13`);
    expect(await verifyAudit(database.db)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('last written at event 13'),
    });
    await tamper(sql`delete from audit_events where seq = 7`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, problem: 'Event 7 is missing.' });
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
