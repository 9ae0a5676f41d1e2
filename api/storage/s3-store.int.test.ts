// The S3 driver against a real S3-compatible server (moto): byte-exact round trips, ranges, a
// real multipart upload, and sweeping the multipart uploads a crashed process left open.
import { createHash, randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, inject, it, vi } from 'vitest';
import { s3ClientFor } from '../../e2e/harness/s3.ts';
import { blobStoreContract, readAll, streamOf } from './blob-store.contract.ts';
import { StorageUnavailableError } from './blob-store.ts';
import { createS3Store } from './s3-store.ts';

const options = () => ({ ...inject('s3'), forcePathStyle: true });

blobStoreContract('S3 (moto)', () => createS3Store(options()), { keepsContentType: true });

describe('S3 multipart', () => {
  it('uploads a streamed 12 MiB body in 5 MiB parts and reads it back byte for byte', async () => {
    const store = createS3Store({ ...options(), partSize: 5 * 1024 * 1024 });
    const bytes = randomBytes(12 * 1024 * 1024 + 123);
    await store.put('multipart/big.bin', streamOf(bytes, 256 * 1024));

    const s3 = inject('s3');
    const client = s3ClientFor(s3);
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: 'multipart/big.bin' }),
    );
    client.destroy();
    // A multipart object's ETag is "<md5 of part md5s>-<part count>".
    expect(head.ETag).toMatch(/-3"?$/);

    const got = await store.get('multipart/big.bin');
    const back = await readAll((got as NonNullable<typeof got>).body);
    expect(back.length).toBe(bytes.length);
    expect(createHash('sha256').update(back).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });
});

describe('S3 incomplete uploads', () => {
  it('aborts multipart uploads left open longer than the given time, and only those', async () => {
    // A bucket of its own: other suites' uploads in flight on the shared one are not touched.
    const s3 = inject('s3');
    const Bucket = `sweep-${randomBytes(6).toString('hex')}`;
    const client = s3ClientFor(s3);
    try {
      await client.send(new CreateBucketCommand({ Bucket }));
      // What a process that died mid-upload leaves: an upload begun, a part sent, never completed.
      const Key = 'u/crashed/h/part-audio';
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      await client.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1024) }),
      );
      const store = createS3Store({ ...options(), bucket: Bucket });
      const open = async () =>
        (await client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? [];

      // Age is counted from the server's own date for the upload (this moto gives every upload
      // 2010-11-10T20:48:33Z), so the store's clock is set relative to that date.
      const initiated = (await open())[0]?.Initiated?.getTime() ?? Number.NaN;
      expect(initiated).not.toBeNaN();
      vi.useFakeTimers({ toFake: ['Date'], now: initiated + 30 * 60 * 1000 });
      try {
        expect(await store.sweepIncomplete(60 * 60 * 1000)).toBe(0);
        expect(await open()).toHaveLength(1);
        vi.setSystemTime(initiated + 61 * 60 * 1000);
        expect(await store.sweepIncomplete(60 * 60 * 1000)).toBe(1);
      } finally {
        vi.useRealTimers();
      }
      expect(await open()).toEqual([]);
      expect(await store.sweepIncomplete(0)).toBe(0);
    } finally {
      client.destroy();
    }
  });
});

describe('S3 unavailable', () => {
  it('reports StorageUnavailableError when the server cannot be reached', async () => {
    const store = createS3Store({ ...options(), endpoint: 'http://127.0.0.1:9' });
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.put('x/y.bin', new Uint8Array([1]))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    await expect(store.sweepIncomplete(0)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
