// Acceptance suite of the chunk endpoints (issue 3) on both backends, with real Auth Emulator
// tokens and real webm/opus (ffmpeg) and frames bodies: authentication, isolation between users,
// 200 concurrent uploads, hostile input — each case followed by a check that the database and
// the blob store still agree (e2e/harness/blob-consistency.ts) — and rate limits that hold
// across two API instances sharing one database.
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  BACKENDS,
  type Backend,
  createHologram,
  openBackend,
} from '../../e2e/harness/api-backends.ts';
import { expectConsistent } from '../../e2e/harness/blob-consistency.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { requireExecutable } from '../../e2e/harness/system.ts';
import { createFrame, DB_FLOOR, type HologramFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { random, sine } from '../../workers/audio/signals.ts';
import { encodeWav } from '../../workers/audio/wav-encode.ts';
import { createApp } from '../app.ts';
import { createAuthVerifier } from '../auth/firebase-auth.ts';
import { openNeon } from '../db/neon.ts';
import { createLocalStore } from '../storage/local-store.ts';
import { createS3Store } from '../storage/s3-store.ts';

const run = promisify(execFile);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
type Body = Uint8Array<ArrayBuffer>;
type Reply = Response | Promise<Response>;
type Fetch = (req: Request, env: { incoming: http.IncomingMessage }) => Reply;
type ErrorJson = { error: { code: string; message: string } };

/** Distinct valid webm/opus files: 80 sines of different pitch, length and bitrate. */
const AUDIO_FILES = 80;
let tmp: string;
let opus: Body[] = [];
let vorbis: Body;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'holo-chunks-acc-'));
  const ffmpeg = requireExecutable('/usr/bin/ffmpeg', 'ffmpeg', 'ffmpeg');
  // One ffmpeg process, many outputs: input i is a sine, output i its Opus encoding.
  const args = ['-loglevel', 'error'];
  for (let i = 0; i < AUDIO_FILES; i++) {
    const seconds = 0.5 + (i % 8) * 0.5;
    args.push('-f', 'lavfi', '-i', `sine=frequency=${150 + i * 41}:duration=${seconds}`);
  }
  for (let i = 0; i < AUDIO_FILES; i++) {
    args.push('-map', `${i}:a`, '-c:a', 'libopus', '-b:a', `${32 + (i % 10) * 24}k`);
    args.push(path.join(tmp, `a${i}.webm`));
  }
  args.push('-map', '0:a', '-c:a', 'libvorbis', path.join(tmp, 'vorbis.webm'));
  await run(ffmpeg, args);
  opus = await Promise.all(
    Array.from(
      { length: AUDIO_FILES },
      async (_, i) => new Uint8Array(await readFile(path.join(tmp, `a${i}.webm`))) as Body,
    ),
  );
  vorbis = new Uint8Array(await readFile(path.join(tmp, 'vorbis.webm')));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** A valid frames body of `count` frames (394 bytes each) with seeded random levels. */
function framesBody(seed: number, count: number): Body {
  const rnd = random(seed);
  const frames: HologramFrame[] = [];
  for (let i = 0; i < count; i++) {
    const f = createFrame();
    f.t = 5_000 + (i * 1000) / 60;
    for (let k = 0; k < f.left.length; k++) {
      f.left[k] = DB_FLOOR + rnd() * 100;
      f.right[k] = DB_FLOOR + rnd() * 100;
      f.pan[k] = rnd() * 2 - 1;
    }
    frames.push(f);
  }
  const gestures = [{ t: 5_010, gesture: 'open_palm', confidence: rnd(), hand: 'left' as const }];
  return encodeFrames(frames, gestures) as Body;
}

/** A stream of `bytes` in `piece`-sized chunks: sent with Transfer-Encoding: chunked. */
function streamOf(bytes: Uint8Array, piece = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + piece));
      offset += piece;
    },
  });
}

