import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { corsAllowlist } from './cors.ts';

const app = new Hono();
app.use(
  '*',
  corsAllowlist({
    allowOrigin: (o) => o === 'https://holograms.media',
    allowMethods: ['GET', 'PUT'],
    allowHeaders: ['Authorization', 'X-Content-SHA256'],
    exposeHeaders: ['X-Request-Id', 'ETag'],
    maxAge: 600,
  }),
);
app.get('/ok', (c) => c.json({ ok: true }, 200, { ETag: '"e"' }));
app.get('/fails', () => {
  throw new Error('boom');
});
app.onError((_err, c) => c.json({ error: { code: 'internal', message: 'x' } }, 500));

const from = (origin?: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...(origin ? { Origin: origin } : {}), ...(init.headers as Record<string, string>) },
});

describe('CORS allowlist', () => {
  it('answers preflights with what may be sent, and the origin only when listed', async () => {
    const allowed = await app.request(
      '/ok',
      from('https://holograms.media', {
        method: 'OPTIONS',
        headers: { 'Access-Control-Request-Method': 'PUT' },
      }),
    );
    expect(allowed.status).toBe(204);
    expect(Object.fromEntries(allowed.headers)).toMatchObject({
      'access-control-allow-origin': 'https://holograms.media',
      'access-control-allow-methods': 'GET,PUT',
      'access-control-allow-headers': 'Authorization,X-Content-SHA256',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    const other = await app.request('/ok', from('https://evil.example', { method: 'OPTIONS' }));
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets listed origins read answers and their exposed headers, errors included; others can't", async () => {
    for (const path of ['/ok', '/fails']) {
      const res = await app.request(path, from('https://holograms.media'));
      expect(res.headers.get('access-control-allow-origin')).toBe('https://holograms.media');
      expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id,ETag');
      expect(res.headers.get('vary')).toBe('Origin');
      const other = await app.request(path, from('https://evil.example'));
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(other.headers.get('access-control-expose-headers')).toBeNull();
      expect(other.headers.get('vary')).toBe('Origin');
    }
  });

  it("leaves the route's answer as it was, adding only Vary without an Origin", async () => {
    const res = await app.request('/ok');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('etag')).toBe('"e"');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
