import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { getTableConfig, type PgTable, PgTable as PgTableClass } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from './database.ts';

const src = fileURLToPath(new URL('../../', import.meta.url));

function tableFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tableFiles(join(dir, e.name))
      : e.name.endsWith('.tables.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

// Tables are declared twice, in SQL migrations and in Drizzle; this keeps the two the same.
describe('every Drizzle table matches the migrated database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ ...inject('database'), poolSize: 1 });
  });
  afterAll(() => database.close());

  it('has the same columns, nullability and table names', async () => {
    const tables: PgTable[] = [];
    for (const file of tableFiles(src)) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const value of Object.values(module)) if (is(value, PgTableClass)) tables.push(value as PgTable);
    }
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      const config = getTableConfig(table);
      const { rows } = await database.pool.query<{ column_name: string; is_nullable: string }>(
        'select column_name, is_nullable from information_schema.columns where table_schema = current_schema() and table_name = $1',
        [config.name],
      );
      expect(rows.length, `table ${config.name} exists`).toBeGreaterThan(0);
      const actual = new Map(rows.map((r) => [r.column_name, r.is_nullable === 'YES']));
      for (const column of config.columns) {
        expect(actual.has(column.name), `${config.name}.${column.name} exists in the database`).toBe(true);
        expect(actual.get(column.name), `${config.name}.${column.name} nullability`).toBe(!column.notNull);
      }
      expect([...actual.keys()].sort(), `${config.name} has no undeclared columns`).toEqual(
        config.columns.map((c) => c.name).sort(),
      );
    }
  });
});
