// Writes the local store's files on a thread of its own (file-writer.worker.ts). On the API's
// thread every file-system call was a round trip through libuv's pool — open, write, close,
// rename: four waits of a few milliseconds each under load — plus the SHA-256 of the bytes. Here
// an upload's bytes are copied into a slot of a shared buffer and posted; the thread writes,
// hashes, closes and renames, and answers once: a 64 KiB part costs the API one message each way.
// Memory stays bounded whatever the upload's size: a body goes over in slot-sized batches, each
// slot reused once the thread has written it. The thread starts on first use and ends when idle.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BlobBody, pieces, StorageFullError, StorageUnavailableError } from './blob-store.ts';

/** Slots in the shared buffer, and bytes per slot (32 × 256 KiB = 8 MiB). */
export const SLOT_COUNT = 32;
export const SLOT_BYTES = 256 * 1024;
/** The thread ends after this long without work. */
export const IDLE_MS = 30_000;

export interface WriterSetup {
  slots: SharedArrayBuffer;
  slotBytes: number;
}

export type WriterRequest =
  | {
      kind: 'write';
      job: number;
      tmp: string;
      file: string;
      slot: number;
      length: number;
      last: boolean;
    }
  | { kind: 'abort'; job: number };

export type WriterReply = {
  job: number;
  /** The slot the request used, free again. */
  slot: number | null;
  /** On the last batch: what was stored. */
  stored?: { size: number; sha256: string };
  error?: { code: string | undefined; message: string };
};

/** A file error from the thread, with its errno code. */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Starts the thread: its compiled JavaScript, or its TypeScript source through tsx's loader
 * (npm start and the tests run the sources). */
function startThread(setup: WriterSetup): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./file-writer.worker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(url, { workerData: setup });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: setup });
}

export class FileWriter {
  readonly #slots = new SharedArrayBuffer(SLOT_COUNT * SLOT_BYTES);
  readonly #free = Array.from({ length: SLOT_COUNT }, (_, i) => i);
  readonly #slotWaiters: ((slot: number) => void)[] = [];
  readonly #replies = new Map<number, (reply: WriterReply) => void>();
  #thread: Worker | undefined;
  #idle: NodeJS.Timeout | undefined;
  #jobs = 0;
  #active = 0;

  #start(): Worker {
    if (this.#thread) return this.#thread;
    const thread = startThread({ slots: this.#slots, slotBytes: SLOT_BYTES });
    thread.on('message', (reply: WriterReply) => {
      const answer = this.#replies.get(reply.job);
      this.#replies.delete(reply.job);
      answer?.(reply);
    });
    const lost = (err: unknown) => {
      if (this.#thread !== thread) return;
      this.#thread = undefined;
      const message = `the file writer thread stopped: ${err instanceof Error ? err.message : String(err)}`;
      for (const [job, answer] of this.#replies) {
        answer({ job, slot: null, error: { code: undefined, message } });
      }
      this.#replies.clear();
    };
    thread.on('error', lost);
    thread.on('exit', (code) => lost(`exit code ${code}`));
    this.#thread = thread;
    return thread;
  }

  /** Posts `req` and waits for its answer (one request per job at a time). */
  #ask(req: WriterRequest): Promise<WriterReply> {
    return new Promise((resolve) => {
      this.#replies.set(req.job, resolve);
      this.#start().postMessage(req);
    });
  }

  #takeSlot(): Promise<number> {
    const slot = this.#free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.#slotWaiters.push(resolve));
  }

  #releaseSlot(slot: number) {
    const waiter = this.#slotWaiters.shift();
    if (waiter) waiter(slot);
    else this.#free.push(slot);
  }

  /** Copies `batch` (at most a slot's bytes) into a slot and has the thread write it. */
  async #send(job: number, tmp: string, file: string, batch: Uint8Array[], last: boolean) {
    const slot = await this.#takeSlot();
    try {
      const view = new Uint8Array(this.#slots, slot * SLOT_BYTES, SLOT_BYTES);
      let length = 0;
      for (const piece of batch) {
        view.set(piece, length);
        length += piece.length;
      }
      const reply = await this.#ask({ kind: 'write', job, tmp, file, slot, length, last });
      if (reply.error) {
        if (reply.slot === null) throw new StorageUnavailableError(reply.error.message);
        if (reply.error.code === 'ENOSPC' || reply.error.code === 'EDQUOT') {
          throw new StorageFullError(reply.error.message);
        }
        throw new FileWriteError(reply.error.message, reply.error.code);
      }
      return reply.stored;
    } finally {
      this.#releaseSlot(slot);
    }
  }

  /** Writes `body` to `tmp`, then renames it to `file` (making directories as needed); the
   * size and SHA-256 of what was stored. On any failure nothing is left at `tmp`. */
  async write(
    tmp: string,
    file: string,
    body: BlobBody,
  ): Promise<{ size: number; sha256: string }> {
    const job = ++this.#jobs;
    this.#busy();
    let sent = false;
    try {
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      for await (let piece of pieces(body)) {
        while (batchBytes + piece.length >= SLOT_BYTES) {
          const room = SLOT_BYTES - batchBytes;
          batch.push(piece.subarray(0, room));
          sent = true;
          await this.#send(job, tmp, file, batch, false);
          batch = [];
          batchBytes = 0;
          piece = piece.subarray(room);
        }
        if (piece.length > 0) {
          batch.push(piece);
          batchBytes += piece.length;
        }
      }
      sent = true;
      const stored = await this.#send(job, tmp, file, batch, true);
      if (!stored) throw new Error('the file writer answered the last batch without a result');
      return stored;
    } catch (err) {
      if (sent) await this.#ask({ kind: 'abort', job }).catch(() => {});
      throw err;
    } finally {
      this.#done();
    }
  }

  #busy() {
    this.#active++;
    clearTimeout(this.#idle);
    this.#thread?.ref();
  }

  #done() {
    this.#active--;
    if (this.#active > 0 || !this.#thread) return;
    // Idle: the thread no longer keeps the process alive, and ends if nothing comes.
    this.#thread.unref();
    this.#idle = setTimeout(() => void this.close(), IDLE_MS);
    this.#idle.unref();
  }

  /** Ends the thread (a later write starts it again). */
  async close() {
    clearTimeout(this.#idle);
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.terminate();
  }
}
