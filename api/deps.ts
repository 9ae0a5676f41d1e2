import type { Logger } from 'pino';
import type { AuthVerifier } from './auth/firebase-auth.ts';
import type { FirebaseWebConfig, Limits, TriaConfig } from './config.ts';
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
  /** Public Firebase web configuration for `GET /api/client-config` (default: emulator-ready). */
  firebaseWeb?: FirebaseWebConfig;
  limits: Limits;
  /** Reverse proxies whose X-Forwarded-For entries name the client (public rate limits); 0. */
  trustProxyHops?: number;
  /** Tria's model settings; absent or without a key, Tria answers with her local engine. */
  tria?: TriaConfig;
}
