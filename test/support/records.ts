import { sql } from 'drizzle-orm';
import type { Db } from '../../src/platform/db/database.ts';

/** Rows of a raw query, on PGlite and PostgreSQL alike. */
export async function rowsOf<R>(db: Db, query: ReturnType<typeof sql>): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/**
 * Real ids of what the database holds: up to `perTable` rows of every table whose id is a UUID (cases,
 * documents, hearings and the rest), for tests that ask every route about real records.
 */
export async function recordIds(db: Db, perTable: number): Promise<string[]> {
  const tables = await rowsOf<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.columns
      where table_schema = 'public' and column_name = 'id' and data_type = 'uuid' order by table_name`,
  );
  const ids: string[] = [];
  for (const { name } of tables)
    for (const row of await rowsOf<{ id: string }>(
      db,
      sql.raw(`select id::text as id from "${name}" limit ${perTable}`),
    ))
      ids.push(row.id);
  return ids;
}
