// `npm run dev`: the Vite dev server (hot reload, /api proxied) in front of the API, which
// restarts on every change under api/ (tsx watch), plus the Firebase Auth Emulator. Embedded
// defaults as in `npm start`. Ctrl-C stops all three.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { loadConfig } from '../api/config.ts';
import { startAuthEmulator } from './firebase/auth-emulator.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const API_PORT = process.env.API_PORT ?? '8787';
const say = (line: string) => console.log(`[holograms:dev] ${line}`);

async function waitForApi(url: string) {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  say(`the API did not answer on ${url} yet; see its output above`);
}

async function main() {
  const config = loadConfig(process.env, root);
  say('starting the Firebase Auth Emulator…');
  const emulator = await startAuthEmulator({
    projectId: config.auth.projectId,
    cwd: root,
    stateDir: path.join(config.dataDir, 'auth-emulator'),
  });

  const api: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--watch-path=api', '--watch-preserve-output', 'api/server.ts'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: API_PORT,
        FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
      },
    },
  );

  process.env.API_PORT = API_PORT;
  const vite = await createServer({ root, configFile: path.join(root, 'vite.config.ts') });
  await vite.listen();
  await waitForApi(`http://127.0.0.1:${API_PORT}/api/health`);
  const url = vite.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
  say(`Open ${url} (hot reload; the API on :${API_PORT} restarts when api/ changes)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    api.kill('SIGTERM');
    await vite.close();
    await emulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  api.on('exit', (code) => {
    if (!stopping) say(`the API exited (${code}); fix the error and save to restart it`);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
