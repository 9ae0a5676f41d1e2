// The PGlite thread: owns the embedded database and runs what the API's thread asks
// (api/db/pglite.ts). PGlite executes each statement synchronously in WASM, so on the API's own
// thread every query stopped all HTTP work; here it runs beside it.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { type Reply, type Request, serializeError } from './pglite-protocol.ts';

if (!parentPort) throw new Error('pglite-thread.ts runs as a worker thread');
const port: MessagePort = parentPort;

/** Thrown inside a transaction's callback to roll it back. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Transaction;
  finish: (commit: boolean) => void;
  settled: Promise<void>;
}

const dir = (workerData as { dir: string | undefined }).dir;
const transactions = new Map<number, OpenTransaction>();
let nextTx = 1;

const reply = (message: Reply) => port.postMessage(message);

async function main() {
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir, { extensions: { vector } });
  } catch (err) {
    port.postMessage({ ready: false, error: serializeError(err) });
    return;
  }

  const target = (tx: number | undefined) => {
    if (tx === undefined) return pg;
    const open = transactions.get(tx);
    if (!open) throw new Error(`no open transaction ${tx}`);
    return open.tx;
  };

  const begin = () =>
    new Promise<number>((resolveBegin, rejectBegin) => {
      const id = nextTx++;
      let finish: (commit: boolean) => void = () => {};
      const decided = new Promise<boolean>((r) => (finish = r));
      const settled = pg
        .transaction(async (tx) => {
          transactions.set(id, { tx, finish, settled });
          resolveBegin(id);
          if (!(await decided)) throw ROLLBACK;
        })
        .then(
          () => undefined,
          (err: unknown) => {
            if (err !== ROLLBACK) throw err;
          },
        )
        .finally(() => transactions.delete(id));
      settled.catch(rejectBegin);
    });

  const run = async (req: Request): Promise<unknown> => {
    switch (req.op) {
      case 'query': {
        const res = await target(req.tx).query(req.sql, req.params);
        return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
      }
      case 'exec':
        await target(req.tx).exec(req.sql);
        return null;
      case 'begin':
        return begin();
      case 'end': {
        const open = transactions.get(req.tx);
        if (!open) throw new Error(`no open transaction ${req.tx}`);
        open.finish(req.commit);
        await open.settled;
        return null;
      }
      case 'close':
        await pg.close();
        return null;
    }
  };

  port.on('message', (req: Request) => {
    run(req).then(
      (value) => reply({ id: req.id, ok: true, value }),
      (err: unknown) => reply({ id: req.id, ok: false, error: serializeError(err) }),
    );
  });
  port.postMessage({ ready: true });
}

void main();
