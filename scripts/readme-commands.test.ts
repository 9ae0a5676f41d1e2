// README.md starts with exactly the two commands people need (run, test), and CI runs exactly
// the test one: `.ci/run --print` must show the same line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const stripComment = (line: string) => line.replace(/\s+#.*$/, '').trim();

describe('README.md', () => {
  const lines = readme.split('\n');
  const [title, blank, fence, run, test, close] = lines;

  it('starts with the title and exactly two commands', () => {
    expect(title).toBe('# Holograms');
    expect(blank).toBe('');
    expect(fence).toBe('```sh');
    expect(close).toBe('```');
    expect(stripComment(run ?? '')).toBe('npm ci && npm start');
    expect(stripComment(test ?? '')).toMatch(/&& npm test$/);
  });

  it('shows the very command CI runs', () => {
    const ci = execFileSync('bash', [path.join(root, '.ci/run'), '--print'], { encoding: 'utf8' });
    expect(ci.trim()).toBe(stripComment(test ?? ''));
  });

  it('names scripts that exist', () => {
    for (const script of ['start', 'dev', 'build', 'test', 'bench', 'typecheck', 'lint']) {
      expect(pkg.scripts, script).toHaveProperty(script);
    }
    expect(stripComment(test ?? '')).toContain('npm run system:deps');
    expect(pkg.scripts['system:deps']).toBe('bash scripts/system/install-deps.sh');
  });

  it('makes the test command enforce lint and types before the suites', () => {
    expect(pkg.scripts.test).toBe('npm run lint && npm run typecheck && vitest run');
  });
});
