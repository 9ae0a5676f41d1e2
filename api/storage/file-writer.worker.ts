// The local store's writer thread (api/storage/file-writer.ts posts to it). Each upload's bytes
// arrive in slots of a shared buffer; the thread writes them to the upload's temporary file,
// hashes them, and on the last batch closes the file and renames it into place, answering with
// the size and SHA-256. Its calls are synchronous: they wait on the disk here, never on the
// API's thread, and a small upload costs the API one message each way.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { WriterReply, WriterRequest, WriterSetup } from './file-writer.ts';

interface Open {
  /** -1 once closed. */
  fd: number;
  tmp: string;
  hash: Hash;
  size: number;
}

const { slots, slotBytes } = workerData as WriterSetup;
const open = new Map<number, Open>();

const errorOf = (err: unknown) => ({
  code: (err as NodeJS.ErrnoException).code,
  message: err instanceof Error ? err.message : String(err),
});

/** Runs `op`, making the missing parent directory of `file` once on ENOENT. */
function withDir<T>(file: string, op: () => T): T {
  try {
    return op();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return op();
  }
}

function discard(job: number) {
  const upload = open.get(job);
  if (!upload) return;
  open.delete(job);
  try {
    if (upload.fd >= 0) fs.closeSync(upload.fd);
  } catch {}
  fs.rmSync(upload.tmp, { force: true });
}

function write(req: Extract<WriterRequest, { kind: 'write' }>): WriterReply {
  let upload = open.get(req.job);
  if (!upload) {
    const fd = withDir(req.tmp, () => fs.openSync(req.tmp, 'w'));
    upload = { fd, tmp: req.tmp, hash: createHash('sha256'), size: 0 };
    open.set(req.job, upload);
  }
  const bytes = new Uint8Array(slots, req.slot * slotBytes, req.length);
  for (let offset = 0; offset < bytes.length; ) {
    const written = fs.writeSync(upload.fd, bytes, offset, bytes.length - offset);
    if (written === 0) throw new Error('the file system accepted no bytes');
    offset += written;
  }
  upload.hash.update(bytes);
  upload.size += bytes.length;
  if (!req.last) return { job: req.job, slot: req.slot };
  const { fd, tmp } = upload;
  upload.fd = -1;
  fs.closeSync(fd);
  withDir(req.file, () => fs.renameSync(tmp, req.file));
  open.delete(req.job);
  return {
    job: req.job,
    slot: req.slot,
    stored: { size: upload.size, sha256: upload.hash.digest('hex') },
  };
}

parentPort?.on('message', (req: WriterRequest) => {
  let reply: WriterReply;
  if (req.kind === 'abort') {
    discard(req.job);
    reply = { job: req.job, slot: null };
  } else {
    try {
      reply = write(req);
    } catch (err) {
      discard(req.job);
      reply = { job: req.job, slot: req.slot, error: errorOf(err) };
    }
  }
  parentPort?.postMessage(reply);
});
