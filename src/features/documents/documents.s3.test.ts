import { createHash } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { type LocalS3Server, startLocalS3Server } from '../../platform/storage/storage.test-server.ts';
import { makePng, makeTextPdf } from './fixtures/make-documents.ts';
import { type Client, newCase, uploadWith } from './fixtures/scenario.ts';

// The same upload and download, with documents kept on S3-compatible storage (a real S3-protocol server).
describe('documents on S3-compatible storage', () => {
  let server: LocalS3Server;
  let t: TestApp;
  let s3: S3Client;
  let officer: Client;
  let caseId: string;

  beforeAll(async () => {
    server = await startLocalS3Server('opencoroner-documents');
    const o = server.options;
    t = await createTestApp({
      env: {
        STORAGE: 's3',
        S3_ENDPOINT: o.endpoint!,
        S3_REGION: o.region,
        S3_BUCKET: o.bucket,
        S3_ACCESS_KEY_ID: o.accessKeyId,
        S3_SECRET_ACCESS_KEY: o.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      },
    });
    s3 = new S3Client({
      endpoint: o.endpoint,
      region: o.region,
      forcePathStyle: true,
      credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    // s3rver signs a bucket-level request as `/bucket`, the SDK as `/bucket/`: list with the former.
    s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { path?: string };
        if (request.path?.endsWith('/')) request.path = request.path.slice(0, -1);
        return next(args);
      },
      { step: 'build', name: 'bucketPathWithoutSlash' },
    );
    officer = await t.client(await t.user('officer'));
    caseId = (await newCase(officer)).id;
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.close();
    await server?.close();
  });

  const keys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: server.options.bucket }))).Contents ?? []).map(
      (c) => c.Key,
    );

  it('streams an upload into the bucket under its SHA-256 and reads it back', async () => {
    const bytes = makeTextPdf([['Post-mortem report'], [`Case ${caseId}`]]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const res = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'PM report', ownerOrganisation: 'Dr Patel' },
      {
        name: 'pm.pdf',
        bytes,
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(await keys()).toContain(`sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
    const back = await officer.get(`/api/v1/documents/${res.json().id}/versions/1/content`);
    expect(Buffer.compare(back.rawPayload, Buffer.from(bytes))).toBe(0);
  });

  it('puts nothing in the bucket when a file is refused', async () => {
    const before = await keys();
    const res = await uploadWith(
      t,
      officer,
      caseId,
      { title: 'x', ownerOrganisation: 'y' },
      {
        name: 'scan.pdf',
        bytes: makePng(10, 10),
      },
    );
    expect(res.statusCode).toBe(415);
    expect(await keys()).toEqual(before);
  });
});
