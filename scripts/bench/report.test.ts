import { describe, expect, it } from 'vitest';
import { renderSection, upsertSection } from './report.ts';

describe('benchmark report', () => {
  const section = renderSection('api', 'API', 'npm run bench', [{ what: 'x', value: '1 ms' }]);

  it('renders the machine, the command and a table', () => {
    expect(section).toMatch(
      /^<!-- bench:api -->\n### API\n\nMeasured \d{4}-\d{2}-\d{2} · .+ cores/,
    );
    expect(section).toContain('`npm run bench`');
    expect(section).toContain('| x | 1 ms |  |');
  });

  it('appends a new section and replaces an existing one in place', () => {
    const doc = '# Performance\n\nintro\n';
    const once = upsertSection(doc, 'api', section);
    expect(once).toBe(`# Performance\n\nintro\n\n${section}\n`);
    const replaced = upsertSection(`${once}\nafter\n`, 'api', section.replace('1 ms', '2 ms'));
    expect(replaced).toContain('| x | 2 ms |');
    expect(replaced).not.toContain('| x | 1 ms |');
    expect(replaced.endsWith('\nafter\n')).toBe(true);
  });
});
