// Embedded PostgreSQL (PGlite, WASM) with pgvector, persisted in a directory (or in memory when
// no directory is given). One connection: PGlite serialises every query. Queries run as named
// prepared statements (api/db/pglite-statements.ts); scripts (exec) as PGlite runs them.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable, QueryResult } from './database.ts';
import { preparedStatements } from './pglite-statements.ts';

export async function openPglite(dir?: string): Promise<Database> {
  if (dir) await mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir, { extensions: { vector } });

  const prepared = preparedStatements(pg);
  const query = async <T>(
    sql: string,
    params: unknown[] | undefined,
    inTransaction: boolean,
  ): Promise<QueryResult<T>> => {
    const res = await prepared.query<T>(sql, params ?? [], inTransaction);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  };

  return {
    driver: 'pglite',
    query: (sql, params) => query(sql, params, false),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn) =>
      pg.transaction((tx) => {
        const q: Queryable = {
          query: (sql, params) => {
            if (tx.closed) return Promise.reject(new Error('The transaction has ended'));
            return query(sql, params, true);
          },
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(q);
      }),
    // Single-user PGlite never vacuums by itself: without this, each upload's pending row
    // would stay as a dead tuple for good. Cheap once done (the visibility map skips clean pages).
    maintain: async () => {
      await pg.exec('VACUUM');
    },
    close: () => pg.close(),
  };
}
