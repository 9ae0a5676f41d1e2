import { describe, expect, it } from 'vitest';
import { CustomGestures } from './custom.ts';
import {
  createRng,
  type HandShape,
  poseShape,
  type SampleOptions,
  sampleHand,
} from './hand-model.ts';

const rng = createRng(11);
const curled = poseShape('fist').middle;
const horns: HandShape = { ...poseShape('point'), middle: curled, pinky: poseShape('open').pinky };
const callMe: HandShape = {
  ...poseShape('thumbs-up'),
  yaw: 0,
  roll: 0,
  pinky: poseShape('open').pinky,
};
const vary = (): SampleOptions => ({
  handedness: rng.next() < 0.5 ? 'left' : 'right',
  rotation: (rng.next() * 2 - 1) * 45,
  yaw: (rng.next() * 2 - 1) * 8,
  pitch: (rng.next() * 2 - 1) * 8,
  scale: 0.06 + 0.12 * rng.next(),
  noise: 0.03,
  jitter: 5,
  rng,
});

function taught(): CustomGestures {
  const set = new CustomGestures();
  for (let i = 0; i < 10; i++) {
    set.add('horns', sampleHand(horns, vary()));
    set.add('call-me', sampleHand(callMe, vary()));
  }
  return set;
}

describe('CustomGestures', () => {
  it('learns two gestures from 10 samples each', () => {
    const set = taught();
    let correct = 0;
    for (let i = 0; i < 50; i++) {
      if (set.classify(sampleHand(horns, vary()))?.gesture === 'horns') correct++;
      if (set.classify(sampleHand(callMe, vary()))?.gesture === 'call-me') correct++;
    }
    expect(correct / 100).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects unrelated poses', () => {
    const set = taught();
    for (const pose of ['open', 'fist', 'victory'] as const)
      for (let i = 0; i < 20; i++) expect(set.classify(sampleHand(pose, vary()))).toBeNull();
  });

  it('round-trips through JSON', () => {
    const set = taught();
    const copy = CustomGestures.fromJSON(JSON.parse(JSON.stringify(set)));
    expect(copy.names).toEqual(['horns', 'call-me']);
    const probe = sampleHand(horns, vary());
    expect(copy.classify(probe)).toEqual(set.classify(probe));
    expect(copy.remove('horns')).toBe(true);
    expect(copy.classify(probe)?.gesture).not.toBe('horns');
  });
});
