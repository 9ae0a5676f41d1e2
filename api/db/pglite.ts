// Embedded PostgreSQL (PGlite, WASM) with pgvector, persisted in a directory (or in memory when
// no directory is given). PGlite runs each statement synchronously, so it lives on a worker
// thread of its own (pglite-thread.ts) and the API's thread only posts statements to it: HTTP
// work goes on while a query runs. One connection: PGlite serialises every query.
import { mkdir } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Database, DatabaseUnavailableError, type Queryable } from './database.ts';
import { deserializeError, type Ready, type Reply, type Request } from './pglite-protocol.ts';

type Call = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/** Starts the thread: its compiled JavaScript, or its TypeScript source through tsx's loader
 * (under `npm start` and the tests), which a worker has to register for itself. */
function startThread(dir: string | undefined): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./pglite-thread${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(url, { workerData: { dir } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: { dir } });
}

export async function openPglite(dir?: string): Promise<Database> {
  if (dir) await mkdir(dir, { recursive: true });
  const worker = startThread(dir);
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  let nextId = 1;
  let gone: Error | null = null;

  const fail = (err: Error) => {
    gone = new DatabaseUnavailableError(`the database thread stopped: ${err.message}`, {
      cause: err,
    });
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once('error', onError);
    worker.once('message', (m: Ready) => {
      worker.off('error', onError);
      if (m.ready) resolve();
      else reject(deserializeError(m.error));
    });
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });

  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // The thread keeps the process alive only while something waits for it.
    if (pending.size === 0) worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(deserializeError(m.error));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  worker.unref();

  const call = <T>(req: Call): Promise<T> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id });
    });
  };

  const queryable = (tx: number | undefined): Queryable => ({
    query: (sql, params) => call({ op: 'query', sql, params, tx }),
    exec: (sql) => call({ op: 'exec', sql, tx }),
  });

  return {
    driver: 'pglite',
    ...queryable(undefined),
    async transaction(fn) {
      const tx = await call<number>({ op: 'begin' });
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(queryable(tx));
      } catch (err) {
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      if (gone) return;
      await call({ op: 'close' });
      worker.removeAllListeners('exit');
      await worker.terminate();
      gone = new DatabaseUnavailableError('the database is closed');
    },
  };
}
