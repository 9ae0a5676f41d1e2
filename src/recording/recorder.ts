// Records what the live view plays: MediaRecorder (webm/opus) restarted every few seconds, so each
// chunk is a complete WebM file the server can sniff and anyone can play on its own; beside it the
// HologramFrames and gesture events of the same span, encoded as HGFR. Each chunk goes into the
// IndexedDB queue with its SHA-256 the moment it closes, so a reload, a crash or a closed tab loses
// at most the chunk being recorded. Free space is checked before starting and after every chunk;
// when it runs low the recording stops safely (the chunk in progress is written first).
//
// While recording, a Web Lock named after the hologram is held; a recording whose lock is free
// but which is not complete was cut off (reload, crash) and `finalizeAbandoned` closes it.
import type { Hand } from '../../workers/audio/frame-codec.ts';
import type { HologramFrame } from '../hologram/frame.ts';
import { deleteHologram } from '../sync/queue-ops.ts';
import type { QueuedHologram, SyncStore } from '../sync/types.ts';
import { canContinue, canStart, isQuotaError } from './quota.ts';
import { ChunkSpan, RecordingClock } from './span.ts';

export const RECORDING_MIME = 'audio/webm;codecs=opus';
export const CHUNK_MS = 4000;
const LOCK_PREFIX = 'holo-recording:';

export type StopReason = 'user' | 'storage-full' | 'write-failed';

export type RecorderState =
  | { kind: 'idle' }
  | { kind: 'recording'; hologramId: string; startedAt: number; chunks: number }
  | { kind: 'stopping'; hologramId: string; chunks: number };

export type RecorderProblem =
  | { kind: 'unsupported' }
  | { kind: 'storage-low' }
  | { kind: 'storage-full' }
  | { kind: 'write-failed'; message: string };

export interface RecorderOptions {
  store: SyncStore;
  /** The signed-in uid when a recording starts (null: signed out); the queue is theirs. */
  owner: () => string | null;
  /** After every chunk written (a sync may start). */
  onChunk?: (hologramId: string, seq: number) => void;
  /** After every change of state. */
  onState?: (state: RecorderState) => void;
  /** When a recording cannot start or had to stop. */
  onProblem?: (problem: RecorderProblem) => void;
  chunkMs?: number;
  storage?: Pick<StorageManager, 'estimate' | 'persist'>;
  locks?: LockManager;
}

interface Segment {
  recorder: MediaRecorder;
  span: ChunkSpan;
  startedAt: number;
  blob: Promise<Blob>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether this browser records webm/opus. */
export function canRecord(): boolean {
  return typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(RECORDING_MIME);
}

export class Recorder {
  private state: RecorderState = { kind: 'idle' };
  private stream: MediaStream | null = null;
  private clock = new RecordingClock();
  private segment: Segment | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private nextSeq = 0;
  private durationMs = 0;
  private stopping: Promise<void> | null = null;
  private releaseLock: (() => void) | null = null;
  private readonly chunkMs: number;

  constructor(private readonly opts: RecorderOptions) {
    this.chunkMs = opts.chunkMs ?? CHUNK_MS;
  }

  get current(): RecorderState {
    return this.state;
  }

  /** The hologram being recorded, or null. */
  get hologramId(): string | null {
    return this.state.kind === 'idle' ? null : this.state.hologramId;
  }

  /**
   * Starts recording `stream` into a new hologram; resolves with its id, or null when it cannot
   * start (reported through onProblem).
   */
  async start(
    stream: MediaStream,
    info: { sampleRate: number; channels: 1 | 2 },
    title: string,
  ): Promise<string | null> {
    if (this.state.kind !== 'idle') return this.state.hologramId;
    if (!canRecord()) {
      this.opts.onProblem?.({ kind: 'unsupported' });
      return null;
    }
    const storage = this.opts.storage;
    if (storage) {
      // Ask the browser not to evict the queue under storage pressure; a refusal changes nothing.
      await storage.persist().catch(() => false);
      if (!canStart(await storage.estimate().catch(() => ({})))) {
        this.opts.onProblem?.({ kind: 'storage-low' });
        return null;
      }
    }
    const hologram: QueuedHologram = {
      id: crypto.randomUUID(),
      owner: this.opts.owner(),
      meta: {
        title,
        createdAt: new Date().toISOString(),
        durationMs: 0,
        sampleRate: Math.round(info.sampleRate),
        channels: info.channels,
        complete: false,
      },
      metaVersion: 1,
      syncedMetaVersion: 0,
      chunkCount: 0,
      failure: null,
      deleted: false,
    };
    // The lock first: finalizeAbandoned must never see this recording without it.
    await this.holdLock(hologram.id);
    try {
      await this.opts.store.addHologram(hologram);
    } catch (err) {
      this.releaseLock?.();
      this.releaseLock = null;
      this.opts.onProblem?.(
        isQuotaError(err)
          ? { kind: 'storage-low' }
          : { kind: 'write-failed', message: err instanceof Error ? err.message : String(err) },
      );
      return null;
    }
    this.stream = stream;
    this.clock = new RecordingClock();
    this.nextSeq = 0;
    this.durationMs = 0;
    this.writes = Promise.resolve();
    this.segment = this.startSegment(0);
    this.timer = setTimeout(() => this.cut(), this.chunkMs);
    this.setState({
      kind: 'recording',
      hologramId: hologram.id,
      startedAt: Date.now(),
      chunks: 0,
    });
    return hologram.id;
  }

  /** Takes a live frame into the chunk being recorded. */
  pushFrame(frame: HologramFrame): void {
    this.segment?.span.addFrame(frame);
  }

