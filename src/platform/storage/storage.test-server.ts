import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import type { S3StoreOptions } from './storage.s3.ts';

export interface LocalS3Server {
  options: S3StoreOptions;
  close(): Promise<void>;
}

/**
 * Starts a real S3-protocol server (s3rver, from npm) on a free loopback port with one bucket, for
 * tests. It speaks the S3 REST API (signatures, multipart, server-side copy) and keeps objects in a
 * temporary directory that `close()` removes. Its fixed credentials are S3RVER/S3RVER.
 */
export async function startLocalS3Server(bucket = 'opencoroner-test'): Promise<LocalS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'opencoroner-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    options: {
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-2',
      bucket,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
