import { expose, type Remote, transfer, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisWorkerApi } from './api.ts';
import { bandLayout } from './bands.ts';
import { BANDS, DB_FLOOR, type HologramFrame } from './frame.ts';
import { createAnalysisService } from './service.ts';
import { sine } from './signals.ts';

const channels: MessageChannel[] = [];

type Endpoint = Parameters<typeof wrap>[0];

/** The API exposed on one end of a MessageChannel, wrapped on the other. */
function connect(api: AnalysisWorkerApi): Remote<AnalysisWorkerApi> {
  const channel = new MessageChannel();
  channels.push(channel);
  expose(api, channel.port1 as unknown as Endpoint);
  return wrap<AnalysisWorkerApi>(channel.port2 as unknown as Endpoint);
}

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('analysis worker API over Comlink', () => {
  it('configures, returns frames for pushed blocks with their buffers transferred, and resets', async () => {
    const service = createAnalysisService();
    const sent: HologramFrame[][] = [];
    const remote = connect({
      ...service,
      push: (l, r) => {
        const frames = service.push(l, r);
        sent.push(frames);
        return frames;
      },
    });
    const bands = await remote.configure({ sampleRate: 48_000, channels: 2, fps: 60 });
    expect(bands).toEqual(bandLayout(48_000));

    const tone = sine(440, 0.1, 48_000, 0.5);
    const frames: HologramFrame[] = [];
    for (let i = 0; i < tone.length; i += 128) {
      const left = tone.slice(i, i + 128);
      const right = new Float32Array(left.length);
      frames.push(
        ...(await remote.push(transfer(left, [left.buffer]), transfer(right, [right.buffer]))),
      );
    }
    expect(frames.map((f) => Math.round(f.t))).toEqual([17, 33, 50, 67, 83, 100]);
    const last = frames.at(-1) as HologramFrame;
    expect(last.left).toHaveLength(BANDS);
    expect(last.left[57]).toBeCloseTo(-6, 0);
    expect(last.right[57]).toBe(DB_FLOOR);
    expect(last.pan[57]).toBeCloseTo(-1, 3);
    expect(last.left.buffer).toBe(last.pan.buffer);
    const worker = sent.flat();
    expect(worker).toHaveLength(6);
    expect(worker.every((f) => f.left.buffer.byteLength === 0)).toBe(true);

    await remote.reset();
    const [first] = await remote.push(new Float32Array(800), new Float32Array(800));
    expect(first?.t).toBeCloseTo(1000 / 60, 6);
    expect(first?.left.every((v) => v === DB_FLOOR)).toBe(true);
  });

  it('rejects pushes before configure and bad settings', async () => {
    const remote = connect(createAnalysisService());
    await expect(remote.push(new Float32Array(8))).rejects.toThrow(/configure\(\) must come first/);
    await expect(remote.configure({ sampleRate: 48_000, channels: 2, fps: -1 })).rejects.toThrow(
      /fps/,
    );
    await remote.configure({ sampleRate: 44_100, channels: 1 });
    expect(await remote.push(new Float32Array(735))).toHaveLength(1);
  });
});
