// The whole API, started in-process for browser tests on the embedded defaults (PGlite and a
// local blob directory in a temp dir) with the harness's Auth Emulator and a built PWA.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../api/config.ts';
import { type RunningServer, startServer } from '../../api/server.ts';

export interface AppServer extends RunningServer {
  dataDir: string;
}

export async function startAppServer(opts: {
  staticDir: string;
  authEmulatorHost: string;
  projectId: string;
}): Promise<AppServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'holo-app-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    STATIC_DIR: opts.staticDir,
    FIREBASE_AUTH_EMULATOR_HOST: opts.authEmulatorHost,
    FIREBASE_PROJECT_ID: opts.projectId,
    LOG_LEVEL: 'warn',
  });
  const server = await startServer(config);
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
