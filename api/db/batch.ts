// Group commit for the statements every upload runs (rate-limit hit, part lookup, part record):
// requests that arrive while one batch is in flight wait and then go together, as one
// multi-row statement. Each statement costs the database a fixed price (PGlite: parse, plan,
// WASM round trip, WAL write; a server: one network round trip) far above its per-row price,
// so under load the price is shared; a lone request runs at once, alone, as before.
//
// A batch that fails for a reason other than the database being unreachable is run again one
// item at a time, so one bad item (or a race such as a hologram deleted between two steps)
// answers only its own request.
import { DatabaseUnavailableError, type Queryable } from './database.ts';

/** Runs `items` as one statement; returns one result per item, in order. */
export type BatchRunner<I, O> = (db: Queryable, items: readonly I[]) => Promise<O[]>;

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

interface Queue<I, O> {
  waiting: Waiting<I, O>[];
  running: boolean;
  /** Items in the last batch run: more than one means requests are coming in together. */
  lastSize: number;
  /** When the last batch ended (performance.now()). */
  lastEnded: number;
}

/** Items in one statement at most (keeps parameters and result sets small). */
export const MAX_BATCH = 128;

/** Under load, how long a batch waits for company before it runs (cf. PostgreSQL's
 * commit_delay): a millisecond, on a request that waits several for the CPU anyway. */
export const BUSY_WAIT_MS = 1;

/** A batch of several that ended this recently means the load is still on. */
const BUSY_SPAN_MS = 100;

export interface BatchOptions {
  /** How long a batch waits for company under load (0: only for the event loop's turn). */
  busyWaitMs?: number;
}

/** `run` for one item at a time, batched per database (or transaction) it is called with. */
export function batched<I, O>(
  run: BatchRunner<I, O>,
  { busyWaitMs = BUSY_WAIT_MS }: BatchOptions = {},
): (db: Queryable, item: I) => Promise<O> {
  const queues = new WeakMap<Queryable, Queue<I, O>>();

  const settle = async (db: Queryable, batch: Waiting<I, O>[]) => {
    try {
      const outs = await run(
        db,
        batch.map((w) => w.item),
      );
      for (const [i, w] of batch.entries()) w.resolve(outs[i] as O);
    } catch (err) {
      if (batch.length === 1 || err instanceof DatabaseUnavailableError) {
        for (const w of batch) w.reject(err);
        return;
      }
      await Promise.all(batch.map((w) => settle(db, [w])));
    }
  };

  const drain = async (db: Queryable, queue: Queue<I, O>) => {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      queue.lastSize = batch.length;
      await settle(db, batch);
      queue.lastEnded = performance.now();
    }
    queue.running = false;
  };

  return (db, item) =>
    new Promise<O>((resolve, reject) => {
      let queue = queues.get(db);
      if (!queue) {
        queue = { waiting: [], running: false, lastSize: 0, lastEnded: 0 };
        queues.set(db, queue);
      }
      queue.waiting.push({ item, resolve, reject });
      if (!queue.running) {
        queue.running = true;
        // Alone: after the event loop's pending I/O, so requests that reach this point in the
        // same turn go together. Under load: a little later, so more do. (PGlite runs a
        // statement synchronously, so nothing joins while one runs: the wait forms the batch.)
        const q = queue;
        const busy = q.lastSize > 1 && performance.now() - q.lastEnded < BUSY_SPAN_MS;
        if (busy && busyWaitMs > 0) setTimeout(() => void drain(db, q), busyWaitMs);
        else setImmediate(() => void drain(db, q));
      }
    });
}
