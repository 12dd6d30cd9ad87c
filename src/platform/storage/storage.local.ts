import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  contentPath,
  createMeasuringStream,
  type DocumentStore,
  documentNotFound,
  type PutOptions,
  type StoredContent,
} from './storage.ts';

export interface LocalStoreOptions {
  /** Directory holding the store; created if missing. Content lives at `root/ab/cd/abcd…`. */
  root: string;
}

/**
 * The default document store: content-addressed files on local disk. Each upload is written to
 * `root/tmp/<random>` (same file system, flushed to disk) and then renamed atomically into place, so
 * a reader never sees a partial file and an interrupted upload leaves nothing under its hash. Paths
 * are built only from the computed SHA-256.
 */
export function createLocalStore(options: LocalStoreOptions): DocumentStore {
  const root = resolve(options.root);
  const tmpDir = join(root, 'tmp');
  const pathOf = (sha256: string) => join(root, contentPath(sha256));

  async function exists(path: string): Promise<boolean> {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  }

  return {
    async put(content: Readable, opts: PutOptions): Promise<StoredContent> {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, randomUUID());
      const measure = createMeasuringStream(opts.maxBytes);
      try {
        await pipeline(content, measure, createWriteStream(tmp, { flags: 'wx', flush: true }));
        const stored = measure.result();
        const target = pathOf(stored.sha256);
        if (await exists(target)) {
          await rm(tmp, { force: true });
        } else {
          await mkdir(dirname(target), { recursive: true });
          await rename(tmp, target);
        }
        return stored;
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },

    async get(sha256: string): Promise<Readable> {
      const path = pathOf(sha256);
      if (!(await exists(path))) throw documentNotFound();
      return createReadStream(path);
    },

    async has(sha256: string): Promise<boolean> {
      try {
        return await exists(pathOf(sha256));
      } catch {
        return false;
      }
    },
  };
}
