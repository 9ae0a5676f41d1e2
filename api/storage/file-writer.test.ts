import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamOf } from './blob-store.contract.ts';
import { StorageFullError } from './blob-store.ts';
import { FileWriteError, FileWriter, SLOT_BYTES, SLOT_COUNT } from './file-writer.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'holo-file-writer-'));
const writer = new FileWriter();
afterAll(async () => {
  await writer.close();
  await rm(root, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tmpFiles = () => readdir(path.join(root, 'tmp')).catch(() => []);
let n = 0;
const paths = () => {
  n++;
  return { tmp: path.join(root, 'tmp', `${n}.part`), file: path.join(root, 'o', `d${n}`, 'f') };
};

describe('file writer thread', () => {
  it('writes bodies of one piece, of many, and larger than several slots, with their SHA-256', async () => {
    for (const bytes of [
      randomBytes(10),
      randomBytes(SLOT_BYTES),
      randomBytes(3 * SLOT_BYTES + 12_345),
      new Uint8Array(0),
    ]) {
      const { tmp, file } = paths();
      const stored = await writer.write(tmp, file, streamOf(bytes, 40_000));
      expect(stored).toEqual({ size: bytes.length, sha256: sha(bytes) });
      expect(sha(await readFile(file))).toBe(sha(bytes));
    }
    expect(await tmpFiles()).toEqual([]);
  });

  it('takes more uploads at once than it has slots, each byte-exact', async () => {
    const bodies = Array.from({ length: SLOT_COUNT * 2 + 3 }, (_, i) =>
      randomBytes(1000 + i * 997),
    );
    const targets = bodies.map(() => paths());
    const stored = await Promise.all(
      bodies.map((b, i) => writer.write(targets[i]?.tmp ?? '', targets[i]?.file ?? '', b)),
    );
    expect(stored.map((s) => s.sha256)).toEqual(bodies.map(sha));
    for (const [i, t] of targets.entries()) {
      expect(sha(await readFile(t.file))).toBe(sha(bodies[i] as Uint8Array));
    }
  });

  it("passes a failing body's own error through and leaves no temporary file", async () => {
    class ClientWentAway extends Error {}
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(SLOT_BYTES + 1));
        controller.error(new ClientWentAway('client went away'));
      },
    });
    const { tmp, file } = paths();
    await expect(writer.write(tmp, file, failing)).rejects.toBeInstanceOf(ClientWentAway);
    expect(await tmpFiles()).toEqual([]);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports file-system errors with their code, leaving no temporary file', async () => {
    const { tmp, file } = paths();
    await mkdir(file, { recursive: true }); // a directory where the file should go
    const err = await writer.write(tmp, file, randomBytes(100)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as FileWriteError).code).toBe('EISDIR');
    expect(await tmpFiles()).toEqual([]);
  });

  it('reports a full disk as StorageFullError, leaving no temporary file', async () => {
    const { tmp, file } = paths();
    await mkdir(path.dirname(tmp), { recursive: true });
    // Writes through this link reach /dev/full, which answers every write with ENOSPC.
    await symlink('/dev/full', tmp);
    const err = await writer.write(tmp, file, randomBytes(100_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect(String(err)).toMatch(/ENOSPC/);
    expect(await tmpFiles()).toEqual([]);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('starts a new thread for writes after it was closed', async () => {
    await writer.close();
    const { tmp, file } = paths();
    const bytes = randomBytes(5000);
    expect((await writer.write(tmp, file, bytes)).sha256).toBe(sha(bytes));
  });
});
