// The sync engine's every branch on a fake clock: uploads in order with ≤ 2 requests per chunk,
// replays, backoff with jitter on network errors and 5xx, Retry-After on 429/503, one token
// refresh on 401, stops on 403 and on permanent 4xx (marked failed, bytes kept), account
// isolation, anonymous claiming, deadlines, aborts, waking, restarts and deletes. The server here
// answers with the API's status codes, headers and error bodies (docs/API.md); the same engine
// runs against the real API in engine.int.test.ts.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { SyncEngine, type SyncEvent } from './engine.ts';
import { FakeClock } from './fake-clock.ts';
import { MemorySyncStore } from './memory-store.ts';
import { deleteHologram, retryHologram } from './queue-ops.ts';
import type { QueuedHologram, SyncAuth } from './types.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** Issues JWT-shaped tokens whose `sub` is the uid, as Firebase's are. */
class TestAuth implements SyncAuth {
  issued = 0;
  refreshes = 0;
  anonymousSignIns = 0;
  current: string | null = null;
  failNext: Error | null = null;
  constructor(public uid: string | null) {}

  token(uid: string): string {
    this.issued++;
    return `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: uid, n: this.issued }))}.x`;
  }

  async getIdToken(opts: { forceRefresh?: boolean; signInAnonymously?: boolean } = {}) {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    if (opts.signInAnonymously && this.uid === null) {
      this.anonymousSignIns++;
      this.uid = `anon-${this.anonymousSignIns}`;
    }
    if (this.uid === null) return null;
    if (opts.forceRefresh || this.current === null) {
      if (opts.forceRefresh) this.refreshes++;
      this.current = this.token(this.uid);
    }
    return this.current;
  }
}

type Fault = Response | 'network';

/** The Holograms API's chunk protocol in memory, with faults a test queues per path. */
class TestApi {
  readonly holograms = new Map<string, { owner: string; body: unknown }>();
  readonly parts = new Map<string, { sha256: string; size: number; bytes: Uint8Array }>();
  readonly log: string[] = [];
  readonly rejected = new Set<string>();
  private readonly faults: Array<{ match: RegExp; fault: Fault }> = [];

  fail(match: RegExp, ...faults: Fault[]): void {
    for (const fault of faults) this.faults.push({ match, fault });
  }

  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET';
    const path = new URL(url, 'http://api.test').pathname;
    this.log.push(`${method} ${path}`);
    const i = this.faults.findIndex((f) => f.match.test(path));
    if (i >= 0) {
      const fault = this.faults.splice(i, 1)[0]?.fault;
      if (fault === 'network') throw new TypeError('fetch failed');
      if (fault) return fault;
    }
    const headers = new Headers(init.headers);
    const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const payload = token.split('.')[1];
    if (!payload || this.rejected.has(token)) return error(401, 'token_expired');
    const uid = (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub;
    const m = path.match(/^\/api\/v1\/holograms\/([\w-]+)(?:\/chunks\/(\d+)\/(audio|frames))?$/);
    if (!m) return error(404, 'not_found');
    const [, id = '', seq, kind] = m;
    const hologram = this.holograms.get(`${uid}/${id}`);
    if (method === 'DELETE') {
      if (!hologram) return error(404, 'hologram_not_found');
      this.holograms.delete(`${uid}/${id}`);
      return new Response(null, { status: 204 });
    }
    if (!seq) {
      this.holograms.set(`${uid}/${id}`, { owner: uid, body: JSON.parse(String(init.body)) });
      return Response.json({ id }, { status: hologram ? 200 : 201 });
    }
    if (!hologram) return error(404, 'hologram_not_found');
    const bytes = new Uint8Array(init.body as Uint8Array);
    const declared = headers.get('x-content-sha256') ?? '';
    if (sha(bytes) !== declared) return error(422, 'checksum_mismatch');
    const key = `${uid}/${id}/${seq}/${kind}`;
    const stored = this.parts.get(key);
    if (stored && stored.sha256 !== declared) return error(409, 'chunk_conflict');
    this.parts.set(key, { sha256: declared, size: bytes.length, bytes });
    return Response.json(
      { hologramId: id, seq: Number(seq), kind, sha256: declared, size: bytes.length },
      { status: stored ? 200 : 201 },
    );
  };

