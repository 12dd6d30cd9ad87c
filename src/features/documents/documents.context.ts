import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { AppDeps, BackgroundDeps } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Sender } from '../../platform/notify/notify.ts';
import type { DocumentStore, StoredContent } from '../../platform/storage/storage.ts';
import { withDocumentErrors } from './documents.app-errors.ts';

/** What the documents feature works with: the database, the document store, the clock and its limits. */
export type DocumentsContext = {
  db: Db;
  storage: DocumentStore;
  clock: Clock;
  notifier: Pick<Sender, 'configured'>;
  uploadLimitBytes: number;
  /** Where uploads wait, unread by anyone, until they are accepted or refused. */
  stagingDir: string;
};

export function documentsContext(deps: AppDeps | BackgroundDeps): DocumentsContext {
  return {
    db: deps.database.db,
    storage: deps.storage,
    clock: deps.clock,
    notifier: deps.notifier,
    uploadLimitBytes: deps.config.uploadLimitBytes,
    stagingDir: join(deps.config.dataDir, 'uploads'),
  };
}

/** A version's bytes from the store (for redaction, watermarking and bundles, which need them whole). */
export async function loadContent(
  ctx: Pick<DocumentsContext, 'storage'>,
  sha256: string,
): Promise<Uint8Array> {
  return withDocumentErrors('file', async () => new Uint8Array(await buffer(await ctx.storage.get(sha256))));
}

/** Bytes made here (a redacted version) into the store. */
export function storeBytes(
  ctx: Pick<DocumentsContext, 'storage'>,
  bytes: Uint8Array,
): Promise<StoredContent> {
  return ctx.storage.put(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    maxBytes: Math.max(bytes.length, 1),
  });
}
