// The owner's share client against the real API on both backends (Auth Emulator tokens): make,
// read and revoke a link; offline, or before the hologram is uploaded, the wish is queued and
// `flush()` completes it once possible; a stale token is refreshed once; nobody signed in queues
// nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  BACKENDS,
  type Backend,
  createHologram,
  openBackend,
} from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { type KeyValueStore, readQueue, ShareClient, ShareError } from './share-client.ts';

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

describe.each(BACKENDS)('share client on %s', (name) => {
  let b: Backend;
  let user: EmulatorUser;
  let online = true;
  const tokens = { getIdToken: async () => user.idToken };
  const client = (store = memoryStore(), source: ShareClient['tokens'] = tokens) =>
    new ShareClient(
      source,
      store,
      (url, init) => Promise.resolve(b.app.request(url, init)),
      () => online,
    );

  beforeAll(async () => {
    b = await openBackend(name);
    user = await createUser(
      inject('authEmulatorHost'),
      `sc-${randomUUID()}@example.com`,
      'pw-share-1',
    );
  });
  afterAll(() => b.close());

  it('makes, reads and revokes a link', async () => {
    const c = client();
    const id = await createHologram(b.app, user.idToken);
    expect(await c.get(id)).toBeNull();
    const link = await c.create(id);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(link.path).toBe(`/h/${link.token}`);
    expect(await c.create(id)).toEqual(link);
    expect(await c.get(id)).toEqual(link);
    await c.revoke(id);
    expect(await c.get(id)).toBeNull();
    expect((await b.app.request(`/api/public/shares/${link.token}`)).status).toBe(404);
  });

  it('queues what is asked offline and completes it when online', async () => {
    const store = memoryStore();
    const c = client(store);
    const id = await createHologram(b.app, user.idToken);
    online = false;
    try {
      await expect(c.create(id)).rejects.toMatchObject({ reason: 'offline' });
      expect(readQueue(store)).toMatchObject([{ hologramId: id, action: 'create' }]);
      expect((await c.flush())[0]?.error?.reason).toBe('offline');
      expect(readQueue(store)).toHaveLength(1);
    } finally {
      online = true;
    }
    const [done] = await c.flush();
    expect(done?.link?.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(readQueue(store)).toEqual([]);
    const token = (await c.get(id))?.token as string;
    expect(token).toBe(done?.link?.token);
    expect((await b.app.request(`/api/public/shares/${token}`)).status).toBe(200);

    // Revoking offline: the latest wish replaces the earlier one, and it is done on reconnecting.
    online = false;
    await expect(c.revoke(id)).rejects.toBeInstanceOf(ShareError);
    online = true;
    await c.flush();
    expect(await c.get(id)).toBeNull();
    expect((await b.app.request(`/api/public/shares/${token}`)).status).toBe(404);
  });

  it('waits for a hologram still being uploaded', async () => {
    const store = memoryStore();
    const c = client(store);
    const id = randomUUID();
    await expect(c.create(id)).rejects.toMatchObject({ reason: 'not-uploaded' });
    expect(readQueue(store)).toHaveLength(1);
    await b.app.request(`/api/v1/holograms/${id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${user.idToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Late',
        createdAt: new Date().toISOString(),
        durationMs: 1,
        sampleRate: 48_000,
        channels: 1,
      }),
    });
    const [done] = await c.flush();
    expect(done?.error).toBeNull();
    expect((await c.get(id))?.token).toBe(done?.link?.token);
  });

  it('refreshes a refused token once, and queues nothing when nobody is signed in', async () => {
    const id = await createHologram(b.app, user.idToken);
    const asked: boolean[] = [];
    const stale = {
      getIdToken: async (opts?: { forceRefresh?: boolean }) => {
        asked.push(opts?.forceRefresh ?? false);
        return opts?.forceRefresh ? user.idToken : 'stale.token.value-that-is-long-enough';
      },
    };
    expect((await client(memoryStore(), stale).create(id)).hologramId).toBe(id);
    expect(asked).toEqual([false, true]);

    const store = memoryStore();
    const nobody = { getIdToken: async () => null };
    await expect(client(store, nobody).create(id)).rejects.toMatchObject({ reason: 'signed-out' });
    expect(readQueue(store)).toEqual([]);
  });
});