  /**
   * Takes a recognised gesture into the chunk being recorded, at the time of the latest frame.
   * HGFR stores one hand per event, so a two-hand gesture is kept as one event per hand.
   */
  pushGesture(event: { gesture: string; confidence: number; hand: Hand | 'both' }): void {
    const span = this.segment?.span;
    if (!span) return;
    const { gesture, confidence } = event;
    const hands: Hand[] = event.hand === 'both' ? ['left', 'right'] : [event.hand];
    for (const hand of hands) span.addGesture({ gesture, confidence, hand });
  }

  /** Stops, writes the chunk in progress, and marks the hologram complete. */
  stop(reason: StopReason = 'user'): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.state.kind !== 'recording') return Promise.resolve();
    const { hologramId, chunks } = this.state;
    this.setState({ kind: 'stopping', hologramId, chunks });
    if (reason === 'storage-full') this.opts.onProblem?.({ kind: 'storage-full' });
    this.stopping = (async () => {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      const last = this.segment;
      this.segment = null;
      if (last) this.close(last);
      await this.writes;
      const durationMs = this.durationMs;
      await this.opts.store.updateHologram(hologramId, (h) => ({
        ...h,
        meta: { ...h.meta, durationMs: Math.round(durationMs), complete: true },
        metaVersion: h.metaVersion + 1,
      }));
      this.opts.onChunk?.(hologramId, -1);
      this.releaseLock?.();
      this.releaseLock = null;
      this.stream = null;
      this.stopping = null;
      this.setState({ kind: 'idle' });
    })();
    return this.stopping;
  }

  private setState(state: RecorderState): void {
    this.state = state;
    this.opts.onState?.(state);
  }

  private async holdLock(id: string): Promise<void> {
    const locks = this.opts.locks;
    if (!locks) return;
    await new Promise<void>((granted) => {
      void locks.request(`${LOCK_PREFIX}${id}`, () => {
        granted();
        return new Promise<void>((release) => {
          this.releaseLock = release;
        });
      });
    });
  }

  private startSegment(startMs: number): Segment {
    const stream = this.stream;
    if (!stream) throw new Error('no stream to record');
    const recorder = new MediaRecorder(stream, { mimeType: RECORDING_MIME });
    const parts: Blob[] = [];
    const blob = new Promise<Blob>((resolve, reject) => {
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) parts.push(e.data);
      };
      recorder.onstop = () => resolve(new Blob(parts, { type: 'audio/webm' }));
      recorder.onerror = () => reject(new Error('MediaRecorder failed'));
    });
    recorder.start();
    return {
      recorder,
      span: new ChunkSpan(this.clock, startMs),
      startedAt: performance.now(),
      blob,
    };
  }

  /** Closes a chunk: the next recorder starts first, so the gap between chunks is minimal. */
  private cut(): void {
    const old = this.segment;
    if (!old || this.state.kind !== 'recording') return;
    this.segment = this.startSegment(this.clock.latest);
    this.close(old);
    this.timer = setTimeout(() => this.cut(), this.chunkMs);
  }

  private close(segment: Segment): void {
    const durationMs = performance.now() - segment.startedAt;
    if (segment.recorder.state !== 'inactive') segment.recorder.stop();
    this.writes = this.writes.then(() => this.write(segment, durationMs));
  }

  private async write(segment: Segment, durationMs: number): Promise<void> {
    const hologramId = this.hologramId;
    if (!hologramId) return;
    try {
      const audio = new Uint8Array(await (await segment.blob).arrayBuffer());
      if (audio.byteLength === 0) return;
      const frames = segment.span.encode();
      const [audioSha256, framesSha256] = await Promise.all([sha256Hex(audio), sha256Hex(frames)]);
      const seq = this.nextSeq;
      await this.opts.store.addChunk({
        hologramId,
        seq,
        startMs: segment.span.startMs,
        durationMs: Math.round(durationMs),
        audio,
        audioSha256,
        frames,
        framesSha256,
      });
      this.nextSeq++;
      this.durationMs += durationMs;
      if (this.state.kind !== 'idle') this.setState({ ...this.state, chunks: this.nextSeq });
      this.opts.onChunk?.(hologramId, seq);
      const estimate = await this.opts.storage?.estimate().catch(() => ({}));
      if (estimate && !canContinue(estimate, audio.byteLength + frames.byteLength)) {
        void this.stop('storage-full');
      }
    } catch (err) {
      if (isQuotaError(err)) {
        void this.stop('storage-full');
        return;
      }
      this.opts.onProblem?.({
        kind: 'write-failed',
        message: err instanceof Error ? err.message : String(err),
      });
      void this.stop('write-failed');
    }
  }
}

/**
 * Closes recordings that were cut off (reload, crash, closed tab): complete, with the duration of
 * the chunks they have; one without any chunk is deleted. A recording still running in another
 * tab holds its lock and is left alone.
 */
export async function finalizeAbandoned(store: SyncStore, locks: LockManager): Promise<number> {
  let closed = 0;
  for (const h of await store.listHolograms()) {
    if (h.meta.complete || h.deleted) continue;
    await locks.request(`${LOCK_PREFIX}${h.id}`, { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      const chunks = await store.listChunks(h.id);
      if (chunks.length === 0) {
        await deleteHologram(store, h.id);
      } else {
        const durationMs = chunks.reduce((sum, c) => sum + c.durationMs, 0);
        await store.updateHologram(h.id, (x) => ({
          ...x,
          meta: { ...x.meta, durationMs, complete: true },
          metaVersion: x.metaVersion + 1,
        }));
      }
      closed++;
    });
  }
  return closed;
}
