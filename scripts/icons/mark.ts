// The Holograms mark: seven concentric arcs coloured by pitch, red (lowest) to violet (highest,
// hue 0°→270°, the app's colour scale), over a faint fading reflection, on the app's dark
// background. Rendered with 4×4 supersampling; pure arithmetic, so the pixels are deterministic.

/** The app's background colour, #0b0b14. */
export const BACKGROUND = [0x0b, 0x0b, 0x14] as const;

const ARCS = 7;
const OUTER_RADIUS = 0.8; // centre line of the outermost (red) arc, in mark units
const SPACING = 0.105;
const STROKE = 0.08;
const CENTER_Y = 0.22; // the arcs' common centre, below the middle so the whole mark is centred
const REFLECTION_DEPTH = 0.32;
const REFLECTION_ALPHA = 0.35;
const SUPERSAMPLE = 4;

/** Every drawn point lies within this distance of the icon centre, in mark units. */
export const MARK_EXTENT = Math.hypot(
  Math.sqrt((OUTER_RADIUS + STROKE / 2) ** 2 - REFLECTION_DEPTH ** 2),
  CENTER_Y + REFLECTION_DEPTH,
);

export interface IconSpec {
  readonly size: number;
  /** `rounded`: a rounded square with transparent corners; `full`: edge to edge (maskable, Apple). */
  readonly background: 'rounded' | 'full';
  /** How far the mark reaches from the icon centre, as a fraction of the icon size. */
  readonly reach: number;
}

type Rgb = readonly [number, number, number];

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return 255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [channel(0), channel(8), channel(4)];
}

const ARC_COLOURS: readonly Rgb[] = Array.from({ length: ARCS }, (_, i) =>
  hslToRgb((270 * i) / (ARCS - 1), 0.9, 0.62),
);

/** Colour and opacity of the mark at (x, y) in mark units (y grows downwards), or null. */
function markAt(x: number, y: number): { colour: Rgb; alpha: number } | null {
  const below = y - CENTER_Y;
  const alpha =
    below <= 0
      ? 1
      : below < REFLECTION_DEPTH
        ? REFLECTION_ALPHA * (1 - below / REFLECTION_DEPTH)
        : 0;
  if (alpha === 0) return null;
  const distance = Math.hypot(x, below);
  const arc = Math.round((OUTER_RADIUS - distance) / SPACING);
  if (arc < 0 || arc >= ARCS) return null;
  if (Math.abs(distance - (OUTER_RADIUS - arc * SPACING)) > STROKE / 2) return null;
  const colour = ARC_COLOURS[arc];
  return colour ? { colour, alpha } : null;
}

function insideBackground(spec: IconSpec, px: number, py: number): boolean {
  if (spec.background === 'full') return true;
  const half = spec.size / 2;
  const corner = spec.size * 0.2;
  const dx = Math.max(Math.abs(px - half) - (half - corner), 0);
  const dy = Math.max(Math.abs(py - half) - (half - corner), 0);
  return dx * dx + dy * dy <= corner * corner;
}

/** Renders the icon as straight (not premultiplied) RGBA bytes, rows top to bottom. */
export function renderIcon(spec: IconSpec): Uint8Array {
  const { size } = spec;
  const unit = (spec.reach * size) / MARK_EXTENT; // pixels per mark unit
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  const out = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const px = col + (sx + 0.5) / SUPERSAMPLE;
          const py = row + (sy + 0.5) / SUPERSAMPLE;
          if (!insideBackground(spec, px, py)) continue;
          const mark = markAt((px - size / 2) / unit, (py - size / 2) / unit);
          const a = mark?.alpha ?? 0;
          const [mr, mg, mb] = mark?.colour ?? BACKGROUND;
          r += mr * a + BACKGROUND[0] * (1 - a);
          g += mg * a + BACKGROUND[1] * (1 - a);
          b += mb * a + BACKGROUND[2] * (1 - a);
          covered++;
        }
      }
      const at = (row * size + col) * 4;
      if (covered === 0) continue; // fully transparent corner
      out[at] = Math.round(r / covered);
      out[at + 1] = Math.round(g / covered);
      out[at + 2] = Math.round(b / covered);
      out[at + 3] = Math.round((255 * covered) / samples);
    }
  }
  return out;
}