  /** Requests that carried data (PUT), by path. */
  puts(): string[] {
    return this.log.filter((l) => l.startsWith('PUT '));
  }
}

function error(status: number, code: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message: `${code} (test)` } }, { status, headers });
}

const ID_A = '3f0c9a52-6d1e-4c3b-9f67-0f3a7d2b1e44';
const ID_B = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function hologram(id: string, owner: string | null, createdAt: string, complete = true) {
  return {
    id,
    owner,
    meta: { title: 'Train', createdAt, durationMs: 8000, sampleRate: 48000, channels: 2, complete },
    metaVersion: 1,
    syncedMetaVersion: 0,
    chunkCount: 0,
    failure: null,
    deleted: false,
  } satisfies QueuedHologram;
}

let seed = 1;
function bytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    b[i] = seed >>> 24;
  }
  return b;
}

async function addChunks(store: MemorySyncStore, id: string, count: number, from = 0) {
  for (let seq = from; seq < from + count; seq++) {
    const audio = bytes(300 + seq);
    const frames = bytes(20 + seq);
    await store.addChunk({
      hologramId: id,
      seq,
      startMs: seq * 4000,
      durationMs: 4000,
      audio,
      audioSha256: sha(audio),
      frames,
      framesSha256: sha(frames),
    });
  }
}

