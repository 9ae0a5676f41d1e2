import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      dataDir: '/srv/app/data',
      database: { kind: 'pglite', dir: '/srv/app/data/pglite' },
      storage: { kind: 'local', dir: '/srv/app/data/blobs' },
      auth: { projectId: 'demo-holograms', emulatorHost: undefined },
      staticDir: undefined,
      corsOrigins: [],
      logLevel: 'info',
    });
  });

  it('treats empty strings as unset (as .env.example leaves them)', () => {
    const c = loadConfig({ DATABASE_URL: '', S3_BUCKET: ' ', PORT: '' }, '/x');
    expect(c.database.kind).toBe('pglite');
    expect(c.storage.kind).toBe('local');
    expect(c.port).toBe(8080);
  });

  it('selects Neon and R2 when configured', () => {
    const c = loadConfig({
      PORT: '3000',
      DATABASE_URL: 'postgresql://u:p@ep-x.eu-central-1.aws.neon.tech/db?sslmode=require',
      S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com',
      S3_BUCKET: 'holograms',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({
      kind: 'neon',
      url: 'postgresql://u:p@ep-x.eu-central-1.aws.neon.tech/db?sslmode=require',
      wsProxy: undefined,
    });
    expect(c.storage).toMatchObject({ kind: 's3', region: 'auto', bucket: 'holograms' });
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
  });

  it('refuses half an S3 configuration instead of silently using the local store', () => {
    expect(() => loadConfig({ S3_BUCKET: 'b' })).toThrow(ConfigError);
    expect(() => loadConfig({ S3_BUCKET: 'b' })).toThrow(/S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/);
  });

  it('is documented: .env.example lists every variable the API reads', () => {
    const example = readFileSync(path.join(import.meta.dirname, '..', '.env.example'), 'utf8');
    const documented = new Set(
      example
        .split('\n')
        .map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1])
        .filter(Boolean),
    );
    for (const name of ENV_VARIABLES) expect(documented, name).toContain(name);
  });
});
