import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';

/** A stored document's identity: the SHA-256 of its bytes, and its size. */
export interface StoredContent {
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** Refuse (with DOCUMENT_TOO_LARGE) and keep nothing once the stream passes this many bytes. */
  maxBytes: number;
}

/**
 * Content-addressed store for document versions. The original of every document is kept immutable
 * (redaction must be reproducible, coroner-service §5 R-10): content is only ever added, addressed
 * by its SHA-256, so the same bytes are stored once.
 */
export interface DocumentStore {
  /** Streams content in, hashing while it writes; stored under its SHA-256 only once complete. */
  put(content: Readable, opts: PutOptions): Promise<StoredContent>;
  /** Streams content out; rejects with DOCUMENT_NOT_FOUND for an unknown or malformed hash. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
}

export type StorageErrorCode = 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_NOT_FOUND';

/** The storage layer's typed refusal; `status` is the HTTP status a route should answer with. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export function documentTooLarge(maxBytes: number): StorageError {
  return new StorageError(
    'DOCUMENT_TOO_LARGE',
    413,
    `The file is larger than the ${formatBytes(maxBytes)} limit. Send a smaller file, or split it into parts.`,
  );
}

export function documentNotFound(): StorageError {
  return new StorageError('DOCUMENT_NOT_FOUND', 404, 'The document could not be found.');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True only for a lower-case hex SHA-256: the only thing a store ever turns into a path or key. */
export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** The content's place in a store: `ab/cd/abcd…`, derived from the hash alone (never from a file name). */
export function contentPath(sha256: string): string {
  if (!isSha256(sha256)) throw documentNotFound();
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** A pass-through stream that hashes and counts bytes, failing with DOCUMENT_TOO_LARGE past maxBytes. */
export interface MeasuringStream extends Transform {
  result(): StoredContent;
}

export function createMeasuringStream(maxBytes: number): MeasuringStream {
  const hash: Hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (size > maxBytes) {
        callback(documentTooLarge(maxBytes));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  }) as MeasuringStream;
  stream.result = () => {
    digest ??= hash.digest('hex');
    return { sha256: digest, size };
  };
  return stream;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
