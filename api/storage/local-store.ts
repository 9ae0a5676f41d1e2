// Blob store on the local file system (embedded default). Writes go to a temporary file that is
// renamed into place only once complete, so a reader never sees a partial blob and an aborted
// upload leaves nothing under its key. Content types live in a parallel `meta/` tree.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import {
  assertValidKey,
  type BlobBody,
  type BlobInfo,
  type BlobStore,
  toStream,
} from './blob-store.ts';

export function createLocalStore(root: string): BlobStore {
  const objects = path.join(root, 'objects');
  const tmp = path.join(root, 'tmp');
  const metas = path.join(root, 'meta');
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
      await mkdir(tmp, { recursive: true });
      await mkdir(path.dirname(file), { recursive: true });
      const part = path.join(tmp, `${randomUUID()}.part`);
      const out = createWriteStream(part);
      try {
        await pipeline(Readable.fromWeb(toStream(body) as NodeWebStream<Uint8Array>), out);
        if (opts?.contentType) {
          await mkdir(path.dirname(metaFor(file)), { recursive: true });
          await writeFile(metaFor(file), JSON.stringify({ contentType: opts.contentType }));
        } else {
          await rm(metaFor(file), { force: true });
        }
        await rename(part, file);
      } catch (err) {
        // The file opens asynchronously: wait until the stream has really closed, or a late
        // open would recreate the file after it was removed.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await rm(part, { force: true });
        throw err;
      }
      const s = await stat(file);
      return { size: s.size, contentType: opts?.contentType };
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
