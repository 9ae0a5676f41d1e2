// Vitest global setup: starts the real servers once per run, on free ports, and stops them at
// the end: PostgreSQL 15 + pgvector (+ the Neon WebSocket proxy), the moto S3 server and the
// Firebase Auth Emulator.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startAuthEmulator } from '../../scripts/firebase/auth-emulator.ts';
import { freePort } from './ports.ts';
import { startPostgres } from './postgres.ts';
import { startS3Server } from './s3.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_PROJECT_ID = 'demo-holograms-test';

export default async function setup(project: TestProject) {
  const started = performance.now();
  const [pg, s3, emulator] = await Promise.allSettled([
    startPostgres(),
    startS3Server(),
    (async () =>
      startAuthEmulator({
        projectId: TEST_PROJECT_ID,
        cwd: repoRoot,
        ports: { auth: await freePort(), hub: await freePort(), logging: await freePort() },
      }))(),
  ]);
  const stopAll = async () => {
    await Promise.all(
      [pg, s3, emulator].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)),
    );
  };
  const failed = [pg, s3, emulator].filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    await stopAll();
    throw new AggregateError(
      failed.map((r) => (r as PromiseRejectedResult).reason),
      `test services failed to start:\n${failed
        .map((r) => String((r as PromiseRejectedResult).reason))
        .join('\n')}`,
    );
  }
  const { value: postgres } = pg as PromiseFulfilledResult<
    Awaited<ReturnType<typeof startPostgres>>
  >;
  const { value: s3server } = s3 as PromiseFulfilledResult<
    Awaited<ReturnType<typeof startS3Server>>
  >;
  const { value: auth } = emulator as PromiseFulfilledResult<
    Awaited<ReturnType<typeof startAuthEmulator>>
  >;

  project.provide('postgresUrl', postgres.url);
  project.provide('postgresWsProxy', postgres.proxy.wsProxy);
  project.provide('s3', {
    endpoint: s3server.endpoint,
    region: s3server.region,
    bucket: s3server.bucket,
    accessKeyId: s3server.accessKeyId,
    secretAccessKey: s3server.secretAccessKey,
  });
  project.provide('authEmulatorHost', auth.host);
  project.provide('firebaseProjectId', TEST_PROJECT_ID);
  console.log(
    `[harness] PostgreSQL ${postgres.url.replace(/:[^:@]*@/, ':***@')} via ws ${postgres.proxy.wsProxy}, ` +
      `S3 ${s3server.endpoint}, Auth Emulator ${auth.host} — ready in ${Math.round(performance.now() - started)} ms`,
  );
  return stopAll;
}
