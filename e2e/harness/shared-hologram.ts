// A recorded hologram for the share tests and the replay bench: real webm/opus audio chunks made
// by Debian's ffmpeg (makeWebmOpus) and, beside each, 60 frames/s of HologramFrames in the
// project's frame format, uploaded through the real API like the recorder uploads them. Every
// frame is different (a peak that climbs one band per frame over a steady A4) and its levels and
// pans sit on the format's quantisation grid, so a decoded frame equals the recorded one exactly
// and a frame seen in the browser tells which recorded frame it is.
import { createHash, randomUUID } from 'node:crypto';
import { BANDS, createFrame, type HologramFrame } from '../../workers/audio/frame.ts';
import { encodeFrames } from '../../workers/audio/frame-codec.ts';
import { makeWebmOpus } from './media.ts';

export const RECORDING_FPS = 60;

export interface RecordedChunk {
  audio: Uint8Array;
  frames: HologramFrame[];
  framesBytes: Uint8Array;
}

export interface Recording {
  chunks: RecordedChunk[];
  /** Every frame of every chunk, in time order. */
  frames: HologramFrame[];
  durationMs: number;
}

/** Frame `i` of the recording: A4 (band 57) steady, a peak climbing a band per frame. */
export function recordedFrame(i: number): HologramFrame {
  const f = createFrame();
  f.t = (i * 1000) / RECORDING_FPS;
  const peak = 10 + (i % 110);
  for (let b = 0; b < BANDS; b++) {
    const level = b === 57 ? -12 : b === peak ? -6 : Math.abs(b - peak) === 1 ? -30.5 : -100;
    f.left[b] = level;
    f.right[b] = Math.max(-100, level - 3);
    f.pan[b] = Math.fround(Math.round(Math.sin(i / 10 + b / 20) * 127) / 127);
  }
  return f;
}

/** `chunks` chunks of `secondsPerChunk` seconds each. */
export async function makeRecording(chunks = 3, secondsPerChunk = 2): Promise<Recording> {
  const audio = await makeWebmOpus(secondsPerChunk);
  const perChunk = Math.round(secondsPerChunk * RECORDING_FPS);
  const out: RecordedChunk[] = [];
  for (let c = 0; c < chunks; c++) {
    const frames = Array.from({ length: perChunk }, (_, i) => recordedFrame(c * perChunk + i));
    out.push({ audio, frames, framesBytes: encodeFrames(frames, []) });
  }
  return {
    chunks: out,
    frames: out.flatMap((c) => c.frames),
    durationMs: chunks * secondsPerChunk * 1000,
  };
}

/** Anything that answers requests like `fetch` or a Hono app's `request`. */
export type Requester = (path: string, init: RequestInit) => Promise<Response> | Response;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Creates the hologram for the token's user and uploads every chunk; returns its id. */
export async function uploadRecording(
  request: Requester,
  idToken: string,
  recording: Recording,
  title = 'Shared hologram',
): Promise<string> {
  const id = randomUUID();
  const auth = { Authorization: `Bearer ${idToken}` };
  await expectOk(
    await request(`/api/v1/holograms/${id}`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title,
        createdAt: new Date().toISOString(),
        durationMs: recording.durationMs,
        sampleRate: 48_000,
        channels: 1,
        complete: true,
      }),
    }),
    'creating the hologram',
  );
  for (const [seq, chunk] of recording.chunks.entries()) {
    for (const [kind, bytes, type] of [
      ['audio', chunk.audio, 'audio/webm'],
      ['frames', chunk.framesBytes, 'application/vnd.holograms.frames'],
    ] as const) {
      await expectOk(
        await request(`/api/v1/holograms/${id}/chunks/${seq}/${kind}`, {
          method: 'PUT',
          headers: { ...auth, 'X-Content-SHA256': sha256(bytes), 'Content-Type': type },
          body: bytes as Uint8Array<ArrayBuffer>,
        }),
        `uploading chunk ${seq} ${kind}`,
      );
    }
  }
  return id;
}

/** Shares the hologram; returns the token. */
export async function shareHologram(request: Requester, idToken: string, id: string) {
  const res = await expectOk(
    await request(`/api/v1/holograms/${id}/share`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    }),
    'sharing the hologram',
  );
  return ((await res.json()) as { token: string }).token;
}
