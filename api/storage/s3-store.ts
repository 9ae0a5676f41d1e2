// Blob store on S3 (Cloudflare R2 in production: endpoint https://<account>.r2.cloudflarestorage.com,
// region "auto"). Uploads stream through @aws-sdk/lib-storage (multipart above one part), so
// memory stays flat whatever the size. Checksums are computed only when an operation requires
// them: R2 and most S3-compatible servers reject or mis-store the SDK's default aws-chunked
// trailing checksums.
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidKey,
  type BlobBody,
  type BlobStore,
  pieces,
  StorageUnavailableError,
} from './blob-store.ts';

export interface S3StoreOptions {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Multipart part size in bytes (S3 minimum 5 MiB). */
  partSize?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

function isNotFound(err: unknown): boolean {
  return (
    err instanceof S3ServiceException &&
    (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)
  );
}

function unavailable(err: unknown): never {
  if (err instanceof S3ServiceException && (err.$metadata.httpStatusCode ?? 0) < 500) throw err;
  const message = err instanceof Error ? err.message : String(err);
  throw new StorageUnavailableError(`object storage unavailable: ${message}`, { cause: err });
}

export function createS3Store(opts: S3StoreOptions): BlobStore {
  const client = new S3Client({
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const Bucket = opts.bucket;
  const partSize = Math.max(opts.partSize ?? 8 * 1024 * 1024, MIN_PART_SIZE);

  const head = async (key: string) => {
    assertValidKey(key);
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return { size: res.ContentLength ?? 0, contentType: res.ContentType };
    } catch (err) {
      if (isNotFound(err)) return null;
      unavailable(err);
    }
  };

  return {
    kind: 's3',
    async put(key: string, body: BlobBody, putOpts?: { contentType?: string }) {
      assertValidKey(key);
      // Errors of the body itself (limits, a client that went away) propagate unchanged; only
      // the store's own failures become StorageUnavailableError.
      let bodyError: unknown = null;
      const source = pieces(body);
      const hash = createHash('sha256');
      const tracked = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { done, value } = await source.next();
            if (done) controller.close();
            else {
              hash.update(value);
              controller.enqueue(value);
            }
          } catch (err) {
            bodyError = err;
            controller.error(err);
          }
        },
        cancel: async () => {
          await source.return(undefined);
        },
      });
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: tracked, ContentType: putOpts?.contentType },
        partSize,
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done().catch((err: unknown) => {
        if (bodyError) throw bodyError;
        unavailable(err);
      });
      const info = await head(key);
      if (!info) throw new StorageUnavailableError(`object ${key} missing after upload`);
      return { ...info, sha256: hash.digest('hex') };
    },
    async get(key, range) {
      assertValidKey(key);
      try {
        const res = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: key,
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        if (!res.Body) return null;
        return {
          size: res.ContentLength ?? 0,
          contentType: res.ContentType,
          body: res.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        };
      } catch (err) {
        if (isNotFound(err)) return null;
        unavailable(err);
      }
    },
    head,
    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key })).catch(unavailable);
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket })).catch(unavailable);
    },
    // lib-storage aborts a failed upload itself; one whose process died stays, holding its parts.
    async sweepIncomplete(olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      for (;;) {
        const page = await client
          .send(new ListMultipartUploadsCommand({ Bucket, KeyMarker, UploadIdMarker }))
          .catch(unavailable);
        for (const { Key, UploadId, Initiated } of page.Uploads ?? []) {
          if (!Key || !UploadId || !Initiated || Initiated.getTime() > cutoff) continue;
          // Another instance's sweep may have aborted it first (404).
          const aborted = await client
            .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
            .then(
              () => true,
              (err: unknown) => (isNotFound(err) ? false : unavailable(err)),
            );
          if (aborted) removed++;
        }
        if (!page.IsTruncated) return removed;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },
  };
}
