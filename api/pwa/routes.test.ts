// Serving the built PWA: files with the cache rules Firebase Hosting uses, the shell for client
// routes, nothing outside the build directory, and /api never swallowed by the fallback.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE, NO_CACHE } from './cache-rules.ts';
import { pwaRoutes } from './routes.ts';

let dir: string;
let app: Hono;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'holo-pwa-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><holo-app></holo-app>');
  await writeFile(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  app = new Hono();
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.route('/', pwaRoutes(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('PWA routes', () => {
  it('gzips text for clients that accept it', async () => {
    const script = `console.log(${JSON.stringify('x'.repeat(4000))})`;
    await writeFile(path.join(dir, 'assets', 'big-Zz9.js'), script);
    const res = await app.request('/assets/big-Zz9.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(script.length / 10);
    expect(gunzipSync(bytes).toString()).toBe(script);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.request('/assets/index-AbC123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it('revalidates the service worker and the shell', async () => {
    expect((await app.request('/sw.js')).headers.get('cache-control')).toBe(NO_CACHE);
    expect((await app.request('/')).headers.get('cache-control')).toBe(NO_CACHE);
  });

  it('answers client routes such as /h/{token} with the app shell', async () => {
    const res = await app.request('/h/3q2-Zr8_token');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<holo-app>');
  });

  it('never serves files outside the build directory', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fetc/passwd']) {
      const res = await app.request(p);
      expect(await res.text()).not.toMatch(/"name"|root:/);
    }
  });

  it('leaves /api to the API', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ ok: true });
  });
});

describe('cache rules and firebase.json', () => {
  const firebase = JSON.parse(
    readFileSync(path.join(import.meta.dirname, '../../firebase.json'), 'utf8'),
  ) as {
    hosting: { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> };
  };
  const hostingRule = (source: string) =>
    firebase.hosting.headers
      .find((h) => h.source === source)
      ?.headers.find((h) => h.key === 'Cache-Control')?.value;

  it('agree on hashed assets and the service worker', () => {
    expect(hostingRule('/assets/**')).toBe(cacheControlFor('/assets/index-AbC123.js'));
    expect(hostingRule('/sw.js')).toMatch(/no-cache/);
    expect(cacheControlFor('/sw.js')).toMatch(/no-cache/);
    expect(hostingRule('**')).toBe(cacheControlFor('/h/some-token'));
  });

  it('make Hosting cross-origin isolated like the API', () => {
    const all = firebase.hosting.headers.find((h) => h.source === '**')?.headers ?? [];
    const value = (key: string) => all.find((h) => h.key === key)?.value;
    expect(value('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(value('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });
});
