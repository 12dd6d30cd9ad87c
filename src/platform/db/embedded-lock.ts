import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type LockOwner = { pid: number; socketDir: string };

const lockPath = (dataDir: string) => join(dataDir, 'pglite.lock');

/** The live owner of an embedded data directory, if any; a lock left by a dead process is ignored. */
export function readLock(dataDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockOwner;
    return isAlive(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock atomically; false when another live process holds it. */
export function acquireLock(dataDir: string, owner: LockOwner): boolean {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath(dataDir), 'wx', 0o600);
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (readLock(dataDir)) return false;
      rmSync(lockPath(dataDir), { force: true });
    }
  }
  return false;
}

export function releaseLock(dataDir: string): void {
  rmSync(lockPath(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
