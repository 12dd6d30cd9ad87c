import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export type Migration = { version: number; name: string; sql: string; checksum: string; file: string };

export class MigrationError extends Error {}

const srcDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every migration of the app: numbered, forward-only SQL files in `migrations/` folders of the platform
 * and of each feature, applied in number order. Numbers are unique across the whole app.
 */
export function findMigrations(root = srcDir): Migration[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && basename(dir) === 'migrations' && entry.name.endsWith('.sql'))
        files.push(path);
    }
  };
  walk(root);
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(basename(file));
    if (!match)
      throw new MigrationError(`Migration file name ${basename(file)} must look like 0001_name.sql`);
    const sql = readFileSync(file, 'utf8');
    return {
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
      file,
    };
  });
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new MigrationError(
        `Two migrations share number ${migrations[i]!.version}: ${migrations[i - 1]!.file} and ${migrations[i]!.file}`,
      );
    }
  }
  return migrations;
}

/** Applies pending migrations, each in its own transaction; stops at the first failure. */
export async function migrate(pool: pg.Pool, migrations = findMigrations()): Promise<Migration[]> {
  const client = await pool.connect();
  const applied: Migration[] = [];
  try {
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    await client.query('select pg_advisory_lock(72110001)');
    try {
      const { rows } = await client.query<{ version: number; checksum: string; name: string }>(
        'select version, checksum, name from schema_migrations order by version',
      );
      const done = new Map(rows.map((r) => [r.version, r]));
      for (const migration of migrations) {
        const previous = done.get(migration.version);
        if (previous) {
          if (previous.checksum !== migration.checksum) {
            throw new MigrationError(
              `Migration ${migration.version} (${migration.name}) was changed after it was applied. ` +
                'Migrations are forward-only: add a new migration instead of editing an applied one.',
            );
          }
          continue;
        }
        try {
          await client.query('begin');
          await client.query(migration.sql);
          await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
          await client.query('commit');
          applied.push(migration);
        } catch (error) {
          await client.query('rollback').catch(() => {});
          throw new MigrationError(
            `Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}. ` +
              'Nothing from it was applied.',
          );
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock(72110001)');
    }
  } finally {
    client.release();
  }
  return applied;
}