describe('SyncEngine', () => {
  let store: MemorySyncStore;
  let api: TestApi;
  let auth: TestAuth;
  let clock: FakeClock;
  let events: SyncEvent[];
  let random: number;
  const engine = (over: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}) =>
    new SyncEngine({
      store,
      auth,
      fetch: api.fetch,
      clock,
      random: () => random,
      onEvent: (e) => events.push(e),
      ...over,
    });

  beforeEach(() => {
    store = new MemorySyncStore();
    api = new TestApi();
    auth = new TestAuth('alice');
    clock = new FakeClock();
    events = [];
    random = 0.5;
  });

  it('uploads each hologram once, then its chunks in order, one request per part', async () => {
    await store.addHologram(hologram(ID_B, 'alice', '2026-11-23T09:00:00Z'));
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 3);
    await addChunks(store, ID_B, 2);
    const e = engine();
    expect(await e.run()).toEqual({ outcome: 'idle', synced: 2, failed: 0, otherAccount: 0 });
    const a = `/api/v1/holograms/${ID_A}`;
    const b = `/api/v1/holograms/${ID_B}`;
    expect(api.log).toEqual([
      `PUT ${a}`,
      ...[0, 1, 2].flatMap((s) => [`PUT ${a}/chunks/${s}/audio`, `PUT ${a}/chunks/${s}/frames`]),
      `PUT ${b}`,
      ...[0, 1].flatMap((s) => [`PUT ${b}/chunks/${s}/audio`, `PUT ${b}/chunks/${s}/frames`]),
    ]);
    expect(e.requestCount).toBe(2 + 5 * 2);
    expect(clock.sleeps).toEqual([]);
    // Byte-identical on the server; the local bytes are dropped once confirmed, hashes kept.
    for (const c of await store.listChunks(ID_A)) {
      expect(api.parts.get(`alice/${ID_A}/${c.seq}/audio`)?.sha256).toBe(c.audio.sha256);
      expect(c.audio.confirmedAt).toBe(clock.now());
    }
    expect(store.storedParts).toBe(0);
    expect(events.filter((x) => x.type === 'hologram-synced')).toHaveLength(2);
    // A second run has nothing to do.
    expect(await e.run()).toMatchObject({ outcome: 'idle', synced: 2 });
    expect(api.log).toHaveLength(12);
  });

  it('uploads a recording while it grows, and its final metadata once it ends', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z', false));
    await addChunks(store, ID_A, 1);
    const e = engine();
    expect(await e.run()).toMatchObject({ outcome: 'idle', synced: 0 });
    expect(api.puts()).toHaveLength(3);
    await addChunks(store, ID_A, 2, 1);
    await store.updateHologram(ID_A, (h) => ({
      ...h,
      meta: { ...h.meta, complete: true, durationMs: 12_000 },
      metaVersion: h.metaVersion + 1,
    }));
    expect(await e.run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(api.puts()).toHaveLength(3 + 1 + 4);
    expect(api.holograms.get(`alice/${ID_A}`)?.body).toMatchObject({
      complete: true,
      durationMs: 12_000,
    });
  });

  it('takes a 200 replay of a part the server already has as confirmation', async () => {
    const seed0 = seed;
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 2);
    await engine().run();
    // The confirmations were lost (a crash after the server stored the parts): the same parts
    // are queued again and sent again.
    store = new MemorySyncStore();
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    seed = seed0;
    await addChunks(store, ID_A, 2);
    const before = api.parts.size;
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1, failed: 0 });
    expect(api.parts.size).toBe(before);
    expect(store.storedParts).toBe(0);
  });

  it('waits with growing, jittered backoff through network errors and 500s, then finishes', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 2);
    const chunk1 = /\/chunks\/1\/audio$/;
    api.fail(chunk1, 'network', 'network', error(500, 'internal'), error(502, 'bad_gateway'));
    api.fail(/\/chunks\/1\/frames$/, error(504, 'gateway_timeout'));
    random = 0;
    const e = engine();
    expect(await e.run()).toMatchObject({ outcome: 'idle', synced: 1 });
    // Equal jitter with random() = 0: half of base·2^(n−1); the count starts again per request.
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 500]);
    expect(
      events.filter((x) => x.type === 'waiting').map((x) => x.type === 'waiting' && x.reason),
    ).toEqual(['network', 'network', 'server', 'server', 'server']);
    expect(api.puts().filter((p) => chunk1.test(p))).toHaveLength(5);
    expect(e.requestCount).toBe(1 + 4 + 4 + 1);
  });

  it('jitters each wait within [d/2, d] and caps the growth', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    api.fail(/audio$/, ...Array.from({ length: 12 }, () => error(500, 'internal')));
    random = 0.999_999;
    await engine({ backoff: { baseMs: 1000, maxMs: 60_000, maxRetryAfterMs: 3_600_000 } }).run();
    expect(clock.sleeps).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('waits as long as Retry-After says on 503 and 429 (seconds or a date)', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    random = 0.25;
    api.fail(/audio$/, error(503, 'database_unavailable', { 'Retry-After': '7' }));
    const at = new Date(clock.now() + 30_000 + 500 + 250).toUTCString();
    api.fail(/frames$/, error(429, 'rate_limited', { 'Retry-After': at }));
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1 });
    // 7 s + jitter (250 ms); then the date 30 s after the clock at that moment (whole seconds).
    expect(clock.sleeps[0]).toBe(7_250);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(22_000 + 250);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(23_000 + 250);
    const reasons = events.flatMap((x) => (x.type === 'waiting' ? [[x.reason, x.status]] : []));
    expect(reasons).toEqual([
      ['server', 503],
      ['rate-limited', 429],
    ]);
  });

  it('refreshes the token once on 401 and carries on with the new one', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 2);
    const stale = await auth.getIdToken();
    if (!stale) throw new Error('no token');
    api.rejected.add(stale);
    const e = engine();
    expect(await e.run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(auth.refreshes).toBe(1);
    expect(e.requestCount).toBe(1 + 1 + 4);
    expect(api.parts.size).toBe(4);
  });

  it('stops as an auth error when the refreshed token is refused too, and resumes after sign-in', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 2);
    await engine().run();
    await addChunks(store, ID_A, 1, 2);
    const fetchRefusing = async (url: string, init: RequestInit) => {
      const token = new Headers(init.headers).get('authorization')?.slice(7) ?? '';
      api.rejected.add(token);
      return api.fetch(url, init);
    };
    expect(await engine({ fetch: fetchRefusing }).run()).toEqual({
      outcome: 'auth-required',
      reason: 'token_expired',
    });
    expect(auth.refreshes).toBe(1);
    const h = await store.getHologram(ID_A);
    expect(h?.failure).toBeNull();
    expect(await store.readPart(ID_A, 2, 'audio')).toBeDefined();
    auth.current = null; // signed in again: a fresh token
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(api.parts.size).toBe(6);
  });

  it('stops on 403 (account disabled) without failing the hologram', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    api.fail(/holograms\/[\w-]+$/, error(403, 'user_disabled'));
    expect(await engine().run()).toEqual({ outcome: 'auth-required', reason: 'user_disabled' });
    expect((await store.getHologram(ID_A))?.failure).toBeNull();
    expect(auth.refreshes).toBe(0);
  });

  it.each([
    [400, 'truncated_body'],
    [404, 'hologram_not_found'],
    [409, 'chunk_conflict'],
    [413, 'payload_too_large'],
    [415, 'unsupported_content'],
    [422, 'invalid_frames'],
  ])(
    'marks the hologram failed on %i %s, keeps its bytes, and goes on with the others',
    async (status, code) => {
      await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
      await store.addHologram(hologram(ID_B, 'alice', '2026-11-23T09:00:00Z'));
      await addChunks(store, ID_A, 3);
      await addChunks(store, ID_B, 1);
      api.fail(new RegExp(`${ID_A}/chunks/1/frames$`), error(status, code));
      expect(await engine().run()).toEqual({
        outcome: 'idle',
        synced: 1,
        failed: 1,
        otherAccount: 0,
      });
      const failure = (await store.getHologram(ID_A))?.failure;
      expect(failure).toMatchObject({ status, code, seq: 1, kind: 'frames' });
      expect(failure?.message).toContain(code);
      expect(clock.sleeps).toEqual([]);
      // Nothing after the refused part was sent; its bytes and the rest stay on the device.
      expect(api.puts().filter((p) => p.includes(ID_A))).toHaveLength(1 + 4);
      expect(await store.readPart(ID_A, 1, 'frames')).toBeDefined();
      expect(await store.readPart(ID_A, 2, 'audio')).toBeDefined();
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'hologram-failed', hologramId: ID_A }),
      );
      // A failed hologram waits for the user: runs skip it…
      api.log.length = 0;
      expect(await engine().run()).toMatchObject({ failed: 1 });
      expect(api.log).toEqual([]);
      // …until Retry, which sends it again from its metadata on.
      await retryHologram(store, ID_A);
      expect(await engine().run()).toMatchObject({ synced: 2, failed: 0 });
      expect(api.puts()).toHaveLength(1 + 3);
    },
  );

  it('refuses a confirmation of other bytes than the recorded ones', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    api.fail(/audio$/, Response.json({ sha256: '0'.repeat(64), size: 300 }, { status: 200 }));
    expect(await engine().run()).toMatchObject({ failed: 1 });
    expect((await store.getHologram(ID_A))?.failure?.code).toBe('server_hash_mismatch');
    expect(await store.readPart(ID_A, 0, 'audio')).toBeDefined();
  });

  it('marks a part whose local bytes are gone failed without sending it', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    await store.confirmPart(ID_A, 0, 'audio', 0);
    await store.updateHologram(ID_A, (h) => h); // no-op write
    const chunk = (await store.listChunks(ID_A))[0];
    expect(chunk?.audio.confirmedAt).toBe(0);
    // Simulate a store that lost the frames' bytes: read them away through a wrapper.
    const lossy = Object.assign(Object.create(store) as MemorySyncStore, {
      readPart: async () => undefined,
    });
    expect(await engine({ store: lossy }).run()).toMatchObject({ failed: 1 });
    expect((await store.getHologram(ID_A))?.failure?.code).toBe('local_bytes_missing');
    expect(api.puts()).toEqual([`PUT /api/v1/holograms/${ID_A}`]);
  });

  it("never uploads one account's queue with another account's token", async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    auth.uid = 'bob';
    expect(await engine().run()).toEqual({
      outcome: 'idle',
      synced: 0,
      failed: 0,
      otherAccount: 1,
    });
    expect(api.log).toEqual([]);
    auth.uid = null;
    expect(await engine().run()).toMatchObject({ otherAccount: 1 });
    expect(auth.anonymousSignIns).toBe(0);
    expect(api.log).toEqual([]);
  });

  it('stops before sending when the token turns out to be of another account (switch mid-run)', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 2);
    const switching: SyncAuth = {
      get uid() {
        return 'alice';
      },
      getIdToken: async () => auth.token('bob'),
    };
    expect(await engine({ auth: switching }).run()).toEqual({
      outcome: 'auth-required',
      reason: 'account_changed',
    });
    expect(api.log).toEqual([]);
  });

  it('gives a recording made signed out to the account that first uploads it, signing in anonymously', async () => {
    await store.addHologram(hologram(ID_A, null, '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    auth.uid = null;
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(auth.anonymousSignIns).toBe(1);
    expect((await store.getHologram(ID_A))?.owner).toBe('anon-1');
    expect(api.holograms.has(`anon-1/${ID_A}`)).toBe(true);
  });

  it('retries an anonymous sign-in that fails offline, and stops when sign-in is refused', async () => {
    await store.addHologram(hologram(ID_A, null, '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    auth.uid = null;
    auth.failNext = Object.assign(new Error('offline'), { code: 'auth/network-request-failed' });
    random = 0;
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(clock.sleeps).toEqual([500]);

    await store.addHologram(hologram(ID_B, null, '2026-11-23T09:00:00Z'));
    await addChunks(store, ID_B, 1);
    auth.uid = null;
    auth.failNext = Object.assign(new Error('no'), { code: 'auth/operation-not-allowed' });
    expect(await engine().run()).toEqual({ outcome: 'auth-required', reason: 'sign_in_failed' });
    expect((await store.getHologram(ID_B))?.owner).toBeNull();
  });

  it('ends the run at its deadline instead of waiting past it', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    api.fail(/audio$/, error(503, 'storage_unavailable', { 'Retry-After': '120' }));
    random = 0;
    const result = await engine().run({ deadline: clock.now() + 60_000 });
    expect(result).toEqual({ outcome: 'retry-later', afterMs: 120_000 });
    expect(clock.sleeps).toEqual([]);
    expect(await store.readPart(ID_A, 0, 'audio')).toBeDefined();
  });

  it('aborts a waiting run, and wakes one early when asked', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    clock = new FakeClock({ auto: false });
    api.fail(/audio$/, 'network');
    const e = engine();
    const controller = new AbortController();
    const aborted = e.run({ signal: controller.signal });
    await clock.waitForSleep();
    controller.abort();
    expect(await aborted).toEqual({ outcome: 'aborted' });

    api.fail(/audio$/, 'network');
    const woken = e.run();
    await clock.waitForSleep();
    e.wake(); // the network came back: no need to sit out the backoff
    expect(await woken).toMatchObject({ outcome: 'idle', synced: 1 });
  });

  it('resumes after a restart without sending any part twice', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 4);
    const controller = new AbortController();
    let sent = 0;
    const stopping = engine({
      onEvent: (ev) => {
        if (ev.type === 'part-confirmed' && ++sent === 3) controller.abort();
      },
    });
    expect(await stopping.run({ signal: controller.signal })).toEqual({ outcome: 'aborted' });
    // A new engine (the page reloaded) reads the same stored state.
    expect(await engine().run()).toMatchObject({ outcome: 'idle', synced: 1 });
    const puts = api.puts();
    expect(new Set(puts).size).toBe(puts.length);
    expect(puts).toHaveLength(1 + 8);
  });

  it('deletes on the server first, then locally; an already deleted one is fine', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await store.addHologram(hologram(ID_B, 'alice', '2026-11-23T09:00:00Z'));
    await addChunks(store, ID_A, 1);
    await addChunks(store, ID_B, 1);
    await engine().run();
    api.holograms.delete(`alice/${ID_B}`); // deleted from another device meanwhile
    expect(await deleteHologram(store, ID_A)).toBe(false);
    expect(await deleteHologram(store, ID_B)).toBe(false);
    expect((await store.getHologram(ID_A))?.deleted).toBe(true);
    await engine().run();
    expect(api.log.filter((l) => l.startsWith('DELETE'))).toHaveLength(2);
    expect(api.holograms.size).toBe(0);
    expect(await store.listHolograms()).toEqual([]);
  });

  it('deletes a hologram the server never saw without asking it', async () => {
    await store.addHologram(hologram(ID_A, 'alice', '2026-11-23T08:00:00Z'));
    await addChunks(store, ID_A, 1);
    expect(await deleteHologram(store, ID_A)).toBe(true);
    expect(await store.listHolograms()).toEqual([]);
    expect(store.storedParts).toBe(0);
  });
});
