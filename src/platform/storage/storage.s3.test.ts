import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { describeDocumentStore } from './storage.contract.ts';
import { createS3Store } from './storage.s3.ts';
import { type LocalS3Server, startLocalS3Server } from './storage.test-server.ts';

let server: LocalS3Server;
let client: S3Client;
beforeAll(async () => {
  server = await startLocalS3Server();
  const { endpoint, region, accessKeyId, secretAccessKey } = server.options;
  client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  // s3rver signs a bucket-level request as `/bucket`, the SDK as `/bucket/`: list with the former.
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path?.endsWith('/')) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: 'build', name: 'bucketPathWithoutSlash' },
  );
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

async function listKeys(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: server.options.bucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

describeDocumentStore('S3', async () => {
  // Each test starts from an empty bucket so that "leaves no trace" is checked exactly.
  for (const key of await listKeys()) {
    await client.send(new DeleteObjectCommand({ Bucket: server.options.bucket, Key: key }));
  }
  return { store: createS3Store(server.options), listEverything: listKeys };
});
