// Downloads a shared hologram: the manifest first, then its chunks (frames and audio of each,
// side by side) two at a time, nearest to where the viewer is first, so playback starts after the
// first chunk and a seek fetches what it needs before the rest. Started by boot.ts the moment the
// page's script runs, before the page's components and three.js have loaded.
import { decodeFrames } from '../../workers/audio/frame-codec.ts';
import { apiUrl } from '../app/api-url.ts';
import type { HologramFrame } from '../hologram/frame.ts';
import { type ManifestChunk, parseManifest, type SharedManifest } from './manifest.ts';
import { publicPaths } from './route.ts';

export type ManifestResult =
  | { kind: 'ok'; manifest: SharedManifest }
  /** Unknown or revoked: the server's 404. */
  | { kind: 'unavailable' }
  /** No connection, and the manifest is not cached. */
  | { kind: 'offline' }
  | { kind: 'failed'; message: string };

export interface LoadedFrames {
  /** Index in the manifest's chunk list. */
  index: number;
  seq: number;
  /** Where the chunk starts on the recording's clock (from its frames), or null without frames. */
  startMs: number | null;
  frames: HologramFrame[];
}

export interface LoadedChunk extends LoadedFrames {
  /** The chunk's WebM/Opus file, or null when it has no audio part. */
  audio: ArrayBuffer | null;
}

const CONCURRENCY = 2;
const RETRIES = 4;

/**
 * The service worker's runtime caches for shared holograms (vite.config.ts, runtimeCaching):
 * parts cache-first, manifests network-first.
 */
export const PARTS_CACHE = 'holo-share-parts';
export const MANIFESTS_CACHE = 'holo-share-manifests';

/**
 * Keeps a response in the service worker's cache when no worker is in control yet (the very
 * first visit, before it installs): the worker's routes then find it offline.
 */
function remember(cacheName: string, url: string, res: Response): void {
  if (typeof caches === 'undefined' || navigator.serviceWorker?.controller) return;
  const copy = res.clone();
  void caches
    .open(cacheName)
    .then((cache) => cache.put(new URL(url, location.href).href, copy))
    .catch(() => {});
}

async function fetchBytes(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { signal });
      if (res.ok) {
        remember(PARTS_CACHE, url, res);
        return await res.arrayBuffer();
      }
      if (res.status === 404 || attempt >= RETRIES)
        throw new Error(`${url} answered ${res.status}`);
    } catch (err) {
      if (signal.aborted || attempt >= RETRIES) throw err;
      if (!navigator.onLine) {
        await new Promise((resolve) => window.addEventListener('online', resolve, { once: true }));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
}

export async function loadManifest(token: string, signal?: AbortSignal): Promise<ManifestResult> {
  const url = apiUrl(publicPaths.manifest(token));
  let res: Response;
  try {
    res = await fetch(url, signal ? { signal } : {});
  } catch {
    return navigator.onLine
      ? { kind: 'failed', message: 'The server could not be reached' }
      : { kind: 'offline' };
  }
  if (res.status === 404) return { kind: 'unavailable' };
  if (!res.ok) return { kind: 'failed', message: `The server answered ${res.status}` };
  remember(MANIFESTS_CACHE, url, res);
  try {
    return { kind: 'ok', manifest: parseManifest(await res.json()) };
  } catch (err) {
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

export class ShareLoader {
  readonly manifest: Promise<ManifestResult>;
  private readonly controller = new AbortController();
  private readonly loaded = new Map<number, LoadedChunk>();
  private readonly inFlight = new Set<number>();
  private readonly listeners = new Set<(chunk: LoadedChunk) => void>();
  private readonly framesIn = new Map<number, LoadedFrames>();
  private readonly framesListeners = new Set<(frames: LoadedFrames) => void>();
  private chunks: ManifestChunk[] = [];
  private wanted = 0;
  private failure: string | null = null;

  constructor(readonly token: string) {
    this.manifest = loadManifest(token, this.controller.signal).then((result) => {
      performance.mark('holo-replay-manifest');
      if (result.kind === 'ok') {
        this.chunks = result.manifest.chunks;
        this.pump();
      }
      return result;
    });
  }

  /** Calls `cb` for every chunk loaded so far and every one loaded later. */
  onChunk(cb: (chunk: LoadedChunk) => void): () => void {
    this.listeners.add(cb);
    for (const chunk of this.loaded.values()) cb(chunk);
    return () => this.listeners.delete(cb);
  }

  /**
   * Calls `cb` with each chunk's frames as soon as they are in (before its audio), for those in
   * so far and those to come: enough to show the picture.
   */
  onFrames(cb: (frames: LoadedFrames) => void): () => void {
    this.framesListeners.add(cb);
    for (const frames of this.framesIn.values()) cb(frames);
    return () => this.framesListeners.delete(cb);
  }

  /** Loads from chunk `index` onwards next (then wraps round to the ones before). */
  want(index: number): void {
    this.wanted = Math.max(0, index);
    this.pump();
  }

  /** How many chunks are in. */
  get loadedCount(): number {
    return this.loaded.size;
  }

  /** The last download error that gave up, if any. */
  get error(): string | null {
    return this.failure;
  }

  stop(): void {
    this.controller.abort();
    this.listeners.clear();
    this.framesListeners.clear();
  }

  private next(): number | null {
    const n = this.chunks.length;
    for (let k = 0; k < n; k++) {
      const i = (this.wanted + k) % n;
      if (!this.loaded.has(i) && !this.inFlight.has(i)) return i;
    }
    return null;
  }

  private pump(): void {
    while (this.inFlight.size < CONCURRENCY && !this.controller.signal.aborted) {
      const index = this.next();
      if (index === null) return;
      this.inFlight.add(index);
      this.load(index).then(
        (chunk) => {
          this.inFlight.delete(index);
          this.loaded.set(index, chunk);
          if (this.loaded.size === 1) performance.mark('holo-replay-first-chunk');
          for (const cb of this.listeners) cb(chunk);
          this.pump();
        },
        (err: unknown) => {
          this.inFlight.delete(index);
          if (!this.controller.signal.aborted) {
            this.failure = err instanceof Error ? err.message : String(err);
          }
        },
      );
    }
  }

  private async load(index: number): Promise<LoadedChunk> {
    const chunk = this.chunks[index] as ManifestChunk;
    const signal = this.controller.signal;
    const part = (kind: 'audio' | 'frames') =>
      fetchBytes(apiUrl(publicPaths.part(this.token, chunk.seq, kind)), signal);
    const frames = (chunk.frames ? part('frames') : Promise.resolve(null)).then((bytes) => {
      const decoded = bytes ? decodeFrames(new Uint8Array(bytes)) : null;
      const loaded: LoadedFrames = {
        index,
        seq: chunk.seq,
        startMs: decoded ? decoded.startMs : null,
        frames: decoded?.frames ?? [],
      };
      this.framesIn.set(index, loaded);
      for (const cb of this.framesListeners) cb(loaded);
      return loaded;
    });
    const [loaded, audio] = await Promise.all([frames, chunk.audio ? part('audio') : null]);
    return { ...loaded, audio };
  }
}
