// The wire contract of custom gesture definitions, shared by the API (api/gestures/) and the
// client (src/hands/gesture-store.ts, gesture-sync.ts): limits, the action names a gesture may
// trigger and the JSON shapes. Plain TypeScript without imports, so the browser bundle that
// imports it pulls in neither zod nor anything else of the server.

/** Landmarks per sample: MediaPipe's 21 hand points, each `[x, y, z]`. */
export const LANDMARKS_PER_SAMPLE = 21;
/** Samples one definition may carry (the teacher records about ten). */
export const MAX_SAMPLES = 30;
/** Longest gesture name, in characters. */
export const MAX_NAME_LENGTH = 60;
/**
 * Largest absolute coordinate of a sample. Samples are normalised (palm lengths from the wrist;
 * a real hand stays within about ±3); anything beyond this is not a hand.
 */
export const MAX_COORDINATE = 100;
/** Live (not deleted) definitions one account may keep. */
export const MAX_GESTURES_PER_USER = 100;
/** Most changes one `GET /api/v1/gestures` page returns. */
export const MAX_CHANGES_PAGE = 200;

/**
 * The AppAction types (src/app/app-bus.ts) a taught gesture may trigger: the ones that need no
 * id. The client checks at compile time that each is an AppAction type.
 */
export const GESTURE_ACTION_TYPES = [
  'rotate',
  'zoom',
  'reset-view',
  'history',
  'colour-scheme',
  'start-recording',
  'stop-recording',
  'sensitivity',
] as const;

export type GestureActionType = (typeof GESTURE_ACTION_TYPES)[number];

/** One sample: 21 landmarks, each `[x, y, z]`, normalised (workers/gestures/normalise.ts). */
export type LandmarkSample = number[][];

/** The body of `PUT /api/v1/gestures/{id}`. */
export interface GestureDefinitionInput {
  name: string;
  samples: LandmarkSample[];
  action: GestureActionType | null;
  /** When the user last changed it, on the client's clock (ISO 8601); the server caps it at now. */
  editedAt: string;
}

/** A definition as the API returns it; a deleted one (tombstone) has no name, samples or action. */
export interface GestureDefinition extends GestureDefinitionInput {
  id: string;
  /** Bumped by every change on the server; the ETag is `"<version>"`. */
  version: number;
  /** Server time of the last change; strictly increasing per account (the sync cursor). */
  updatedAt: string;
  deleted: boolean;
}

/** One page of `GET /api/v1/gestures`: changes in `updatedAt` order, tombstones included. */
export interface GestureChanges {
  items: GestureDefinition[];
  /** Pass as `updatedSince` to continue; null when the account has no definitions at all. */
  cursor: string | null;
  /** True when more changes follow this page. */
  hasMore: boolean;
}
