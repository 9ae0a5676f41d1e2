import { describe, expect, it } from 'vitest';
import { CameraError, cameraProblem, openCamera } from './camera.ts';

describe('cameraProblem', () => {
  it('names the problem behind getUserMedia errors', () => {
    expect(cameraProblem(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(cameraProblem(new DOMException('no', 'SecurityError'))).toBe('denied');
    expect(cameraProblem(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(cameraProblem(new DOMException('size', 'OverconstrainedError'))).toBe('missing');
    expect(cameraProblem(new DOMException('busy', 'NotReadableError'))).toBe('busy');
    expect(cameraProblem(new TypeError('bad constraints'))).toBe('unsupported');
    expect(cameraProblem(new Error('other'))).toBeNull();
    expect(cameraProblem('text')).toBeNull();
  });

  it('reports a browser without mediaDevices as unsupported', async () => {
    await expect(openCamera(undefined)).rejects.toEqual(new CameraError('unsupported', null));
    await expect(openCamera(undefined)).rejects.toMatchObject({ problem: 'unsupported' });
  });
});
