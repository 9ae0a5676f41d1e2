// `npm start`: the whole product on one machine with no account and no network — the PWA built
// (if its sources changed) and served from `/`, the API with PGlite + pgvector and a local blob
// store in ./data, and the Firebase Auth Emulator (accounts kept in ./data/auth-emulator).
// Ctrl-C stops everything it started.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../api/config.ts';
import { startServer } from '../api/server.ts';
import { buildIfNeeded } from './build-if-needed.ts';
import { type AuthEmulator, startAuthEmulator } from './firebase/auth-emulator.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => console.log(`[holograms] ${line}`);

async function main() {
  const config = loadConfig({ STATIC_DIR: path.join(root, 'dist'), ...process.env }, root);
  if (!config.staticDir) throw new ConfigError('STATIC_DIR is required');

  say('checking the PWA build…');
  if (await buildIfNeeded(root, config.staticDir)) say(`built the PWA into ${config.staticDir}`);

  let emulator: AuthEmulator | undefined;
  if (!config.auth.emulatorHost && !config.auth.serviceAccountJson) {
    say('starting the Firebase Auth Emulator…');
    emulator = await startAuthEmulator({
      projectId: config.auth.projectId,
      cwd: root,
      stateDir: path.join(config.dataDir, 'auth-emulator'),
    });
    config.auth.emulatorHost = emulator.host;
  }

  const server = await startServer(config).catch(async (err: unknown) => {
    await emulator?.stop();
    throw err;
  });

  const parts = [
    `database: ${config.database.kind === 'pglite' ? `PGlite in ${config.database.dir}` : 'Neon'}`,
    `storage: ${config.storage.kind === 'local' ? config.storage.dir : `S3 ${config.storage.bucket}`}`,
    `auth: ${config.auth.emulatorHost ? `emulator ${config.auth.emulatorHost}` : 'Firebase'}`,
  ];
  say(parts.join(' · '));
  say(
    `Holograms is running. Open ${server.url}/ in your browser (API health: ${server.url}/api/health)`,
  );
  say('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    await server.close().catch((err: unknown) => console.error(err));
    await emulator?.stop();
    say('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
