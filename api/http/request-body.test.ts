import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_AHEAD_BYTES, requestBody } from './request-body.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** What a route saw of its request's body. */
interface Seen {
  /** Whether the Node request was paused (read-ahead full) before the route read anything. */
  pausedBeforeReading: boolean;
  size: number;
  sha256: string;
}

const app = new Hono<{ Bindings: { incoming: http.IncomingMessage } }>();
app.put('/read', async (c) => {
  const body = requestBody(c, 64 * 1024);
  // Let the client's bytes arrive before anything reads them.
  await new Promise((r) => setTimeout(r, 200));
  const pausedBeforeReading = c.env.incoming.isPaused();
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of body ?? []) {
    hash.update(piece);
    size += piece.length;
  }
  return c.json({ pausedBeforeReading, size, sha256: hash.digest('hex') } satisfies Seen);
});
app.put('/refuse', async (c) => {
  const body = requestBody(c);
  await body?.cancel();
  return c.json({ error: { code: 'payload_too_large', message: 'no' } }, 413, {
    Connection: 'close',
  });
});

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = await new Promise<http.Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(s as http.Server),
    );
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);

describe('request bodies from Node', () => {
  it('reads ahead only up to its bound, then gives every byte in order', async () => {
    const bytes = randomBytes(4 * 1024 * 1024);
    const res = await fetch(`${base}/read`, { method: 'PUT', body: bytes });
    const seen = (await res.json()) as Seen;
    expect(seen).toEqual({ pausedBeforeReading: true, size: bytes.length, sha256: sha(bytes) });
  });

  it('gives a small body whole without pausing', async () => {
    const bytes = randomBytes(1000);
    const res = await fetch(`${base}/read`, { method: 'PUT', body: bytes });
    expect(await res.json()).toEqual({
      pausedBeforeReading: false,
      size: 1000,
      sha256: sha(bytes),
    });
  });

  it('lets a route refuse a body unread and still answer', async () => {
    const res = await fetch(`${base}/refuse`, {
      method: 'PUT',
      body: randomBytes(2 * READ_AHEAD_BYTES),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
  });
});
