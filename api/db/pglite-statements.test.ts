import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { MAX_STATEMENTS, preparedStatements } from './pglite-statements.ts';

describe('PGlite queries as prepared statements', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec(
      'CREATE TABLE notes (id int PRIMARY KEY, body text, tags text[], at timestamptz)',
    );
  });
  afterAll(() => db.close());

  it('returns rows and counts as PGlite parses them, statement after statement', async () => {
    const insert = 'INSERT INTO notes (id, body, tags, at) VALUES ($1, $2, $3, $4) RETURNING id';
    const at = new Date('2026-11-24T05:00:00Z');
    for (const id of [1, 2, 3]) {
      const { rows, rowCount } = await db.query(insert, [
        id,
        id === 2 ? null : `n${id}`,
        ['a', 'b'],
        at,
      ]);
      expect(rows).toEqual([{ id }]);
      expect(rowCount).toBe(1);
    }
    const { rows } = await db.query<{ id: number; body: string | null; tags: string[]; at: Date }>(
      'SELECT id, body, tags, at FROM notes WHERE id = ANY($1::int[]) ORDER BY id',
      [[1, 2]],
    );
    expect(rows).toEqual([
      { id: 1, body: 'n1', tags: ['a', 'b'], at },
      { id: 2, body: null, tags: ['a', 'b'], at },
    ]);
    const updated = await db.query("UPDATE notes SET body = 'x' WHERE id > $1", [1]);
    expect(updated).toEqual({ rows: [], rowCount: 2 });
  });

  it('keeps SQLSTATE codes on errors and stays usable after them', async () => {
    await expect(db.query('INSERT INTO notes (id) VALUES ($1)', [1])).rejects.toMatchObject({
      code: '23505',
    });
    await expect(db.query('SELEC 1')).rejects.toMatchObject({ code: '42601' });
    expect((await db.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 3 }]);
  });

  it('runs inside transactions, rolled back on error', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (id) VALUES ($1)', [10]);
        expect((await tx.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 4 }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await db.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 3 }]);
    let kept: Parameters<Parameters<Database['transaction']>[0]>[0] | undefined;
    await db.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept?.query('SELECT 1')).rejects.toThrow('The transaction has ended');
  });

  it('prepares a statement again when a schema change alters what it returns', async () => {
    const select = 'SELECT * FROM notes WHERE id = $1';
    expect(Object.keys((await db.query(select, [1])).rows[0] ?? {})).toEqual([
      'id',
      'body',
      'tags',
      'at',
    ]);
    await db.exec('ALTER TABLE notes ADD COLUMN mood text');
    expect(Object.keys((await db.query(select, [1])).rows[0] ?? {})).toEqual([
      'id',
      'body',
      'tags',
      'at',
      'mood',
    ]);
  });

  it('keeps at most MAX_STATEMENTS prepared, closing the least recently used', async () => {
    for (let i = 0; i < MAX_STATEMENTS + 20; i++) {
      expect((await db.query(`SELECT $1::int + ${i} AS n`, [1])).rows).toEqual([{ n: 1 + i }]);
    }
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_prepared_statements',
    );
    expect(rows[0]?.n).toBeLessThanOrEqual(MAX_STATEMENTS + 1);
    expect(rows[0]?.n).toBeGreaterThan(MAX_STATEMENTS / 2);
  });
});

describe('PGlite prepared statements over time', () => {
  it('are prepared again after a while, so their plans follow the tables as they grow', async () => {
    const pg = await PGlite.create();
    try {
      await pg.exec(
        'CREATE TABLE owners (id uuid PRIMARY KEY, name text); CREATE TABLE visits (owner uuid, at int)',
      );
      const runner = preparedStatements(pg, { runs: 20, ms: 60_000 });
      const sql = 'SELECT o.name FROM unnest($1::uuid[]) AS r(id) JOIN owners o ON o.id = r.id';
      const ids = [randomUUID(), randomUUID()];
      const plan = async () => {
        const { rows } = await pg.query<{ name: string }>(
          'SELECT name FROM pg_prepared_statements WHERE statement = $1',
          [sql],
        );
        const explained = await pg.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE ${rows[0]?.name}('{${ids.join(',')}}')`,
        );
        return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      // A small table, as when the app starts on a fresh database: a sequential scan is best.
      await pg.exec(
        "INSERT INTO owners SELECT gen_random_uuid(), 'n' FROM generate_series(1, 200)",
      );
      for (let i = 0; i < 10; i++) await runner.query(sql, [ids], false);
      expect(await plan()).toMatch(/Seq Scan on owners/);
      await pg.exec(
        "INSERT INTO owners SELECT gen_random_uuid(), 'n' FROM generate_series(1, 50000)",
      );
      expect(await plan()).toMatch(/Seq Scan on owners/); // the cached plan, until prepared again
      for (let i = 0; i < 20; i++) await runner.query(sql, [ids], false);
      expect(await plan()).toMatch(/Index Scan using owners_pkey/);
    } finally {
      await pg.close();
    }
  });
});
