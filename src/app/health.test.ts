import { describe, expect, it } from 'vitest';
import { fetchHealth, type Health, orderedParts, parseHealth } from './health.ts';

const report = {
  status: 'degraded',
  version: '0.1.0',
  parts: {
    auth: { status: 'up', emulator: true },
    db: { status: 'up', driver: 'pglite' },
    storage: { status: 'down', error: 'ECONNREFUSED' },
  },
};

const answer = (status: number, body: string): typeof fetch => {
  return async () =>
    new Response(body, { status, headers: { 'content-type': 'application/json' } });
};

describe('parseHealth', () => {
  it('reads the documented shape and drops extra fields', () => {
    expect(parseHealth(report)).toEqual({
      status: 'degraded',
      version: '0.1.0',
      parts: { auth: { status: 'up' }, db: { status: 'up' }, storage: { status: 'down' } },
    });
  });

  it.each([
    ['null', null],
    ['an array', [report]],
    ['an unknown overall status', { ...report, status: 'ok' }],
    ['a missing version', { status: 'up', parts: {} }],
    ['parts that are not an object', { ...report, parts: ['db'] }],
    ['a part with an unknown status', { ...report, parts: { db: { status: 'degraded' } } }],
    ['a part that is not an object', { ...report, parts: { db: 'up' } }],
  ])('rejects %s', (_, body) => {
    expect(parseHealth(body)).toBeNull();
  });
});

describe('fetchHealth', () => {
  it('asks /api/health for JSON without using the HTTP cache', async () => {
    let seen: { url: string; init: RequestInit | undefined } | undefined;
    const spy: typeof fetch = async (url, init) => {
      seen = { url: String(url), init };
      return new Response(JSON.stringify(report));
    };
    await fetchHealth(spy);
    expect(seen?.url).toBe('/api/health');
    expect(seen?.init?.cache).toBe('no-store');
    expect(seen?.init?.headers).toEqual({ accept: 'application/json' });
    expect(seen?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('reports a healthy API', async () => {
    const result = await fetchHealth(answer(200, JSON.stringify({ ...report, status: 'up' })));
    expect(result).toMatchObject({ kind: 'ok', health: { status: 'up', version: '0.1.0' } });
  });

  it('reads the report from a 503 answer too', async () => {
    const down = { ...report, status: 'down' };
    const result = await fetchHealth(answer(503, JSON.stringify(down)));
    expect(result).toMatchObject({ kind: 'ok', health: { status: 'down' } });
  });

  it('calls a network failure unreachable', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchHealth(offline)).toEqual({ kind: 'unreachable' });
  });

  it('calls a hanging server unreachable once the timeout passes', async () => {
    const hanging: typeof fetch = (_, init) =>
      new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    expect(await fetchHealth(hanging, 20)).toEqual({ kind: 'unreachable' });
  });

  it('calls an HTML page (e.g. a hosting fallback) invalid, with its status', async () => {
    const html = answer(200, '<!doctype html><title>Holograms</title>');
    expect(await fetchHealth(html)).toEqual({ kind: 'invalid', httpStatus: 200 });
  });

  it('calls JSON of another shape invalid', async () => {
    const other = answer(500, JSON.stringify({ code: 'internal', message: 'boom' }));
    expect(await fetchHealth(other)).toEqual({ kind: 'invalid', httpStatus: 500 });
  });
});

describe('orderedParts', () => {
  it('lists db, storage, auth first and then any other part by name', () => {
    const health: Health = {
      status: 'up',
      version: '1',
      parts: {
        tria: { status: 'up' },
        auth: { status: 'up' },
        cache: { status: 'up' },
        db: { status: 'up' },
        storage: { status: 'up' },
      },
    };
    expect(orderedParts(health)).toEqual(['db', 'storage', 'auth', 'cache', 'tria']);
  });
});
