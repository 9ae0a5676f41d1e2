import { describe, expect, it } from 'vitest';
import { HologramAnalyser } from './analyser.ts';
import {
  FINGERPRINT_BANDS,
  FINGERPRINT_DIMENSIONS,
  FingerprintBuilder,
  fingerprint,
  fingerprintDistance,
} from './fingerprint.ts';
import { createFrame, type HologramFrame } from './frame.ts';
import { mixInto, musicLike, random, type Stereo, sine } from './signals.ts';

const RATE = 32_000;

function framesOf({ left, right }: Stereo, fps = 60): HologramFrame[] {
  const analyser = new HologramAnalyser({ sampleRate: RATE, fps });
  analyser.push(left, right);
  const frames: HologramFrame[] = [];
  for (let f = analyser.pull(); f; f = analyser.pull()) frames.push(structuredClone(f));
  return frames;
}

const print = (s: Stereo, fps?: number) => fingerprint(framesOf(s, fps));

function scaled({ left, right }: Stereo, gain: number): Stereo {
  return { left: left.map((v) => v * gain), right: right.map((v) => v * gain) };
}

function noise(seconds: number, seed: number, level: number): Stereo {
  const rnd = random(seed);
  const n = seconds * RATE;
  return {
    left: Float32Array.from({ length: n }, () => level * (rnd() - 0.5)),
    right: Float32Array.from({ length: n }, () => level * (rnd() - 0.5)),
  };
}

function highTones(seconds: number): Stereo {
  const x = sine(3520, seconds, RATE, 0.2);
  mixInto(x, sine(5274, seconds, RATE, 0.1));
  return { left: x, right: x };
}

function bass(seconds: number): Stereo {
  const x = sine(55, seconds, RATE, 0.5);
  mixInto(x, sine(110, seconds, RATE, 0.2));
  return { left: x, right: x.map((v) => v * 0.5) };
}

describe('fingerprint', () => {
  const music = print(musicLike(4, RATE, 1));

  it('is a 128-d unit vector, the same for the same frames', () => {
    expect(music).toHaveLength(FINGERPRINT_DIMENSIONS);
    const norm = Math.sqrt(music.reduce((a, v) => a + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect(music.every(Number.isFinite)).toBe(true);
    expect(print(musicLike(4, RATE, 1))).toEqual(music);
  });

  it('puts the same kind of sound closer than different kinds', () => {
    const similar = [
      print(musicLike(4, RATE, 2)), // other phases and noise
      print(scaled(musicLike(4, RATE, 3), 0.3)), // 10 dB quieter
      print(musicLike(6, RATE, 4)), // longer
      print(musicLike(4, RATE, 1), 30), // another frame rate
    ];
    const different = [
      print(noise(4, 9, 0.5)),
      print(highTones(4)),
      print(bass(4)),
      print({ left: new Float32Array(4 * RATE), right: new Float32Array(4 * RATE) }),
    ];
    const nearest = Math.max(...similar.map((s) => fingerprintDistance(music, s)));
    const farthest = Math.min(...different.map((d) => fingerprintDistance(music, d)));
    expect(nearest).toBeLessThan(farthest);
    expect(nearest).toBeLessThan(0.25);
  });

  it('matches noise with noise and tones with tones', () => {
    const a = print(noise(3, 1, 0.5));
    const b = print(noise(3, 2, 0.2));
    const tones = print(highTones(3));
    expect(fingerprintDistance(a, b)).toBeLessThan(fingerprintDistance(a, tones));
    expect(fingerprintDistance(a, b)).toBeLessThan(fingerprintDistance(a, music));
  });

  it('ignores bands outside C1 … B9 and gives zeros for no frames', () => {
    const frames = framesOf(musicLike(2, RATE, 7));
    const changed = frames.map((f) => {
      const g = structuredClone(f);
      for (let b = 0; b < FINGERPRINT_BANDS.first; b++) g.left[b] = -3;
      for (let b = FINGERPRINT_BANDS.last + 1; b < g.left.length; b++) g.right[b] = -3;
      return g;
    });
    expect(fingerprint(changed)).toEqual(fingerprint(frames));
    expect(new FingerprintBuilder().result().every((v) => v === 0)).toBe(true);
    const silent = fingerprint([createFrame(), { ...createFrame(), t: 100 }]);
    expect(silent.every(Number.isFinite)).toBe(true);
  });
});
