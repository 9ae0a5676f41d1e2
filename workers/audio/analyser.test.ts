import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalyserOptions, HologramAnalyser } from './analyser.ts';
import { bandFrequency, bandLayout, windowMs } from './bands.ts';
import { BANDS, createFrame, DB_FLOOR, type HologramFrame } from './frame.ts';
import { mixInto, musicLike, random, sine } from './signals.ts';
import { aWeightingDb, cWeightingDb, weightingFunction } from './weighting.ts';

/** All frames of a signal pushed in blocks of `block`, copied out. */
function analyse(
  options: AnalyserOptions,
  left: Float32Array,
  right?: Float32Array,
  block = 4096,
): HologramFrame[] {
  const analyser = new HologramAnalyser(options);
  const frames: HologramFrame[] = [];
  for (let i = 0; i < left.length; i += block) {
    analyser.push(left.subarray(i, i + block), right?.subarray(i, i + block));
    for (let f = analyser.pull(); f; f = analyser.pull()) frames.push(copy(f));
  }
  return frames;
}

function copy(f: HologramFrame): HologramFrame {
  return { t: f.t, left: f.left.slice(), right: f.right.slice(), pan: f.pan.slice() };
}

function lastFrame(options: AnalyserOptions, left: Float32Array, right?: Float32Array) {
  const frame = analyse(options, left, right).at(-1);
  if (!frame) throw new Error('no frame');
  return frame;
}

/** Long enough for a band's window to fill with a steady tone, with margin. */
const settle = (band: number) => Math.max(0.2, (1.3 * windowMs(band)) / 1000 + 0.05);

const A1 = 21; // 55 Hz
const TOP_14K = 116; // 13.29 kHz, the last band centre below 14 kHz

