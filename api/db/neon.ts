// Production driver: @neondatabase/serverless Pool (PostgreSQL over WebSocket). With `wsProxy`
// set it talks to any PostgreSQL through a WebSocket→TCP proxy (tests, self-hosting); without,
// it uses Neon's own endpoint with TLS.
import { Client, type ClientConfig, neonConfig, Pool } from '@neondatabase/serverless';
import ws from 'ws';
import { type Database, DatabaseUnavailableError, type Queryable } from './database.ts';

export interface NeonOptions {
  url: string;
  /** e.g. `127.0.0.1:5480/v1`; `?address=host:port` is appended by the driver. */
  wsProxy?: string | undefined;
  max?: number;
}

// Node socket errors, and SQLSTATE classes 08 (connection exception), 57P01/57P03 (server
// shutting down / not yet up) and 53300 (too many connections): the database is unavailable.
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P03', '53300']);

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return typeof err === 'object' && err !== null; // ws ErrorEvent
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    return SOCKET_ERRORS.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08');
  }
  return /connection|websocket|terminated|timeout/i.test(err.message);
}

function wrap(err: unknown): never {
  if (isConnectionError(err)) {
    const message = err instanceof Error ? err.message : 'database connection failed';
    throw new DatabaseUnavailableError(message, { cause: err });
  }
  throw err;
}

/** A Client class whose connections go through `wsProxy`, set per client, not globally, so
 * pools with different proxies can live in one process. */
function proxiedClient(wsProxy: string): typeof Client {
  return class ProxiedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      const c = this.neonConfig;
      c.wsProxy = wsProxy;
      c.useSecureWebSocket = false;
      c.pipelineTLS = false;
      c.pipelineConnect = false;
    }
  };
}

export function openNeon(opts: NeonOptions): Database {
  neonConfig.webSocketConstructor = ws;
  const pool = new Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  if (opts.wsProxy) {
    // NeonPool assigns its own Client class after construction, ignoring the `Client` option.
    (pool as unknown as { Client: typeof Client }).Client = proxiedClient(opts.wsProxy);
  }
  // An idle client losing its socket must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  const query: Queryable['query'] = async (sql, params) => {
    try {
      const res = await pool.query(sql, params);
      return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
    } catch (err) {
      wrap(err);
    }
  };

  return {
    driver: 'neon',
    query,
    exec: async (sql) => {
      await pool.query(sql).catch(wrap);
    },
    async transaction(fn) {
      const client = await pool.connect().catch(wrap);
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: async (sql, params) => {
            const res = await client.query(sql, params);
            return { rows: res.rows, rowCount: res.rowCount ?? res.rows.length };
          },
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        wrap(err);
      } finally {
        client.release();
      }
    },
    // The server's autovacuum does it.
    maintain: async () => {},
    close: () => pool.end(),
  };
}
