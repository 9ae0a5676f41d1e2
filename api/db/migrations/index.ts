// Versioned schema migrations, applied in order at start-up. Never edit a migration that has
// shipped: add a new one. Kept as TypeScript so the compiled image carries them.
export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: '0001_extensions',
    sql: 'CREATE EXTENSION IF NOT EXISTS vector;',
  },
];
