import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { openEmbedded } from '../../src/platform/db/embedded.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

/**
 * A fresh, migrated database of the run's kind for a test that must not share state (it tampers with
 * the audit log, say): a new PostgreSQL database, or a new in-memory PGlite.
 */
export async function isolatedDatabase(): Promise<{
  database: Database;
  target: { url?: string };
  drop(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `opencoroner_iso_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 2 });
    await migrate(database.pool);
    return {
      database,
      target: { url: u.toString() },
      drop: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const embedded = await openEmbedded('memory://');
  const database = await openDatabase({ kind: 'pglite-socket', socketDir: embedded.socketDir, poolSize: 2 });
  await migrate(database.pool);
  return {
    database,
    target: {},
    drop: async () => {
      await database.close();
      await embedded.stop();
    },
  };
}
