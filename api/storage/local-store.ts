// Blob store on the local file system (embedded default). Writes go to a temporary file that is
// renamed into place only once complete, so a reader never sees a partial blob and an aborted
// upload leaves nothing under its key. Content types are not kept here: the database holds each
// part's, and S3 keeps them only for tools that read the bucket directly.
// Uploads are on the API's hot path: their files are written, hashed and renamed on a thread of
// their own (file-writer.ts), so the API's thread makes no file-system call for them.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { assertValidKey, type BlobBody, type BlobInfo, type BlobStore } from './blob-store.ts';
import { FileWriter } from './file-writer.ts';

/** One writer thread for every local store of the process. */
let sharedWriter: FileWriter | undefined;

export function createLocalStore(root: string): BlobStore {
  const objects = path.join(root, 'objects');
  const tmp = path.join(root, 'tmp');
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
      sharedWriter ??= new FileWriter();
      const stored = await sharedWriter.write(part, file, body);
      return { ...stored, contentType: undefined };
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
    // A file being written is touched by every write, so only one whose writer is gone ages.
    async sweepIncomplete(olderThanMs) {
      const names = await readdir(tmp).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of names) {
        const file = path.join(tmp, name);
        const modified = await stat(file).then(
          (s) => s.mtimeMs,
          () => null,
        );
        if (modified === null || modified > cutoff) continue;
        await rm(file, { force: true });
        removed++;
      }
      return removed;
    },
  };
}
