// "Download video": records the scene's canvas (captureStream) and the replay's sound (a
// MediaStreamAudioDestinationNode) with MediaRecorder into a WebM file, in the browser, while the
// replay plays once from the start at 1×. The finished file gets its Duration written in
// (webm-duration.ts), since MediaRecorder leaves it out.
import { withWebmDuration } from './webm-duration.ts';

const VIDEO_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];
const VIDEO_FPS = 30;

/** The first WebM type this browser can record, or null. */
export function videoMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return VIDEO_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

/** A file name from a title: letters, digits and dashes, never empty. */
export function videoFileName(title: string): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'hologram'}.webm`;
}

export class VideoRecording {
  private readonly recorder: MediaRecorder;
  private readonly parts: Blob[] = [];
  private readonly stream: MediaStream;
  private activeMs = 0;
  private resumedAt: number | null = null;

  constructor(canvas: HTMLCanvasElement, audio: MediaStream, mimeType: string) {
    this.stream = new MediaStream([
      ...canvas.captureStream(VIDEO_FPS).getVideoTracks(),
      ...audio.getAudioTracks(),
    ]);
    this.recorder = new MediaRecorder(this.stream, {
      mimeType,
      videoBitsPerSecond: 2_500_000,
      audioBitsPerSecond: 128_000,
    });
    this.recorder.ondataavailable = (e) => {
      if (e.data.size > 0) this.parts.push(e.data);
    };
    this.recorder.start(1000);
    this.resumedAt = performance.now();
  }

  /** Holds the recording while the replay waits for data, so the video has no frozen stretch. */
  pause(): void {
    if (this.recorder.state !== 'recording') return;
    this.recorder.pause();
    if (this.resumedAt !== null) this.activeMs += performance.now() - this.resumedAt;
    this.resumedAt = null;
  }

  resume(): void {
    if (this.recorder.state !== 'paused') return;
    this.recorder.resume();
    this.resumedAt = performance.now();
  }

  /** Finishes the file: WebM bytes with their Duration. */
  async finish(): Promise<Blob> {
    this.pause();
    const stopped = new Promise<void>((resolve) => {
      this.recorder.onstop = () => resolve();
    });
    this.recorder.stop();
    await stopped;
    this.release();
    const bytes = new Uint8Array(await new Blob(this.parts).arrayBuffer());
    return new Blob([withWebmDuration(bytes, this.activeMs) as Uint8Array<ArrayBuffer>], {
      type: 'video/webm',
    });
  }

  cancel(): void {
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
  }

  private release(): void {
    for (const track of this.stream.getVideoTracks()) track.stop();
  }
}

/** Saves a blob under `name` through a temporary link. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
