import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_FILES, MASKABLE_SAFE_RADIUS, renderIconFile } from './icon-set.ts';
import { BACKGROUND, renderIcon } from './mark.ts';

const root = resolve(import.meta.dirname, '../..');

function pixel(rgba: Uint8Array, size: number, x: number, y: number): number[] {
  const at = (y * size + x) * 4;
  return [...rgba.subarray(at, at + 4)];
}

const opaqueBackground = [...BACKGROUND, 255];

describe('icons', () => {
  it.each(ICON_FILES.map((icon) => [icon.path, icon] as const))(
    '%s is committed exactly as the generator draws it (run `npm run icons`)',
    async (path, icon) => {
      const committed = await readFile(resolve(root, path));
      expect(committed.equals(renderIconFile(icon))).toBe(true);
    },
  );

  it('keep the maskable icon inside the safe zone, on an opaque background', () => {
    const icon = ICON_FILES.find((i) => i.path.includes('maskable'));
    if (!icon) throw new Error('no maskable icon');
    const { size } = icon;
    const rgba = renderIcon(icon);
    let drawn = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const outside =
          Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) > MASKABLE_SAFE_RADIUS * size;
        const value = pixel(rgba, size, x, y);
        if (outside) expect(value).toEqual(opaqueBackground);
        else if (value.join() !== opaqueBackground.join()) drawn++;
      }
    }
    expect(drawn).toBeGreaterThan(size * size * 0.05);
  });

  it('give iOS an icon without transparency and browsers one with rounded corners', () => {
    for (const icon of ICON_FILES) {
      const rgba = renderIcon(icon);
      const corner = pixel(rgba, icon.size, 0, 0);
      if (icon.background === 'full') {
        expect(
          rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255),
          icon.path,
        ).toBe(true);
      } else {
        expect(corner[3], icon.path).toBe(0);
      }
    }
  });

  it('colour the arcs by pitch: red outside, violet inside', () => {
    const icon = { size: 256, background: 'full', reach: 0.45 } as const;
    const rgba = renderIcon(icon);
    const column = Array.from({ length: icon.size }, (_, y) => pixel(rgba, 256, 128, y));
    const solid = column.filter(
      // the dim reflection drops out here
      ([r, g, b]) => Math.max(r ?? 0, g ?? 0, b ?? 0) > 200,
    );
    const [r0 = 0, g0 = 0, b0 = 0] = solid[0] ?? [];
    const [r1 = 0, g1 = 0, b1 = 0] = solid.at(-1) ?? [];
    expect(r0).toBeGreaterThan(2 * Math.max(g0, b0)); // red
    expect(b1).toBeGreaterThan(2 * g1); // violet: blue and red over green
    expect(r1).toBeGreaterThan(2 * g1);
  });
});
