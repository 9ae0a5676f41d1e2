// The user's custom gestures on this device: what the teacher saves, what the classifier loads
// (`toCustomGestures`) and what gesture-sync.ts reconciles with `/api/v1/gestures`. Kept per
// account in buckets: a Firebase uid, or ANONYMOUS_BUCKET while nobody is signed in (adopted into
// the account at sign-in). Each record carries a dirty flag, the server version it is based on
// and, once deleted, stays as a tombstone until the server confirms the deletion.
//
// The rules (edits, deletions, conditional sync writes) are pure functions tested in Node; the
// IndexedDB store (`idb`) and a memory store (Node, or browsers without IndexedDB) only apply
// them, each call in one transaction. Writes are announced on the `holo-gestures`
// BroadcastChannel, so other tabs reload their classifier.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  GESTURE_ACTION_TYPES,
  type GestureActionType,
  type GestureDefinition,
  LANDMARKS_PER_SAMPLE,
  type LandmarkSample,
  MAX_COORDINATE,
  MAX_NAME_LENGTH,
  MAX_SAMPLES,
} from '../../api/gestures/contract.ts';
import { CustomGestures } from '../../workers/gestures/custom.ts';
import { featureVector, normalise } from '../../workers/gestures/normalise.ts';
import type { AppAction } from '../app/app-bus.ts';

export type { GestureActionType, LandmarkSample } from '../../api/gestures/contract.ts';

/** The bucket of gestures taught while nobody is signed in (never a Firebase uid). */
export const ANONYMOUS_BUCKET = '~local';
export const GESTURE_DB = 'holo-gestures';
export const GESTURE_CHANNEL = 'holo-gestures';
/** Fewest samples a definition is saved with. */
export const MIN_SAMPLES = 3;

/** The actions a taught gesture may trigger, each an AppAction type. */
export const TEACHABLE_ACTIONS = GESTURE_ACTION_TYPES satisfies readonly AppAction['type'][];

export interface LocalGesture {
  id: string;
  name: string;
  /** Normalised samples, 21 × [x, y, z] each (`sampleFromLandmarks`). */
  samples: LandmarkSample[];
  action: GestureActionType | null;
  /** When the user last changed it (ISO, this device's clock; strictly increasing per record). */
  editedAt: string;
  /** Deleted here, waiting for the server to confirm (the classifier ignores it). */
  deleted: boolean;
  /** Changed here since the server last confirmed it. */
  dirty: boolean;
  /** The server version this copy is based on; null when the server never had it. */
  version: number | null;
}

/** What the teacher saves: a new gesture (no id) or a new content for an existing one. */
export interface GestureDraft {
  id?: string;
  name: string;
  samples: LandmarkSample[];
  action: GestureActionType | null;
}

/**
 * A write decided on a snapshot, applied only if the record is still the one it was decided on
 * (`expect`: its editedAt then, null for "absent"). When the user changed it meanwhile, the
 * change wins: only its base version moves to `rebase` (if given), so the next push applies on
 * top of what the server has.
 */
export interface StoreWrite {
  id: string;
  expect: string | null;
  /** The record to store, or null to remove it. */
  next: LocalGesture | null;
  rebase: number | null;
}

export type WriteResult =
  | { kind: 'put'; record: LocalGesture }
  | { kind: 'delete' }
  | { kind: 'skip' };

// ---------------------------------------------------------------------------------------------
// Pure rules

const round = (v: number) => Math.round(v * 1e4) / 1e4 || 0;

/**
 * One stored sample from a hand's 21 landmarks (`[x, y, z]` each, MediaPipe image coordinates or
 * already normalised): normalised to the canonical right hand (workers/gestures/normalise.ts;
 * the points do not depend on which hand it was, so no handedness is needed) and rounded to
 * 1e-4 palm lengths. Throws a RangeError for anything but 21 finite triples.
 */
export function sampleFromLandmarks(landmarks: readonly (readonly number[])[]): LandmarkSample {
  if (landmarks.length !== LANDMARKS_PER_SAMPLE) {
    throw new RangeError(`a sample has ${LANDMARKS_PER_SAMPLE} landmarks, not ${landmarks.length}`);
  }
  const points = landmarks.map((p) => {
    const [x, y, z] = p;
    if (p.length !== 3 || !Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      throw new RangeError('each landmark is three finite numbers');
    }
    return { x: x as number, y: y as number, z: z as number };
  });
  return normalise({ landmarks: points, handedness: 'right' }).points.map((p) => [
    round(p.x),
    round(p.y),
    round(p.z),
  ]);
}

