import { describe, expect, it } from 'vitest';
import { chooseDelegates } from './delegate.ts';

describe('chooseDelegates', () => {
  it('tries the GPU first on hardware WebGL, with the CPU as fallback', () => {
    expect(chooseDelegates('auto', 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)').order).toEqual([
      'GPU',
      'CPU',
    ]);
    expect(chooseDelegates('GPU', 'ANGLE (Google, SwiftShader Device)').order).toEqual([
      'GPU',
      'CPU',
    ]);
  });

  it('uses the CPU on software WebGL, without WebGL, or when asked', () => {
    const swiftShader = chooseDelegates(
      'auto',
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
    );
    expect(swiftShader.order).toEqual(['CPU']);
    expect(swiftShader.reason).toMatch(/software WebGL/);
    expect(chooseDelegates('auto', 'llvmpipe (LLVM 15.0.6, 256 bits)').order).toEqual(['CPU']);
    expect(chooseDelegates('auto', '').reason).toMatch(/no WebGL2/);
    expect(chooseDelegates('CPU', 'Apple M2').order).toEqual(['CPU']);
  });
});
