import type { StorageConfig } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { createLocalStore } from './local-store.ts';
import { createS3Store } from './s3-store.ts';

export function openBlobStore(config: StorageConfig): BlobStore {
  return config.kind === 'local' ? createLocalStore(config.dir) : createS3Store(config);
}
