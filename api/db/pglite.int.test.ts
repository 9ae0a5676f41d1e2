import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, DatabaseUnavailableError } from './database.ts';
import { openPglite } from './pglite.ts';

describe('PGlite on its own thread', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, at timestamptz, tags text[])');
  });
  afterAll(() => db.close());

  it('returns rows with their types, and errors with their SQLSTATE', async () => {
    const at = new Date('2026-11-24T10:00:00Z');
    const ins = await db.query('INSERT INTO t VALUES ($1, $2, $3)', [1, at, ['a', 'b']]);
    expect(ins.rowCount).toBe(1);
    const { rows } = await db.query<{ id: number; at: Date; tags: string[] }>('SELECT * FROM t');
    expect(rows).toEqual([{ id: 1, at, tags: ['a', 'b'] }]);
    await expect(db.query('INSERT INTO t VALUES (1)')).rejects.toMatchObject({
      code: '23505',
      message: expect.stringMatching(/duplicate key/),
    });
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    const n = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (2)');
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n;
    });
    expect(n).toBe(2);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (3)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await db.query<{ id: number }>('SELECT id FROM t ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('leaves the calling thread free while a statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await db.query('SELECT pg_sleep(0.3)');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('answers DatabaseUnavailableError once closed', async () => {
    const other = await openPglite();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
