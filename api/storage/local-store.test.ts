import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.ts';
import { createLocalStore } from './local-store.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'holo-local-store-'));
afterAll(() => rm(root, { recursive: true, force: true }));

blobStoreContract('local directory', () => createLocalStore(root), { keepsContentType: false });

describe('local store', () => {
  it('leaves nothing behind when the body stream fails mid-upload', async () => {
    const store = createLocalStore(root);
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1024));
        controller.error(new Error('client went away'));
      },
    });
    await expect(store.put('aborted/one.bin', failing)).rejects.toThrow('client went away');
    expect(await store.head('aborted/one.bin')).toBeNull();
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });
});
