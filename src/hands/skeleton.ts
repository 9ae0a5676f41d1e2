// Draws tracked hands over the camera preview: MediaPipe's 21-point hand skeleton, in the
// mirrored coordinates the worker returns (the preview video is mirrored to match).
import type { TrackedHand } from '../../workers/hands/api.ts';

/** Bones as landmark index pairs: palm, then each finger base to tip. */
export const HAND_CONNECTIONS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 5],
  [5, 9],
  [9, 13],
  [13, 17],
  [0, 17],
  [1, 2],
  [2, 3],
  [3, 4],
  [5, 6],
  [6, 7],
  [7, 8],
  [9, 10],
  [10, 11],
  [11, 12],
  [13, 14],
  [14, 15],
  [15, 16],
  [17, 18],
  [18, 19],
  [19, 20],
];

const COLOURS = { left: '#7cc7ff', right: '#ffd166' } as const;

type Context2D = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'arc'
  | 'fill'
  | 'strokeStyle'
  | 'fillStyle'
  | 'lineWidth'
>;

/** Clears the canvas and draws each hand's bones and joints. */
export function drawHands(
  ctx: Context2D,
  hands: readonly TrackedHand[],
  width: number,
  height: number,
): void {
  ctx.clearRect(0, 0, width, height);
  const radius = Math.max(1.5, width / 160);
  for (const hand of hands) {
    const colour = COLOURS[hand.handedness];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = Math.max(1, width / 200);
    ctx.beginPath();
    for (const [a, b] of HAND_CONNECTIONS) {
      const p = hand.landmarks[a];
      const q = hand.landmarks[b];
      if (!p || !q) continue;
      ctx.moveTo(p.x * width, p.y * height);
      ctx.lineTo(q.x * width, q.y * height);
    }
    ctx.stroke();
    for (const p of hand.landmarks) {
      ctx.beginPath();
      ctx.arc(p.x * width, p.y * height, radius, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
