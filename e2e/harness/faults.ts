// Helpers for fault and resource tests of the API: a TCP gate that can cut a backend off and
// bring it back on the same address, a database of its own on the shared PostgreSQL server (so a
// sweep with no grace period touches only the test's rows), listings of the blobs under a key
// prefix on either store.
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openNeon } from '../../api/db/neon.ts';
import { freePort } from './ports.ts';
import { s3ClientFor } from './s3.ts';

export interface TcpGate {
  /** The gate's port on 127.0.0.1; connect here instead of the target. */
  port: number;
  /** Starts forwarding again on the same port. */
  open(): Promise<void>;
  /** Refuses new connections and cuts the open ones, as a server going away does. */
  close(): Promise<void>;
}

/** A TCP forwarder in front of `target` that a test can close (outage) and reopen. */
export async function startTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;

  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server) {
        resolve();
        return;
      }
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        for (const sock of [client, upstream]) {
          sock.on('error', end);
          sock.on('close', end);
        }
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });

  const close = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (!s) resolve();
      else s.close(() => resolve());
    });

  await open();
  return { port, open, close };
}

export interface TestDatabase {
  /** postgres://… of the new database (same server, user and password). */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database on the shared PostgreSQL server, dropped (with its connections) by `drop`. */
export async function createTestDatabase(
  serverUrl: string,
  wsProxy: string,
): Promise<TestDatabase> {
  const name = `holo_t_${randomBytes(6).toString('hex')}`;
  const admin = openNeon({ url: serverUrl, wsProxy, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const db = openNeon({ url: serverUrl, wsProxy, max: 1 });
      try {
        await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await db.close();
      }
    },
  };
}

/** `postgres://…` with its port replaced (to reach the server through a gate). */
export function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

/** Keys of the local store's objects and content-type files under `prefix`, and its temp files. */
export async function localBlobs(root: string, prefix: string) {
  const walk = async (dir: string, rel: string): Promise<string[]> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: string[] = [];
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), r)));
      else out.push(r);
    }
    return out;
  };
  const base = prefix.replace(/\/$/, '');
  const objects = (await walk(path.join(root, 'objects', ...base.split('/')), '')).map(
    (k) => `${base}/${k}`,
  );
  const metas = (await walk(path.join(root, 'meta', ...base.split('/')), '')).map(
    (k) => `${base}/${k.replace(/\.json$/, '')}`,
  );
  const tmp = await walk(path.join(root, 'tmp'), '');
  return { objects, metas, tmp };
}

export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Keys of the bucket's objects under `prefix`. */
export async function s3Blobs(s3: S3Location, prefix: string): Promise<string[]> {
  const client = s3ClientFor(s3);
  try {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await client.send(
        new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return keys;
  } finally {
    client.destroy();
  }
}
