// The same SQL on both drivers: embedded PGlite and a real PostgreSQL 15 server reached through
// the production Neon driver. Smoke test: migrations, pgvector HNSW nearest-neighbour search,
// transactions and concurrent migration.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openNeon } from './neon.ts';
import { openPglite } from './pglite.ts';

const drivers: Array<[string, () => Promise<Database>]> = [
  ['PGlite', () => openPglite()],
  [
    'PostgreSQL 15 via @neondatabase/serverless',
    async () => openNeon({ url: inject('postgresUrl'), wsProxy: inject('postgresWsProxy') }),
  ],
];

/** Deterministic pseudo-random unit-ish vectors. */
function vectors(n: number, dim: number, seed = 7): number[][] {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
  return Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
}

const toSql = (v: number[]) => `[${v.join(',')}]`;
const l2 = (a: number[], b: number[]) =>
  Math.sqrt(a.reduce((sum, x, i) => sum + (x - (b[i] as number)) ** 2, 0));

describe.each(drivers)('%s', (_name, open) => {
  let db: Database;
  const table = `vec_smoke_${Date.now()}`;

  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.close();
  });

  it('has pgvector after migrations, and migrating again applies nothing', async () => {
    const { rows } = await db.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
    );
    expect(rows[0]?.extversion).toMatch(/^0\.\d+\.\d+$/);
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
  });

  it('finds the exact nearest neighbours with an HNSW index', async () => {
    const data = vectors(300, 16);
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, embedding vector(16) NOT NULL)`);
    const values = data.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2}::vector)`).join(',');
    await db.query(
      `INSERT INTO ${table} (id, embedding) VALUES ${values}`,
      data.flatMap((v, i) => [i, toSql(v)]),
    );
    await db.query(`CREATE INDEX ON ${table} USING hnsw (embedding vector_l2_ops)`);

    const query = vectors(1, 16, 99)[0] as number[];
    const expected = data
      .map((v, id) => ({ id, d: l2(v, query) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 5);
    const { rows } = await db.query<{ id: number; distance: number }>(
      `SELECT id, embedding <-> $1::vector AS distance FROM ${table} ORDER BY embedding <-> $1::vector LIMIT 5`,
      [toSql(query)],
    );
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    rows.forEach((r, i) => {
      expect(Number(r.distance)).toBeCloseTo(expected[i]?.d as number, 4);
    });
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, embedding) VALUES (10000, $1::vector)`, [
          toSql(new Array(16).fill(0)),
        ]);
        await tx.query('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    const { rows } = await db.query(`SELECT id FROM ${table} WHERE id = 10000`);
    expect(rows).toEqual([]);
  });
});

describe('migrations on a real server', () => {
  it('apply exactly once when several instances start at the same time', async () => {
    const url = inject('postgresUrl');
    const wsProxy = inject('postgresWsProxy');
    const instances = Array.from({ length: 4 }, () => openNeon({ url, wsProxy }));
    const id = `9999_concurrency_probe_${Date.now()}`;
    const table = `probe_${Date.now()}`;
    const probe = [{ id, sql: `CREATE TABLE ${table} (x int)` }];
    try {
      const results = await Promise.all(instances.map((db) => migrate(db, probe)));
      expect(results.flatMap((r) => r.applied)).toEqual([id]);
    } finally {
      const db = instances[0] as Database;
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.query('DELETE FROM schema_migrations WHERE id = $1', [id]);
      await Promise.all(instances.map((db) => db.close()));
    }
  });
});
