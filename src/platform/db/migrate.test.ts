import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDatabase } from '../../../test/support/isolated-database.ts';
import type { Database } from './database.ts';
import { findMigrations, MigrationError, migrate } from './migrate.ts';

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'migrations-'));
  mkdirSync(join(root, 'migrations'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, 'migrations', name), body);
  return root;
}

describe('migrations', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await isolatedDatabase());
  });
  afterAll(() => drop());

  it('finds the app’s migrations in number order, each number once', () => {
    const all = findMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(new Set(all.map((m) => m.version)).size).toBe(all.length);
    expect(all[0]!.name).toBe('platform');
  });

  it('applies nothing of a failing migration and says which one failed', async () => {
    const root = folder({
      '9001_good.sql': 'create table mig_good (id int);',
      '9002_bad.sql': 'create table mig_half (id int); select no_such_function();',
    });
    const migrations = findMigrations(root);
    await expect(migrate(database.pool, migrations)).rejects.toThrow(MigrationError);
    await expect(migrate(database.pool, migrations)).rejects.toThrow(/Migration 9002 \(bad\) failed/);
    const tables = await database.db.execute(
      sql`select table_name from information_schema.tables where table_name like 'mig_%' order by 1`,
    );
    expect(tables.rows).toEqual([{ table_name: 'mig_good' }]);
  });

  it('refuses a migration edited after it was applied', async () => {
    await migrate(
      database.pool,
      findMigrations(folder({ '9101_once.sql': 'create table mig_once (id int);' })),
    );
    await expect(
      migrate(
        database.pool,
        findMigrations(folder({ '9101_once.sql': 'create table mig_once (id bigint);' })),
      ),
    ).rejects.toThrow(/changed after it was applied/);
  });

  it('refuses two migrations with one number', () => {
    const root = folder({ '9201_a.sql': 'select 1;' });
    mkdirSync(join(root, 'other', 'migrations'), { recursive: true });
    writeFileSync(join(root, 'other', 'migrations', '9201_b.sql'), 'select 1;');
    expect(() => findMigrations(root)).toThrow(/share number 9201/);
  });
});
