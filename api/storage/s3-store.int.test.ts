// The S3 driver against a real S3-compatible server (moto): byte-exact round trips, ranges and
// a real multipart upload.
import { createHash, randomBytes } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
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
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
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

describe('S3 unavailable', () => {
  it('reports StorageUnavailableError when the server cannot be reached', async () => {
    const store = createS3Store({ ...options(), endpoint: 'http://127.0.0.1:9' });
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.put('x/y.bin', new Uint8Array([1]))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });
});
