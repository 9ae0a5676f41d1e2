import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
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

  it('sweeps temporary files a crashed write left, once untouched for the given time', async () => {
    const store = createLocalStore(root);
    const dir = path.join(root, 'tmp');
    await mkdir(dir, { recursive: true });
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await writeFile(path.join(dir, 'crashed.part'), new Uint8Array(4096));
    await utimes(path.join(dir, 'crashed.part'), hourAgo, hourAgo);
    await writeFile(path.join(dir, 'writing.part'), new Uint8Array(10));

    expect(await store.sweepIncomplete(2 * 60 * 60 * 1000)).toBe(0);
    expect(await store.sweepIncomplete(30 * 60 * 1000)).toBe(1);
    expect(await readdir(dir)).toEqual(['writing.part']);
    await rm(path.join(dir, 'writing.part'));
    expect(await store.sweepIncomplete(0)).toBe(0);
    await store.put('swept/after.bin', new Uint8Array([1, 2, 3]));
    expect(await store.head('swept/after.bin')).toMatchObject({ size: 3 });
  });

  it('sweeps nothing, without error, before its first write', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'holo-local-store-fresh-'));
    try {
      expect(await createLocalStore(fresh).sweepIncomplete(0)).toBe(0);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
