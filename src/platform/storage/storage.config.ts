import type { Config } from '../config.ts';
import { createLocalStore } from './storage.local.ts';
import { createS3Store } from './storage.s3.ts';
import type { DocumentStore } from './storage.ts';

/** The configured document store: local content-addressed files by default, S3-compatible storage when set. */
export function documentStoreFromConfig(storage: Config['storage']): DocumentStore {
  if (storage.kind === 'local') return createLocalStore({ root: storage.root });
  return createS3Store({
    endpoint: storage.endpoint,
    region: storage.region,
    bucket: storage.bucket,
    accessKeyId: storage.accessKeyId ?? '',
    secretAccessKey: storage.secretAccessKey ?? '',
    forcePathStyle: storage.forcePathStyle,
  });
}