export type DraftProblem = 'name' | 'samples' | 'action';

/** Unicode category Cc (what the API refuses in names). */
const isControl = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
};

/** What keeps a draft from being saved (and from the API accepting it); empty when nothing. */
export function draftProblems(draft: GestureDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const name = draft.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || [...name].some(isControl))
    problems.push('name');
  const sampleOk = (s: LandmarkSample) =>
    s.length === LANDMARKS_PER_SAMPLE &&
    s.every(
      (p) => p.length === 3 && p.every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE),
    );
  if (
    draft.samples.length < MIN_SAMPLES ||
    draft.samples.length > MAX_SAMPLES ||
    !draft.samples.every(sampleOk)
  )
    problems.push('samples');
  if (draft.action !== null && !(TEACHABLE_ACTIONS as readonly string[]).includes(draft.action))
    problems.push('action');
  return problems;
}

/** An edit time after `previous` (ISO), normally `now` (ms since the epoch). */
export function nextEditTime(previous: string | undefined, now: number): string {
  const after = previous === undefined ? Number.NEGATIVE_INFINITY : Date.parse(previous) + 1;
  return new Date(Math.max(now, after)).toISOString();
}

/** The record after the user saves `draft` over `previous` (a new id when there is none). */
export function editedGesture(
  previous: LocalGesture | undefined,
  draft: GestureDraft,
  now: number,
  newId: () => string = () => crypto.randomUUID(),
): LocalGesture {
  return {
    id: previous?.id ?? draft.id ?? newId(),
    name: draft.name.trim(),
    samples: draft.samples.map((s) => s.map((p) => [...p])),
    action: draft.action,
    editedAt: nextEditTime(previous?.editedAt, now),
    deleted: false,
    dirty: true,
    version: previous?.version ?? null,
  };
}

/**
 * The record after the user deletes `previous`: a dirty tombstone, or null (removed outright)
 * when the server never had it.
 */
export function deletedGesture(previous: LocalGesture, now: number): LocalGesture | null {
  if (previous.version === null) return null;
  return {
    ...previous,
    name: '',
    samples: [],
    action: null,
    editedAt: nextEditTime(previous.editedAt, now),
    deleted: true,
    dirty: true,
  };
}

/** A clean local copy of what the server has. */
export function fromRemote(remote: GestureDefinition): LocalGesture {
  return {
    id: remote.id,
    name: remote.name,
    samples: remote.samples,
    action: remote.action,
    editedAt: remote.editedAt,
    deleted: false,
    dirty: false,
    version: remote.version,
  };
}

/** What `write` does to the record now stored (undefined: none). */
export function applyWrite(current: LocalGesture | undefined, write: StoreWrite): WriteResult {
  const unchanged =
    current === undefined ? write.expect === null : current.editedAt === write.expect;
  if (unchanged) return write.next ? { kind: 'put', record: write.next } : { kind: 'delete' };
  if (current && write.rebase !== null && current.version !== write.rebase)
    return { kind: 'put', record: { ...current, version: write.rebase } };
  return { kind: 'skip' };
}

/** The k-NN classifier of the live gestures (samples of equal names pool together). */
export function toCustomGestures(
  gestures: readonly LocalGesture[],
  k?: number,
  rejectDistance?: number,
): CustomGestures {
  const byName = new Map<string, number[][]>();
  for (const g of gestures) {
    if (g.deleted) continue;
    const vectors = byName.get(g.name) ?? [];
    for (const s of g.samples)
      vectors.push(featureVector(s.map(([x = 0, y = 0, z = 0]) => ({ x, y, z }))));
    byName.set(g.name, vectors);
  }
  const empty = new CustomGestures(k, rejectDistance);
  return CustomGestures.fromJSON({
    version: 1,
    k: empty.k,
    rejectDistance: empty.rejectDistance,
    gestures: [...byName].map(([name, samples]) => ({ name, samples })),
  });
}

// ---------------------------------------------------------------------------------------------
// Stores

/** What the sync runner needs of a store. */
export interface GestureSyncStore {
  /** Every record of the bucket (tombstones included) and its sync cursor. */
  snapshot(bucket: string): Promise<{ gestures: LocalGesture[]; cursor: string | null }>;
  /** Applies `writes` (applyWrite rules) and, if given, the new cursor, atomically. */
  commit(bucket: string, writes: readonly StoreWrite[], cursor?: string | null): Promise<void>;
}

