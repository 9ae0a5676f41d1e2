import { describe, expect, it } from 'vitest';
import { generateDataset, POSES, sampleHand } from './hand-model.ts';
import { classifyPose } from './static-poses.ts';

describe('static pose classifier', () => {
  it('names ≥ 95% of a generated set (six poses, both hands, ±45°, tilt, scales, noise)', () => {
    const samples = generateDataset({ seed: 7, perPose: 100 });
    const labels = [...POSES, 'none'] as const;
    const matrix = new Map(POSES.map((p) => [p, new Map(labels.map((l) => [l, 0]))]));
    let correct = 0;
    for (const { pose, hand } of samples) {
      const got = classifyPose(hand).pose;
      const row = matrix.get(pose);
      row?.set(got, (row.get(got) ?? 0) + 1);
      if (got === pose) correct++;
    }
    const accuracy = correct / samples.length;
    const pad = (s: string | number) => String(s).padStart(10);
    const lines = [
      `accuracy ${(accuracy * 100).toFixed(2)}% of ${samples.length} (rows: truth, columns: classified)`,
      pad('') + labels.map(pad).join(''),
      ...POSES.map((p) => pad(p) + labels.map((l) => pad(matrix.get(p)?.get(l) ?? 0)).join('')),
    ];
    console.log(lines.join('\n'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('names every pose exactly without noise, for both hands and the back of the hand', () => {
    for (const pose of POSES)
      for (const handedness of ['left', 'right'] as const) {
        expect(classifyPose(sampleHand(pose, { handedness })).pose).toBe(pose);
        // Yawed round 180°, the camera sees the back of the hand (a thumbs up then needs turning
        // round in the image too, for its thumb to point up again).
        const up = pose === 'thumbs-up';
        const back = sampleHand(pose, { handedness, yaw: up ? 150 : 180, rotation: up ? 160 : 0 });
        expect(classifyPose(back).pose).toBe(pose);
      }
  });

  it('does not call a thumb pointing sideways or down a thumbs up', () => {
    for (const rotation of [90, -90, 180])
      expect(classifyPose(sampleHand('thumbs-up', { rotation })).pose).not.toBe('thumbs-up');
  });

  it('is confident on clean poses', () => {
    for (const pose of POSES)
      expect(classifyPose(sampleHand(pose)).confidence).toBeGreaterThan(0.9);
  });
});
