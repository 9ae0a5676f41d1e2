import { describe, expect, it } from 'vitest';
import { handAssetPlan, WASM_FILES } from './vite-plugin.ts';

describe('handAssetPlan', () => {
  it('emits the model and the module-worker wasm under content-hashed paths in assets/', () => {
    const { assets, files } = handAssetPlan();
    expect(assets.model).toMatch(/^\/assets\/hand_landmarker-[0-9a-f]{8}\.task$/);
    expect(assets.wasmBase).toMatch(/^\/assets\/mediapipe-0\.10\.35-[0-9a-f]{8}$/);
    expect(files.map((f) => `/${f.fileName}`).sort()).toEqual(
      [assets.model, ...WASM_FILES.map((w) => `${assets.wasmBase}/${w}`)].sort(),
    );
    const wasm = files.find((f) => f.fileName.endsWith('.wasm'));
    expect(wasm?.contentType).toBe('application/wasm');
    // WebAssembly magic number.
    expect([...(wasm?.source().subarray(0, 4) ?? [])]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('leaves the bundled model out when a model URL is configured', () => {
    const url = 'https://models.example/hand_landmarker.task';
    const { assets, files } = handAssetPlan(url);
    expect(assets.model).toBe(url);
    expect(files.some((f) => f.fileName.endsWith('.task'))).toBe(false);
    expect(files).toHaveLength(WASM_FILES.length);
  });
});
