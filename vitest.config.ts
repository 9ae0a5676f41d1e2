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
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,workers,api,scripts,e2e}/**/*.test.ts'],
          exclude: [...ignored, ...heavy],
        },
      },
      {
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
