// Text in the scene: each label is drawn once into its own small canvas and shown as a sprite
// that always faces the camera. Labels are made when the scene is built (and titles again when
// the language changes), never per frame.
import { CanvasTexture, LinearFilter, Sprite, SpriteMaterial, SRGBColorSpace } from 'three';

/** Canvas pixels per world unit of label height: sharp enough when zoomed in. */
const PIXELS = 64;

export interface LabelStyle {
  /** Height of the text line in world units. */
  readonly height: number;
  readonly colour: string;
  /** Which point of the label sits at its position: 0 left/bottom … 1 right/top. */
  readonly anchorX: number;
}

export function makeLabel(text: string, style: LabelStyle): Sprite {
  const canvas = document.createElement('canvas');
  const font = `600 ${Math.round(PIXELS * 0.75)}px system-ui, sans-serif`;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas for scene labels');
  g.font = font;
  const pad = Math.round(PIXELS * 0.1);
  canvas.width = Math.ceil(g.measureText(text).width) + 2 * pad;
  canvas.height = PIXELS;
  g.font = font; // resizing the canvas reset the context
  g.fillStyle = style.colour;
  g.textBaseline = 'middle';
  g.fillText(text, pad, PIXELS / 2);

  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  const sprite = new Sprite(
    new SpriteMaterial({ map: texture, transparent: true, depthWrite: false }),
  );
  sprite.scale.set((style.height * canvas.width) / canvas.height, style.height, 1);
  sprite.center.set(style.anchorX, 0.5);
  sprite.name = text;
  return sprite;
}

export function disposeLabel(sprite: Sprite): void {
  sprite.material.map?.dispose();
  sprite.material.dispose();
  sprite.removeFromParent();
}
