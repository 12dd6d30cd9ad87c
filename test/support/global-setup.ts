import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openEmbedded } from '../../src/platform/db/embedded.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { seedDemo } from '../../src/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { kind: 'postgres'; url: string } | { kind: 'pglite-socket'; socketDir: string };
  }
}

/**
 * One database for the whole run, migrated once: a new PostgreSQL database when DATABASE_URL is set
 * (dropped afterwards), otherwise an in-memory embedded PGlite database served on a socket.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `opencoroner_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const testUrl = withDatabase(url, name);
    const pool = new pg.Pool({ connectionString: testUrl, max: 1 });
    await prepare(pool);
    project.provide('database', { kind: 'postgres', url: testUrl });
    return async () => {
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    };
  }
  const embedded = await openEmbedded('memory://');
  const pool = new pg.Pool({
    host: embedded.socketDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    max: 1,
  });
  await prepare(pool);
  project.provide('database', { kind: 'pglite-socket', socketDir: embedded.socketDir });
  return () => embedded.stop();
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function prepare(pool: pg.Pool): Promise<void> {
  await migrate(pool);
  await seedDemo(drizzle({ client: pool }), new Date('2026-11-25T10:00:00Z'), { withCases: false });
  await pool.end();
}
