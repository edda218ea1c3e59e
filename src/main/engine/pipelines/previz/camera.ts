import type { CameraMove } from '../../../../shared/domain';

/** Where one layer is drawn in a frame: its rest placement scaled by `scale` about (cx, cy) of the frame, then shifted. */
export interface LayerTransform {
  /** Shift in fractions of the frame width and height. */
  dx: number;
  dy: number;
  scale: number;
}

/** The extra room (fraction of the frame on each side) plate layers are drawn with, so no move reveals an edge. */
export const OVERSCAN = 0.1;

/** The zoom centre, as fractions of the frame: a little above the middle, where faces usually are. */
export const ZOOM_CENTRE = { x: 0.5, y: 0.45 } as const;

/**
 * How much a layer grows when the camera travels towards the set: nothing for the sky and the far
 * scenery (as in a real dolly, and it keeps that big opaque layer on Skia's plain-copy path).
 */
const nearness = (parallax: number) => Math.max(0, (parallax - 0.1) / 0.9);

const easeInOut = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2);

/** Progress through the shot, 0 at the first frame and 1 at the last. */
export function shotProgress(frame: number, durationFrames: number): number {
  if (durationFrames <= 1) return 0;
  return Math.min(1, Math.max(0, frame / (durationFrames - 1)));
}

/**
 * A camera move as per-layer transforms. `parallax` is the layer's nearness (0 = the sky, 1 = at
 * the lens): pans and tilts turn the camera, so everything moves nearly alike; dollies, pushes and
 * orbits travel, so near layers move and grow much more than far ones. Amplitudes stay inside
 * OVERSCAN for every plate layer (parallax ≤ 0.6).
 */
export function layerTransform(move: CameraMove, t: number, parallax: number): LayerTransform {
  const e = easeInOut(t);
  const s = e - 0.5; // centred, so the middle of the move frames the set as blocked
  const turn = 0.75 + 0.25 * parallax;
  switch (move) {
    case 'static':
      return { dx: 0, dy: 0, scale: 1 };
    case 'pan-left':
      return { dx: 0.14 * s * turn, dy: 0, scale: 1 };
    case 'pan-right':
      return { dx: -0.14 * s * turn, dy: 0, scale: 1 };
    case 'tilt-up':
      return { dx: 0, dy: 0.13 * s * turn, scale: 1 };
    case 'tilt-down':
      return { dx: 0, dy: -0.13 * s * turn, scale: 1 };
    case 'dolly-left':
      return { dx: 0.17 * s * parallax, dy: 0, scale: 1 };
    case 'dolly-right':
      return { dx: -0.17 * s * parallax, dy: 0, scale: 1 };
    case 'push-in':
      return { dx: 0, dy: 0, scale: 1 + 0.16 * e * nearness(parallax) };
    case 'pull-out':
      return { dx: 0, dy: 0, scale: 1 + 0.16 * (1 - e) * nearness(parallax) };
    case 'orbit':
      // Far and near slide opposite ways about the midground, with a slight swell at mid-arc.
      return { dx: 0.32 * s * (0.6 - parallax), dy: 0, scale: 1 + 0.035 * Math.sin(Math.PI * e) * nearness(parallax) };
  }
}
