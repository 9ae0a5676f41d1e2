// One database interface, two drivers: PGlite (embedded, `npm start`) and the Neon serverless
// Pool (production, and the tests against a real PostgreSQL server). Feature modules only see
// this interface, so both drivers run the same SQL.

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly driver: 'pglite' | 'neon';
  /** Runs `fn` inside BEGIN/COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Housekeeping a server does by itself (the sweeper calls it): PGlite runs no autovacuum. */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

/** Raised when the database cannot be reached; the HTTP layer answers 503 with Retry-After. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}
