import type { Logger } from 'pino';
import type { AuthVerifier } from './auth/firebase-auth.ts';
import type { Limits } from './config.ts';
import type { Database } from './db/database.ts';
import type { BlobStore } from './storage/blob-store.ts';

/** Everything the routes use, built once at start-up and passed in (tests build their own). */
export interface AppDeps {
  db: Database;
  storage: BlobStore;
  auth: AuthVerifier;
  logger: Logger;
  /** Directory of the built PWA served from `/`, if any. */
  staticDir?: string | undefined;
  corsOrigins?: string[];
  limits: Limits;
}
