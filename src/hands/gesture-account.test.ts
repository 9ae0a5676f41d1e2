// GestureAccount on manual timers: the bucket follows the account (signed-out gestures adopted
// at sign-in), the classifier follows the store, and the sync runs at sign-in, after local
// changes (debounced), when back online, and after failures on the server's Retry-After or an
// exponential backoff, never with one account's token for another's bucket. The server here is
// a small in-memory /api/v1/gestures answering with the API's status codes, headers and bodies
// (docs/API.md); the real API is driven by gesture-sync.int.test.ts and the e2e tests.
import { afterEach, describe, expect, it } from 'vitest';
import type { GestureDefinition } from '../../api/gestures/contract.ts';
import { createRng, POSES, sampleHand } from '../../workers/gestures/hand-model.ts';
import type { AuthUser } from '../auth/auth-client.ts';
import { DEFAULT_BACKOFF } from '../sync/backoff.ts';
import { bucketOf, GestureAccount, retryDelayMs, SYNC_DEBOUNCE_MS } from './gesture-account.ts';
import {
  ANONYMOUS_BUCKET,
  type GestureDraft,
  MemoryGestureStore,
  sampleFromLandmarks,
} from './gesture-store.ts';
import { GestureSyncError } from './gesture-sync.ts';

const rng = createRng(5);
const draft = (name: string, pose = POSES[0] ?? 'open'): GestureDraft => ({
  name,
  samples: Array.from({ length: 4 }, () =>
    sampleFromLandmarks(
      sampleHand(pose, { noise: 0.01, rng }).landmarks.map((p) => [p.x, p.y, p.z]),
    ),
  ),
  action: 'zoom',
});

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (uid: string, n: number) =>
  `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: uid, n }))}.x`;

/** An AuthClient whose tokens are JWT-shaped with the uid as `sub`, as Firebase's are. */
class TestAuth {
  user: AuthUser | null = null;
  private readonly listeners = new Set<(u: AuthUser | null) => void>();
  private issued = 0;

  onChange(cb: (u: AuthUser | null) => void) {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  async getIdToken() {
    return this.user ? jwt(this.user.uid, ++this.issued) : null;
  }

  signIn(uid: string | null) {
    this.user = uid
      ? { uid, isAnonymous: false, email: `${uid}@example.com`, displayName: null }
      : null;
    for (const l of this.listeners) l(this.user);
  }
}

type Fault = Response | 'network';

/** /api/v1/gestures in memory, per token owner, with faults queued by the test. */
class TestGestureApi {
  readonly log: string[] = [];
  readonly faults: Fault[] = [];
  private readonly owners = new Map<string, Map<string, GestureDefinition>>();
  private stamp = Date.UTC(2026, 10, 23);

  definitions(uid: string): GestureDefinition[] {
    return [...(this.owners.get(uid)?.values() ?? [])];
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://api.test');
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    const token = headers.get('authorization')?.slice('Bearer '.length) ?? '';
    const uid = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub;
    this.log.push(`${method} ${url.pathname} ${uid}`);
    const fault = this.faults.shift();
    if (fault === 'network') throw new TypeError('fetch failed');
    if (fault) return fault;
    const mine = this.owners.get(uid) ?? new Map<string, GestureDefinition>();
    this.owners.set(uid, mine);
    if (url.pathname === '/api/v1/gestures') {
      const since = url.searchParams.get('updatedSince');
      const items = [...mine.values()]
        .filter((d) => since === null || d.updatedAt > since)
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      const cursor = items.at(-1)?.updatedAt ?? since;
      return Response.json({ items, cursor, hasMore: false });
    }
    const id = url.pathname.split('/').at(-1) ?? '';
    const current = mine.get(id);
    const ifMatch = headers.get('if-match');
    const next = (over: Partial<GestureDefinition> & { deleted: boolean }): GestureDefinition => {
      this.stamp += 1000;
      const d = {
        id,
        name: '',
        samples: [],
        action: null,
        editedAt: new Date(this.stamp).toISOString(),
        ...current,
        ...over,
        version: (current?.version ?? 0) + 1,
        updatedAt: new Date(this.stamp).toISOString(),
      };
      mine.set(id, d);
      return d;
    };
    if (method === 'DELETE') {
      if (!current || current.deleted) return apiError(404, 'gesture_not_found');
      const d = next({ deleted: true, name: '', samples: [], action: null });
      return new Response(null, { status: 204, headers: { ETag: `"${d.version}"` } });
    }
    const live = current && !current.deleted;
    if (headers.get('if-none-match') === '*' && live) return apiError(412, 'version_mismatch');
    if (ifMatch !== null && !current) return apiError(404, 'gesture_not_found');
    if (ifMatch !== null && ifMatch !== `"${current?.version}"`)
      return apiError(412, 'version_mismatch');
    const d = next({ ...JSON.parse(String(init.body)), deleted: false });
    return Response.json(d, { status: current ? 200 : 201, headers: { ETag: `"${d.version}"` } });
  };
}

function apiError(status: number, code: string, headers: Record<string, string> = {}) {
  return Response.json({ error: { code, message: `${code} (test)` } }, { status, headers });
}

/** setTimeout by hand: `fire` runs the next timer, `pending` lists the waits armed. */
class ManualTimers {
  private next = 1;
  private readonly timers = new Map<number, { fn: () => void; ms: number }>();

  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.set(id, { fn, ms });
    return id;
  };

