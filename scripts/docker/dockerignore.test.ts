import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerIgnore } from './dockerignore.ts';

describe('parseDockerIgnore', () => {
  const ignore = parseDockerIgnore(
    ['# comment', 'node_modules', '/dist/', '**/*.test.ts', '*.log', 'data?'].join('\n'),
  );

  it('matches from the context root, and a matched directory excludes its contents', () => {
    expect(ignore.excludes('node_modules')).toBe(true);
    expect(ignore.excludes('node_modules/vite/package.json')).toBe(true);
    expect(ignore.excludes('api/node_modules')).toBe(false);
    expect(ignore.excludes('dist/index.html')).toBe(true);
  });

  it('keeps * and ? inside one segment and lets ** span segments', () => {
    expect(ignore.excludes('api/app.test.ts')).toBe(true);
    expect(ignore.excludes('app.test.ts')).toBe(true);
    expect(ignore.excludes('api/app.ts')).toBe(false);
    expect(ignore.excludes('npm.log')).toBe(true);
    expect(ignore.excludes('api/npm.log')).toBe(false);
    expect(ignore.excludes('data1/x')).toBe(true);
    expect(ignore.excludes('data')).toBe(false);
  });

  it('rejects ! exceptions rather than misapplying them', () => {
    expect(() => parseDockerIgnore('*.md\n!README.md')).toThrow(/not supported/);
  });

  it('leaves the API sources in the context and local state out', () => {
    const repo = parseDockerIgnore(readFileSync('.dockerignore', 'utf8'));
    for (const kept of [
      'api/server.ts',
      'package.json',
      'package-lock.json',
      'tsconfig.api.json',
    ]) {
      expect(repo.excludes(kept), kept).toBe(false);
    }
    for (const left of ['.env', '.env.production', 'node_modules/x', 'data/pglite', '.git/HEAD']) {
      expect(repo.excludes(left), left).toBe(true);
    }
  });
});
