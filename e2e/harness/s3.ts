// An S3-compatible server on 127.0.0.1 for tests: moto's server mode, unpacked from Debian
// trixie by scripts/system/install-deps.sh. (s3rver, the npm alternative, stores aws-chunked
// framing as object bytes; moto behaves like S3.) Each server gets a fresh bucket.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, waitForPort } from './ports.ts';
import { requireExecutable, requireFile } from './system.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MOTO_PATH =
  process.env.MOTO_PYTHONPATH ??
  path.join(repoRoot, '.cache/system/moto/usr/lib/python3/dist-packages');

export interface S3Server {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Where a test S3 server is and how to sign in to it. */
export type S3Access = Pick<S3Server, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>;

/** A path-style client for a test S3 server; `destroy()` it when done. */
export function s3ClientFor({ endpoint, region, accessKeyId, secretAccessKey }: S3Access) {
  return new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
}

export async function startS3Server(bucket = 'holograms-test'): Promise<S3Server> {
  const python = requireExecutable('/usr/bin/python3', 'Debian python3', 'python3');
  requireFile(path.join(MOTO_PATH, 'moto', '__init__.py'), 'moto', 'python3-moto (trixie)');
  const port = await freePort();
  const child: ChildProcess = spawn(
    python,
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    {
      env: { ...process.env, PYTHONPATH: MOTO_PATH, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(port, 30_000);
  } catch {
    await stop();
    throw new Error(`moto S3 server did not start: ${stderr}`);
  }

  const server = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket,
    accessKeyId: 'test',
    secretAccessKey: 'test',
    stop,
  };
  const client = s3ClientFor(server);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return server;
}
