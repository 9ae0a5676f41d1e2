import { describe, expect, it } from 'vitest';
import { readHandsPackage } from './build-hand-task.ts';
import {
  addImageMetadata,
  addMetadataBuffer,
  buildImageMetadata,
  type ImageMetadataOptions,
  METADATA_NAME,
  ModelFormatError,
  readModel,
} from './tflite-metadata.ts';

const sources = readHandsPackage();
const options: ImageMetadataOptions = {
  name: 'hand_landmarks_detector',
  description: 'test model',
  version: '1.2.3',
  author: 'MediaPipe',
  license: 'Apache-2.0',
  inputName: 'image',
  colorSpace: 'rgb',
  mean: [0],
  std: [255],
};

describe('addImageMetadata', () => {
  it('adds a TFLITE_METADATA buffer that parses back to RGB with mean 0 / std 255', () => {
    for (const model of [sources.palmDetector, sources.handLandmarks]) {
      const before = readModel(model);
      expect(before.image).toBeNull();
      const after = readModel(addImageMetadata(model, options));
      expect(after.image).toEqual({ ...options, mean: [0], std: [255] });
      expect(after.metadataNames).toEqual([...before.metadataNames, METADATA_NAME]);
      expect(after.buffers).toBe(before.buffers + 1);
    }
  });

  it('keeps the model itself: version, subgraphs, inputs and every weight byte', () => {
    const model = sources.handLandmarks;
    const before = readModel(model);
    const out = addImageMetadata(model, options);
    const after = readModel(out);
    expect(after.version).toBe(before.version);
    expect(after.subgraphs).toBe(before.subgraphs);
    expect(after.inputs).toBe(1);
    let weights = 0;
    before.bufferData.forEach((data, i) => {
      const moved = after.bufferData[i] as Uint8Array;
      expect(moved.length).toBe(data.length);
      expect(Buffer.compare(Buffer.from(moved), Buffer.from(data))).toBe(0);
      // Buffers are 16-byte aligned in the file (TFLite's force_align), as before.
      if (data.length > 0) expect((moved.byteOffset - out.byteOffset) % 16).toBe(0);
      weights += data.length;
    });
    expect(weights).toBeGreaterThan(5_000_000);
  });

  it('writes an M001 metadata flatbuffer', () => {
    const meta = buildImageMetadata(options);
    expect(new TextDecoder().decode(meta.subarray(4, 8))).toBe('M001');
  });

  it('refuses a model that already has metadata, and bytes that are not a model', () => {
    const once = addImageMetadata(sources.palmDetector, options);
    expect(() => addImageMetadata(once, options)).toThrow(/already has TFLITE_METADATA/);
    expect(() => addMetadataBuffer(new Uint8Array(64), new Uint8Array(8))).toThrow(
      ModelFormatError,
    );
  });
});
