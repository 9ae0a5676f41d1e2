// The sweeper on the embedded defaults (PGlite in memory, a local store in a temp directory):
// what it deletes, what it keeps, and that the store's incomplete writes go with the sweep.
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { createLocalStore } from './local-store.ts';
import { ABANDONED_AFTER_MS, sweep } from './sweeper.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'holo-sweeper-'));
const storage = createLocalStore(root);
let db: Database;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await rm(root, { recursive: true, force: true });
});

const pending = async () =>
  (await db.query<{ blob_key: string }>('SELECT blob_key FROM pending_blobs ORDER BY 1')).rows.map(
    (r) => r.blob_key,
  );

describe('sweep', () => {
  it('deletes pending blobs no part references once abandoned, and keeps recent ones', async () => {
    await storage.put('sweep/orphan.bin', new Uint8Array([1, 2, 3]));
    await db.query('INSERT INTO pending_blobs (blob_key) VALUES ($1)', ['sweep/orphan.bin']);

    expect(await sweep({ db, storage })).toEqual({ deleted: 0, incomplete: 0 });
    expect(await pending()).toEqual(['sweep/orphan.bin']);

    expect(await sweep({ db, storage }, 0)).toEqual({ deleted: 1, incomplete: 0 });
    expect(await pending()).toEqual([]);
    expect(await storage.head('sweep/orphan.bin')).toBeNull();
  });

  it("removes a crashed write's temporary file once it is older than the limit", async () => {
    const tmp = path.join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const file = path.join(tmp, 'crashed.part');
    await writeFile(file, new Uint8Array(1024));

    expect(await sweep({ db, storage })).toEqual({ deleted: 0, incomplete: 0 });
    const old = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    await utimes(file, old, old);
    expect(await sweep({ db, storage })).toEqual({ deleted: 0, incomplete: 1 });
    expect(await readdir(tmp)).toEqual([]);
  });

  it('vacuums PGlite, so the rows every upload adds and removes do not pile up', async () => {
    const heapBytes = async () =>
      Number(
        (await db.query<{ n: string }>("SELECT pg_relation_size('pending_blobs') AS n")).rows[0]?.n,
      );
    for (let i = 0; i < 20; i++) {
      const keys = Array.from({ length: 100 }, (_, j) => `churn/${i}/${j}.bin`);
      await db.query('INSERT INTO pending_blobs (blob_key) SELECT unnest($1::text[])', [keys]);
      await db.query('DELETE FROM pending_blobs WHERE blob_key = ANY($1::text[])', [keys]);
    }
    expect(await heapBytes()).toBeGreaterThan(0);
    await sweep({ db, storage });
    expect(await heapBytes()).toBe(0);
  });
});
