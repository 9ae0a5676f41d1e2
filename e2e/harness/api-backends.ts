// The API's dependencies on each real backend pair the acceptance suites run against:
// embedded (PGlite + local directory) and production drivers (PostgreSQL 15 through the Neon
// driver + the S3 server), both with the Auth Emulator. Each call gets a fresh data directory
// or bucket prefix-free state: a new PGlite and temp dir, or the shared PostgreSQL and bucket.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { type App, createApp } from '../../api/app.ts';
import { createAuthVerifier } from '../../api/auth/firebase-auth.ts';
import { DEFAULT_LIMITS, type Limits } from '../../api/config.ts';
import { migrate } from '../../api/db/migrate.ts';
import { openNeon } from '../../api/db/neon.ts';
import { openPglite } from '../../api/db/pglite.ts';
import type { AppDeps } from '../../api/deps.ts';
import { createLogger } from '../../api/http/logger.ts';
import { createLocalStore } from '../../api/storage/local-store.ts';
import { createS3Store } from '../../api/storage/s3-store.ts';

export type BackendName = 'PGlite + local store' | 'PostgreSQL (Neon driver) + S3';
export const BACKENDS: BackendName[] = ['PGlite + local store', 'PostgreSQL (Neon driver) + S3'];

export interface Backend {
  deps: AppDeps;
  app: App;
  /** Directory of the local store (embedded backend only). */
  blobDir: string | null;
  close(): Promise<void>;
}

export async function openBackend(
  name: BackendName,
  limits: Partial<Limits> = {},
): Promise<Backend> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-api-'));
  const embedded = name === 'PGlite + local store';
  const db = embedded
    ? await openPglite(path.join(tmp, 'pglite'))
    : openNeon({ url: inject('postgresUrl'), wsProxy: inject('postgresWsProxy') });
  await migrate(db);
  const blobDir = embedded ? path.join(tmp, 'blobs') : null;
  const storage = blobDir
    ? createLocalStore(blobDir)
    : createS3Store({ ...inject('s3'), forcePathStyle: true });
  const auth = createAuthVerifier({
    projectId: inject('firebaseProjectId'),
    emulatorHost: inject('authEmulatorHost'),
    serviceAccountJson: undefined,
  });
  const deps: AppDeps = {
    db,
    storage,
    auth,
    logger: createLogger('silent'),
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
  return {
    deps,
    app: createApp(deps),
    blobDir,
    async close() {
      await auth.close();
      await db.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Creates a hologram for the token's user through the API and returns its id. */
export async function createHologram(
  app: { request: App['request'] },
  idToken: string,
  title = 'test',
): Promise<string> {
  const id = randomUUID();
  const res = await app.request(`/api/v1/holograms/${id}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title,
      createdAt: new Date().toISOString(),
      durationMs: 2000,
      sampleRate: 48_000,
      channels: 1,
    }),
  });
  if (res.status !== 201)
    throw new Error(`creating a hologram answered ${res.status}: ${await res.text()}`);
  return id;
}
