// Blob store on the local file system (embedded default). Writes go to a temporary file that is
// renamed into place only once complete, so a reader never sees a partial blob and an aborted
// upload leaves nothing under its key. Content types live in a parallel `meta/` tree.
// Uploads are on the API's hot path, so a put costs few file-system calls: directories known to
// exist are not created again, and the body is written in a few large writes.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  access,
  constants,
  type FileHandle,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { assertValidKey, type BlobBody, type BlobInfo, type BlobStore } from './blob-store.ts';

/** Bytes gathered before one write to the file. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Writes all of `body` to `file`; returns the number of bytes written. */
async function writeBody(file: FileHandle, body: BlobBody): Promise<number> {
  if (body instanceof Uint8Array) {
    await file.write(body);
    return body.length;
  }
  const reader = body.getReader();
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (!done) {
        batch.push(value);
        batchBytes += value.length;
        total += value.length;
      }
      if (batchBytes > 0 && (done || batchBytes >= WRITE_BATCH_BYTES)) {
        await file.writev(batch);
        batch = [];
        batchBytes = 0;
      }
      if (done) return total;
    }
  } catch (err) {
    await reader.cancel(err).catch(() => {});
    throw err;
  }
}

export function createLocalStore(root: string): BlobStore {
  const objects = path.join(root, 'objects');
  const tmp = path.join(root, 'tmp');
  const metas = path.join(root, 'meta');
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
  const metaFor = (file: string) => `${path.join(metas, path.relative(objects, file))}.json`;
  const readMeta = async (file: string): Promise<string | undefined> => {
    try {
      const meta = JSON.parse(await readFile(metaFor(file), 'utf8')) as {
        contentType?: string;
      };
      return meta.contentType;
    } catch {
      return undefined;
    }
  };
  const info = async (file: string): Promise<BlobInfo | null> => {
    try {
      const s = await stat(file);
      return { size: s.size, contentType: await readMeta(file) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };

  return {
    kind: 'local',
    async put(key: string, body: BlobBody, opts?: { contentType?: string }) {
      const file = fileFor(key);
      const meta = metaFor(file);
      const part = path.join(tmp, `${randomUUID()}.part`);
      const ensureDirs = () =>
        Promise.all([
          ensureDir(tmp),
          ensureDir(path.dirname(file)),
          opts?.contentType ? ensureDir(path.dirname(meta)) : null,
        ]);
      // A directory removed behind the store's back is made again, once.
      const withDirs = <T>(op: () => Promise<T>) =>
        op().catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
          knownDirs.clear();
          await ensureDirs();
          return op();
        });
      const writeMeta = () =>
        opts?.contentType
          ? writeFile(meta, JSON.stringify({ contentType: opts.contentType }))
          : rm(meta, { force: true });
      const writePart = async () => {
        const out = await withDirs(() => open(part, 'w'));
        try {
          return await writeBody(out, body);
        } finally {
          await out.close();
        }
      };
      try {
        await ensureDirs();
        // The content type and the body are written side by side; the rename publishes both.
        const [written, metaWritten] = await Promise.allSettled([writePart(), withDirs(writeMeta)]);
        if (written.status === 'rejected') throw written.reason;
        if (metaWritten.status === 'rejected') throw metaWritten.reason;
        await rename(part, file);
        return { size: written.value, contentType: opts?.contentType };
      } catch (err) {
        knownDirs.clear();
        await rm(part, { force: true });
        // No blob under this key: no content type either.
        if (!(await info(file).catch(() => null))) await rm(meta, { force: true });
        throw err;
      }
    },
    async get(key, range) {
      const file = fileFor(key);
      const meta = await info(file);
      if (!meta) return null;
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      const size = range ? Math.min(range.end, meta.size - 1) - range.start + 1 : meta.size;
      return {
        size,
        contentType: meta.contentType,
        body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>,
      };
    },
    head: (key) => info(fileFor(key)),
    async delete(key) {
      const file = fileFor(key);
      await rm(file, { force: true });
      await rm(metaFor(file), { force: true });
    },
    async check() {
      await mkdir(objects, { recursive: true });
      await access(objects, constants.R_OK | constants.W_OK);
    },
  };
}
