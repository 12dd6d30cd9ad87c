import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDocumentStore } from './storage.contract.ts';
import { createLocalStore } from './storage.local.ts';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

describeDocumentStore('local', async () => {
  const root = await mkdtemp(join(tmpdir(), 'opencoroner-store-'));
  roots.push(root);
  return { store: createLocalStore({ root }), listEverything: () => filesUnder(root) };
});

describe('local document store layout', () => {
  it('keeps content at root/ab/cd/<sha256>', async () => {
    const root = await mkdtemp(join(tmpdir(), 'opencoroner-store-'));
    roots.push(root);
    const store = createLocalStore({ root });
    const { Readable } = await import('node:stream');
    const { sha256 } = await store.put(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    expect(await filesUnder(root)).toEqual([`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);
  });
});
