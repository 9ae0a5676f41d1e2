// Starts the API on Node: opens the database (and applies migrations), the blob store and the
// token verifier from the configuration, serves the Hono app, and shuts everything down on
// SIGINT/SIGTERM. `node build/api/api/server.js` (Docker) and `npm start` both come here.

import { pathToFileURL } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createAuthVerifier } from './auth/firebase-auth.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import type { AppDeps } from './deps.ts';
import { createLogger } from './http/logger.ts';
import { openBlobStore } from './storage/open.ts';
import { sweep } from './storage/sweeper.ts';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  let db: Database | undefined;
  try {
    db = await openDatabase(config.database);
    const { applied } = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  } catch (err) {
    await db?.close().catch(() => {});
    throw err;
  }
  const deps: AppDeps = {
    db,
    storage: openBlobStore(config.storage),
    auth: createAuthVerifier(config.auth),
    logger,
    staticDir: config.staticDir,
    corsOrigins: config.corsOrigins,
    firebaseWeb: config.firebaseWeb,
    limits: config.limits,
    trustProxyHops: config.trustProxyHops,
    tria: config.tria,
  };
  const app = createApp(deps);
  const runSweep = () =>
    sweep(deps).then(
      ({ deleted, incomplete }) => {
        if (deleted + incomplete > 0) logger.info({ deleted, incomplete }, 'swept abandoned blobs');
      },
      (err: unknown) => logger.warn({ err: String(err) }, 'sweep failed; will retry'),
    );
  void runSweep();
  const sweeper = setInterval(runSweep, SWEEP_EVERY_MS);
  sweeper.unref();

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; in-flight requests may finish.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await deps.auth.close();
      await deps.db.close();
    })();
    return closing;
  };

  return { url: `http://${shownHost}:${port}`, port, deps, close };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const running = await startServer(config);
  running.deps.logger.info({ url: running.url }, 'Holograms API listening');
  const stop = (signal: string) => {
    running.deps.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
