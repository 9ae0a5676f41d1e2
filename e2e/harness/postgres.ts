// A throwaway PostgreSQL 15 cluster on 127.0.0.1 (initdb + pg_ctl in a temp dir, SCRAM password
// auth like Neon) with pgvector available, plus the WebSocket proxy the Neon driver needs.
// PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';
import { MissingDependencyError, requireExecutable, requireFile } from './system.ts';
import { startWsProxy, type WsProxy } from './ws-proxy.ts';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** postgres://holo:…@127.0.0.1:PORT/holo */
  url: string;
  port: number;
  proxy: WsProxy;
  /** Stops the server (fault tests); `start()` brings it back on the same port. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function pgUser(): Promise<{ uid: number; gid: number; asUser: string[] } | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid), gid: Number(gid), asUser: ['runuser', '-u', 'postgres', '--'] };
  } catch {
    throw new MissingDependencyError(
      'Running as root needs the `postgres` system user (Debian package postgresql-15) to run ' +
        'the test cluster. Install the system dependencies with: npm run system:deps',
    );
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  const initdb = requireExecutable(path.join(PG_BIN, 'initdb'), 'initdb', 'postgresql-15');
  const pgCtl = requireExecutable(path.join(PG_BIN, 'pg_ctl'), 'pg_ctl', 'postgresql-15');
  const pgConfig = requireExecutable(
    path.join(PG_BIN, 'pg_config'),
    'pg_config',
    'postgresql-server-dev-15',
  );
  const { stdout: shareDir } = await run(pgConfig, ['--sharedir']);
  requireFile(
    path.join(shareDir.trim(), 'extension', 'vector.control'),
    'pgvector',
    'pgvector (built from Debian trixie source by scripts/system/install-deps.sh)',
  );

  const user = await pgUser();
  const asUser = (cmd: string, args: string[]) =>
    user ? run(user.asUser[0] as string, [...user.asUser.slice(1), cmd, ...args]) : run(cmd, args);

  const root = await mkdtemp(path.join(os.tmpdir(), 'holo-pg-'));
  const dataDir = path.join(root, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const pwFile = path.join(root, 'pw');
  await writeFile(pwFile, password);
  if (user) {
    await chown(root, user.uid, user.gid);
    await chown(pwFile, user.uid, user.gid);
  }
  await chmod(root, 0o700);

  const port = await freePort();
  await asUser(initdb, [
    '-D',
    dataDir,
    '-U',
    'holo',
    '--pwfile',
    pwFile,
    '--auth-host=scram-sha-256',
    '--auth-local=trust',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=50',
  ].join(' ');
  const start = async () => {
    await asUser(pgCtl, [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      path.join(root, 'log'),
      '-w',
      'start',
    ]);
  };
  const pause = async () => {
    await asUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
  };
  await start();
  await asUser(path.join(PG_BIN, 'createdb'), [
    '-h',
    root,
    '-p',
    String(port),
    '-U',
    'holo',
    'holo',
  ]);

  const proxy = await startWsProxy({ host: '127.0.0.1', port });
  return {
    url: `postgres://holo:${password}@127.0.0.1:${port}/holo`,
    port,
    proxy,
    pause,
    start,
    async stop() {
      await proxy.stop();
      await pause();
      await rm(root, { recursive: true, force: true });
    },
  };
}
