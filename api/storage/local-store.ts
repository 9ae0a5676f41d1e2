// Blob store on the local file system (embedded default). Writes go to a temporary file that is
// renamed into place only once complete, so a reader never sees a partial blob and an aborted
// upload leaves nothing under its key. Content types are not kept here: the database holds each
// part's, and S3 keeps them only for tools that read the bucket directly.
// Uploads are on the API's hot path, where each file-system call is a round trip through libuv's
// pool: a put makes four (open, write, close, rename; the last two side by side) with the
// callback API (no FileHandle objects), directories known to exist are not created again, and
// the body is written in a few large writes. The file is opened as soon as put() is called, so
// a caller may call it before its body's bytes may flow (api/chunks/receive.ts).
import { randomUUID } from 'node:crypto';
import fs, { createReadStream } from 'node:fs';
import { access, constants, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import {
  assertValidKey,
  type BlobBody,
  type BlobInfo,
  type BlobStore,
  pieces,
} from './blob-store.ts';

const openFile = promisify(fs.open);
const writevFile = promisify(fs.writev);
const closeFile = promisify(fs.close);
const renameFile = promisify(fs.rename);

/** Errors of systems that do not rename a file while it is open (Windows). */
const RENAME_WHILE_OPEN_REFUSED = new Set(['EPERM', 'EBUSY', 'EACCES']);

/** Bytes gathered before one write to the file. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Writes all of `batch` at the file's position (a short write is continued). */
async function writeAll(fd: number, batch: Uint8Array[], bytes: number) {
  let left = batch;
  let remaining = bytes;
  for (;;) {
    const { bytesWritten: written } = await writevFile(fd, left);
    remaining -= written;
    if (remaining <= 0) return;
    if (written === 0) throw new Error('the file system accepted no bytes');
    let skip = written;
    const rest: Uint8Array[] = [];
    for (const piece of left) {
      if (skip >= piece.length) skip -= piece.length;
      else {
        rest.push(piece.subarray(skip));
        skip = 0;
      }
    }
    left = rest;
  }
}

/** Writes all of `body` to `fd`; returns the number of bytes written. */
async function writeBody(fd: number, body: BlobBody): Promise<number> {
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let total = 0;
  for await (const piece of pieces(body)) {
    batch.push(piece);
    batchBytes += piece.length;
    total += piece.length;
    if (batchBytes >= WRITE_BATCH_BYTES) {
      await writeAll(fd, batch, batchBytes);
      batch = [];
      batchBytes = 0;
    }
  }
  if (batchBytes > 0) await writeAll(fd, batch, batchBytes);
  return total;
}

export function createLocalStore(root: string): BlobStore {
  const objects = path.join(root, 'objects');
  const tmp = path.join(root, 'tmp');
  // Directories this store has made or found; forgotten when one turns out to be gone.
  const knownDirs = new Set<string>();
  const ensureDir = async (dir: string) => {
    if (knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    knownDirs.add(dir);
  };
  const fileFor = (key: string) => {
    assertValidKey(key);
    return path.join(objects, ...key.split('/'));
  };
  const info = async (file: string): Promise<BlobInfo | null> => {
    try {
      const s = await stat(file);
      return { size: s.size, contentType: undefined };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };

  return {
    kind: 'local',
    async put(key: string, body: BlobBody) {
      const file = fileFor(key);
      const part = path.join(tmp, `${randomUUID()}.part`);
      const ensureDirs = () => Promise.all([ensureDir(tmp), ensureDir(path.dirname(file))]);
      // A directory removed behind the store's back is made again, once.
      const withDirs = <T>(op: () => Promise<T>) =>
        op().catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
          knownDirs.clear();
          await ensureDirs();
          return op();
        });
      try {
        await ensureDirs();
        const fd = await withDirs(() => openFile(part, 'w'));
        let size: number;
        try {
          size = await writeBody(fd, body);
        } catch (err) {
          await closeFile(fd);
          throw err;
        }
        // Closing and publishing go side by side (POSIX renames an open file; where the system
        // refuses, the rename waits for the close).
        const closed = closeFile(fd);
        const published = withDirs(() => renameFile(part, file)).catch(async (err) => {
          if (!RENAME_WHILE_OPEN_REFUSED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
          await closed;
          return renameFile(part, file);
        });
        const [close, rename] = await Promise.allSettled([closed, published]);
        if (rename.status === 'rejected') throw rename.reason;
        if (close.status === 'rejected') {
          await rm(file, { force: true });
          throw close.reason;
        }
        return { size, contentType: undefined };
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
    },
    async get(key, range) {
      const file = fileFor(key);
      const found = await info(file);
      if (!found) return null;
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      const size = range ? Math.min(range.end, found.size - 1) - range.start + 1 : found.size;
      return {
        size,
        contentType: undefined,
        body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>,
      };
    },
    head: (key) => info(fileFor(key)),
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
    async check() {
      await mkdir(objects, { recursive: true });
      await access(objects, constants.R_OK | constants.W_OK);
    },
  };
}
