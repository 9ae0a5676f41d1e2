// Configuration from the environment. Every variable is optional: without any, the API runs on
// its embedded defaults (PGlite + a local blob directory in DATA_DIR, the Firebase Auth Emulator).
// `.env.example` documents each variable; keep the two in step.
import path from 'node:path';
import { z } from 'zod';
import { MAX_ENCODED_BYTES } from '../workers/audio/frame-codec.ts';

export type DatabaseConfig =
  | { kind: 'pglite'; dir: string }
  | { kind: 'neon'; url: string; wsProxy: string | undefined };

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      endpoint: string | undefined;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
    };

export interface AuthConfig {
  projectId: string;
  /** host:port of the Firebase Auth Emulator; when set, tokens are verified against it. */
  emulatorHost: string | undefined;
  /** Service account JSON (production); optional, ID-token verification needs only the project. */
  serviceAccountJson: string | undefined;
  /**
   * How long an account's disabled/revoked state is reused before Firebase is asked again, in
   * seconds; 0 asks on every request. Default DEFAULT_ACCOUNT_CACHE_SECONDS.
   */
  accountCacheSeconds?: number;
}

/** Revoking or disabling an account takes effect on every instance within this many seconds. */
export const DEFAULT_ACCOUNT_CACHE_SECONDS = 30;

/** The public Firebase web configuration the PWA signs in with (`GET /api/client-config`). */
export interface FirebaseWebConfig {
  /** Web API key (public; any value works against the Auth Emulator). */
  apiKey: string;
  /** Domain serving Firebase's sign-in helper pages (popup for Google sign-in). */
  authDomain: string;
}

export interface Limits {
  /** Largest audio part of one chunk, in bytes. */
  audioChunkBytes: number;
  /** Largest frames part of one chunk, in bytes. */
  framesChunkBytes: number;
  /** Largest JSON request body, in bytes. */
  jsonBodyBytes: number;
  /** Chunks per hologram (sequence numbers 0 … n−1). */
  chunksPerHologram: number;
  /** Requests that write (PUT, DELETE) per user per minute, across all instances. */
  writesPerMinute: number;
  /** Requests that read per user per minute, across all instances. */
  readsPerMinute: number;
  /** Requests to the public share endpoints per client address per minute, across all instances. */
  publicReadsPerMinute: number;
  /** Messages to Tria per user per minute (on top of the write limit). */
  triaChatsPerMinute: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  audioChunkBytes: 32 * 1024 * 1024,
  framesChunkBytes: MAX_ENCODED_BYTES,
  jsonBodyBytes: 64 * 1024,
  chunksPerHologram: 20_000,
  writesPerMinute: 600,
  readsPerMinute: 1200,
  publicReadsPerMinute: 600,
  triaChatsPerMinute: 20,
};

/** Tria's model: Mistral when there is a key, her local engine when not. */
export interface TriaConfig {
  /** Mistral API key, from the environment only; undefined answers with the local engine. */
  apiKey: string | undefined;
  model: string;
  embedModel: string;
  /** Another Mistral-compatible server (tests: the double); undefined is Mistral's own. */
  serverUrl: string | undefined;
  /** Limit of one model request (connecting and the whole stream), in ms. */
  timeoutMs: number;
  /** Retries on 429, 5xx, timeouts and lost connections (api/tria/retry.ts). */
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
}

export const DEFAULT_TRIA: Readonly<TriaConfig> = {
  apiKey: undefined,
  model: 'mistral-small-latest',
  embedModel: 'mistral-embed',
  serverUrl: undefined,
  timeoutMs: 30_000,
  retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
};

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  auth: AuthConfig;
  firebaseWeb: FirebaseWebConfig;
  /** Directory of the built PWA to serve from `/`; undefined serves the API only. */
  staticDir: string | undefined;
  corsOrigins: string[];
  limits: Limits;
  /** Reverse proxies in front of the API whose X-Forwarded-For entries are believed. */
  trustProxyHops: number;
  tria: TriaConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const DEFAULT_PROJECT_ID = 'demo-holograms';

