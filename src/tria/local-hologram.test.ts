// "My last hologram" from the real upload queue (the in-memory SyncStore with the same contract as
// IndexedDB's) and real HGFR frames parts: which recording is picked, whose, and what is left to
// summarise once parts were confirmed by the server.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFrame, type HologramFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { MemorySyncStore } from '../sync/memory-store.ts';
import type { QueuedHologram } from '../sync/types.ts';
import { lastLocalHologram } from './local-hologram.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function hologram(
  id: string,
  owner: string | null,
  createdAt: string,
  extra: Partial<QueuedHologram> = {},
): QueuedHologram {
  return {
    id,
    owner,
    meta: {
      title: `Take ${id}`,
      createdAt,
      durationMs: 0,
      sampleRate: 48_000,
      channels: 2,
      complete: false,
    },
    metaVersion: 1,
    syncedMetaVersion: 0,
    chunkCount: 0,
    failure: null,
    deleted: false,
    ...extra,
  };
}

/** `count` frames 33 ms apart from `startMs`, band `band` at −12 dB on both channels. */
function tone(band: number, startMs: number, count: number): HologramFrame[] {
  return Array.from({ length: count }, (_, i) => {
    const frame = createFrame();
    frame.t = startMs + i * 33;
    frame.left[band] = -12;
    frame.right[band] = -12;
    return frame;
  });
}

async function addChunk(store: MemorySyncStore, id: string, seq: number, frames: HologramFrame[]) {
  const bytes = encodeFrames(frames, [], seq * 1000);
  const audio = new Uint8Array([seq]);
  await store.addChunk({
    hologramId: id,
    seq,
    startMs: seq * 1000,
    durationMs: 1000,
    audio,
    audioSha256: sha256(audio),
    frames: bytes,
    framesSha256: sha256(bytes),
  });
}

describe('lastLocalHologram', () => {
  it('summarises the newest recording of the user from its frames parts', async () => {
    const store = new MemorySyncStore();
    await store.addHologram(hologram('old', 'alice', '2025-11-20T10:00:00+03:00'));
    await addChunk(store, 'old', 0, tone(45, 0, 30));
    await store.addHologram(hologram('new', 'alice', '2025-11-23T10:00:00+03:00'));
    await addChunk(store, 'new', 0, tone(57, 0, 30));
    await addChunk(store, 'new', 1, tone(57, 1000, 30));
    // Still recording: no final duration yet, so the chunks' is used.
    const last = await lastLocalHologram(store, 'alice');
    expect(last).toMatchObject({
      id: 'new',
      title: 'Take new',
      createdAt: '2025-11-23T10:00:00+03:00',
      durationMs: 2000,
    });
    expect(last?.summary?.frameCount).toBe(60);
    expect(last?.summary?.dominantNotes[0]).toEqual({ band: 57, share: 1 });
  });

  it('never reads another account’s recordings; signed-out ones count as the user’s', async () => {
    const store = new MemorySyncStore();
    await store.addHologram(hologram('guest', null, '2025-11-21T10:00:00Z'));
    await store.addHologram(hologram('bobs', 'bob', '2025-11-23T10:00:00Z'));
    await store.addHologram(hologram('gone', 'alice', '2025-11-24T10:00:00Z', { deleted: true }));
    expect((await lastLocalHologram(store, 'alice'))?.id).toBe('guest');
    expect((await lastLocalHologram(store, null))?.id).toBe('guest');
    expect((await lastLocalHologram(store, 'bob'))?.id).toBe('bobs');
    expect(await lastLocalHologram(new MemorySyncStore(), 'alice')).toBeNull();
  });

  it('summarises what is left once the server confirmed parts, and skips a damaged part', async () => {
    const store = new MemorySyncStore();
    await store.addHologram(
      hologram('h', 'alice', '2025-11-23T10:00:00Z', {
        meta: {
          title: 'Synced',
          createdAt: '2025-11-23T10:00:00Z',
          durationMs: 3000,
          sampleRate: 48_000,
          channels: 2,
          complete: true,
        },
      }),
    );
    await addChunk(store, 'h', 0, tone(45, 0, 30));
    await addChunk(store, 'h', 1, tone(57, 1000, 30));
    const broken = new Uint8Array(40).fill(7);
    await store.addChunk({
      hologramId: 'h',
      seq: 2,
      startMs: 2000,
      durationMs: 1000,
      audio: new Uint8Array([2]),
      audioSha256: sha256(new Uint8Array([2])),
      frames: broken,
      framesSha256: sha256(broken),
    });
    await store.confirmPart('h', 0, 'frames', Date.now());
    const partly = await lastLocalHologram(store, 'alice');
    expect(partly?.durationMs).toBe(3000);
    expect(partly?.summary?.frameCount).toBe(30);
    expect(partly?.summary?.dominantNotes.map((n) => n.band)).toEqual([57]);

    await store.confirmPart('h', 1, 'frames', Date.now());
    const synced = await lastLocalHologram(store, 'alice');
    expect(synced).toEqual({
      id: 'h',
      title: 'Synced',
      createdAt: '2025-11-23T10:00:00Z',
      durationMs: 3000,
    });
  });
});
