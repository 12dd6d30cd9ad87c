import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  contentPath,
  createMeasuringStream,
  type DocumentStore,
  documentNotFound,
  isSha256,
  type PutOptions,
  type StoredContent,
} from './storage.ts';

export interface S3StoreOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most S3-compatible servers. */
  forcePathStyle?: boolean;
  /** Key prefix for this store's objects, e.g. `documents/`. */
  prefix?: string;
  /** Multipart part size in bytes (at least 5 MiB, the S3 minimum). */
  partSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * Document store on S3-compatible object storage. The SHA-256 is only known once the whole stream has
 * been read, so the content is streamed (multipart, bounded memory) to a temporary key
 * `<prefix>tmp/<random>`, then copied server-side to `<prefix>sha256/ab/cd/abcd…` and the temporary
 * object deleted. Server-side copy needs no second transfer through this process; a single copy is
 * limited by S3 to 5 GB, far above any document limit. A failed or oversized upload aborts the
 * multipart upload and deletes the temporary object.
 */
export function createS3Store(options: S3StoreOptions): DocumentStore {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    // Checksums only where S3 requires them: many S3-compatible servers reject the newer default
    // (streamed trailing checksums). Integrity is still checked: the store hashes every byte itself.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  const bucket = options.bucket;
  const prefix = options.prefix ?? '';
  const keyOf = (sha256: string) => `${prefix}sha256/${contentPath(sha256)}`;

  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async function remove(key: string): Promise<void> {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  return {
    async put(content: Readable, opts: PutOptions): Promise<StoredContent> {
      const tmpKey = `${prefix}tmp/${randomUUID()}`;
      const measure = createMeasuringStream(opts.maxBytes);
      // Errors from the source or from the size limit both surface through `measure`.
      content.on('error', (error) => measure.destroy(error));
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: tmpKey, Body: content.pipe(measure) },
        partSize: Math.max(options.partSize ?? MIN_PART_SIZE, MIN_PART_SIZE),
        queueSize: 2,
        leavePartsOnError: false,
      });
      let failure: unknown;
      measure.on('error', (error) => {
        failure = error;
        void upload.abort();
      });
      try {
        await upload.done();
        if (failure) throw failure;
      } catch (error) {
        await remove(tmpKey).catch(() => undefined);
        throw failure ?? error;
      }
      const stored = measure.result();
      try {
        const key = keyOf(stored.sha256);
        if (!(await exists(key))) {
          await client.send(
            new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${encodeKey(tmpKey)}` }),
          );
        }
      } finally {
        await remove(tmpKey);
      }
      return stored;
    },

    async get(sha256: string): Promise<Readable> {
      if (!isSha256(sha256)) throw documentNotFound();
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
        if (!(result.Body instanceof Readable)) throw documentNotFound();
        return result.Body;
      } catch (error) {
        if (isNotFound(error)) throw documentNotFound();
        throw error;
      }
    },

    async has(sha256: string): Promise<boolean> {
      if (!isSha256(sha256)) return false;
      return exists(keyOf(sha256));
    },
  };
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