  clearTimeout = (id: unknown) => {
    this.timers.delete(id as number);
  };

  get pending(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }

  /** Runs the earliest-armed timer and lets everything it started finish. */
  async fire(): Promise<void> {
    const [id, timer] = [...this.timers.entries()][0] ?? [];
    if (id === undefined || !timer) throw new Error('no timer is armed');
    this.timers.delete(id);
    timer.fn();
    await settle();
  }
}

/** Lets the store's transactions and the sync's awaits run to their end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

function setup(options: { online?: () => boolean; api?: TestGestureApi; uid?: string } = {}) {
  const store = new MemoryGestureStore();
  const auth = new TestAuth();
  // Signed in already when the page starts (the saved session).
  if (options.uid)
    auth.user = { uid: options.uid, isAnonymous: false, email: null, displayName: null };
  const api = options.api ?? new TestGestureApi();
  const timers = new ManualTimers();
  const account = new GestureAccount({
    store,
    auth,
    fetch: api.fetch,
    timers,
    random: () => 0,
    ...(options.online ? { online: options.online } : {}),
  });
  cleanup.push(() => {
    account.dispose();
    store.close();
  });
  return { store, auth, api, timers, account };
}

describe('bucketOf and retryDelayMs', () => {
  it('names the bucket of a user or of nobody', () => {
    expect(bucketOf(null)).toBe(ANONYMOUS_BUCKET);
    expect(bucketOf({ uid: 'u1' })).toBe('u1');
  });

  it("waits the server's Retry-After, capped, else backs off exponentially with jitter", () => {
    const limited = new GestureSyncError(429, 'rate_limited', 'slow down', 7);
    expect(retryDelayMs(limited, 1, () => 0)).toBe(7000);
    expect(retryDelayMs(limited, 1, () => 1)).toBe(8000);
    const huge = new GestureSyncError(503, 'unavailable', 'later', 10 * 3600);
    expect(retryDelayMs(huge, 1, () => 0)).toBe(DEFAULT_BACKOFF.maxRetryAfterMs);
    const network = new GestureSyncError(0, 'network', 'fetch failed');
    expect([1, 2, 3, 4].map((n) => retryDelayMs(network, n, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(retryDelayMs(network, 3, () => 1)).toBe(4000);
    expect(retryDelayMs(new Error('idb'), 40, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});

describe('GestureAccount', () => {
  it('keeps signed-out gestures on the device and builds the classifier from them', async () => {
    const { store, api, timers, account } = setup();
    const seen: string[][] = [];
    account.subscribe((s) => seen.push(s.gestures.map((g) => g.name)));
    await account.start();
    expect(account.snapshot).toMatchObject({ bucket: ANONYMOUS_BUCKET, classifier: null });
    await store.save(ANONYMOUS_BUCKET, draft('horns'));
    await store.save('someone-else', draft('theirs'));
    await settle();
    expect(account.snapshot.classifier?.gestures.map((g) => g.name)).toEqual(['horns']);
    expect(account.snapshot.sync).toEqual({ kind: 'local' });
    expect(seen.at(-1)).toEqual(['horns']);
    // Nothing is sent while nobody is signed in.
    expect(timers.pending).toEqual([]);
    expect(api.log).toEqual([]);
  });

  it('adopts the signed-out gestures at sign-in and sends them with that account at once', async () => {
    const { store, auth, api, timers, account } = setup();
    await account.start();
    await store.save(ANONYMOUS_BUCKET, draft('horns'));
    await settle();
    auth.signIn('alice');
    await settle();
    expect(account.bucket).toBe('alice');
    expect(timers.pending).toEqual([0]);
    await timers.fire();
    expect(api.log).toEqual([
      'GET /api/v1/gestures alice',
      expect.stringMatching(/^PUT .* alice$/),
    ]);
    expect(api.definitions('alice').map((d) => [d.name, d.action, d.version])).toEqual([
      ['horns', 'zoom', 1],
    ]);
    expect((await store.snapshot(ANONYMOUS_BUCKET)).gestures).toEqual([]);
    expect(await store.list('alice')).toMatchObject([{ name: 'horns', dirty: false, version: 1 }]);
    expect(account.snapshot).toMatchObject({
      bucket: 'alice',
      sync: { kind: 'idle', report: { pushed: 1, skipped: null } },
    });
    expect(account.snapshot.classifier?.gestures.map((g) => g.name)).toEqual(['horns']);
    expect(timers.pending).toEqual([]);
  });

  it('syncs once after a burst of local saves and deletes, not on each', async () => {
    const { store, api, timers, account } = setup({ uid: 'bob' });
    await account.start();
    const first = await store.save('bob', draft('one'));
    await settle();
    expect(timers.pending).toEqual([SYNC_DEBOUNCE_MS]);
    await store.save('bob', draft('two'));
    await store.remove('bob', first.id);
    await settle();
    expect(timers.pending).toEqual([SYNC_DEBOUNCE_MS]);
    expect(api.log).toEqual([]);
    await timers.fire();
    expect(api.log.filter((l) => l.startsWith('PUT'))).toHaveLength(1);
    expect(api.definitions('bob').map((d) => d.name)).toEqual(['two']);
    // The sync's own writes leave nothing dirty: no further sync is armed.
    expect(timers.pending).toEqual([]);

    const two = (await store.list('bob'))[0];
    await store.remove('bob', two?.id ?? '');
    await settle();
    await timers.fire();
    expect(api.definitions('bob')).toMatchObject([{ name: '', deleted: true, version: 2 }]);
    expect((await store.snapshot('bob')).gestures).toEqual([]);
    expect(account.snapshot.classifier).toBeNull();
  });

  it("waits the server's Retry-After; a local change does not cut the wait short", async () => {
    const { store, auth, api, timers, account } = setup();
    await account.start();
    api.faults.push(apiError(429, 'rate_limited', { 'Retry-After': '7' }));
    await store.save(ANONYMOUS_BUCKET, draft('horns'));
    auth.signIn('carol');
    await settle();
    await timers.fire();
    expect(account.snapshot.sync).toMatchObject({ kind: 'waiting', ms: 7000 });
    expect(timers.pending).toEqual([7000]);
    await store.save('carol', draft('more'));
    await settle();
    account.syncNow();
    expect(timers.pending).toEqual([7000]);
    await timers.fire();
    expect(
      api
        .definitions('carol')
        .map((d) => d.name)
        .sort(),
    ).toEqual(['horns', 'more']);
    expect(account.snapshot.sync).toMatchObject({ kind: 'idle' });
  });

  it('backs off on network and server failures, and goes again when back online', async () => {
    let online = true;
    const { store, api, timers, account } = setup({ online: () => online, uid: 'dan' });
    await account.start();
    await store.save('dan', draft('horns'));
    await settle();
    api.faults.push('network', apiError(503, 'unavailable'));
    await timers.fire();
    expect(timers.pending).toEqual([500]);
    await timers.fire();
    expect(timers.pending).toEqual([1000]);
    // The network is gone: no timer, the next try waits for the device to come back online.
    online = false;
    await timers.fire();
    expect(account.snapshot.sync).toEqual({ kind: 'offline' });
    expect(timers.pending).toEqual([]);
    online = true;
    account.syncNow();
    expect(timers.pending).toEqual([0]);
    await timers.fire();
    expect(api.definitions('dan').map((d) => d.name)).toEqual(['horns']);
    expect(api.log.filter((l) => l.startsWith('GET'))).toHaveLength(3);
  });

  it('never syncs one account with the next one, and reloads for each', async () => {
    const { store, auth, api, timers, account } = setup();
    await account.start();
    auth.signIn('erin');
    await settle();
    await timers.fire();
    await store.save('erin', draft('erin only'));
    await settle();
    // Signed out before the debounced sync and in as someone else: erin's edit waits for erin.
    auth.signIn(null);
    await settle();
    expect(account.snapshot).toMatchObject({ bucket: ANONYMOUS_BUCKET, gestures: [] });
    expect(timers.pending).toEqual([]);
    await store.save(ANONYMOUS_BUCKET, draft('taught signed out'));
    auth.signIn('frank');
    await settle();
    await timers.fire();
    expect(api.definitions('frank').map((d) => d.name)).toEqual(['taught signed out']);
    expect(api.definitions('erin')).toEqual([]);
    expect(await store.list('erin')).toMatchObject([{ name: 'erin only', dirty: true }]);
    auth.signIn('erin');
    await settle();
    await timers.fire();
    expect(api.definitions('erin').map((d) => d.name)).toEqual(['erin only']);
    expect(api.definitions('frank').map((d) => d.name)).toEqual(['taught signed out']);
  });

  it('pulls what another device of the account saved', async () => {
    const one = setup();
    const other = setup({ api: one.api });
    const second = other.account;
    await one.account.start();
    await second.start();
    await one.store.save(ANONYMOUS_BUCKET, draft('from the laptop'));
    one.auth.signIn('gail');
    await settle();
    await one.timers.fire();
    other.auth.signIn('gail');
    await settle();
    await other.timers.fire();
    expect(second.snapshot.gestures).toMatchObject([{ name: 'from the laptop', dirty: false }]);
    expect(second.snapshot.classifier?.gestures.map((g) => g.name)).toEqual(['from the laptop']);
  });
});
