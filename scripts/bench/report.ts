// Writes benchmark results into docs/PERFORMANCE.md: each suite owns one section between
// `<!-- bench:NAME -->` markers, rewritten on every run with the machine and the date.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface BenchRow {
  what: string;
  value: string;
  note?: string;
}

export function machineLine(now = new Date()): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const mem = Math.round(os.totalmem() / 2 ** 30);
  return `${now.toISOString().slice(0, 10)} · ${cpu} × ${os.cpus().length} cores · ${mem} GiB · Node ${process.version} · ${os.platform()} ${os.release()}`;
}

export function renderSection(name: string, title: string, command: string, rows: BenchRow[]) {
  const table = [
    '| what | result | note |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.note ?? ''} |`),
  ].join('\n');
  return [
    `<!-- bench:${name} -->`,
    `### ${title}`,
    '',
    `Measured ${machineLine()} with \`${command}\`.`,
    '',
    table,
    `<!-- /bench:${name} -->`,
  ].join('\n');
}

/** Replaces the suite's section in the file, or appends it. */
export function upsertSection(doc: string, name: string, section: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) return doc.slice(0, i) + section + doc.slice(j + end.length);
  return `${doc.trimEnd()}\n\n${section}\n`;
}

export async function writeSection(file: string, name: string, section: string) {
  const doc = await readFile(file, 'utf8').catch(() => '# Performance\n');
  await writeFile(file, upsertSection(doc, name, section));
}