export interface GestureStore extends GestureSyncStore {
  /** The live gestures of the bucket, by name. */
  list(bucket: string): Promise<LocalGesture[]>;
  /** Saves a new gesture or a new content of an existing one; throws on draftProblems. */
  save(bucket: string, draft: GestureDraft): Promise<LocalGesture>;
  /** Deletes one; false when there was no live gesture with that id. */
  remove(bucket: string, id: string): Promise<boolean>;
  /** Moves every gesture of `from` into `to` (anonymous → account at sign-in); returns how many. */
  adopt(from: string, to: string): Promise<number>;
  /** Called with the bucket after each write here or in another tab; returns unsubscribe. */
  subscribe(listener: (bucket: string) => void): () => void;
  close(): void;
}

/** One bucket's records inside one transaction. */
interface BucketTx {
  all(): Promise<LocalGesture[]>;
  get(id: string): Promise<LocalGesture | undefined>;
  put(record: LocalGesture): Promise<void>;
  delete(id: string): Promise<void>;
  cursor(): Promise<string | null>;
  setCursor(cursor: string | null): Promise<void>;
}

const byName = (a: LocalGesture, b: LocalGesture) =>
  a.name.localeCompare(b.name) || a.editedAt.localeCompare(b.editedAt);

/** The store's behaviour over any storage that runs a function in one transaction per bucket. */
abstract class BaseGestureStore implements GestureStore {
  private readonly listeners = new Set<(bucket: string) => void>();
  private channel: BroadcastChannel | null = null;

  protected abstract transaction<T>(
    buckets: string[],
    mode: 'readonly' | 'readwrite',
    fn: (tx: (bucket: string) => BucketTx) => Promise<T>,
  ): Promise<T>;

  protected changed(buckets: string[], broadcast = true): void {
    for (const bucket of buckets) for (const l of this.listeners) l(bucket);
    if (broadcast && typeof BroadcastChannel !== 'undefined') {
      this.channel ??= new BroadcastChannel(GESTURE_CHANNEL);
      for (const bucket of buckets) this.channel.postMessage(bucket);
    }
  }

  async snapshot(bucket: string) {
    return this.transaction([bucket], 'readonly', async (tx) => ({
      gestures: await tx(bucket).all(),
      cursor: await tx(bucket).cursor(),
    }));
  }

  async commit(bucket: string, writes: readonly StoreWrite[], cursor?: string | null) {
    const changed = await this.transaction([bucket], 'readwrite', async (tx) => {
      const t = tx(bucket);
      let n = 0;
      for (const write of writes) {
        const result = applyWrite(await t.get(write.id), write);
        if (result.kind === 'put') await t.put(result.record);
        if (result.kind === 'delete') await t.delete(write.id);
        if (result.kind !== 'skip') n++;
      }
      if (cursor !== undefined) await t.setCursor(cursor);
      return n;
    });
    if (changed > 0) this.changed([bucket]);
  }

  async list(bucket: string) {
    const { gestures } = await this.snapshot(bucket);
    return gestures.filter((g) => !g.deleted).sort(byName);
  }

  async save(bucket: string, draft: GestureDraft) {
    const problems = draftProblems(draft);
    if (problems.length > 0) throw new RangeError(`invalid gesture: ${problems.join(', ')}`);
    const record = await this.transaction([bucket], 'readwrite', async (tx) => {
      const t = tx(bucket);
      const previous = draft.id === undefined ? undefined : await t.get(draft.id);
      const next = editedGesture(previous, draft, Date.now());
      await t.put(next);
      return next;
    });
    this.changed([bucket]);
    return record;
  }

  async remove(bucket: string, id: string) {
    const removed = await this.transaction([bucket], 'readwrite', async (tx) => {
      const t = tx(bucket);
      const previous = await t.get(id);
      if (!previous || previous.deleted) return false;
      const next = deletedGesture(previous, Date.now());
      if (next) await t.put(next);
      else await t.delete(id);
      return true;
    });
    if (removed) this.changed([bucket]);
    return removed;
  }

  async adopt(from: string, to: string) {
    if (from === to) return 0;
    const moved = await this.transaction([from, to], 'readwrite', async (tx) => {
      let n = 0;
      for (const g of await tx(from).all()) {
        await tx(from).delete(g.id);
        if (g.deleted || (await tx(to).get(g.id))) continue;
        await tx(to).put({ ...g, dirty: true, version: null });
        n++;
      }
      return n;
    });
    this.changed([from, to]);
    return moved;
  }

