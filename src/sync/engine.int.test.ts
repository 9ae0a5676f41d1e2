// The sync engine against the real API on both backends (PGlite + local store, PostgreSQL via the
// Neon driver + S3), with Auth Emulator tokens: a queue of real webm/opus and HGFR chunks arrives
// byte-identical with one request per part; lost confirmations are replayed as 200 without a
// second copy; the API's real refusals (409 other bytes, 415 not webm) fail the hologram with
// their codes; a token the API refuses ends the run as an auth error after one refresh.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKENDS, type Backend, openBackend } from '../../e2e/harness/api-backends.ts';
import {
  createUser,
  type EmulatorUser,
  signInWithPassword,
} from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { createFrame } from '../hologram/frame.ts';
import { SyncEngine } from './engine.ts';
import { FakeClock } from './fake-clock.ts';
import { MemorySyncStore } from './memory-store.ts';
import type { QueuedHologram, SyncAuth } from './types.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function framesOf(startMs: number, count: number): Uint8Array {
  const frames = Array.from({ length: count }, (_, i) => {
    const f = createFrame();
    f.t = startMs + i * (1000 / 60);
    f.left.fill(-40 + (i % 20));
    f.right.fill(-50);
    return f;
  });
  return encodeFrames(frames, [], startMs);
}

function hologram(owner: string): QueuedHologram {
  return {
    id: randomUUID(),
    owner,
    meta: {
      title: 'Sync test',
      createdAt: new Date().toISOString(),
      durationMs: 6000,
      sampleRate: 48_000,
      channels: 1,
      complete: true,
    },
    metaVersion: 1,
    syncedMetaVersion: 0,
    chunkCount: 0,
    failure: null,
    deleted: false,
  };
}

describe.each(BACKENDS)('sync engine → API on %s', (name) => {
  let b: Backend;
  let user: EmulatorUser;
  let webm: Uint8Array[];
  const password = 'pw-sync-1234';
  const auth = (): SyncAuth & { refreshes: number } => ({
    uid: user.uid,
    refreshes: 0,
    async getIdToken(opts) {
      if (opts?.forceRefresh) {
        this.refreshes++;
        user = await signInWithPassword(inject('authEmulatorHost'), user.email ?? '', password);
      }
      return user.idToken;
    },
  });
  const fetchApi = async (url: string, init: RequestInit) => b.app.request(url, init);

  async function queue(store: MemorySyncStore, h: QueuedHologram, audio: Uint8Array[]) {
    await store.addHologram(h);
    for (const [seq, bytes] of audio.entries()) {
      const frames = framesOf(seq * 2000, 120);
      await store.addChunk({
        hologramId: h.id,
        seq,
        startMs: seq * 2000,
        durationMs: 2000,
        audio: bytes,
        audioSha256: sha(bytes),
        frames,
        framesSha256: sha(frames),
      });
    }
  }

  async function serverBytes(id: string, seq: number, kind: 'audio' | 'frames') {
    const res = await b.app.request(`/api/v1/holograms/${id}/chunks/${seq}/${kind}`, {
      headers: { Authorization: `Bearer ${user.idToken}` },
    });
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  }

  beforeAll(async () => {
    b = await openBackend(name);
    user = await createUser(
      inject('authEmulatorHost'),
      `sync-${randomUUID()}@example.com`,
      password,
    );
    webm = await Promise.all([1, 2, 3].map((s) => makeWebmOpus(s)));
  });
  afterAll(() => b.close());

  it('uploads every part byte-identical with one request each, and replays as 200', async () => {
    const store = new MemorySyncStore();
    const h = hologram(user.uid);
    await queue(store, h, webm);
    const engine = new SyncEngine({ store, auth: auth(), fetch: fetchApi, clock: new FakeClock() });
    expect(await engine.run()).toEqual({ outcome: 'idle', synced: 1, failed: 0, otherAccount: 0 });
    expect(engine.requestCount).toBe(1 + 3 * 2);
    expect(store.storedParts).toBe(0);
    for (const c of await store.listChunks(h.id)) {
      expect(sha(await serverBytes(h.id, c.seq, 'audio'))).toBe(c.audio.sha256);
      expect(sha(await serverBytes(h.id, c.seq, 'frames'))).toBe(c.frames.sha256);
    }

    // The same queue again (its confirmations lost in a crash): every part is a 200 replay.
    const again = new MemorySyncStore();
    await queue(again, { ...h }, webm);
    const statuses: number[] = [];
    const counting = async (url: string, init: RequestInit) => {
      const res = await fetchApi(url, init);
      statuses.push(res.status);
      return res;
    };
    const replay = new SyncEngine({ store: again, auth: auth(), fetch: counting });
    expect(await replay.run()).toMatchObject({ outcome: 'idle', synced: 1 });
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const listed = (await (
      await b.app.request(`/api/v1/holograms/${h.id}/chunks`, {
        headers: { Authorization: `Bearer ${user.idToken}` },
      })
    ).json()) as { items: Array<{ seq: number }> };
    expect(listed.items.map((i) => i.seq)).toEqual([0, 1, 2]);
  });

  it("fails a hologram on the API's 409 (other bytes) and 415 (not webm), keeping the bytes", async () => {
    const store = new MemorySyncStore();
    const first = hologram(user.uid);
    await queue(store, first, webm.slice(0, 1));
    await new SyncEngine({ store, auth: auth(), fetch: fetchApi }).run();

    const conflicting = new MemorySyncStore();
    await queue(conflicting, { ...first }, webm.slice(1, 2));
    const notWebm = hologram(user.uid);
    await queue(conflicting, notWebm, [new TextEncoder().encode('RIFF....WAVEfmt not webm')]);
    const engine = new SyncEngine({ store: conflicting, auth: auth(), fetch: fetchApi });
    expect(await engine.run()).toMatchObject({ outcome: 'idle', synced: 0, failed: 2 });
    expect((await conflicting.getHologram(first.id))?.failure).toMatchObject({
      status: 409,
      code: 'chunk_conflict',
      seq: 0,
      kind: 'audio',
    });
    expect((await conflicting.getHologram(notWebm.id))?.failure).toMatchObject({
      status: 415,
      code: 'unsupported_content',
    });
    expect(await conflicting.readPart(notWebm.id, 0, 'audio')).toBeDefined();
    // The server kept the first bytes.
    expect(sha(await serverBytes(first.id, 0, 'audio'))).toBe(sha(webm[0] as Uint8Array));
  });

  it('refreshes a refused token once, then stops as an auth error', async () => {
    const store = new MemorySyncStore();
    await queue(store, hologram(user.uid), webm.slice(0, 1));
    const header = Buffer.from('{"alg":"none"}').toString('base64url');
    const claims = Buffer.from(JSON.stringify({ sub: user.uid })).toString('base64url');
    const forged = `${header}.${claims}.`;
    let refreshes = 0;
    const forging: SyncAuth = {
      uid: user.uid,
      getIdToken: async (opts) => {
        if (opts?.forceRefresh) refreshes++;
        return forged;
      },
    };
    const engine = new SyncEngine({ store, auth: forging, fetch: fetchApi });
    const result = await engine.run();
    expect(result.outcome).toBe('auth-required');
    expect(refreshes).toBe(1);
    expect(engine.requestCount).toBe(2);
  });
});
