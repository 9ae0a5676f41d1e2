// Chunk parts on both backends: a real webm/opus file (made by ffmpeg) and real frames upload,
// verify, replay idempotently, conflict, range-read, and feed "sounds like".
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  BACKENDS,
  type Backend,
  createHologram,
  openBackend,
} from '../../e2e/harness/api-backends.ts';
import { createUser, type EmulatorUser } from '../../e2e/harness/firebase-users.ts';
import { makeWebmOpus } from '../../e2e/harness/media.ts';
import { HologramAnalyser } from '../../workers/audio/analyser.ts';
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { mixInto, sine } from '../../workers/audio/signals.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let webm: Uint8Array;

function framesOf(signal: Float32Array): HologramFrame[] {
  const a = new HologramAnalyser({ sampleRate: 48_000, channels: 1, fps: 30 });
  a.push(signal);
  const out: HologramFrame[] = [];
  for (let f = a.pull(); f; f = a.pull()) out.push(structuredClone(f));
  return out;
}

beforeAll(async () => {
  webm = await makeWebmOpus(2);
});

describe.each(BACKENDS)('chunks on %s', (name) => {
  let b: Backend;
  let user: EmulatorUser;
  const auth = () => ({ Authorization: `Bearer ${user.idToken}` });
  const putPart = (id: string, seq: number, kind: string, bytes: Uint8Array, digest = sha(bytes)) =>
    b.app.request(`/api/v1/holograms/${id}/chunks/${seq}/${kind}`, {
      method: 'PUT',
      headers: {
        ...auth(),
        'X-Content-SHA256': digest,
        'Content-Type': 'application/octet-stream',
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  const newHologram = () => createHologram(b.app, user.idToken);

  beforeAll(async () => {
    b = await openBackend(name);
    user = await createUser(
      inject('authEmulatorHost'),
      `c-${randomUUID()}@example.com`,
      'pw-chunks-1',
    );
  });
  afterAll(() => b.close());

  it('stores audio and frames, answers replays with 200, other bytes with 409', async () => {
    const id = await newHologram();
    const frames = encodeFrames(framesOf(sine(440, 1, 48_000, 0.5)), [
      { t: 100, gesture: 'open_palm', confidence: 0.9, hand: 'left' },
    ]);
    const a = await putPart(id, 0, 'audio', webm);
    expect(a.status).toBe(201);
    expect(await a.json()).toMatchObject({
      seq: 0,
      kind: 'audio',
      size: webm.length,
      sha256: sha(webm),
    });
    expect((await putPart(id, 0, 'frames', frames)).status).toBe(201);
    expect((await putPart(id, 0, 'audio', webm)).status).toBe(200);
    const other = webm.slice();
    other[other.length - 1] = (other[other.length - 1] as number) ^ 0xff;
    const conflict = await putPart(id, 0, 'audio', other);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe(
      'chunk_conflict',
    );

    const list = (await (
      await b.app.request(`/api/v1/holograms/${id}/chunks`, { headers: auth() })
    ).json()) as {
      items: Array<{
        seq: number;
        audio: { sha256: string } | null;
        frames: { size: number } | null;
      }>;
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.audio?.sha256).toBe(sha(webm));
    expect(list.items[0]?.frames?.size).toBe(frames.length);

    const whole = await b.app.request(`/api/v1/holograms/${id}/chunks/0/audio`, {
      headers: auth(),
    });
    expect(whole.status).toBe(200);
    expect(sha(new Uint8Array(await whole.arrayBuffer()))).toBe(sha(webm));
    const part = await b.app.request(`/api/v1/holograms/${id}/chunks/0/audio`, {
      headers: { ...auth(), Range: 'bytes=10-19' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${webm.length}`);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([...webm.subarray(10, 20)]);
  });

  it('refuses wrong content, checksum mismatches and oversized bodies, storing nothing', async () => {
    const id = await newHologram();
    const notWebm = new TextEncoder().encode('RIFF....WAVEfmt '.repeat(100));
    expect((await putPart(id, 1, 'audio', notWebm)).status).toBe(415);
    expect((await putPart(id, 1, 'audio', webm, sha(notWebm))).status).toBe(422);
    expect((await putPart(id, 1, 'frames', webm)).status).toBe(415);
    const list = (await (
      await b.app.request(`/api/v1/holograms/${id}/chunks`, { headers: auth() })
    ).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    const { rows } = await b.deps.db.query('SELECT count(*)::int AS n FROM pending_blobs');
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('finds the hologram that sounds alike', async () => {
    const low = await newHologram();
    const lowToo = await newHologram();
    const high = await newHologram();
    const upload = async (id: string, signal: Float32Array) =>
      expect((await putPart(id, 0, 'frames', encodeFrames(framesOf(signal), []))).status).toBe(201);
    await upload(low, mixInto(sine(110, 2, 48_000, 0.4), sine(165, 2, 48_000, 0.2)));
    await upload(lowToo, mixInto(sine(110, 2, 48_000, 0.3), sine(165, 2, 48_000, 0.2)));
    await upload(high, mixInto(sine(3520, 2, 48_000, 0.4), sine(5000, 2, 48_000, 0.2)));
    const res = await b.app.request(`/api/v1/holograms/${low}/similar?limit=2`, {
      headers: auth(),
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Array<{ id: string; distance: number }> };
    expect(items.map((h) => h.id)[0]).toBe(lowToo);
  });
});
