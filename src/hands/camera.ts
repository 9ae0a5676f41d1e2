// Opening the front camera for hand tracking, and telling apart why it failed so the panel can
// say something useful (refused, absent, busy, impossible here) instead of a raw DOMException.

export type CameraProblem = 'denied' | 'missing' | 'busy' | 'unsupported';

export class CameraError extends Error {
  override name = 'CameraError';
  constructor(
    readonly problem: CameraProblem,
    override readonly cause: unknown,
  ) {
    super(`camera ${problem}`);
  }
}

/** The problem behind a getUserMedia rejection (by the DOMException's name), or null. */
export function cameraProblem(err: unknown): CameraProblem | null {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'TypeError':
      return 'unsupported';
    default:
      return null;
  }
}

/**
 * Constraints for hand tracking: the front camera at 320 × 240, the preview's own size. The
 * models look at 192 and 224 pixels anyway, and MediaPipe copies every frame through WebGL
 * (on the GPU, or in software where there is none): a quarter of VGA's pixels is a quarter of
 * that work, which on a small machine is time the hologram's rendering keeps.
 */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'user', width: { ideal: 320 }, height: { ideal: 240 } },
};

/** Opens the camera; throws CameraError for the problems the panel explains. */
export async function openCamera(
  media: Pick<MediaDevices, 'getUserMedia'> | undefined = globalThis.navigator?.mediaDevices,
): Promise<MediaStream> {
  if (!media?.getUserMedia) throw new CameraError('unsupported', null);
  try {
    return await media.getUserMedia(CAMERA_CONSTRAINTS);
  } catch (err) {
    const problem = cameraProblem(err);
    if (problem) throw new CameraError(problem, err);
    throw err;
  }
}
