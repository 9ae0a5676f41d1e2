// Applies pending migrations in one transaction under a transaction-scoped advisory lock, so
// several API instances starting at once apply each migration exactly once.
import type { Database } from './database.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

const MIGRATION_LOCK_ID = 0x486f6c6f; // "Holo"

export async function migrate(db: Database, migrations: Migration[] = allMigrations) {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    const pending = migrations.filter((m) => !applied.has(m.id));
    for (const m of pending) {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
    }
    return { applied: pending.map((m) => m.id), total: migrations.length };
  });
}
