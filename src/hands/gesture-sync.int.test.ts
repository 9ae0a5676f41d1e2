// The gesture sync runner end to end: devices (gesture stores) of one account sync through the
// real API over HTTP (Node's fetch; both backends; Auth Emulator tokens). Edits, deletions,
// conflicts both ways, a lost response, an expired token, an account switch, and a seeded random
// run of edits on three devices that must all end equal to the server.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GestureChanges } from '../../api/gestures/contract.ts';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import {
  createUser,
  type EmulatorUser,
  signInWithPassword,
} from '../../e2e/harness/firebase-users.ts';
import { createRng, POSES, sampleHand } from '../../workers/gestures/hand-model.ts';
import {
  ANONYMOUS_BUCKET,
  type GestureDraft,
  type LocalGesture,
  MemoryGestureStore,
  sampleFromLandmarks,
  TEACHABLE_ACTIONS,
} from './gesture-store.ts';
import { type GestureSyncDeps, GestureSyncError, syncGestures } from './gesture-sync.ts';

const rng = createRng(17);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
const draft = (name: string, over: Partial<GestureDraft> = {}): GestureDraft => ({
  name,
  samples: Array.from({ length: 4 }, () =>
    sampleFromLandmarks(
      sampleHand(pick(POSES), { noise: 0.02, rng }).landmarks.map((p) => [p.x, p.y, p.z]),
    ),
  ),
  action: pick([null, ...TEACHABLE_ACTIONS]),
  ...over,
});
const tick = () => new Promise((r) => setTimeout(r, 3));
type Comparable = Pick<LocalGesture, 'id' | 'name' | 'samples' | 'action' | 'deleted'>;
const view = (gestures: readonly Comparable[]) =>
  gestures
    .filter((g) => !g.deleted)
    .map(({ id, name, samples, action }) => ({ id, name, samples, action }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe.each(BACKENDS)('gesture sync through the API on %s', (name) => {
  let b: Backend;
  let server: ServerType;
  let baseUrl: string;
  const host = () => inject('authEmulatorHost');

  beforeAll(async () => {
    b = await openBackend(name);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: b.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await b.close();
  });

  /** A device of `user`: its own store, syncing with the user's token. */
  const device = (user: EmulatorUser, over: Partial<GestureSyncDeps> = {}) => {
    const store = new MemoryGestureStore();
    return {
      store,
      sync: () =>
        syncGestures({
          store,
          bucket: user.uid,
          fetch,
          getIdToken: async () => user.idToken,
          baseUrl,
          ...over,
        }),
      live: async () => view((await store.snapshot(user.uid)).gestures),
    };
  };
  const serverView = async (user: EmulatorUser) => {
    const res = await fetch(`${baseUrl}/api/v1/gestures`, {
      headers: { Authorization: `Bearer ${user.idToken}` },
    });
    return view(((await res.json()) as GestureChanges).items);
  };
  const newUser = (label: string) =>
    createUser(host(), `${label}-${randomUUID()}@example.com`, 'pw-sync-123');

  it('carries saves, edits and deletions from one device to another', async () => {
    const user = await newUser('two-devices');
    const phone = device(user);
    const laptop = device(user);
    const wave = await phone.store.save(user.uid, draft('wave'));
    const fist = await phone.store.save(user.uid, draft('fist'));
    expect(await phone.sync()).toMatchObject({ pushed: 2, pulled: 0, conflicts: 0, refused: [] });
    expect(await phone.store.list(user.uid)).toMatchObject([
      { name: 'fist', dirty: false, version: 1 },
      { name: 'wave', dirty: false, version: 1 },
    ]);
    expect(await laptop.sync()).toMatchObject({ pulled: 2, pushed: 0 });
    expect(await laptop.live()).toEqual(await phone.live());

    await laptop.store.save(user.uid, { ...draft('big wave'), id: wave.id });
    await laptop.store.remove(user.uid, fist.id);
    expect(await laptop.sync()).toMatchObject({ pushed: 1, deleted: 1 });
    expect((await laptop.store.snapshot(user.uid)).gestures).toHaveLength(1);
    expect(await phone.sync()).toMatchObject({ pulled: 2, pushed: 0 });
    expect(await phone.store.list(user.uid)).toMatchObject([{ id: wave.id, name: 'big wave' }]);
    expect((await phone.store.snapshot(user.uid)).gestures).toHaveLength(1);
    expect(await phone.live()).toEqual(await serverView(user));
    // Nothing left to do: one round, nothing sent or taken.
    expect(await phone.sync()).toMatchObject({ pulled: 0, pushed: 0, deleted: 0, rounds: 1 });
  });

  it('resolves conflicting offline edits by the later edit, whichever device syncs first', async () => {
    const user = await newUser('conflict');
    const a = device(user);
    const bDevice = device(user);
    const g = await a.store.save(user.uid, draft('original'));
    await a.sync();
    await bDevice.sync();

    // B edits first, A later; B syncs first: A's later edit must win.
    await bDevice.store.save(user.uid, { ...draft('from B'), id: g.id });
    await tick();
    await a.store.save(user.uid, { ...draft('from A'), id: g.id });
    expect(await bDevice.sync()).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(await a.sync()).toMatchObject({ conflicts: 1, pushed: 1 });
    await bDevice.sync();
    expect((await bDevice.store.list(user.uid))[0]?.name).toBe('from A');

    // A edits first, B later; B syncs first again: B's edit must stay.
    await a.store.save(user.uid, { ...draft('A again'), id: g.id });
    await tick();
    await bDevice.store.save(user.uid, { ...draft('B again'), id: g.id });
    await bDevice.sync();
    expect(await a.sync()).toMatchObject({ conflicts: 1, pushed: 0 });
    expect((await a.store.list(user.uid))[0]).toMatchObject({ name: 'B again', dirty: false });

    // A deletes, then B edits: the edit wins and the gesture comes back.
    await a.store.remove(user.uid, g.id);
    await tick();
    await bDevice.store.save(user.uid, { ...draft('B keeps it'), id: g.id });
    await a.sync();
    await bDevice.sync();
    await a.sync();
    for (const d of [a, bDevice]) expect(await d.live()).toEqual(await serverView(user));
    expect((await serverView(user))[0]?.name).toBe('B keeps it');
  });

  it('pulls again when another device writes between its pull and its push (412)', async () => {
    const user = await newUser('race');
    const a = device(user);
    const g = await a.store.save(user.uid, draft('first'));
    await a.sync();
    await a.store.save(user.uid, { ...draft('A, offline'), id: g.id });
    await tick();
    // Just before A's PUT, another device stores a later edit.
    let raced = false;
    const racing: typeof fetch = async (input, init) => {
      if (!raced && init?.method === 'PUT') {
        raced = true;
        const res = await fetch(`${baseUrl}/api/v1/gestures/${g.id}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${user.idToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(draft('the other device')),
        });
        expect(res.status).toBe(200);
      }
      return fetch(input, init);
    };
    const report = await syncGestures({
      store: a.store,
      bucket: user.uid,
      fetch: racing,
      getIdToken: async () => user.idToken,
      baseUrl,
    });
    // Round 1: 412; round 2: the pull brings the later edit, which wins over A's.
    expect(report).toMatchObject({ rounds: 2, conflicts: 1, pushed: 0 });
    expect(await a.store.list(user.uid)).toMatchObject([
      { name: 'the other device', dirty: false, version: 2 },
    ]);
  });

  it('recovers from a response lost after the server stored the write', async () => {
    const user = await newUser('lost');
    let drop = true;
    const flaky: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (drop && init?.method === 'PUT') {
        drop = false;
        throw new TypeError('network connection lost');
      }
      return res;
    };
    const d = device(user, { fetch: flaky });
    await d.store.save(user.uid, draft('once'));
    await expect(d.sync()).rejects.toMatchObject({ name: 'GestureSyncError', code: 'network' });
    // The retry's pull finds that the server has it already: no conflict, nothing sent again.
    expect(await d.sync()).toMatchObject({ pulled: 1, pushed: 0, conflicts: 0 });
    expect(await d.store.list(user.uid)).toMatchObject([
      { name: 'once', dirty: false, version: 1 },
    ]);
    expect(await serverView(user)).toEqual(await d.live());
  });

  it('refreshes an expired token once, and never sends a bucket with another account’s token', async () => {
    const user = await newUser('tokens');
    const [h, p] = user.idToken.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number>;
    claims.exp = Math.floor(Date.now() / 1000) - 60;
    const expired = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const asked: Array<boolean | undefined> = [];
    const d = device(user, {
      getIdToken: async (opts) => {
        asked.push(opts?.forceRefresh);
        if (!opts?.forceRefresh) return expired;
        return (await signInWithPassword(host(), user.email ?? '', 'pw-sync-123')).idToken;
      },
    });
    await d.store.save(user.uid, draft('fresh'));
    expect(await d.sync()).toMatchObject({ pushed: 1 });
    expect(asked.slice(0, 2)).toEqual([undefined, true]);

    const other = await newUser('other');
    const wrong = device(user, { getIdToken: async () => other.idToken });
    await wrong.store.save(user.uid, draft('private'));
    expect(await wrong.sync()).toMatchObject({ skipped: 'other-account', pushed: 0 });
    expect(await serverView(other)).toEqual([]);
    const signedOut = device(user, { getIdToken: async () => null });
    expect(await signedOut.sync()).toMatchObject({ skipped: 'signed-out' });
    const revoked = device(user, { getIdToken: async (o) => (o?.forceRefresh ? null : expired) });
    const failure = await revoked.sync().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GestureSyncError);
    expect(failure).toMatchObject({ status: 401, code: 'token_expired' });
  });

  it('adopts gestures taught before sign-in into the account', async () => {
    const user = await newUser('adopt');
    const d = device(user);
    await d.store.save(ANONYMOUS_BUCKET, draft('before sign-in'));
    expect(await d.store.adopt(ANONYMOUS_BUCKET, user.uid)).toBe(1);
    expect(await d.sync()).toMatchObject({ pushed: 1 });
    expect((await serverView(user)).map((g) => g.name)).toEqual(['before sign-in']);
  });

  it('reports a definition the server refuses and still syncs the others', async () => {
    const user = await newUser('refused');
    const d = device(user);
    const good = await d.store.save(user.uid, draft('good'));
    // A record written by an older client with a sample the API does not take.
    const bad = { ...good, id: randomUUID(), name: 'bad', samples: [[[1, 2, 3]]] };
    await d.store.commit(user.uid, [{ id: bad.id, expect: null, next: bad, rebase: null }]);
    const report = await d.sync();
    expect(report.pushed).toBe(1);
    expect(report.refused).toMatchObject([{ id: bad.id, status: 400, code: 'invalid_request' }]);
    expect((await serverView(user)).map((g) => g.name)).toEqual(['good']);
  });

  it('brings three devices making random offline changes to the same state', async () => {
    const user = await newUser('random');
    const devices = [device(user), device(user), device(user)];
    for (let step = 0; step < 60; step++) {
      const d = pick(devices);
      const mine = await d.store.list(user.uid);
      const roll = rng.next();
      if (roll < 0.3 || mine.length === 0) await d.store.save(user.uid, draft(`g${step}`));
      else if (roll < 0.55)
        await d.store.save(user.uid, { ...draft(`edit${step}`), id: pick(mine).id });
      else if (roll < 0.7) await d.store.remove(user.uid, pick(mine).id);
      else await d.sync();
      await tick();
    }
    // Two passes over every device settle everything.
    for (let pass = 0; pass < 2; pass++) for (const d of devices) await d.sync();
    const truth = await serverView(user);
    expect(truth.length).toBeGreaterThan(0);
    for (const d of devices) {
      expect(await d.live()).toEqual(truth);
      expect((await d.store.snapshot(user.uid)).gestures.every((g) => !g.dirty)).toBe(true);
    }
  });
});
