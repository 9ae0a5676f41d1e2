// Writes the PNG icons under public/icons/ (`npm run icons`). The output is deterministic, and
// scripts/icons/icons.test.ts fails when the committed files differ from what this produces.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICON_FILES, renderIconFile } from './icon-set.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

for (const icon of ICON_FILES) {
  const target = resolve(root, icon.path);
  const png = renderIconFile(icon);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, png);
  console.log(`${icon.path}  ${icon.size}×${icon.size}  ${png.length} bytes`);
}
