import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { type DocumentStore, StorageError } from './storage.ts';

export interface StoreUnderTest {
  store: DocumentStore;
  /** Every object or file the store holds, including temporary ones. */
  listEverything(): Promise<string[]>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Streams `total` bytes of a repeating pattern in chunks, without holding them all in memory. */
function patternStream(total: number, chunk = 64 * 1024): Readable {
  let sent = 0;
  const block = randomBytes(chunk);
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const n = Math.min(chunk, total - sent);
      sent += n;
      this.push(block.subarray(0, n));
    },
  });
}

/** The behaviour every DocumentStore must show; run by each store's own test file. */
export function describeDocumentStore(name: string, setUp: () => Promise<StoreUnderTest>): void {
  describe(`${name} document store`, () => {
    it('stores a document under its SHA-256 and streams the same bytes back', async () => {
      const { store } = await setUp();
      const bytes = Buffer.from('Post-mortem report for the coroner.\n');
      const stored = await store.put(Readable.from([bytes]), { maxBytes: 1024 });
      expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length });
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await buffer(await store.get(stored.sha256))).toEqual(bytes);
    });

    it('stores the same content twice only once', async () => {
      const { store, listEverything } = await setUp();
      const bytes = randomBytes(10_000);
      const first = await store.put(Readable.from([bytes]), { maxBytes: 1_000_000 });
      const second = await store.put(Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]), {
        maxBytes: 1_000_000,
      });
      expect(second).toEqual(first);
      const holding = (await listEverything()).filter((entry) => entry.includes(first.sha256));
      expect(holding).toHaveLength(1);
      expect(await listEverything()).toHaveLength(1);
    });

    it('refuses a file over the size limit and leaves no trace of it', async () => {
      const { store, listEverything } = await setUp();
      const attempt = store.put(patternStream(12 * 1024 * 1024), { maxBytes: 6 * 1024 * 1024 });
      await expect(attempt).rejects.toMatchObject({
        code: 'DOCUMENT_TOO_LARGE',
        message: 'The file is larger than the 6 MB limit. Send a smaller file, or split it into parts.',
      });
      await expect(attempt).rejects.toBeInstanceOf(StorageError);
      expect(await listEverything()).toEqual([]);
    });

    it('accepts a file of exactly the size limit', async () => {
      const { store } = await setUp();
      const stored = await store.put(patternStream(4096, 1000), { maxBytes: 4096 });
      expect(stored.size).toBe(4096);
    });

    it('streams a multi-part upload intact', async () => {
      const { store } = await setUp();
      const bytes = randomBytes(11 * 1024 * 1024);
      const stored = await store.put(Readable.from([bytes]), { maxBytes: 20 * 1024 * 1024 });
      expect(stored.sha256).toBe(sha256(bytes));
      expect(sha256(await buffer(await store.get(stored.sha256)))).toBe(stored.sha256);
    });

    it('leaves nothing behind when the incoming stream fails', async () => {
      const { store, listEverything } = await setUp();
      const failing = new Readable({
        read() {
          this.destroy(new Error('connection reset'));
        },
      });
      await expect(store.put(failing, { maxBytes: 1024 })).rejects.toThrow('connection reset');
      expect(await listEverything()).toEqual([]);
    });

    it('answers not found for an unknown hash and for anything that is not a hash', async () => {
      const { store } = await setUp();
      const unknown = 'a'.repeat(64);
      expect(await store.has(unknown)).toBe(false);
      await expect(store.get(unknown)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
      for (const hostile of ['../../etc/passwd', `${'a'.repeat(62)}/..`, 'A'.repeat(64), '']) {
        expect(await store.has(hostile)).toBe(false);
        await expect(store.get(hostile)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
      }
    });
  });
}