/** The app on a real HTTP server on 127.0.0.1 (port 0). */
async function listen(fetch: Fetch) {
  const server = await new Promise<http.Server>((resolve) => {
    const s = serve(
      {
        // HTTP/1.1 server: its bindings hold the Node request.
        fetch: (req, env) => fetch(req, env as { incoming: http.IncomingMessage }),
        hostname: '127.0.0.1',
        port: 0,
      },
      () => resolve(s as http.Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Asserts the stable error shape (and nothing else in the body); returns it. */
async function expectError(res: Response, status: number, code?: string | RegExp) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const json = JSON.parse(text) as ErrorJson;
  expect(json).toEqual({
    error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) },
  });
  expect(json.error.message.length).toBeGreaterThan(0);
  expect(json.error.message).not.toMatch(/SELECT|INSERT|UPDATE |\bat .*\.[jt]s|node:|Error:/);
  if (typeof code === 'string') expect(json.error.code).toBe(code);
  else if (code) expect(json.error.code).toMatch(code);
  return { json, text };
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

const hologramJson = () =>
  JSON.stringify({
    title: 'acceptance',
    createdAt: new Date().toISOString(),
    durationMs: 4000,
    sampleRate: 48_000,
    channels: 1,
  });

describe.each(BACKENDS)('chunk acceptance on %s', (name) => {
  let b: Backend;

  const newUser = (tag: string) =>
    createUser(inject('authEmulatorHost'), `${tag}-${randomUUID()}@example.com`, 'pw-accept-1');
  const bearer = (u: EmulatorUser) => ({ Authorization: `Bearer ${u.idToken}` });
  const partPath = (id: string, seq: number | string, kind: string) =>
    `/api/v1/holograms/${id}/chunks/${seq}/${kind}`;

  const newHologram = (u: EmulatorUser, app: { request: Backend['app']['request'] } = b.app) =>
    createHologram(app, u.idToken, 'acceptance');
  const putPart = (
    u: EmulatorUser,
    id: string,
    seq: number | string,
    kind: string,
    bytes: Uint8Array,
    opts: { digest?: string; headers?: Record<string, string>; app?: Backend['app'] } = {},
  ) =>
    (opts.app ?? b.app).request(partPath(id, seq, kind), {
      method: 'PUT',
      headers: {
        ...bearer(u),
        'X-Content-SHA256': opts.digest ?? sha(bytes),
        'Content-Type': 'application/octet-stream',
        ...opts.headers,
      },
      body: bytes as Body,
    });
  const getPart = (u: EmulatorUser, id: string, seq: number, kind: string) =>
    b.app.request(partPath(id, seq, kind), { headers: bearer(u) });
  const readBack = async (u: EmulatorUser, id: string, seq: number, kind: string) => {
    const res = await getPart(u, id, seq, kind);
    expect(res.status).toBe(200);
    return sha(new Uint8Array(await res.arrayBuffer()));
  };
  const partCount = async (uids: string[]) => {
    const { rows } = await b.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chunk_parts WHERE owner_uid = ANY($1::text[])',
      [uids],
    );
    return Number(rows[0]?.n);
  };

  beforeAll(async () => {
    b = await openBackend(name);
  });
  afterAll(() => b.close());

  it('answers 401 on every chunk endpoint without a token, with a garbage, forged or expired one', async () => {
    const alice = await newUser('auth');
    const id = await newHologram(alice);
    expect((await putPart(alice, id, 0, 'audio', opus[0] as Body)).status).toBe(201);
    const [h, p] = alice.idToken.split('.') as [string, string];
    const forged = `${h}.${p}.c2lnbmF0dXJl`;
    const expired = (() => {
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number>;
      claims.exp = Math.floor(Date.now() / 1000) - 3600;
      claims.iat = claims.exp - 3600;
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    })();
    const other = opus[1] as Body;
    for (const [token, code] of [
      [null, 'unauthenticated'],
      ['garbage', 'invalid_token'],
      ['garbage-but-long-enough-to-look-like-a-jwt', 'invalid_token'],
      [forged, 'invalid_token'],
      [expired, 'token_expired'],
    ] as const) {
      const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      const bodies = new Map<string, string>();
      for (const target of [id, randomUUID()]) {
        for (const [method, url, body] of [
          ['PUT', partPath(target, 0, 'audio'), other],
          ['PUT', partPath(target, 7, 'frames'), framesBody(1, 10)],
          ['GET', partPath(target, 0, 'audio'), null],
          ['GET', `/api/v1/holograms/${target}/chunks`, null],
        ] as const) {
          const res = await b.app.request(url, {
            method,
            headers: { ...auth, 'X-Content-SHA256': body ? sha(body) : '' },
            body,
          });
          const { text } = await expectError(res, 401, code);
          // The answer is the same whether or not the hologram exists.
          const key = `${method} ${url.replace(target, '{id}')}`;
          if (bodies.has(key)) expect(text, key).toBe(bodies.get(key));
          else bodies.set(key, text);
        }
      }
    }
    expect(await readBack(alice, id, 0, 'audio')).toBe(sha(opus[0] as Body));
    expect(await expectConsistent(b, [alice.uid])).toBe(1);
  });

  it("keeps users apart: Bob can neither read, list, overwrite nor delete Alice's chunks, nor tell they exist", async () => {
    const [alice, bob] = await Promise.all([newUser('alice'), newUser('bob')]);
    const id = await newHologram(alice);
    const audio = opus[2] as Body;
    const frames = framesBody(2, 30);
    expect((await putPart(alice, id, 0, 'audio', audio)).status).toBe(201);
    expect((await putPart(alice, id, 0, 'frames', frames)).status).toBe(201);

    const missing = randomUUID();
    const bobAsks: Array<[string, (target: string) => Reply]> = [
      ['GET part', (t) => getPart(bob, t, 0, 'audio')],
      ['GET absent part', (t) => getPart(bob, t, 5, 'frames')],
      [
        'GET range',
        (t) =>
          b.app.request(partPath(t, 0, 'audio'), {
            headers: { ...bearer(bob), Range: 'bytes=0-9' },
          }),
      ],
      [
        'GET if-none-match',
        (t) =>
          b.app.request(partPath(t, 0, 'audio'), {
            headers: { ...bearer(bob), 'If-None-Match': `"${sha(audio)}"` },
          }),
      ],
      ['GET list', (t) => b.app.request(`/api/v1/holograms/${t}/chunks`, { headers: bearer(bob) })],
      ['PUT over', (t) => putPart(bob, t, 0, 'audio', opus[3] as Body)],
      ['PUT same bytes', (t) => putPart(bob, t, 0, 'audio', audio)],
      ['PUT new part', (t) => putPart(bob, t, 1, 'frames', framesBody(3, 10))],
      [
        'DELETE hologram',
        (t) => b.app.request(`/api/v1/holograms/${t}`, { method: 'DELETE', headers: bearer(bob) }),
      ],
      [
        'DELETE part',
        (t) => b.app.request(partPath(t, 0, 'audio'), { method: 'DELETE', headers: bearer(bob) }),
      ],
    ];
    for (const [what, ask] of bobAsks) {
      const real = await expectError(await ask(id), 404);
      const none = await expectError(await ask(missing), 404);
      // Byte-identical (a message that names the path names each request's own id).
      expect(real.text.replaceAll(id, '{id}'), what).toBe(none.text.replaceAll(missing, '{id}'));
    }

    // Alice's parts are untouched and nothing of Bob's was stored.
    expect(await readBack(alice, id, 0, 'audio')).toBe(sha(audio));
    expect(await readBack(alice, id, 0, 'frames')).toBe(sha(frames));
    expect(await expectConsistent(b, [alice.uid])).toBe(2);
    expect(await expectConsistent(b, [bob.uid])).toBe(0);

    // Bob may make his own hologram with the same UUID: his own id space, his own parts.
    const res = await b.app.request(`/api/v1/holograms/${id}`, {
      method: 'PUT',
      headers: { ...bearer(bob), 'Content-Type': 'application/json' },
      body: hologramJson(),
    });
    expect(res.status).toBe(201);
    expect((await putPart(bob, id, 0, 'audio', opus[3] as Body)).status).toBe(201);
    expect(await readBack(bob, id, 0, 'audio')).toBe(sha(opus[3] as Body));
    expect(await readBack(alice, id, 0, 'audio')).toBe(sha(audio));
    const bobList = (await (
      await b.app.request(`/api/v1/holograms/${id}/chunks`, { headers: bearer(bob) })
    ).json()) as { items: Array<{ seq: number; audio: unknown; frames: unknown }> };
    expect(bobList.items).toEqual([
      { seq: 0, audio: expect.objectContaining({ sha256: sha(opus[3] as Body) }), frames: null },
    ]);
    const del = await b.app.request(`/api/v1/holograms/${id}`, {
      method: 'DELETE',
      headers: bearer(bob),
    });
    expect(del.status).toBe(204);
    expect(await readBack(alice, id, 0, 'audio')).toBe(sha(audio));
    expect(await expectConsistent(b, [alice.uid])).toBe(2);
    expect(await expectConsistent(b, [bob.uid])).toBe(0);
  });

  it('takes 200 concurrent uploads from 10 users exactly once, replays them as 200, reads them back byte-exact', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => newUser(`load${i}`)));
    const holograms = await Promise.all(
      users.map(async (u) => ({
        user: u,
        ids: await Promise.all(Array.from({ length: 4 }, () => newHologram(u))),
      })),
    );
    // Per hologram: audio at seq 0 and 1, frames at seq 0, 1 and 2 — 20 parts per user.
    const uploads = holograms.flatMap(({ user, ids }, u) =>
      ids.flatMap((id, h) => {
        const n = u * 4 + h;
        return [
          { user, id, seq: 0, kind: 'audio', bytes: opus[(2 * n) % AUDIO_FILES] as Body },
          { user, id, seq: 1, kind: 'audio', bytes: opus[(2 * n + 1) % AUDIO_FILES] as Body },
          ...[0, 1, 2].map((seq) => ({
            user,
            id,
            seq,
            kind: 'frames',
            // 8 … ~500 frames: about 3 KB … 200 KB.
            bytes: framesBody(1000 + n * 3 + seq, 8 + (((n * 3 + seq) * 41) % 500)),
          })),
        ];
      }),
    );
    expect(uploads).toHaveLength(200);
    expect(new Set(uploads.map((x) => sha(x.bytes))).size).toBe(200);
    expect(Math.max(...uploads.map((x) => x.bytes.length))).toBeGreaterThan(150_000);

    // Wave 1 waits at a barrier in front of the app until all 200 requests have arrived, so
    // all 200 are in flight inside the app at once.
    let waiting = 0;
    let barrier = true;
    let releaseAll = () => {};
    const allArrived = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    // Per request: was its body read to the end (or the connection closed) when it was answered?
    const bodiesSettled: boolean[] = [];
    const server = await listen(async (req, { incoming }) => {
      if (barrier) {
        waiting++;
        if (waiting === uploads.length) releaseAll();
        await allArrived;
      }
      const res = await b.app.fetch(req);
      bodiesSettled.push(incoming.readableEnded || res.headers.get('connection') === 'close');
      return res;
    });
    const send = (x: (typeof uploads)[number]) =>
      fetch(`${server.url}${partPath(x.id, x.seq, x.kind)}`, {
        method: 'PUT',
        headers: { ...bearer(x.user), 'X-Content-SHA256': sha(x.bytes) },
        body: x.bytes,
      }).then(async (res) => ({
        status: res.status,
        json: (await res.json()) as Record<string, unknown>,
      }));
    try {
      const first = await Promise.all(uploads.map(send));
      expect(waiting).toBe(200);
      barrier = false;
      expect(first.map((r) => r.status)).toEqual(uploads.map(() => 201));
      first.forEach((r, i) => {
        const x = uploads[i] as (typeof uploads)[number];
        expect(r.json).toMatchObject({
          hologramId: x.id,
          seq: x.seq,
          kind: x.kind,
          size: x.bytes.length,
          sha256: sha(x.bytes),
        });
      });
      // Replays over keep-alive connections (25 at a time): each answered 200 with the stored
      // part, its body read to the end first, so the connection stays usable for the next one.
      const second = await pool(
        uploads.map((x) => () => send(x)),
        25,
      );
      expect(second.map((r) => r.status)).toEqual(uploads.map(() => 200));
      expect(second.map((r) => r.json)).toEqual(first.map((r) => r.json));
      expect(bodiesSettled).toEqual(Array.from({ length: 400 }, () => true));
    } finally {
      await server.close();
    }

    const uids = users.map((u) => u.uid);
    expect(await partCount(uids)).toBe(200);
    expect(await expectConsistent(b, uids)).toBe(200);
    const read = await pool(
      uploads.map((x) => () => readBack(x.user, x.id, x.seq, x.kind)),
      25,
    );
    expect(read).toEqual(uploads.map((x) => sha(x.bytes)));
  });

  it('answers replays with the same result and races on one part with one winner, storing one blob', async () => {
    const u = await newUser('replay');
    const id = await newHologram(u);
    const bytes = opus[4] as Body;
    const first = await putPart(u, id, 0, 'audio', bytes);
    expect(first.status).toBe(201);
    const stored = await first.json();
    for (let i = 0; i < 3; i++) {
      const again = await putPart(u, id, 0, 'audio', bytes);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(stored);
    }
    await expectConsistent(b, [u.uid]);

    // The same new part, 8 times at once: one 201, seven 200, one blob.
    const frames = framesBody(4, 120);
    const same = await Promise.all(
      Array.from({ length: 8 }, () => putPart(u, id, 1, 'frames', frames)),
    );
    expect(same.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await expectConsistent(b, [u.uid])).toBe(2);

    // Six different bodies for one new part at once: one 201, five 409 chunk_conflict.
    const bodies = Array.from({ length: 6 }, (_, i) => framesBody(50 + i, 60));
    const raced = await Promise.all(bodies.map((x) => putPart(u, id, 2, 'frames', x)));
    const statuses = raced.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    for (const r of raced) if (r.status === 409) await expectError(r, 409, 'chunk_conflict');
    const winner = bodies[statuses.indexOf(201)] as Body;
    expect(await readBack(u, id, 2, 'frames')).toBe(sha(winner));
    expect(await expectConsistent(b, [u.uid])).toBe(3);
  });

  it('refuses checksum mismatches (422), oversized bodies with and without Content-Length (413), and too many chunks, storing nothing', async () => {
    const u = await newUser('limits');
    const id = await newHologram(u);
    const audio = opus[5] as Body;
    await expectError(
      await putPart(u, id, 0, 'audio', audio, { digest: sha(opus[6] as Body) }),
      422,
      'checksum_mismatch',
    );
    expect(await expectConsistent(b, [u.uid])).toBe(0);
    // The refused attempt did not poison the name.
    expect((await putPart(u, id, 0, 'audio', audio)).status).toBe(201);
    expect(await expectConsistent(b, [u.uid])).toBe(1);

    const small = createApp({
      ...b.deps,
      limits: {
        ...b.deps.limits,
        audioChunkBytes: 64 * 1024,
        framesChunkBytes: 64 * 1024,
        chunksPerHologram: 10,
      },
    });
    const bigFrames = framesBody(6, 400); // ~158 KB
    const bigAudio = opus.find((x) => x.length > 64 * 1024) as Body;
    expect(bigAudio).toBeDefined();
    const cases: Array<[string, () => Reply, string]> = [
      [
        'frames, Content-Length',
        () =>
          putPart(u, id, 1, 'frames', bigFrames, {
            app: small,
            headers: { 'Content-Length': String(bigFrames.length) },
          }),
        'payload_too_large',
      ],
      [
        'audio, Content-Length',
        () =>
          putPart(u, id, 1, 'audio', bigAudio, {
            app: small,
            headers: { 'Content-Length': String(bigAudio.length) },
          }),
        'payload_too_large',
      ],
      [
        'frames, chunked',
        () =>
          small.request(partPath(id, 1, 'frames'), {
            method: 'PUT',
            headers: { ...bearer(u), 'X-Content-SHA256': sha(bigFrames) },
            body: streamOf(bigFrames),
            duplex: 'half',
          } as RequestInit),
        'payload_too_large',
      ],
      [
        'audio, chunked',
        () =>
          small.request(partPath(id, 1, 'audio'), {
            method: 'PUT',
            headers: { ...bearer(u), 'X-Content-SHA256': sha(bigAudio) },
            body: streamOf(bigAudio),
            duplex: 'half',
          } as RequestInit),
        'payload_too_large',
      ],
      [
        'seq over the chunk limit',
        () => putPart(u, id, 10, 'frames', framesBody(7, 10), { app: small }),
        'too_many_chunks',
      ],
    ];
    for (const [what, send, code] of cases) {
      await expectError(await send(), 413, code);
      expect(await expectConsistent(b, [u.uid]), what).toBe(1);
    }

    // The same over a real HTTP connection: Content-Length set by fetch, and chunked.
    const server = await listen(small.fetch);
    try {
      const url = `${server.url}${partPath(id, 1, 'frames')}`;
      const headers = { ...bearer(u), 'X-Content-SHA256': sha(bigFrames) };
      // Refused with the body unread, the server closes the connection after the answer (so no
      // later request on it meets the rest of this body).
      const withLength = await fetch(url, { method: 'PUT', headers, body: bigFrames });
      expect(withLength.headers.get('connection')).toBe('close');
      await expectError(withLength, 413, 'payload_too_large');
      expect(await expectConsistent(b, [u.uid])).toBe(1);
      const chunked = await fetch(url, {
        method: 'PUT',
        headers,
        body: streamOf(bigFrames),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.headers.get('connection')).toBe('close');
      await expectError(chunked, 413, 'payload_too_large');
      expect(await expectConsistent(b, [u.uid])).toBe(1);
      // A part under the limit still goes through the same app.
      const fits = framesBody(8, 100);
      const ok = await fetch(url, {
        method: 'PUT',
        headers: { ...bearer(u), 'X-Content-SHA256': sha(fits) },
        body: streamOf(fits),
        duplex: 'half',
      } as RequestInit);
      expect(ok.status).toBe(201);
    } finally {
      await server.close();
    }
    expect(await expectConsistent(b, [u.uid])).toBe(2);
  });

  it('stores nothing from a truncated body (Content-Length larger than what arrives)', async () => {
    const u = await newUser('trunc');
    const id = await newHologram(u);
    const audio = opus.find((x) => x.length > 40_000) as Body;
    const sent = audio.subarray(0, 20_000);

    // In process: the body stream ends early.
    await expectError(
      await putPart(u, id, 0, 'audio', sent, {
        digest: sha(audio),
        headers: { 'Content-Length': String(audio.length) },
      }),
      400,
      'truncated_body',
    );
    expect(await expectConsistent(b, [u.uid])).toBe(0);

    // Over HTTP: the client sends part of the body and goes away.
    // What the app itself answered, whether or not the client was still there to read it.
    const outcomes: string[] = [];
    const server = await listen(async (req) => {
      const res = await b.app.fetch(req);
      const { error } = (await res.clone().json()) as Partial<ErrorJson>;
      outcomes.push(`${res.status} ${error?.code}`);
      return res;
    });
    try {
      for (const ending of ['half-close', 'destroy'] as const) {
        const answer = await new Promise<string>((resolve) => {
          const req = http.request(`${server.url}${partPath(id, 1, 'audio')}`, {
            method: 'PUT',
            headers: {
              ...bearer(u),
              'X-Content-SHA256': sha(audio),
              'Content-Length': String(audio.length),
            },
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () => resolve(`${res.statusCode} ${text}`));
          });
          req.on('error', (err) => resolve(`error ${(err as NodeJS.ErrnoException).code}`));
          req.write(sent, () => {
            if (ending === 'destroy') req.destroy();
            else req.socket?.end();
          });
        });
        // Half-closed, Node's HTTP parser answers a bare 400 for the incomplete message (or the
        // app's truncated_body comes first); destroyed, the client sees its own reset.
        expect(answer, ending).toMatch(
          ending === 'destroy' ? /^error E[A-Z]+$/ : /^400 ($|.*"truncated_body")/,
        );
        await expect
          .poll(() => outcomes.length, { timeout: 10_000, interval: 20 })
          .toBeGreaterThan(ending === 'destroy' ? 1 : 0);
        expect(await expectConsistent(b, [u.uid]), ending).toBe(0);
      }
      expect(outcomes).toEqual(['400 truncated_body', '400 truncated_body']);
    } finally {
      await server.close();
    }
  });

  it('refuses content that is not what the kind says (415) and corrupt frames (422)', async () => {
    const u = await newUser('content');
    const id = await newHologram(u);
    const wav = encodeWav([sine(440, 0.5, 48_000, 0.5)], 48_000, {
      encoding: 'int',
      bitsPerSample: 16,
    }) as Body;
    const good = framesBody(9, 40);
    const badLevel = good.slice();
    badLevel[20 + 4 + 5] = 255; // a level byte above the 200 the format allows
    const cases: Array<[string, string, Uint8Array, number, string]> = [
      ['WAV as audio', 'audio', wav, 415, 'unsupported_content'],
      ['webm/vorbis as audio', 'audio', vorbis, 415, 'unsupported_content'],
      ['frames as audio', 'audio', good, 415, 'unsupported_content'],
      ['random bytes as audio', 'audio', randomBytes(10_000), 415, 'unsupported_content'],
      ['random bytes as frames', 'frames', randomBytes(10_000), 415, 'unsupported_content'],
      ['webm as frames', 'frames', opus[7] as Body, 415, 'unsupported_content'],
      ['3 bytes as frames', 'frames', good.slice(0, 3), 415, 'unsupported_content'],
      ['frames cut short', 'frames', good.slice(0, good.length - 100), 422, 'invalid_frames'],
      ['frames header only', 'frames', good.slice(0, 20), 422, 'invalid_frames'],
      ['frames with a bad level', 'frames', badLevel, 422, 'invalid_frames'],
      [
        'frames with trailing bytes',
        'frames',
        new Uint8Array([...good, 1, 2, 3]),
        422,
        'invalid_frames',
      ],
    ];
    for (const [what, kind, bytes, status, code] of cases) {
      await expectError(await putPart(u, id, 0, kind, bytes), status, code);
      expect(await expectConsistent(b, [u.uid]), what).toBe(0);
    }
    expect((await putPart(u, id, 0, 'frames', good)).status).toBe(201);
    expect(await expectConsistent(b, [u.uid])).toBe(1);
  });

  it('refuses hostile ids, seqs, kinds and checksums with 400 (or 404 for no route), storing nothing', async () => {
    const u = await newUser('hostile');
    const id = await newHologram(u);
    const bytes = framesBody(10, 20);
    const digest = sha(bytes);
    const put = (url: string, headers: Record<string, string> = { 'X-Content-SHA256': digest }) =>
      b.app.request(url, { method: 'PUT', headers: { ...bearer(u), ...headers }, body: bytes });
    const get = (url: string) => b.app.request(url, { headers: bearer(u) });
    const h = `/api/v1/holograms`;
    const cases: Array<[string, () => Reply, number]> = [
      ['id ..%2F', () => put(`${h}/..%2F..%2Fetc%2Fpasswd/chunks/0/frames`), 400],
      ['id %2E%2E (URL-resolved)', () => put(`${h}/%2E%2E/chunks/0/frames`), 404],
      ['id 5000 chars', () => put(`${h}/${'a'.repeat(5000)}/chunks/0/frames`), 400],
      ['id unicode', () => put(`${h}/${encodeURIComponent('ünïcødé-🎧')}/chunks/0/frames`), 400],
      ['id NUL', () => put(`${h}/${id.slice(0, -1)}%00/chunks/0/frames`), 400],
      ['id SQL', () => put(`${h}/${encodeURIComponent("x' OR '1'='1")}/chunks/0/frames`), 400],
      ['GET list id ..', () => get(`${h}/..%2F..%2Fetc/chunks`), 400],
      ['GET part id 5000', () => get(`${h}/${'b'.repeat(5000)}/chunks/0/audio`), 400],
      ['seq -1', () => put(`${h}/${id}/chunks/-1/frames`), 400],
      ['seq huge', () => put(`${h}/${id}/chunks/99999999999999999999/frames`), 400],
      ['seq 1e309', () => put(`${h}/${id}/chunks/1e309/frames`), 400],
      ['seq abc', () => put(`${h}/${id}/chunks/abc/frames`), 400],
      ['seq 1.5', () => put(`${h}/${id}/chunks/1.5/frames`), 400],
      ['seq NaN', () => put(`${h}/${id}/chunks/NaN/frames`), 400],
      ['seq Infinity', () => put(`${h}/${id}/chunks/Infinity/frames`), 400],
      ['seq 0x10', () => put(`${h}/${id}/chunks/0x10/frames`), 400],
      ['seq 1e3', () => put(`${h}/${id}/chunks/1e3/frames`), 400],
      ['seq 010', () => put(`${h}/${id}/chunks/010/frames`), 400],
      ['seq +5', () => put(`${h}/${id}/chunks/+5/frames`), 400],
      ['seq ..%2F', () => put(`${h}/${id}/chunks/..%2F0/frames`), 400],
      ['GET seq -1', () => get(`${h}/${id}/chunks/-1/frames`), 400],
      ['kind video', () => put(`${h}/${id}/chunks/0/video`), 400],
      ['kind FRAMES', () => put(`${h}/${id}/chunks/0/FRAMES`), 400],
      ['kind ..%2F', () => put(`${h}/${id}/chunks/0/..%2F..%2Fframes`), 400],
      ['kind extra segment', () => put(`${h}/${id}/chunks/0/frames/x`), 404],
      ['path .. resolved', () => put(`${h}/${id}/chunks/0/../../x/frames`), 404],
      ['GET kind video', () => get(`${h}/${id}/chunks/0/video`), 400],
      ['sha missing', () => put(`${h}/${id}/chunks/0/frames`, {}), 400],
      [
        'sha short',
        () => put(`${h}/${id}/chunks/0/frames`, { 'X-Content-SHA256': digest.slice(0, 63) }),
        400,
      ],
      [
        'sha long',
        () => put(`${h}/${id}/chunks/0/frames`, { 'X-Content-SHA256': `${digest}0` }),
        400,
      ],
      [
        'sha non-hex',
        () => put(`${h}/${id}/chunks/0/frames`, { 'X-Content-SHA256': 'g'.repeat(64) }),
        400,
      ],
      [
        'sha base64',
        () =>
          put(`${h}/${id}/chunks/0/frames`, {
            'X-Content-SHA256': Buffer.from(digest, 'hex').toString('base64'),
          }),
        400,
      ],
      ['sha empty', () => put(`${h}/${id}/chunks/0/frames`, { 'X-Content-SHA256': '' }), 400],
      [
        'empty body',
        () =>
          b.app.request(`${h}/${id}/chunks/0/frames`, {
            method: 'PUT',
            headers: { ...bearer(u), 'X-Content-SHA256': sha(new Uint8Array()) },
          }),
        400,
      ],
    ];
    for (const [what, send, status] of cases) {
      const res = await send();
      expect(res.status, what).toBe(status);
      await expectError(res, status);
      expect(await expectConsistent(b, [u.uid]), what).toBe(0);
    }
    // The well-formed request still works after all that.
    expect((await put(`${h}/${id}/chunks/0/frames`)).status).toBe(201);
    expect(await expectConsistent(b, [u.uid])).toBe(1);
  });

  it('counts concurrent writes exactly: those over the limit are refused, the rest stored', async () => {
    const limits = { ...b.deps.limits, writesPerMinute: 6 };
    const app = createApp({ ...b.deps, limits });
    for (let attempt = 1; ; attempt++) {
      const u = await newUser('burst');
      const id = await newHologram(u, app); // write 1
      // Ten uploads at once share the rate-limit, lookup and record statements (api/db/batch.ts).
      const statuses = await Promise.all(
        Array.from({ length: 10 }, async (_, seq) => {
          const res = await putPart(u, id, seq, 'frames', framesBody(40 + seq, 10), { app });
          return res.status;
        }),
      );
      const { rows } = await b.deps.db.query<{ n: number }>(
        'SELECT count(DISTINCT window_start)::int AS n FROM rate_limits WHERE bucket = $1',
        [`w:${u.uid}`],
      );
      if (Number(rows[0]?.n) > 1 && attempt < 3) continue;
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
      expect(await expectConsistent(b, [u.uid])).toBe(5);
      break;
    }
  });

  it('holds the write rate limit across two API instances sharing the database', async () => {
    const limits = { ...b.deps.limits, writesPerMinute: 5 };
    const one = createApp({ ...b.deps, limits });
    // A second instance: its own token verifier and storage client and, on PostgreSQL, its own
    // connection pool; PGlite is one embedded database, so both instances use that one.
    const auth2 = createAuthVerifier({
      projectId: inject('firebaseProjectId'),
      emulatorHost: inject('authEmulatorHost'),
      serviceAccountJson: undefined,
    });
    const db2 =
      b.deps.db.driver === 'neon'
        ? openNeon({ url: inject('postgresUrl'), wsProxy: inject('postgresWsProxy') })
        : b.deps.db;
    const storage2 = b.blobDir
      ? createLocalStore(b.blobDir)
      : createS3Store({ ...inject('s3'), forcePathStyle: true });
    const two = createApp({ ...b.deps, db: db2, auth: auth2, storage: storage2, limits });
    try {
      // Fixed one-minute windows: should the writes straddle a window's end, try a fresh user.
      for (let attempt = 1; ; attempt++) {
        const u = await newUser('rate');
        const id = await newHologram(u, one); // write 1 (instance one)
        const statuses = [
          (await putPart(u, id, 0, 'frames', framesBody(11, 10), { app: one })).status, // 2
          (await putPart(u, id, 1, 'frames', framesBody(12, 10), { app: one })).status, // 3
          (await putPart(u, id, 2, 'frames', framesBody(13, 10), { app: two })).status, // 4
          (await putPart(u, id, 3, 'frames', framesBody(14, 10), { app: two })).status, // 5
        ];
        const sixth = await putPart(u, id, 4, 'frames', framesBody(15, 10), { app: two });
        const seventh = await putPart(u, id, 5, 'frames', framesBody(16, 10), { app: one });
        const { rows } = await b.deps.db.query<{ n: number }>(
          'SELECT count(DISTINCT window_start)::int AS n FROM rate_limits WHERE bucket = $1',
          [`w:${u.uid}`],
        );
        if (Number(rows[0]?.n) > 1 && attempt < 3) continue;
        expect(statuses).toEqual([201, 201, 201, 201]);
        for (const res of [sixth, seventh]) {
          const retryAfter = Number(res.headers.get('retry-after'));
          await expectError(res, 429, 'rate_limited');
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(60);
        }
        // Reads have their own budget; the refused writes stored nothing.
        const list = await two.request(`/api/v1/holograms/${id}/chunks`, { headers: bearer(u) });
        expect(list.status).toBe(200);
        expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(4);
        expect(await expectConsistent(b, [u.uid])).toBe(4);
        break;
      }
    } finally {
      await auth2.close();
      if (db2 !== b.deps.db) await db2.close();
    }
  });
});
