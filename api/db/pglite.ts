// Embedded PostgreSQL (PGlite, WASM) with pgvector, persisted in a directory (or in memory when
// no directory is given). One connection: PGlite serialises every query.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable, QueryResult } from './database.ts';

export async function openPglite(dir?: string): Promise<Database> {
  if (dir) await mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir, { extensions: { vector } });

  const query = async <T>(
    db: Pick<PGlite, 'query'>,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<T>> => {
    const res = await db.query<T>(sql, params);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  };

  return {
    driver: 'pglite',
    query: (sql, params) => query(pg, sql, params),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn) =>
      pg.transaction((tx) => {
        const q: Queryable = {
          query: (sql, params) => query(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(q);
      }),
    close: () => pg.close(),
  };
}
