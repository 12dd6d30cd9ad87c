import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Config } from '../config.ts';
import { openEmbedded } from './embedded.ts';

// Dates (no time) stay as YYYY-MM-DD strings; they must never shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts fit comfortably in a JS number for this service's volumes.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** A database handle or an open transaction: query functions take either as their first argument. */
export type Db = PgDatabase<NodePgQueryResultHKT>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: NodePgDatabase;
  pool: pg.Pool;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string; poolSize?: number }
  | { kind: 'pglite-socket'; socketDir: string; poolSize?: number };

/** Opens the configured database: a PostgreSQL server, or the embedded PGlite database over its socket. */
export async function openDatabase(target: DatabaseTarget | Config['database']): Promise<Database> {
  let stopEmbedded = async () => {};
  let poolConfig: pg.PoolConfig;
  if (target.kind === 'postgres') {
    poolConfig = { connectionString: target.url, max: target.poolSize ?? 10 };
  } else {
    let socketDir: string;
    if (target.kind === 'pglite') {
      const embedded = await openEmbedded(target.dataDir);
      socketDir = embedded.socketDir;
      stopEmbedded = embedded.stop;
    } else {
      socketDir = target.socketDir;
    }
    poolConfig = {
      host: socketDir,
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      max: target.poolSize ?? 4,
    };
  }
  const pool = new pg.Pool({ ...poolConfig, idleTimeoutMillis: 30_000 });
  // The embedded database's socket speaks the query protocol but not COPY's sub-protocol.
  if (target.kind === 'postgres') pool.on('connect', (client) => copyConnections.add(client));
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  // A client lent out (a transaction) whose connection is lost would otherwise emit an 'error' nobody
  // listens to, and that ends the process; the query it was running, or its next one, fails instead.
  // Such a client may never be given back (drizzle gives back none whose BEGIN failed), so ending the pool
  // waits only for lent clients that can still be used.
  const lent = new Set<pg.ClientBase>();
  const lost = new WeakSet<pg.ClientBase>();
  let lentChanged = () => {};
  pool.on('connect', (client) =>
    client.on('error', () => {
      lost.add(client);
      lentChanged();
    }),
  );
  pool.on('acquire', (client) => lent.add(client));
  pool.on('release', (_error, client) => {
    lent.delete(client);
    lentChanged();
  });
  const endPool = () =>
    new Promise<void>((resolve, reject) => {
      lentChanged = () => {
        if (lent.size > 0 && [...lent].every((client) => lost.has(client))) resolve();
      };
      pool.end().then(resolve, reject);
      lentChanged();
    });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    await stopEmbedded();
    throw new Error(`Cannot connect to the database: ${(error as Error).message}`);
  }
  const db = drizzle({ client: pool });
  return {
    kind: target.kind === 'postgres' ? 'postgres' : 'pglite',
    db,
    pool,
    close: async () => {
      await endPool();
      await stopEmbedded();
    },
  };
}

const copyConnections = new WeakSet<pg.ClientBase>();

/** What the `pg` driver says when a connection it had ends, or when it is then asked to use it. */
const LOST_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);
/** Socket errors of a connection that went, or of a database no longer there to connect to. */
const LOST_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether an error (or the error it wraps, as a failed query wraps the driver's) means the connection to
 * the database was lost: the server or the process owning the embedded database stopped, or the network
 * failed. SQLSTATE class 08 is a connection exception; 57P01 to 57P03 a server shutting down or starting.
 */
export function isConnectionLost(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    const { code, syscall } = e as { code?: unknown; syscall?: unknown };
    if (LOST_MESSAGES.has(e.message)) return true;
    if (typeof code !== 'string') continue;
    if (LOST_SOCKET_CODES.has(code) || (code === 'ENOENT' && syscall === 'connect')) return true;
    if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  }
  return false;
}

/** Whether `COPY … FROM STDIN` can be sent on this connection (a PostgreSQL server's, not the embedded one's). */
export function acceptsCopy(client: pg.ClientBase): boolean {
  return copyConnections.has(client);
}

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * A query on a hot path (every signed-in request), built once per database handle rather than on every
 * call, and a named prepared statement, parsed and planned once per connection (the embedded database's
 * server keeps each connection's statement names apart, as PostgreSQL does).
 */
export function preparedQuery<T>(db: Db, name: string, build: (statementName: string) => T): T {
  let cache = preparedByDb.get(db);
  if (!cache) {
    cache = new Map();
    preparedByDb.set(db, cache);
  }
  let query = cache.get(name) as T | undefined;
  if (query === undefined) {
    query = build(name);
    cache.set(name, query);
  }
  return query;
}

/** Runs `work` in one transaction: every multi-step write is all or nothing. */
export function transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}
