/**
 * Child-process entry that owns an embedded PGlite data directory and serves it on a unix socket.
 * Only one host may own a directory: the lock file holds the owner's pid and socket directory, so the
 * server and the CLI share one database and never open the files twice.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { acquireLock, releaseLock } from './embedded-lock.ts';
import { PgliteServer } from './pglite-server.ts';

type HostMessage =
  | { type: 'ready'; socketDir: string }
  | { type: 'busy' }
  | { type: 'failed'; message: string };

const [dataDir, socketDir] = process.argv.slice(2) as [string, string];
const send = (message: HostMessage) => process.send?.(message);
const inMemory = dataDir === 'memory://';

async function main(): Promise<void> {
  if (!inMemory && !acquireLock(dataDir, { pid: process.pid, socketDir })) {
    send({ type: 'busy' });
    process.exit(0);
  }
  let db: PGlite;
  try {
    if (!inMemory) mkdirSync(join(dataDir, 'pgdata'), { recursive: true });
    db = await PGlite.create({
      dataDir: inMemory ? undefined : join(dataDir, 'pgdata'),
      extensions: { pg_trgm },
    });
  } catch (error) {
    if (!inMemory) releaseLock(dataDir);
    send({
      type: 'failed',
      message: `The embedded database in ${dataDir} could not be opened: ${String(error)}`,
    });
    process.exit(1);
  }
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  const socketPath = join(socketDir, '.s.PGSQL.5432');
  rmSync(socketPath, { force: true });
  const server = new PgliteServer(db);
  await server.listen(socketPath);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await db.close();
    if (!inMemory) releaseLock(dataDir);
    rmSync(socketDir, { recursive: true, force: true });
    process.exit(0);
  };
  // The parent decides when to stop (it finishes its writes first); a lost parent means stop now.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  process.on('message', (m: unknown) => {
    if (m === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', socketDir });
}

void main();
