import pg from 'pg';
import { backgroundWork, buildApp } from '../src/app.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db/database.ts';
import { openEmbedded } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/log.ts';
import { createNotifySender } from '../src/platform/notify/notify.ts';
import { documentStoreFromConfig } from '../src/platform/storage/storage.config.ts';
import { seedDemo } from '../src/seed.ts';

/**
 * A scratch database for a benchmark: a new PostgreSQL database when DATABASE_URL is set (dropped at the
 * end), otherwise an in-memory embedded PGlite. Migrated and seeded with the demo areas and users.
 */
export async function scratchDatabase(
  name: string,
): Promise<{ database: Database; kind: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const dbName = `opencoroner_bench_${name}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 10 });
    await migrate(database.pool);
    await seedDemo(database.db, new Date(), { withCases: false });
    return {
      database,
      kind: 'PostgreSQL',
      drop: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${dbName} with (force)`);
        await c.end();
      },
    };
  }
  const embedded = await openEmbedded('memory://');
  const database = await openDatabase({ kind: 'pglite-socket', socketDir: embedded.socketDir, poolSize: 4 });
  await migrate(database.pool);
  await seedDemo(database.db, new Date(), { withCases: false });
  return {
    database,
    kind: 'PGlite',
    drop: async () => {
      await database.close();
      await embedded.stop();
    },
  };
}

/** The real app on a scratch database, silent, with a fixed clock. */
export async function benchApp(database: Database, now = '2026-11-25T10:00:00Z') {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    DATA_DIR: `/tmp/opencoroner-bench-${process.pid}`,
    SIGN_IN_ATTEMPTS_PER_MINUTE: '100000',
  });
  const clock = fixedClock(now);
  const deps = {
    config,
    database,
    clock,
    logger: createLogger('silent'),
    notifier: createNotifySender(config.notify),
    storage: documentStoreFromConfig(config.storage),
  };
  const app = await buildApp(deps);
  return { app, deps, clock, work: backgroundWork(deps) };
}