describe('HologramAnalyser: pitch', () => {
  it('puts a tone at every band centre from 55 Hz to 14 kHz (48 kHz) in its band, neighbours ≥ 10 dB lower', () => {
    const rnd = random(7);
    expect(bandFrequency(A1)).toBeCloseTo(55, 6);
    expect(bandFrequency(TOP_14K)).toBeLessThan(14_000);
    expect(bandFrequency(TOP_14K + 1)).toBeGreaterThan(14_000);
    for (let band = A1; band <= TOP_14K; band++) {
      const x = sine(bandFrequency(band), settle(band), 48_000, 0.5, rnd() * 2 * Math.PI);
      const { left } = lastFrame({ sampleRate: 48_000, channels: 1, fps: 20 }, x);
      const level = left[band] as number;
      const loudest = left.indexOf(Math.max(...left));
      expect(loudest, `band ${band}`).toBe(band);
      expect(level - (left[band - 1] as number), `band ${band} vs lower`).toBeGreaterThanOrEqual(
        10,
      );
      expect(level - (left[band + 1] as number), `band ${band} vs upper`).toBeGreaterThanOrEqual(
        10,
      );
      expect(level, `band ${band} level`).toBeCloseTo(-6.02, 0);
    }
  });

  it('reads a full-scale sine at a band centre as 0 dBFS ± 1 dB at every rate and stage', () => {
    for (const sampleRate of [22_050, 44_100, 48_000, 96_000, 192_000]) {
      for (const band of [0, 9, 24, 45, 57, 80, 100, 110]) {
        const x = sine(bandFrequency(band), settle(band), sampleRate, 1, 0.3);
        const frame = lastFrame({ sampleRate, channels: 2, fps: 10 }, x, x);
        expect(Math.abs(frame.left[band] as number), `${sampleRate} Hz band ${band}`).toBeLessThan(
          1,
        );
        expect(Math.abs(frame.right[band] as number)).toBeLessThan(1);
      }
    }
  });

  it('reads a quieter sine at its level in dBFS', () => {
    for (const [amplitude, db] of [
      [0.1, -20],
      [0.01, -40],
      [0.001, -60],
    ] as const) {
      const x = sine(bandFrequency(72), 0.2, 48_000, amplitude);
      const { left } = lastFrame({ sampleRate: 48_000, channels: 1, fps: 10 }, x);
      expect(left[72] as number).toBeCloseTo(db, 0);
    }
  });

  it('reads any steady tone 55 Hz – 14 kHz in its nearest band, at most 3 dB below its level', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: A1, max: TOP_14K }),
        fc.double({ min: -0.45, max: 0.45, noNaN: true }),
        fc.double({ min: -80, max: 0, noNaN: true }),
        fc.constantFrom(44_100, 48_000, 96_000),
        (band, offset, db, sampleRate) => {
          const f = bandFrequency(band + offset);
          const x = sine(f, settle(band), sampleRate, 10 ** (db / 20), offset * 7);
          const { left } = lastFrame({ sampleRate, channels: 1, fps: 10 }, x);
          expect(left.indexOf(Math.max(...left))).toBe(band);
          expect(left[band] as number).toBeLessThanOrEqual(db + 0.01);
          expect(left[band] as number).toBeGreaterThanOrEqual(db - 3);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps silence at the floor with pan 0, in every band and frame', () => {
    for (const sampleRate of [22_050, 48_000, 192_000]) {
      const zero = new Float32Array(sampleRate);
      for (const f of analyse({ sampleRate, fps: 30 }, zero, zero)) {
        expect(f.left.every((v) => v === DB_FLOOR)).toBe(true);
        expect(f.right.every((v) => v === DB_FLOOR)).toBe(true);
        expect(f.pan.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('holds bands above the rate limit at the floor even under full-band noise', () => {
    const rnd = random(3);
    const noise = Float32Array.from({ length: 48_000 }, () => rnd() - 0.5);
    const { left } = lastFrame({ sampleRate: 48_000, channels: 1, fps: 10 }, noise);
    const layout = bandLayout(48_000);
    for (const b of layout) {
      if (b.valid) expect(left[b.index] as number).toBeGreaterThan(DB_FLOOR + 20);
      else expect(left[b.index]).toBe(DB_FLOOR);
    }
  });
});

describe('HologramAnalyser: stereo', () => {
  const sampleRate = 48_000;
  const silent = new Float32Array(sampleRate);

  it('pans hard-left, hard-right and centred tones to −1, +1 and 0', () => {
    for (const band of [A1, 45, 57, 69, 93, 110]) {
      const x = sine(bandFrequency(band), 1, sampleRate, 0.5);
      const left = lastFrame({ sampleRate, fps: 10 }, x, silent);
      const right = lastFrame({ sampleRate, fps: 10 }, silent, x);
      const centre = lastFrame({ sampleRate, fps: 10 }, x, x);
      expect(left.pan[band] as number).toBeCloseTo(-1, 1);
      expect(right.pan[band] as number).toBeCloseTo(1, 1);
      expect(Math.abs(centre.pan[band] as number)).toBeLessThan(0.1);
      expect(left.right[band]).toBe(DB_FLOOR);
      expect(right.left[band]).toBe(DB_FLOOR);
    }
  });

  it('pans by amplitude: R = L/2 gives (R − L)/(R + L) = −1/3', () => {
    const l = sine(440, 0.3, sampleRate, 0.8);
    const r = sine(440, 0.3, sampleRate, 0.4);
    const f = lastFrame({ sampleRate, fps: 10 }, l, r);
    expect(f.pan[57] as number).toBeCloseTo(-1 / 3, 2);
  });

  it('mono input mirrors left into right with pan 0', () => {
    const x = sine(440, 0.3, sampleRate, 0.5);
    const f = lastFrame({ sampleRate, channels: 1, fps: 10 }, x);
    expect([...f.right]).toEqual([...f.left]);
    expect(f.pan.every((v) => v === 0)).toBe(true);
  });
});

describe('HologramAnalyser: sample rates', () => {
  it('agrees within 1 dB in every band with signal for the same mix at 44.1, 48 and 96 kHz', () => {
    const tones = [
      [41.2, 0.3],
      [97, 0.2],
      [311, 0.5],
      [1000, 0.1],
      [2500, 0.25],
      [6100, 0.05],
      [11_000, 0.2],
      [15_500, 0.1],
    ] as const;
    const at = (sampleRate: number) => {
      const x = new Float32Array(sampleRate);
      for (const [f, a] of tones) mixInto(x, sine(f, 1, sampleRate, a, f / 100));
      return lastFrame({ sampleRate, channels: 1, fps: 4 }, x).left;
    };
    const levels = [at(44_100), at(48_000), at(96_000)];
    const valid = bandLayout(44_100).filter((b) => b.valid);
    let compared = 0;
    for (const b of valid) {
      const values = levels.map((l) => l[b.index] as number);
      if (Math.max(...values) < -60) continue;
      compared++;
      expect(Math.max(...values) - Math.min(...values), `band ${b.index}`).toBeLessThanOrEqual(1);
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('HologramAnalyser: streaming', () => {
  const mix = musicLike(1.5, 44_100, 5);

  it('gives identical frames for any block sizes', () => {
    const whole = analyse({ sampleRate: 44_100, fps: 60 }, mix.left, mix.right, mix.left.length);
    expect(whole).toHaveLength(Math.floor(1.5 * 60));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 20 }),
        (sizes) => {
          const analyser = new HologramAnalyser({ sampleRate: 44_100, fps: 60 });
          const frames: HologramFrame[] = [];
          for (let i = 0, k = 0; i < mix.left.length; k++) {
            const n = sizes[k % sizes.length] as number;
            analyser.push(mix.left.subarray(i, i + n), mix.right.subarray(i, i + n));
            i += n;
            for (let f = analyser.pull(); f; f = analyser.pull()) frames.push(copy(f));
          }
          expect(frames).toEqual(whole);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('stamps frame k at the k-th frame time, rounded to a sample', () => {
    for (const [sampleRate, fps] of [
      [48_000, 60],
      [22_050, 60],
      [44_100, 24],
    ] as const) {
      const x = new Float32Array(sampleRate * 2);
      const frames = analyse({ sampleRate, channels: 1, fps }, x, undefined, 128);
      expect(frames).toHaveLength(2 * fps);
      frames.forEach((f, i) => {
        expect(Math.abs(f.t - ((i + 1) * 1000) / fps)).toBeLessThanOrEqual(500 / sampleRate + 1e-9);
      });
    }
  });

  it('reuses its frames and fills caller-owned ones', () => {
    const analyser = new HologramAnalyser({ sampleRate: 48_000, fps: 60 });
    const block = new Float32Array(800);
    analyser.push(block, block);
    const first = analyser.pull();
    analyser.push(block, block);
    expect(analyser.pull()).toBe(first);
    const out = createFrame();
    analyser.push(block, block);
    expect(analyser.pull(out)).toBe(out);
    expect(out.t).toBeCloseTo(50, 6);
    expect(analyser.pull()).toBeUndefined();
  });

  it('starts over after reset', () => {
    const analyser = new HologramAnalyser({ sampleRate: 48_000, channels: 1, fps: 60 });
    const tone = sine(440, 0.5, 48_000);
    analyser.push(tone);
    analyser.reset();
    expect(analyser.pending).toBe(0);
    analyser.push(new Float32Array(800));
    const f = analyser.pull();
    expect(f?.t).toBeCloseTo(1000 / 60, 6);
    expect(f?.left.every((v) => v === DB_FLOOR)).toBe(true);
  });

  it('lags a tone onset by the latency it reports (−6 dB when the window centre passes the onset)', () => {
    const sampleRate = 48_000;
    const layout = bandLayout(sampleRate);
    for (const band of [A1, 57, 93, 112]) {
      const info = layout[band];
      if (!info) throw new Error('no band');
      const onset = 0.1;
      const x = new Float32Array(Math.round((onset + (info.windowMs * 1.2) / 1000) * sampleRate));
      x.set(
        sine(info.frequency, 10, sampleRate).subarray(0, x.length - onset * sampleRate),
        onset * sampleRate,
      );
      const frames = analyse({ sampleRate, channels: 1, fps: 1000 }, x);
      const crossing = frames.find((f) => (f.left[band] as number) >= -6.02);
      const expected = onset * 1000 + info.latencyMs;
      const tolerance = Math.max(1.5, 0.03 * info.windowMs);
      expect(Math.abs((crossing?.t ?? 0) - expected), `band ${band}`).toBeLessThanOrEqual(
        tolerance,
      );
    }
  });
});

describe('HologramAnalyser: weighting', () => {
  const cases = [
    ['a', aWeightingDb],
    ['c', cWeightingDb],
    ['iso226', weightingFunction('iso226', 60)],
  ] as const;

  it('adds the weighting of the band centre to a full-scale tone there', () => {
    for (const [weighting, weight] of cases) {
      for (const band of [33, 57, 69, 100]) {
        const f = bandFrequency(band);
        const x = sine(f, settle(band), 48_000);
        const { left } = lastFrame(
          { sampleRate: 48_000, channels: 1, fps: 10, weighting, phon: 60 },
          x,
        );
        expect(left[band] as number, `${weighting} band ${band}`).toBeCloseTo(
          Math.min(0, weight(f)),
          0,
        );
      }
    }
  });
});

describe('HologramAnalyser: options', () => {
  it('rejects impossible settings', () => {
    expect(() => new HologramAnalyser({ sampleRate: 1000 })).toThrow(RangeError);
    expect(() => new HologramAnalyser({ sampleRate: 48_000, fps: 0 })).toThrow(/fps/);
    expect(() => new HologramAnalyser({ sampleRate: 48_000, channels: 3 as 2 })).toThrow(
      /channels/,
    );
    expect(() => new HologramAnalyser({ sampleRate: 48_000, weighting: 'b' as 'a' })).toThrow(
      /weighting/,
    );
    expect(
      () => new HologramAnalyser({ sampleRate: 48_000, weighting: 'iso226', phon: 140 }),
    ).toThrow(/phon/);
    const stereo = new HologramAnalyser({ sampleRate: 48_000 });
    expect(() => stereo.push(new Float32Array(4))).toThrow(/equal length/);
  });

  it('takes the defaults for options left out or undefined', () => {
    const analyser = new HologramAnalyser({ sampleRate: 48_000, fps: undefined, phon: undefined });
    expect(analyser.options).toEqual({
      sampleRate: 48_000,
      channels: 2,
      fps: 60,
      weighting: 'none',
      phon: 40,
    });
  });

  it('exposes the band layout it uses', () => {
    const analyser = new HologramAnalyser({ sampleRate: 44_100 });
    expect(analyser.bands).toHaveLength(BANDS);
    expect(analyser.bands).toEqual(bandLayout(44_100));
  });
});
