import type { DatabaseConfig } from '../config.ts';
import type { Database } from './database.ts';
import { openNeon } from './neon.ts';
import { openPglite } from './pglite.ts';

export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite'
    ? openPglite(config.dir)
    : Promise.resolve(openNeon({ url: config.url, wsProxy: config.wsProxy }));
}
