// The two parts of a chunk and the media types they travel as, shared by the API (api/chunks/,
// api/shares/) and the client that uploads them (src/sync/). Plain TypeScript without imports,
// so the browser bundle that imports it pulls in nothing of the server.

export const PART_KINDS = ['audio', 'frames'] as const;
export type PartKind = (typeof PART_KINDS)[number];

export const PART_CONTENT_TYPES: Readonly<Record<PartKind, string>> = {
  audio: 'audio/webm',
  frames: 'application/vnd.holograms.frames',
};
