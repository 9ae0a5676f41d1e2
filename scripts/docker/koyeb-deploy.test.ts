// Runs koyeb-deploy.sh against a stand-in `koyeb` CLI that records its calls, to check which
// commands the deploy job issues without a Koyeb account.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = path.resolve('scripts/docker/koyeb-deploy.sh');

// `existing` lists what `koyeb … get` finds; stdin of secret commands is logged too.
const fakeKoyeb = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_DIR/calls"
if [ "$2" = get ]; then grep -qx "$1 $3" "$FAKE_DIR/existing" 2>/dev/null; exit; fi
if [ "$1" = secrets ]; then printf '%s=%s\\n' "$3" "$(cat)" >> "$FAKE_DIR/stdin"; fi
`;

describe('koyeb-deploy.sh', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'koyeb-deploy-'));
    await writeFile(path.join(dir, 'koyeb'), fakeKoyeb);
    await chmod(path.join(dir, 'koyeb'), 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function deploy(existing: string[], env: Record<string, string>) {
    await writeFile(path.join(dir, 'existing'), existing.map((e) => `${e}\n`).join(''));
    await run('bash', [script], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        FAKE_DIR: dir,
        IMAGE: 'ghcr.io/o/r-api:sha-1',
        ...env,
      },
    });
    const calls = (await readFile(path.join(dir, 'calls'), 'utf8')).trim().split('\n');
    const stdin = await readFile(path.join(dir, 'stdin'), 'utf8').catch(() => '');
    return { calls, stdin };
  }

  it('creates the app, the secrets and the service on the first deploy', async () => {
    const { calls, stdin } = await deploy([], {
      DATABASE_URL: 'postgres://u:p@h/db',
      CORS_ORIGINS: 'https://a.example,https://b.example',
    });
    expect(calls).toContain('secrets create holograms-database-url --value-from-stdin');
    expect(calls).toContain('secrets create holograms-cors-origins --value-from-stdin');
    expect(stdin).toContain('holograms-cors-origins=https://a.example,https://b.example');
    expect(calls).toContain('apps create holograms');
    const create = calls.find((c) => c.startsWith('services create'));
    expect(create).toBe(
      'services create api --app holograms --docker ghcr.io/o/r-api:sha-1 --ports 8080:http ' +
        '--routes /:8080 --checks 8080:http:/api/health --env PORT=8080 ' +
        '--env DATABASE_URL={{secret.holograms-database-url}} ' +
        '--env CORS_ORIGINS={{secret.holograms-cors-origins}} --wait',
    );
    expect(calls.join('\n')).not.toContain('postgres://');
  });

  it('updates existing secrets and the existing service, with a private-registry secret', async () => {
    const { calls } = await deploy(['services api', 'secrets holograms-mistral-api-key'], {
      MISTRAL_API_KEY: 'k',
      KOYEB_REGISTRY_SECRET: 'ghcr-pull',
    });
    expect(calls).toContain('secrets update holograms-mistral-api-key --value-from-stdin');
    expect(calls.some((c) => c.startsWith('apps create'))).toBe(false);
    const update = calls.find((c) => c.startsWith('services update'));
    expect(update).toContain('--docker-private-registry-secret ghcr-pull');
    expect(update).toContain('--env MISTRAL_API_KEY={{secret.holograms-mistral-api-key}}');
  });
});
