// The behaviour every BlobStore driver must have, run against each one by its own test file.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type BlobStore, InvalidBlobKeyError } from './blob-store.ts';

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Streams `bytes` in uneven pieces, as a network body would arrive. */
export function streamOf(bytes: Uint8Array, piece = 65_537): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + piece));
      offset += piece;
    },
  });
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** `keepsContentType`: whether the driver stores the content type given to put(). */
export function blobStoreContract(
  name: string,
  makeStore: () => BlobStore,
  { keepsContentType }: { keepsContentType: boolean },
) {
  describe(`${name} blob store`, () => {
    it('stores and returns bytes exactly, with their size and SHA-256', async () => {
      const store = makeStore();
      const bytes = randomBytes(300_001);
      const info = await store.put('contract/a/one.bin', streamOf(bytes), {
        contentType: 'audio/webm',
      });
      expect(info.size).toBe(bytes.length);
      expect(info.sha256).toBe(sha(bytes));
      const got = await store.get('contract/a/one.bin');
      expect(got?.contentType).toBe(keepsContentType ? 'audio/webm' : undefined);
      expect(got?.size).toBe(bytes.length);
      const back = await readAll((got as NonNullable<typeof got>).body);
      expect(sha(back)).toBe(sha(bytes));
      expect(await store.head('contract/a/one.bin')).toMatchObject({ size: bytes.length });
    });

    it('serves byte ranges', async () => {
      const store = makeStore();
      const bytes = randomBytes(10_000);
      await store.put('contract/range.bin', bytes);
      const got = await store.get('contract/range.bin', { start: 100, end: 1_099 });
      expect(got?.size).toBe(1_000);
      const back = await readAll((got as NonNullable<typeof got>).body);
      expect(Buffer.compare(back, bytes.subarray(100, 1_100))).toBe(0);
    });

    it('overwrites, deletes, and answers null for missing keys', async () => {
      const store = makeStore();
      await store.put('contract/x.bin', new Uint8Array([1, 2, 3]));
      await store.put('contract/x.bin', new Uint8Array([4, 5]));
      const got = await store.get('contract/x.bin');
      expect([...(await readAll((got as NonNullable<typeof got>).body))]).toEqual([4, 5]);
      await store.delete('contract/x.bin');
      expect(await store.get('contract/x.bin')).toBeNull();
      expect(await store.head('contract/x.bin')).toBeNull();
      await expect(store.delete('contract/x.bin')).resolves.toBeUndefined();
    });

    it('rejects keys that could escape or confuse the namespace', async () => {
      const store = makeStore();
      for (const key of ['', '../etc/passwd', 'a/../b', 'a//b', '/abs', 'a/./b', 'sp ace']) {
        await expect(store.put(key, new Uint8Array([1]))).rejects.toBeInstanceOf(
          InvalidBlobKeyError,
        );
      }
    });

    it("passes a failing body's own error through and stores nothing", async () => {
      class ClientWentAway extends Error {}
      const failing = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1024));
          controller.error(new ClientWentAway('client went away'));
        },
      });
      const store = makeStore();
      await expect(store.put('contract/aborted.bin', failing)).rejects.toBeInstanceOf(
        ClientWentAway,
      );
      expect(await store.head('contract/aborted.bin')).toBeNull();
    });

    it('reports healthy', async () => {
      await expect(makeStore().check()).resolves.toBeUndefined();
    });
  });
}
