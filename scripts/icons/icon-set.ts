// The app's raster icons: what the manifest, index.html and iOS ask for.

import { encodePng } from '../../api/shares/png.ts';
import { type IconSpec, renderIcon } from './mark.ts';

export interface IconFile extends IconSpec {
  /** Path relative to the repository root. */
  readonly path: string;
}

/** The maskable safe zone is the centred circle with 40% of the size as radius. */
export const MASKABLE_SAFE_RADIUS = 0.4;

export const ICON_FILES: readonly IconFile[] = [
  { path: 'public/icons/icon-192.png', size: 192, background: 'rounded', reach: 0.4 },
  { path: 'public/icons/icon-512.png', size: 512, background: 'rounded', reach: 0.4 },
  { path: 'public/icons/maskable-512.png', size: 512, background: 'full', reach: 0.34 },
  // iOS draws its own rounded corners and shows transparency as black: fill edge to edge.
  { path: 'public/icons/apple-touch-icon-180.png', size: 180, background: 'full', reach: 0.38 },
];

export function renderIconFile(icon: IconFile): Buffer {
  return encodePng(icon.size, icon.size, renderIcon(icon), { colour: 'rgba', filter: 'none' });
}