  subscribe(listener: (bucket: string) => void) {
    this.listeners.add(listener);
    if (typeof BroadcastChannel !== 'undefined' && this.listeners.size === 1) {
      this.channel ??= new BroadcastChannel(GESTURE_CHANNEL);
      this.channel.onmessage = (e: MessageEvent) => {
        if (typeof e.data === 'string') this.changed([e.data], false);
      };
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  close() {
    this.channel?.close();
    this.channel = null;
    this.listeners.clear();
  }
}

interface StoredGesture extends LocalGesture {
  bucket: string;
}

interface GestureSchema extends DBSchema {
  gestures: { key: [string, string]; value: StoredGesture };
  cursors: { key: string; value: { bucket: string; cursor: string | null } };
}

const strip = ({ bucket: _, ...g }: StoredGesture): LocalGesture => g;

/** The store in IndexedDB: shared by every tab of the origin, kept across reloads. */
export class IdbGestureStore extends BaseGestureStore {
  private db: Promise<IDBPDatabase<GestureSchema>> | null = null;

  constructor(private readonly name = GESTURE_DB) {
    super();
  }

  private open() {
    this.db ??= openDB<GestureSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('gestures', { keyPath: ['bucket', 'id'] });
        db.createObjectStore('cursors', { keyPath: 'bucket' });
      },
      blocking: () => {
        void this.db?.then((db) => db.close());
        this.db = null;
      },
    });
    return this.db;
  }

  protected async transaction<T>(
    _buckets: string[],
    mode: 'readonly' | 'readwrite',
    fn: (tx: (bucket: string) => BucketTx) => Promise<T>,
  ): Promise<T> {
    const db = await this.open();
    // Typed as read-write so the writers type-check; a read-only call never writes.
    const tx = db.transaction(['gestures', 'cursors'], mode as 'readwrite');
    const gestures = tx.objectStore('gestures');
    const cursors = tx.objectStore('cursors');
    const bucketTx = (bucket: string): BucketTx => ({
      all: async () =>
        (await gestures.getAll(IDBKeyRange.bound([bucket], [bucket, []]))).map(strip),
      get: async (id) => {
        const g = await gestures.get([bucket, id]);
        return g && strip(g);
      },
      put: async (record) => {
        await gestures.put({ ...record, bucket });
      },
      delete: async (id) => {
        await gestures.delete([bucket, id]);
      },
      cursor: async () => (await cursors.get(bucket))?.cursor ?? null,
      setCursor: async (cursor) => {
        await cursors.put({ bucket, cursor });
      },
    });
    const result = await fn(bucketTx);
    await tx.done;
    return result;
  }

  override close() {
    super.close();
    void this.db?.then((db) => db.close());
    this.db = null;
  }
}

/** The same store in memory (Node, or a browser without IndexedDB): gone with the page. */
export class MemoryGestureStore extends BaseGestureStore {
  private readonly buckets = new Map<string, Map<string, LocalGesture>>();
  private readonly cursors = new Map<string, string | null>();
  private queue: Promise<unknown> = Promise.resolve();

  protected transaction<T>(
    buckets: string[],
    _mode: 'readonly' | 'readwrite',
    fn: (tx: (bucket: string) => BucketTx) => Promise<T>,
  ): Promise<T> {
    // Copy-on-write per call, run one at a time: atomic like an IndexedDB transaction.
    const run = async () => {
      const copies = new Map(buckets.map((b) => [b, new Map(this.buckets.get(b) ?? [])] as const));
      const cursors = new Map(buckets.map((b) => [b, this.cursors.get(b) ?? null] as const));
      const bucketTx = (bucket: string): BucketTx => {
        const map = copies.get(bucket);
        if (!map) throw new Error(`bucket ${bucket} is not part of this transaction`);
        const clone = (g: LocalGesture) => structuredClone(g);
        return {
          all: async () => [...map.values()].map(clone),
          get: async (id) => {
            const g = map.get(id);
            return g && clone(g);
          },
          put: async (record) => {
            map.set(record.id, clone(record));
          },
          delete: async (id) => {
            map.delete(id);
          },
          cursor: async () => cursors.get(bucket) ?? null,
          setCursor: async (cursor) => {
            cursors.set(bucket, cursor);
          },
        };
      };
      const result = await fn(bucketTx);
      for (const [b, map] of copies) this.buckets.set(b, map);
      for (const [b, cursor] of cursors) this.cursors.set(b, cursor);
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The IndexedDB store, or the memory one where IndexedDB is missing. */
export function openGestureStore(name = GESTURE_DB): GestureStore {
  return typeof indexedDB === 'undefined' ? new MemoryGestureStore() : new IdbGestureStore(name);
}
