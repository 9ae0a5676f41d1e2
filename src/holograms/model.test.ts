// Merging this device's queue with the server's list, each hologram's state and the queue's
// progress.
import { describe, expect, it } from 'vitest';
import type { QueuedChunk, QueuedHologram } from '../sync/types.ts';
import {
  type LocalEntry,
  localState,
  mergeHolograms,
  queueProgress,
  type ServerHologram,
} from './model.ts';

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const ID_C = '00000000-0000-4000-8000-00000000000c';

function queued(id: string, over: Partial<QueuedHologram> = {}): QueuedHologram {
  return {
    id,
    owner: 'alice',
    meta: {
      title: `local ${id.slice(-1)}`,
      createdAt: '2026-01-02T10:00:00Z',
      durationMs: 12_000,
      sampleRate: 48_000,
      channels: 1,
      complete: true,
    },
    metaVersion: 1,
    syncedMetaVersion: 0,
    chunkCount: 2,
    failure: null,
    deleted: false,
    ...over,
  };
}

function chunk(id: string, seq: number, audioDone: boolean, framesDone: boolean): QueuedChunk {
  return {
    hologramId: id,
    seq,
    startMs: seq * 4000,
    durationMs: 4000,
    audio: { sha256: 'a'.repeat(64), size: 300, confirmedAt: audioDone ? 1 : null },
    frames: { sha256: 'f'.repeat(64), size: 100, confirmedAt: framesDone ? 1 : null },
  };
}

function server(id: string, createdAt: string, title = `server ${id.slice(-1)}`): ServerHologram {
  return {
    id,
    title,
    createdAt,
    updatedAt: createdAt,
    durationMs: 8000,
    sampleRate: 48_000,
    channels: 1,
    complete: true,
    chunks: { count: 2, bytes: 800 },
  };
}

describe('localState', () => {
  it('is "on this device only" before anything reached the server', () => {
    const entry = { hologram: queued(ID_A), chunks: [chunk(ID_A, 0, false, false)] };
    expect(localState(entry, false)).toEqual({ kind: 'local' });
    expect(localState(entry, true)).toEqual({ kind: 'syncing', percent: 0 });
  });

  it('counts confirmed bytes while syncing', () => {
    const entry = {
      hologram: queued(ID_A, { syncedMetaVersion: 1 }),
      chunks: [chunk(ID_A, 0, true, true), chunk(ID_A, 1, true, false)],
    };
    expect(localState(entry, true)).toEqual({ kind: 'syncing', percent: 87 });
  });

  it('is synced only when complete, every chunk confirmed and the metadata sent', () => {
    const chunks = [chunk(ID_A, 0, true, true), chunk(ID_A, 1, true, true)];
    expect(localState({ hologram: queued(ID_A, { syncedMetaVersion: 1 }), chunks }, true)).toEqual({
      kind: 'synced',
    });
    // A rename not yet sent, or a recording still going, is not synced (and never 100 %).
    expect(
      localState(
        { hologram: queued(ID_A, { metaVersion: 2, syncedMetaVersion: 1 }), chunks },
        true,
      ),
    ).toEqual({ kind: 'syncing', percent: 99 });
    const recording = queued(ID_A, { syncedMetaVersion: 1 });
    recording.meta.complete = false;
    expect(localState({ hologram: recording, chunks }, true).kind).toBe('syncing');
  });

  it('reports a refusal as failed', () => {
    const failure = { status: 413, code: 'payload_too_large', message: 'too big', at: 5 };
    expect(localState({ hologram: queued(ID_A, { failure }), chunks: [] }, false)).toEqual({
      kind: 'failed',
      failure,
    });
  });
});

describe('mergeHolograms', () => {
  it('lists local and server holograms once each, newest first, local titles winning', () => {
    const local: LocalEntry[] = [
      { hologram: queued(ID_A), chunks: [chunk(ID_A, 0, false, false)] },
      {
        hologram: queued(ID_B, {
          meta: { ...queued(ID_B).meta, title: 'renamed here', createdAt: '2026-01-03T00:00:00Z' },
          syncedMetaVersion: 1,
        }),
        chunks: [chunk(ID_B, 0, true, true), chunk(ID_B, 1, true, true)],
      },
    ];
    const remote = [
      server(ID_C, '2026-01-04T00:00:00Z'),
      server(ID_B, '2026-01-03T00:00:00Z', 'old title'),
    ];
    const rows = mergeHolograms(local, remote, 'alice');
    expect(rows.map((r) => [r.id, r.title, r.state.kind])).toEqual([
      [ID_C, 'server c', 'synced'],
      [ID_B, 'renamed here', 'synced'],
      [ID_A, 'local a', 'local'],
    ]);
    expect(rows[1]?.remote?.title).toBe('old title');
    expect(rows[0]?.local).toBeUndefined();
  });

  it("hides other accounts' and deleted holograms; signed-out recordings show to anyone", () => {
    const local: LocalEntry[] = [
      { hologram: queued(ID_A, { owner: 'bob' }), chunks: [] },
      { hologram: queued(ID_B, { deleted: true }), chunks: [] },
      { hologram: queued(ID_C, { owner: null }), chunks: [] },
    ];
    expect(mergeHolograms(local, [], 'alice').map((r) => r.id)).toEqual([ID_C]);
    expect(mergeHolograms(local, [], null).map((r) => r.id)).toEqual([ID_C]);
    expect(mergeHolograms(local, [], 'bob').map((r) => r.id)).toEqual([ID_A, ID_C]);
  });
});

describe('queueProgress', () => {
  it('sums the bytes of holograms still to upload', () => {
    const rows = mergeHolograms(
      [
        {
          hologram: queued(ID_A),
          chunks: [chunk(ID_A, 0, true, false), chunk(ID_A, 1, false, false)],
        },
        {
          hologram: queued(ID_B, { syncedMetaVersion: 1 }),
          chunks: [chunk(ID_B, 0, true, true), chunk(ID_B, 1, true, true)],
        },
      ],
      [server(ID_C, '2026-01-01T00:00:00Z')],
      'alice',
    );
    expect(queueProgress(rows)).toEqual({
      pending: 1,
      confirmedBytes: 300,
      totalBytes: 800,
      percent: 37,
    });
  });

  it('is 100 % with nothing pending', () => {
    expect(queueProgress([])).toEqual({
      pending: 0,
      confirmedBytes: 0,
      totalBytes: 0,
      percent: 100,
    });
  });
});