/** Without FIREBASE_WEB_API_KEY/FIREBASE_AUTH_DOMAIN: values that work against the emulator. */
export function defaultFirebaseWeb(projectId: string): FirebaseWebConfig {
  return { apiKey: 'demo-key', authDomain: `${projectId}.firebaseapp.com` };
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveInt = optionalString
  .transform((v) => (v === undefined ? undefined : Number(v)))
  .pipe(z.number().int().positive().optional());

const envSchema = z.object({
  HOST: optionalString,
  PORT: optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(0).max(65535).optional()),
  DATA_DIR: optionalString,
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATABASE_WS_PROXY: optionalString,
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_REGION: optionalString,
  S3_BUCKET: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: optionalString.pipe(z.enum(['true', 'false']).optional()),
  FIREBASE_PROJECT_ID: optionalString,
  FIREBASE_AUTH_EMULATOR_HOST: optionalString,
  FIREBASE_SERVICE_ACCOUNT: optionalString,
  AUTH_ACCOUNT_CACHE_SECONDS: optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(0).max(3600).optional()),
  FIREBASE_WEB_API_KEY: optionalString,
  FIREBASE_AUTH_DOMAIN: optionalString,
  STATIC_DIR: optionalString,
  CORS_ORIGINS: optionalString,
  CHUNK_MAX_BYTES: positiveInt,
  FRAMES_MAX_BYTES: positiveInt,
  MAX_CHUNKS_PER_HOLOGRAM: positiveInt,
  RATE_LIMIT_WRITES_PER_MINUTE: positiveInt,
  RATE_LIMIT_READS_PER_MINUTE: positiveInt,
  RATE_LIMIT_PUBLIC_PER_MINUTE: positiveInt,
  TRIA_CHATS_PER_MINUTE: positiveInt,
  MISTRAL_API_KEY: optionalString,
  MISTRAL_MODEL: optionalString,
  MISTRAL_EMBED_MODEL: optionalString,
  MISTRAL_SERVER_URL: optionalString.pipe(z.url().optional()),
  TRIA_TIMEOUT_MS: positiveInt,
  TRUST_PROXY_HOPS: optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(0).max(10).optional()),
  LOG_LEVEL: optionalString.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
});

/** Every environment variable the API reads. */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration; throws ConfigError naming every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR ?? 'data');

  return {
    host: e.HOST ?? '0.0.0.0',
    port: e.PORT ?? 8080,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'neon', url: e.DATABASE_URL, wsProxy: e.DATABASE_WS_PROXY }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
    storage: s3FromEnv(e) ?? { kind: 'local', dir: path.join(dataDir, 'blobs') },
    auth: {
      projectId: e.FIREBASE_PROJECT_ID ?? DEFAULT_PROJECT_ID,
      emulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST,
      serviceAccountJson: e.FIREBASE_SERVICE_ACCOUNT,
      accountCacheSeconds: e.AUTH_ACCOUNT_CACHE_SECONDS ?? DEFAULT_ACCOUNT_CACHE_SECONDS,
    },
    firebaseWeb: firebaseWebFromEnv(e),
    staticDir: e.STATIC_DIR ? path.resolve(cwd, e.STATIC_DIR) : undefined,
    corsOrigins: (e.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    limits: {
      ...DEFAULT_LIMITS,
      ...(e.CHUNK_MAX_BYTES ? { audioChunkBytes: e.CHUNK_MAX_BYTES } : {}),
      ...(e.FRAMES_MAX_BYTES ? { framesChunkBytes: e.FRAMES_MAX_BYTES } : {}),
      ...(e.MAX_CHUNKS_PER_HOLOGRAM ? { chunksPerHologram: e.MAX_CHUNKS_PER_HOLOGRAM } : {}),
      ...(e.RATE_LIMIT_WRITES_PER_MINUTE
        ? { writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE }
        : {}),
      ...(e.RATE_LIMIT_READS_PER_MINUTE ? { readsPerMinute: e.RATE_LIMIT_READS_PER_MINUTE } : {}),
      ...(e.RATE_LIMIT_PUBLIC_PER_MINUTE
        ? { publicReadsPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE }
        : {}),
      ...(e.TRIA_CHATS_PER_MINUTE ? { triaChatsPerMinute: e.TRIA_CHATS_PER_MINUTE } : {}),
    },
    tria: {
      ...DEFAULT_TRIA,
      apiKey: e.MISTRAL_API_KEY,
      model: e.MISTRAL_MODEL ?? DEFAULT_TRIA.model,
      embedModel: e.MISTRAL_EMBED_MODEL ?? DEFAULT_TRIA.embedModel,
      serverUrl: e.MISTRAL_SERVER_URL,
      timeoutMs: e.TRIA_TIMEOUT_MS ?? DEFAULT_TRIA.timeoutMs,
    },
    trustProxyHops: e.TRUST_PROXY_HOPS ?? 0,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

function firebaseWebFromEnv(e: z.infer<typeof envSchema>): FirebaseWebConfig {
  const defaults = defaultFirebaseWeb(e.FIREBASE_PROJECT_ID ?? DEFAULT_PROJECT_ID);
  return {
    apiKey: e.FIREBASE_WEB_API_KEY ?? defaults.apiKey,
    authDomain: e.FIREBASE_AUTH_DOMAIN ?? defaults.authDomain,
  };
}

function s3FromEnv(e: z.infer<typeof envSchema>): StorageConfig | undefined {
  const named = [e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY, e.S3_ENDPOINT];
  if (named.every((v) => v === undefined)) return undefined;
  const missing = (
    [
      ['S3_BUCKET', e.S3_BUCKET],
      ['S3_ACCESS_KEY_ID', e.S3_ACCESS_KEY_ID],
      ['S3_SECRET_ACCESS_KEY', e.S3_SECRET_ACCESS_KEY],
    ] as const
  )
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) {
    throw new ConfigError(`Incomplete S3 configuration: set ${missing.join(', ')} too`);
  }
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION ?? 'auto',
    bucket: e.S3_BUCKET as string,
    accessKeyId: e.S3_ACCESS_KEY_ID as string,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY as string,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
  };
}
