// Checks that the database and the blob store agree for some users, whatever requests came
// before: every chunk_parts row's blob exists with the recorded size, no upload is left pending,
// and nothing is stored under the users' key prefixes that no row references (no orphans from
// refused, replayed, raced or abandoned uploads). Used by the chunk acceptance suites.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expect, inject } from 'vitest';
import type { Backend } from './api-backends.ts';
import { s3ClientFor } from './s3.ts';

/** The storage prefix of one owner's blobs (as `newBlobKey` in api/chunks/store.ts makes it). */
export const ownerPrefix = (uid: string) =>
  `u/${createHash('sha256').update(uid).digest('hex').slice(0, 32)}/`;

let s3: S3Client | undefined;
const s3Client = () => {
  s3 ??= s3ClientFor(inject('s3'));
  return s3;
};

/** Every file below `dir`, as `/`-joined paths relative to `dir`; none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The keys stored under `prefix`, and (S3) the keys of multipart uploads still open there. */
async function storedKeys(b: Backend, prefix: string) {
  if (b.blobDir) {
    const objects = await filesUnder(path.join(b.blobDir, 'objects', prefix));
    return {
      objects: objects.map((f) => prefix + f),
      // The local store's uploads in flight are in tmp/, checked once for all prefixes below.
      openUploads: [] as string[],
    };
  }
  const client = s3Client();
  const Bucket = inject('s3').bucket;
  const objects: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) objects.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: prefix }));
  return {
    objects,
    openUploads: (uploads.Uploads ?? []).map((u) => u.Key ?? '?'),
  };
}

/**
 * Asserts that storage and database agree for `ownerUids` (see the top of this file). Returns
 * the number of parts those users have, for callers that expect a count.
 */
export async function expectConsistent(b: Backend, ownerUids: readonly string[]) {
  const { rows } = await b.deps.db.query<{ owner_uid: string; blob_key: string; size: string }>(
    `SELECT owner_uid, blob_key, size::text AS size FROM chunk_parts
     WHERE owner_uid = ANY($1::text[]) ORDER BY blob_key`,
    [ownerUids],
  );
  const prefixes = ownerUids.map(ownerPrefix);
  const pending = await b.deps.db.query<{ blob_key: string }>(
    'SELECT blob_key FROM pending_blobs WHERE blob_key LIKE ANY($1::text[])',
    [prefixes.map((p) => `${p}%`)],
  );
  expect(
    pending.rows.map((r) => r.blob_key),
    'uploads left pending',
  ).toEqual([]);

  const referenced = new Set<string>();
  for (const row of rows) {
    expect(row.blob_key.startsWith(ownerPrefix(row.owner_uid)), row.blob_key).toBe(true);
    const info = await b.deps.storage.head(row.blob_key);
    expect(info, `blob of row ${row.blob_key}`).not.toBeNull();
    expect(info?.size, `size of ${row.blob_key}`).toBe(Number(row.size));
    referenced.add(row.blob_key);
  }

  for (const prefix of prefixes) {
    const stored = await storedKeys(b, prefix);
    const mine = [...referenced].filter((k) => k.startsWith(prefix)).sort();
    expect(stored.objects.sort(), `objects under ${prefix}`).toEqual(mine);
    expect(stored.openUploads, `open multipart uploads under ${prefix}`).toEqual([]);
  }
  if (b.blobDir) {
    // Uploads in flight write to tmp/ first; none may be left there once requests are done.
    expect(await filesUnder(path.join(b.blobDir, 'tmp')), 'leftover temp files').toEqual([]);
  }
  return rows.length;
}
