import { describe, expect, it } from 'vitest';
import type { GestureDefinition } from '../../api/gestures/contract.ts';
import { handVector } from '../../workers/gestures/custom.ts';
import {
  createRng,
  type HandShape,
  poseShape,
  type SampleOptions,
  sampleHand,
} from '../../workers/gestures/hand-model.ts';
import type { Hand } from '../../workers/gestures/landmarks.ts';
import { normalise } from '../../workers/gestures/normalise.ts';
import {
  ANONYMOUS_BUCKET,
  applyWrite,
  deletedGesture,
  draftProblems,
  editedGesture,
  fromRemote,
  type GestureDraft,
  type LocalGesture,
  MemoryGestureStore,
  nextEditTime,
  sampleFromLandmarks,
  TEACHABLE_ACTIONS,
  toCustomGestures,
} from './gesture-store.ts';

const rng = createRng(3);
const raw = (hand: Hand) => hand.landmarks.map((p) => [p.x, p.y, p.z]);
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
const horns: HandShape = {
  ...poseShape('point'),
  middle: poseShape('fist').middle,
  pinky: poseShape('open').pinky,
};
const callMe: HandShape = {
  ...poseShape('thumbs-up'),
  yaw: 0,
  roll: 0,
  pinky: poseShape('open').pinky,
};
const draft = (over: Partial<GestureDraft> = {}): GestureDraft => ({
  name: 'horns',
  samples: Array.from({ length: 5 }, () => sampleFromLandmarks(raw(sampleHand(horns, vary())))),
  action: 'colour-scheme',
  ...over,
});
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

describe('sampleFromLandmarks', () => {
  it('normalises to the canonical hand, whichever hand and however turned', () => {
    const options = { rotation: 30, yaw: 5, scale: 0.1 };
    const right = sampleFromLandmarks(raw(sampleHand(horns, { ...options, handedness: 'right' })));
    const turned = sampleFromLandmarks(
      raw(sampleHand(horns, { ...options, rotation: -40, scale: 0.18, x: 0.3 })),
    );
    expect(right).toHaveLength(21);
    expect(right[0]).toEqual([0, 0, 0]);
    expect(right[9]?.[0]).toBeCloseTo(0, 3);
    expect(right[9]?.[1]).toBeCloseTo(1, 3);
    for (const [i, p] of right.entries())
      for (const [j, v] of p.entries()) expect(turned[i]?.[j]).toBeCloseTo(v, 3);
    // No handedness needed: a left hand taken as a right one normalises to the same points.
    const leftHand = sampleHand(horns, { ...options, handedness: 'left' });
    const asLeft = normalise(leftHand).points;
    for (const [i, p] of sampleFromLandmarks(raw(leftHand)).entries()) {
      expect(p[0]).toBeCloseTo(asLeft[i]?.x ?? Number.NaN, 3);
      expect(p[1]).toBeCloseTo(asLeft[i]?.y ?? Number.NaN, 3);
      expect(p[2]).toBeCloseTo(asLeft[i]?.z ?? Number.NaN, 3);
    }
  });

  it('matches the classifier’s own vector, rounded, and is idempotent', () => {
    const hand = sampleHand(callMe, vary());
    const stored = sampleFromLandmarks(raw(hand));
    const vector = handVector(hand);
    expect(
      stored
        .slice(1)
        .flat()
        .map((v, i) => Math.abs(v - (vector[i] ?? 0))),
    ).toSatisfy((d: number[]) => Math.max(...d) <= 5e-5);
    const twice = sampleFromLandmarks(stored);
    for (const [i, p] of stored.entries())
      for (const [j, v] of p.entries()) expect(twice[i]?.[j]).toBeCloseTo(v, 3);
    expect(JSON.stringify(stored).length).toBeLessThan(1000);
  });

  it('refuses anything but 21 finite triples', () => {
    const ok = raw(sampleHand('open'));
    expect(() => sampleFromLandmarks(ok.slice(1))).toThrow(RangeError);
    expect(() => sampleFromLandmarks([...ok, [0, 0, 0]])).toThrow(RangeError);
    expect(() =>
      sampleFromLandmarks(ok.map((p, i) => (i === 4 ? [p[0] ?? 0, NaN, 0] : p))),
    ).toThrow(RangeError);
    expect(() => sampleFromLandmarks(ok.map((p, i) => (i === 4 ? [1, 2] : p)))).toThrow(RangeError);
  });
});

