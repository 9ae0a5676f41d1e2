// The app's cross-cutting behaviour, in process with app.request(): JSON errors, request ids,
// security headers, CORS allowlist and the OpenAPI document.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.ts';
import { createAuthVerifier } from './auth/firebase-auth.ts';
import { DEFAULT_LIMITS } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { createLogger } from './http/logger.ts';
import { createLocalStore } from './storage/local-store.ts';

let app: App;
let db: Database;
let tmp: string;
const auth = createAuthVerifier({
  projectId: 'demo-app-test',
  emulatorHost: '127.0.0.1:9',
  serviceAccountJson: undefined,
});

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-app-test-'));
  db = await openPglite();
  await migrate(db);
  app = createApp({
    db,
    storage: createLocalStore(tmp),
    auth,
    logger: createLogger('silent'),
    corsOrigins: ['https://holograms.media'],
    limits: DEFAULT_LIMITS,
  });
});
afterAll(async () => {
  await db.close();
  await auth.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('app', () => {
  it('answers unknown API routes with a JSON 404 in the shared error shape', async () => {
    const res = await app.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/nothing-here' },
    });
    // Under /api/v1 authentication comes first, so routes are not probed anonymously.
    expect((await app.request('/api/v1/nothing-here')).status).toBe(401);
  });

  it('gives every response a request id and security headers', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('makes the app cross-origin isolated (SharedArrayBuffer for the audio ring)', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('allows CORS only for listed origins', async () => {
    const allowed = await app.request('/api/health', {
      method: 'OPTIONS',
      headers: { Origin: 'https://holograms.media', 'Access-Control-Request-Method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://holograms.media');
    const other = await app.request('/api/health', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await app.request('/api/openapi.json');
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/health']?.get?.responses ?? {})).toEqual(['200', '503']);
    expect(doc.components.schemas).toHaveProperty('Health');
  });

  it('reports auth down (not a crash) when the emulator is unreachable', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { parts: Record<string, { status: string }> };
    expect(body.parts.auth?.status).toBe('down');
    expect(body.parts.db?.status).toBe('up');
    expect(body.parts.storage?.status).toBe('up');
  });
});
