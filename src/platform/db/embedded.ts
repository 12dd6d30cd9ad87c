import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readLock } from './embedded-lock.ts';

export type EmbeddedDatabase = {
  /** Directory holding the unix socket `.s.PGSQL.5432`, for the `pg` driver's `host`. */
  socketDir: string;
  /** True when this process started the host (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
};

const hostEntry = fileURLToPath(new URL('./pglite-host.ts', import.meta.url));
// The host runs TypeScript like the rest of the app; `tsx` is a dependency, resolved from here.
const tsxLoader = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;

/**
 * Connects to the embedded PGlite database of a data directory: to the host another process (say the
 * running server) already owns, or to a new host child process owned by this one.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedDatabase> {
  const socketDir =
    dataDir === 'memory://'
      ? join(tmpdir(), `opencoroner-mem-${process.pid}-${Date.now()}`)
      : join(tmpdir(), `opencoroner-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  for (let attempt = 0; attempt < 50; attempt++) {
    const owner = dataDir === 'memory://' ? undefined : readLock(dataDir);
    if (owner) return { socketDir: owner.socketDir, owned: false, stop: async () => {} };
    const started = await startHost(dataDir, socketDir);
    if (started) return started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The embedded database in ${dataDir} is busy and its owner does not answer.`);
}

function startHost(dataDir: string, socketDir: string): Promise<EmbeddedDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(hostEntry, [dataDir, socketDir], {
      execArgv: ['--import', tsxLoader],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`The embedded database stopped while starting (exit ${code}).`)),
    );
    child.once('message', (m: { type: string; socketDir?: string; message?: string }) => {
      child.removeAllListeners('exit');
      if (m.type === 'busy') return resolve(undefined);
      if (m.type === 'failed') return reject(new Error(m.message));
      resolve({
        socketDir: m.socketDir ?? socketDir,
        owned: true,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}
