// Foundation benchmarks: API start-up on the embedded database, /api/health throughput over
// loopback (autocannon), and pgvector HNSW top-5 latency on PGlite and, when the system
// dependencies are installed, on a real PostgreSQL 15 through the Neon driver.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../../api/config.ts';
import type { Database } from '../../api/db/database.ts';
import { openNeon } from '../../api/db/neon.ts';
import { openPglite } from '../../api/db/pglite.ts';
import { startServer } from '../../api/server.ts';
import { startPostgres } from '../../e2e/harness/postgres.ts';
import type { BenchRow } from './report.ts';

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

async function startup(rows: BenchRow[]) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'holo-bench-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9',
  });
  const [first, coldMs] = await timed(() => startServer(config));
  await first.close();
  const [server, warmMs] = await timed(() => startServer(config));
  rows.push({ what: 'API start, fresh ./data (PGlite create + migrations)', value: ms(coldMs) });
  rows.push({ what: 'API start, existing ./data', value: ms(warmMs) });

  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/api/openapi.json`,
    connections: 10,
    duration: 5,
  });
  rows.push({
    what: 'GET /api/openapi.json, 10 connections, 5 s',
    value: `${Math.round(result.requests.average)} req/s`,
    note: `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  });
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}

function vectors(n: number, dim: number): number[][] {
  let s = 42;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
  return Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
}

async function vectorSearch(db: Database, label: string, rows: BenchRow[]) {
  const data = vectors(10_000, 64);
  await db.query('DROP TABLE IF EXISTS bench_vec');
  await db.query('CREATE TABLE bench_vec (id int PRIMARY KEY, v vector(64))');
  const [, loadMs] = await timed(async () => {
    for (let i = 0; i < data.length; i += 500) {
      const batch = data.slice(i, i + 500);
      const values = batch.map((_, k) => `($${k * 2 + 1}, $${k * 2 + 2}::vector)`).join(',');
      await db.query(
        `INSERT INTO bench_vec VALUES ${values}`,
        batch.flatMap((v, k) => [i + k, `[${v.join(',')}]`]),
      );
    }
  });
  const [, indexMs] = await timed(() =>
    db.query('CREATE INDEX ON bench_vec USING hnsw (v vector_l2_ops)'),
  );
  const queries = vectors(50, 64);
  const [, queryMs] = await timed(async () => {
    for (const q of queries) {
      await db.query('SELECT id FROM bench_vec ORDER BY v <-> $1::vector LIMIT 5', [
        `[${q.join(',')}]`,
      ]);
    }
  });
  await db.query('DROP TABLE bench_vec');
  rows.push({ what: `${label}: load 10k × 64-d vectors`, value: ms(loadMs) });
  rows.push({ what: `${label}: build HNSW index`, value: ms(indexMs) });
  rows.push({
    what: `${label}: HNSW top-5 query`,
    value: ms(queryMs / queries.length),
    note: 'mean of 50',
  });
}

export async function apiBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await startup(rows);

  const pglite = await openPglite();
  await pglite.query('CREATE EXTENSION IF NOT EXISTS vector');
  await vectorSearch(pglite, 'PGlite', rows);
  await pglite.close();

  const pg = await startPostgres().catch((err: unknown) => {
    rows.push({ what: 'PostgreSQL 15 via Neon driver', value: 'skipped', note: String(err) });
    return null;
  });
  if (pg) {
    const db = openNeon({ url: pg.url, wsProxy: pg.proxy.wsProxy });
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
    await vectorSearch(db, 'PostgreSQL 15 via Neon driver + ws proxy', rows);
    await db.close();
    await pg.stop();
  }
  return rows;
}
