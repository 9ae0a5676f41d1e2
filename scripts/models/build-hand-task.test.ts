import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildHandTask,
  DETECTOR_ENTRY,
  extractPacked,
  HANDS_PACKAGE,
  LANDMARKS_ENTRY,
  packedFiles,
  readHandsPackage,
  verifyHandTask,
} from './build-hand-task.ts';
import { readModel } from './tflite-metadata.ts';
import { readZip } from './zip-store.ts';

describe('the hand_landmarker.task build', () => {
  it('finds the palm detector in the packed assets of @mediapipe/hands', () => {
    const loader = readFileSync(
      path.join(HANDS_PACKAGE, 'hands_solution_packed_assets_loader.js'),
      'utf8',
    );
    const files = packedFiles(loader);
    expect(files.map((f) => path.posix.basename(f.filename))).toContain(
      'palm_detection_full.tflite',
    );
    const { palmDetector } = readHandsPackage();
    expect(new TextDecoder().decode(palmDetector.subarray(4, 8))).toBe('TFL3');
    expect(() => extractPacked(new Uint8Array(10), files, 'palm_detection_full.tflite')).toThrow(
      /outside the package/,
    );
    expect(() => extractPacked(new Uint8Array(10), files, 'nope.tflite')).toThrow(/not in/);
    expect(() => packedFiles('var x = 1;')).toThrow(/loadPackage/);
  });

  it('zips both models, with metadata, under the names HandLandmarker reads', () => {
    const sources = readHandsPackage();
    const task = buildHandTask(sources);
    expect(verifyHandTask(task)).toHaveLength(2);
    const entries = readZip(task);
    expect(entries.map((e) => e.name)).toEqual([DETECTOR_ENTRY, LANDMARKS_ENTRY]);
    const detector = readModel(entries[0]?.data ?? new Uint8Array());
    const landmarks = readModel(entries[1]?.data ?? new Uint8Array());
    expect(detector.image?.name).toBe('hand_detector');
    expect(landmarks.image?.name).toBe('hand_landmarks_detector');
    expect(detector.buffers).toBe(readModel(sources.palmDetector).buffers + 1);
    expect(landmarks.image?.version).toBe(sources.version);
    // Reproducible: the service worker's precache hash changes only with the inputs.
    expect(Buffer.from(buildHandTask(sources)).equals(Buffer.from(task))).toBe(true);
  });
});
