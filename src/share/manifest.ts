// The manifest of a shared hologram as `GET /api/public/shares/{token}` answers it, checked
// before the replay page trusts it: a response of another shape is an error, not a crash later.

export interface ManifestPart {
  size: number;
  etag: string;
  contentType: string;
}

export interface ManifestChunk {
  seq: number;
  audio: ManifestPart | null;
  frames: ManifestPart | null;
}

export interface SharedManifest {
  title: string;
  createdAt: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  complete: boolean;
  chunks: ManifestChunk[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function part(v: unknown, at: string): ManifestPart | null {
  if (v === null) return null;
  if (
    !isObject(v) ||
    !isCount(v.size) ||
    typeof v.etag !== 'string' ||
    typeof v.contentType !== 'string'
  ) {
    throw new ManifestError(`${at} is not a part`);
  }
  return { size: v.size, etag: v.etag, contentType: v.contentType };
}

/** The manifest in `json`, chunks in sequence order; throws ManifestError when it is not one. */
export function parseManifest(json: unknown): SharedManifest {
  if (!isObject(json)) throw new ManifestError('the manifest is not an object');
  const { title, createdAt, durationMs, sampleRate, channels, complete, chunks } = json;
  if (typeof title !== 'string' || typeof createdAt !== 'string') {
    throw new ManifestError('the manifest has no title or date');
  }
  if (!isCount(durationMs) || !isCount(sampleRate) || !isCount(channels)) {
    throw new ManifestError('the manifest has no duration or format');
  }
  if (!Array.isArray(chunks)) throw new ManifestError('the manifest has no chunk list');
  const parsed = chunks.map((c, i) => {
    if (!isObject(c) || !isCount(c.seq)) throw new ManifestError(`chunk ${i} has no sequence`);
    return {
      seq: c.seq,
      audio: part(c.audio, `chunk ${c.seq} audio`),
      frames: part(c.frames, `chunk ${c.seq} frames`),
    };
  });
  parsed.sort((a, b) => a.seq - b.seq);
  return {
    title,
    createdAt,
    durationMs,
    sampleRate,
    channels,
    complete: complete === true,
    chunks: parsed,
  };
}
