// /api/v1/holograms on both backends with real Auth Emulator tokens: create/update, list with
// cursors, get, delete, validation, auth failures and isolation between users.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';

const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: 'Morning train',
    createdAt: '2026-11-23T08:15:00.000Z',
    durationMs: 12_000,
    sampleRate: 48_000,
    channels: 2,
    ...over,
  });

describe.each(BACKENDS)('holograms on %s', (name) => {
  let b: Backend;
  let alice: EmulatorUser;
  let bob: EmulatorUser;
  const req = (user: EmulatorUser | null, path: string, init: RequestInit = {}) =>
    b.app.request(path, {
      ...init,
      headers: {
        ...(user ? { Authorization: `Bearer ${user.idToken}` } : {}),
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  beforeAll(async () => {
    b = await openBackend(name);
    const host = inject('authEmulatorHost');
    alice = await createUser(host, `alice-${randomUUID()}@example.com`, 'pw-alice-123');
    bob = await createUser(host, `bob-${randomUUID()}@example.com`, 'pw-bob-1234');
  });
  afterAll(() => b.close());

  it('creates with 201, updates with 200, and gets it back', async () => {
    const id = randomUUID();
    const created = await req(alice, `/api/v1/holograms/${id}`, { method: 'PUT', body: body() });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id,
      title: 'Morning train',
      durationMs: 12_000,
      chunks: { count: 0, bytes: 0 },
      complete: false,
    });
    const again = await req(alice, `/api/v1/holograms/${id}`, {
      method: 'PUT',
      body: body({ title: 'Evening train', complete: true }),
    });
    expect(again.status).toBe(200);
    const got = await req(alice, `/api/v1/holograms/${id}`);
    expect(await got.json()).toMatchObject({ id, title: 'Evening train', complete: true });
  });

  it('lists newest first across cursor pages', async () => {
    const user = await createUser(
      inject('authEmulatorHost'),
      `lister-${randomUUID()}@example.com`,
      'pw-list-123',
    );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      ids.push(id);
      const at = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
      await req(user, `/api/v1/holograms/${id}`, { method: 'PUT', body: body({ createdAt: at }) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const res = await req(user, `/api/v1/holograms?limit=2${q}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await req(user, '/api/v1/holograms?cursor=not-a-cursor')).status).toBe(400);
  });

  it('rejects invalid input with the stable error shape', async () => {
    const cases: Array<[string, string]> = [
      [`/api/v1/holograms/${randomUUID()}`, body({ channels: 3 })],
      [`/api/v1/holograms/${randomUUID()}`, body({ title: '' })],
      [`/api/v1/holograms/${randomUUID()}`, body({ createdAt: 'yesterday' })],
      [`/api/v1/holograms/${randomUUID()}`, body({ extra: 1 })],
      [`/api/v1/holograms/${randomUUID()}`, '{not json'],
      ['/api/v1/holograms/..%2F..%2Fetc', body()],
      [`/api/v1/holograms/${'a'.repeat(5000)}`, body()],
      ['/api/v1/holograms/ünïcødé-ïd', body()],
    ];
    for (const [path, payload] of cases) {
      const res = await req(alice, path, { method: 'PUT', body: payload });
      expect(res.status, path).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toMatch(/^[a-z_]+$/);
      expect(err.error.message).not.toMatch(/SELECT|INSERT|at .*\.ts/);
    }
  });

  it('answers 401 without a token, with a bad one, and with an expired-looking one', async () => {
    const id = randomUUID();
    const forged = `${alice.idToken.split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
    const expired = (() => {
      const [h, p] = alice.idToken.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number>;
      claims.exp = Math.floor(Date.now() / 1000) - 3600;
      claims.iat = claims.exp - 3600;
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    })();
    for (const token of [null, 'garbage', forged, expired]) {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      for (const [method, path] of [
        ['GET', '/api/v1/holograms'],
        ['PUT', `/api/v1/holograms/${id}`],
        ['GET', `/api/v1/holograms/${id}`],
        ['DELETE', `/api/v1/holograms/${id}`],
      ] as const) {
        const res = await b.app.request(path, {
          method,
          headers,
          body: method === 'PUT' ? body() : null,
        });
        expect(res.status, `${method} ${path} with ${token?.slice(0, 10)}`).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
          /unauthenticated|invalid_token|token_expired/,
        );
      }
    }
  });

  it("keeps users apart: Bob can neither see, list, change nor delete Alice's hologram", async () => {
    const id = randomUUID();
    await req(alice, `/api/v1/holograms/${id}`, {
      method: 'PUT',
      body: body({ title: 'Alice only' }),
    });
    const missing = randomUUID();
    for (const target of [id, missing]) {
      const got = await req(bob, `/api/v1/holograms/${target}`);
      expect(got.status).toBe(404);
      expect(await got.json()).toEqual({
        error: { code: 'hologram_not_found', message: 'No hologram with this id in your account' },
      });
      expect((await req(bob, `/api/v1/holograms/${target}`, { method: 'DELETE' })).status).toBe(
        404,
      );
      expect((await req(bob, `/api/v1/holograms/${target}/similar`)).status).toBe(404);
    }
    const listed = (await (await req(bob, '/api/v1/holograms')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(listed.items.map((h) => h.id)).not.toContain(id);
    // Bob's PUT with the same UUID makes Bob's own hologram; Alice's stays as it was.
    expect(
      (await req(bob, `/api/v1/holograms/${id}`, { method: 'PUT', body: body({ title: 'Bob' }) }))
        .status,
    ).toBe(201);
    expect(await (await req(alice, `/api/v1/holograms/${id}`)).json()).toMatchObject({
      title: 'Alice only',
    });
    expect((await req(bob, `/api/v1/holograms/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await req(alice, `/api/v1/holograms/${id}`)).status).toBe(200);
  });

  it('deletes a hologram (204) and then it is gone (404)', async () => {
    const id = randomUUID();
    await req(alice, `/api/v1/holograms/${id}`, { method: 'PUT', body: body() });
    expect((await req(alice, `/api/v1/holograms/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await req(alice, `/api/v1/holograms/${id}`)).status).toBe(404);
    expect((await req(alice, `/api/v1/holograms/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses oversized JSON bodies, chunked or not, with 413', async () => {
    const huge = body({ title: 'x'.repeat(100_000) });
    const res = await req(alice, `/api/v1/holograms/${randomUUID()}`, {
      method: 'PUT',
      body: huge,
    });
    expect(res.status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(huge));
        c.close();
      },
    });
    const chunked = await req(alice, `/api/v1/holograms/${randomUUID()}`, {
      method: 'PUT',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});