describe('draftProblems', () => {
  it('accepts a good draft and names what is wrong with bad ones', () => {
    const good = draft();
    expect(draftProblems(good)).toEqual([]);
    expect(draftProblems({ ...good, action: null })).toEqual([]);
    expect(draftProblems({ ...good, name: '  ' })).toEqual(['name']);
    expect(draftProblems({ ...good, name: 'x'.repeat(61) })).toEqual(['name']);
    expect(draftProblems({ ...good, name: 'tab\there' })).toEqual(['name']);
    expect(draftProblems({ ...good, samples: good.samples.slice(0, 2) })).toEqual(['samples']);
    const one = good.samples[0] ?? [];
    expect(draftProblems({ ...good, samples: Array.from({ length: 31 }, () => one) })).toEqual([
      'samples',
    ]);
    expect(draftProblems({ ...good, samples: [...good.samples, one.slice(1)] })).toEqual([
      'samples',
    ]);
    expect(
      draftProblems({ ...good, samples: [...good.samples, one.map(() => [Infinity, 0, 0])] }),
    ).toEqual(['samples']);
    expect(
      draftProblems({ ...good, name: '', action: 'open-hologram' as GestureDraft['action'] }),
    ).toEqual(['name', 'action']);
    expect(TEACHABLE_ACTIONS).toContain('start-recording');
  });
});

describe('record rules', () => {
  it('gives each edit a later time than the last, even with the clock behind', () => {
    expect(nextEditTime(undefined, T0)).toBe('2026-11-23T10:00:00.000Z');
    expect(nextEditTime('2026-11-23T09:00:00.000Z', T0)).toBe('2026-11-23T10:00:00.000Z');
    expect(nextEditTime('2026-11-23T11:00:00.000Z', T0)).toBe('2026-11-23T11:00:00.001Z');
  });

  it('makes new and edited records dirty, keeping id and base version', () => {
    const created = editedGesture(undefined, draft({ name: ' horns ' }), T0, () => 'id-1');
    expect(created).toMatchObject({
      id: 'id-1',
      name: 'horns',
      dirty: true,
      deleted: false,
      version: null,
      editedAt: '2026-11-23T10:00:00.000Z',
    });
    const synced: LocalGesture = { ...created, dirty: false, version: 4 };
    const edited = editedGesture(synced, draft({ name: 'devil horns' }), T0);
    expect(edited).toMatchObject({ id: 'id-1', name: 'devil horns', dirty: true, version: 4 });
    expect(edited.editedAt > synced.editedAt).toBe(true);
  });

  it('forgets a never-synced record at once and keeps a tombstone of a synced one', () => {
    const local = editedGesture(undefined, draft(), T0, () => 'id-2');
    expect(deletedGesture(local, T0 + 5)).toBeNull();
    const tomb = deletedGesture({ ...local, dirty: false, version: 2 }, T0 + 5);
    expect(tomb).toMatchObject({
      id: 'id-2',
      name: '',
      samples: [],
      action: null,
      deleted: true,
      dirty: true,
      version: 2,
      editedAt: '2026-11-23T10:00:00.005Z',
    });
  });

  it('applies a write only to the record it was decided on, else moves the base version', () => {
    const current = editedGesture(undefined, draft(), T0, () => 'id-3');
    const next = { ...current, dirty: false, version: 1 };
    expect(applyWrite(current, { id: 'id-3', expect: current.editedAt, next, rebase: 1 })).toEqual({
      kind: 'put',
      record: next,
    });
    expect(
      applyWrite(current, { id: 'id-3', expect: current.editedAt, next: null, rebase: 1 }),
    ).toEqual({
      kind: 'delete',
    });
    expect(applyWrite(undefined, { id: 'id-3', expect: null, next, rebase: null })).toEqual({
      kind: 'put',
      record: next,
    });
    // Edited meanwhile: the edit stays (dirty), based on the server's version.
    expect(applyWrite(current, { id: 'id-3', expect: 'an older time', next, rebase: 6 })).toEqual({
      kind: 'put',
      record: { ...current, version: 6 },
    });
    expect(
      applyWrite(current, { id: 'id-3', expect: 'an older time', next, rebase: null }),
    ).toEqual({
      kind: 'skip',
    });
    expect(applyWrite(current, { id: 'id-3', expect: null, next, rebase: null })).toEqual({
      kind: 'skip',
    });
    expect(
      applyWrite(undefined, { id: 'id-3', expect: current.editedAt, next, rebase: 2 }),
    ).toEqual({
      kind: 'skip',
    });
  });

  it('takes a clean copy of a server definition', () => {
    const remote: GestureDefinition = {
      id: 'id-4',
      name: 'wave',
      samples: draft().samples,
      action: null,
      editedAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:01.000Z',
      version: 3,
      deleted: false,
    };
    expect(fromRemote(remote)).toEqual({
      id: 'id-4',
      name: 'wave',
      samples: remote.samples,
      action: null,
      editedAt: remote.editedAt,
      deleted: false,
      dirty: false,
      version: 3,
    });
  });
});

