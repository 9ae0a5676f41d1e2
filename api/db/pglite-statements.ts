// Named prepared statements for PGlite. PGlite's own query() parses, describes and plans its SQL
// on every call, in six protocol round trips into the WASM backend: for the statements the API
// runs on every request that costs more than running them (0.7–1 ms against 0.1–0.4 ms). Here
// each SQL text is parsed once per database and afterwards only bound and executed, in one
// round trip, as node-postgres and postgres.js do against a server. Results are parsed by
// PGlite's own parsers, so rows look exactly as query() returns them.
import { type PGlite, parse, protocol, type Results } from '@electric-sql/pglite';

/** Prepared statements kept at most; the least recently used is closed past that. */
export const MAX_STATEMENTS = 200;

/**
 * A statement is prepared again after this many runs or this long. PostgreSQL keeps the generic
 * plan it settles on after five runs, and PGlite has no autovacuum to invalidate it, so a plan
 * made while a table was nearly empty (a sequential scan) would otherwise stay after the table
 * has grown (measured: lookup + record 0.7 → 8.8 ms with 50 000 holograms added). Preparing
 * again lets the planner see the tables as they are now, for the price of one parse.
 */
export const REPLAN_AFTER = { runs: 1000, ms: 30_000 };

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

interface Statement {
  name: string;
  runs: number;
  preparedAt: number;
  paramTypes: number[];
  /** The statement's row shape, or undefined for one that returns no rows. */
  rowDescription: BackendMessage | undefined;
}

/** A statement prepared before a schema change that altered the columns it returns. */
const planChanged = (err: unknown) =>
  (err as { code?: string }).code === '0A000' &&
  /cached plan must not change result type/.test((err as Error).message);

export interface PreparedRunner {
  /** Runs `sql` as a prepared statement; `inTransaction` when called inside pg.transaction(). */
  query<T>(sql: string, params: unknown[], inTransaction: boolean): Promise<Results<T>>;
}

export function preparedStatements(pg: PGlite, replanAfter = REPLAN_AFTER): PreparedRunner {
  const S = protocol.serialize;
  // Insertion order is recency: a used statement is moved to the end.
  const statements = new Map<string, Statement>();
  const toClose: string[] = [];
  let counter = 0;

  const prepare = async (sql: string): Promise<Statement> => {
    const name = `holo_${++counter}`;
    const closes = toClose.splice(0).map((old) => S.close({ type: 'S', name: old }));
    const described = await pg.execProtocol(
      Buffer.concat([
        ...closes,
        S.parse({ name, text: sql }),
        S.describe({ type: 'S', name }),
        S.sync(),
      ]),
      { syncToFs: false },
    );
    const statement: Statement = {
      name,
      runs: 0,
      preparedAt: performance.now(),
      paramTypes: parse.parseDescribeStatementResults(described.messages),
      rowDescription: described.messages.find((m) => m.name === 'rowDescription'),
    };
    statements.set(sql, statement);
    if (statements.size > MAX_STATEMENTS) {
      const [oldest, old] = statements.entries().next().value as [string, Statement];
      statements.delete(oldest);
      toClose.push(old.name);
    }
    return statement;
  };

  const forget = (sql: string) => {
    const statement = statements.get(sql);
    if (!statement) return;
    statements.delete(sql);
    toClose.push(statement.name);
  };

  const execute = async <T>(sql: string, params: unknown[], inTransaction: boolean) => {
    let statement = statements.get(sql);
    if (
      statement &&
      (statement.runs >= replanAfter.runs ||
        performance.now() - statement.preparedAt > replanAfter.ms)
    ) {
      forget(sql);
      statement = undefined;
    }
    if (statement) {
      statements.delete(sql);
      statements.set(sql, statement);
    } else {
      statement = await prepare(sql);
    }
    statement.runs++;
    const types = statement.paramTypes;
    const values = params.map((p, i) => {
      if (p === null || p === undefined) return null;
      const serialize = pg.serializers[types[i] ?? -1];
      return serialize ? serialize(p) : String(p);
    });
    const result = await pg.execProtocol(
      Buffer.concat([S.bind({ statement: statement.name, values }), S.execute({}), S.sync()]),
      { syncToFs: !inTransaction },
    );
    const messages = statement.rowDescription
      ? [statement.rowDescription, ...result.messages]
      : result.messages;
    return parse.parseResults(messages, pg.parsers)[0] as Results<T>;
  };

  return {
    async query<T>(sql: string, params: unknown[], inTransaction: boolean) {
      const run = () => pg._runExclusiveQuery(() => execute<T>(sql, params, inTransaction));
      // Outside a transaction, wait for any running one to end, as pg.query() does.
      const attempt = () => (inTransaction ? run() : pg._runExclusiveTransaction(run));
      try {
        return await attempt();
      } catch (err) {
        if (!planChanged(err)) throw err;
        forget(sql);
        // Inside a transaction the failed statement has aborted it: only the caller can retry.
        if (inTransaction) throw err;
        return attempt();
      }
    },
  };
}
