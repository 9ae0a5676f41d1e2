// Health of each part the API depends on. Every check has a deadline so a hung dependency
// shows as "down" instead of hanging the health endpoint.
import type { AuthVerifier } from '../auth/firebase-auth.ts';
import type { Database } from '../db/database.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export interface PartHealth {
  status: 'up' | 'down';
  /** Which implementation serves this part (pglite, neon, local, s3, emulator, firebase). */
  driver: string;
  latencyMs: number;
  detail?: string;
  error?: string;
}

const CHECK_TIMEOUT_MS = 3_000;

async function timed(driver: string, fn: () => Promise<string | undefined>): Promise<PartHealth> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', driver, latencyMs: latency(), ...(detail ? { detail } : {}) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { status: 'down', driver, latencyMs: latency(), error };
  } finally {
    clearTimeout(timer);
  }
}

export function checkDatabase(db: Database): Promise<PartHealth> {
  return timed(db.driver, async () => {
    const { rows } = await db.query<{ version: string }>(
      "SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'",
    );
    const version = rows[0]?.version;
    if (!version) throw new Error('pgvector extension is not installed');
    return `pgvector ${version}`;
  });
}

export function checkStorage(store: BlobStore): Promise<PartHealth> {
  return timed(store.kind, async () => {
    await store.check();
    return undefined;
  });
}

export function checkAuth(auth: AuthVerifier): Promise<PartHealth> {
  return timed(auth.emulatorHost ? 'emulator' : 'firebase', async () => {
    await auth.check();
    return `project ${auth.projectId}`;
  });
}
