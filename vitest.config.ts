// Three test projects, one command (`vitest run`):
//  unit        — pure logic and in-process API tests (`*.test.ts` beside the code)
//  integration — tests against real servers the harness starts once per run (`*.int.test.ts`):
//                PostgreSQL 15 + pgvector via the Neon driver, moto S3, the Firebase Auth Emulator
//  e2e         — Debian Chromium driving the built app (`e2e/**/*.e2e.test.ts`)
import { defineConfig } from 'vitest/config';

const heavy = ['**/*.int.test.ts', '**/*.e2e.test.ts'];
const ignored = ['node_modules/**', 'dist/**', 'build/**', 'data/**', '.cache/**'];

export default defineConfig({
  test: {
    // The AWS SDK warns on Node 20 that releases after January 2027 need Node 22 (the Docker
    // image runs 22); the tests run on these machines' Node 20 and need not repeat it per file.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // CI logs name every test, so a run shows which real servers each suite ran against.
    reporters: process.env.CI ? ['verbose'] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,workers,api,scripts,e2e}/**/*.test.ts'],
          exclude: [...ignored, ...heavy],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['{src,workers,api,scripts}/**/*.int.test.ts'],
          exclude: ignored,
          globalSetup: ['e2e/harness/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          exclude: ignored,
          globalSetup: ['e2e/harness/global-setup.ts', 'e2e/harness/pwa-build.global.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