describe('toCustomGestures', () => {
  it('builds a classifier from stored samples that names fresh hands and ignores tombstones', () => {
    const teach = (name: string, shape: Parameters<typeof sampleHand>[0], id: string) =>
      editedGesture(
        undefined,
        {
          name,
          samples: Array.from({ length: 10 }, () =>
            sampleFromLandmarks(raw(sampleHand(shape, vary()))),
          ),
          action: null,
        },
        T0,
        () => id,
      );
    const a = teach('horns', horns, 'a');
    const b = teach('call-me', callMe, 'b');
    const gone = { ...teach('open', 'open', 'c'), deleted: true };
    const set = toCustomGestures(JSON.parse(JSON.stringify([a, b, gone])) as LocalGesture[]);
    expect(set.names).toEqual(['horns', 'call-me']);
    let correct = 0;
    for (let i = 0; i < 50; i++) {
      if (set.classify(sampleHand(horns, vary()))?.gesture === 'horns') correct++;
      if (set.classify(sampleHand(callMe, vary()))?.gesture === 'call-me') correct++;
    }
    expect(correct / 100).toBeGreaterThanOrEqual(0.95);
    for (let i = 0; i < 20; i++) expect(set.classify(sampleHand('fist', vary()))).toBeNull();
  });
});

describe('MemoryGestureStore', () => {
  it('saves, lists by name, edits, deletes and adopts anonymous gestures at sign-in', async () => {
    const store = new MemoryGestureStore();
    const changed: string[] = [];
    const off = store.subscribe((bucket) => changed.push(bucket));
    const wave = await store.save(ANONYMOUS_BUCKET, draft({ name: 'wave' }));
    const horn = await store.save(ANONYMOUS_BUCKET, draft({ name: 'horns' }));
    expect((await store.list(ANONYMOUS_BUCKET)).map((g) => g.name)).toEqual(['horns', 'wave']);
    await expect(store.save(ANONYMOUS_BUCKET, draft({ name: '' }))).rejects.toThrow(/name/);

    const renamed = await store.save(ANONYMOUS_BUCKET, {
      ...draft({ name: 'big wave' }),
      id: wave.id,
    });
    expect(renamed.id).toBe(wave.id);
    expect(renamed.editedAt > wave.editedAt).toBe(true);
    expect(await store.remove(ANONYMOUS_BUCKET, horn.id)).toBe(true);
    expect(await store.remove(ANONYMOUS_BUCKET, horn.id)).toBe(false);
    // Never synced: gone at once, no tombstone.
    expect((await store.snapshot(ANONYMOUS_BUCKET)).gestures.map((g) => g.name)).toEqual([
      'big wave',
    ]);

    expect(await store.adopt(ANONYMOUS_BUCKET, 'uid-1')).toBe(1);
    expect(await store.list(ANONYMOUS_BUCKET)).toEqual([]);
    expect(await store.list('uid-1')).toMatchObject([
      { id: wave.id, name: 'big wave', dirty: true, version: null },
    ]);
    expect(await store.list('uid-2')).toEqual([]);
    off();
    await store.save('uid-1', draft());
    expect(changed).toEqual([
      ANONYMOUS_BUCKET,
      ANONYMOUS_BUCKET,
      ANONYMOUS_BUCKET,
      ANONYMOUS_BUCKET,
      ANONYMOUS_BUCKET,
      'uid-1',
    ]);
  });

  it('commits sync writes and the cursor atomically, keeping edits made meanwhile', async () => {
    const store = new MemoryGestureStore();
    const g = await store.save('uid', draft());
    const { gestures, cursor } = await store.snapshot('uid');
    expect(cursor).toBeNull();
    const decidedOn = gestures[0] as LocalGesture;
    const edited = await store.save('uid', { ...draft({ name: 'edited meanwhile' }), id: g.id });
    await store.commit(
      'uid',
      [
        {
          id: g.id,
          expect: decidedOn.editedAt,
          next: { ...decidedOn, dirty: false, version: 1 },
          rebase: 1,
        },
      ],
      '2026-11-23T10:00:00.000Z',
    );
    const after = await store.snapshot('uid');
    expect(after.cursor).toBe('2026-11-23T10:00:00.000Z');
    expect(after.gestures).toEqual([{ ...edited, version: 1 }]);
    // A failing write leaves nothing half done.
    await expect(
      store.commit('uid', [
        { id: g.id, expect: edited.editedAt, next: null, rebase: null },
        null as never,
      ]),
    ).rejects.toThrow();
    expect(await store.snapshot('uid')).toEqual(after);
  });
});
