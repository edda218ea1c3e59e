import type { Blocking, Depth, ShotType, StagePosition } from '../../../../shared/domain';
import type { FigureRole } from './types';

/**
 * Shot grammar: how a shot type frames the set and the figures. Figures stand on one ground
 * plane seen by a camera at eye height, so the horizon runs through every standing figure's eyes
 * and depth only scales a figure about the horizon (perspective), whatever the shot type.
 */

interface ShotFraming {
  /** Midground body height, as a fraction of the picture height. */
  height: number;
  /** Midground feet, as a fraction of the picture height (below 1: cut off at the frame edge). */
  footY: number;
  /** How far apart the stage positions sit, 1 = as in a wide shot. */
  spread: number;
  /** Magnification and depth-of-field blur (fraction of the frame height) of the set. */
  zoom: number;
  blur: number;
}

const FRAMING: Record<ShotType, ShotFraming> = {
  wide: { height: 0.34, footY: 0.86, spread: 1, zoom: 1, blur: 0 },
  'two-shot': { height: 0.98, footY: 1.28, spread: 0.75, zoom: 1.45, blur: 0.0015 },
  medium: { height: 1.45, footY: 1.64, spread: 0.7, zoom: 1.8, blur: 0.003 },
  'over-the-shoulder': { height: 1.45, footY: 1.66, spread: 0.6, zoom: 1.9, blur: 0.004 },
  'close-up': { height: 3.0, footY: 3.2, spread: 0.5, zoom: 2.5, blur: 0.006 },
  'extreme-close-up': { height: 6.3, footY: 6.2, spread: 0.25, zoom: 3.4, blur: 0.009 },
  insert: { height: 1.45, footY: 1.64, spread: 0.7, zoom: 3.1, blur: 0.012 },
  aerial: { height: 0.1, footY: 0.6, spread: 0.7, zoom: 1, blur: 0 },
};

/** Where a standing figure's eyes sit, as a fraction of its height from the feet. */
export const EYE_HEIGHT = 0.925;

/** Perspective scale of each depth: nearer is larger and lower in frame. */
const DEPTH_SCALE: Record<Depth, number> = { foreground: 1.38, midground: 1, background: 0.6 };
/** How strongly camera moves displace things at each depth (see camera.ts). */
export const DEPTH_PARALLAX: Record<Depth, number> = { foreground: 1, midground: 0.72, background: 0.48 };

/** Offsets from the frame centre (fractions of the width) in a wide shot; closer shots pull them in. */
const POSITION_X: Record<StagePosition, number> = { left: -0.34, 'center-left': -0.17, center: 0, 'center-right': 0.17, right: 0.34 };

export interface ViewFraming {
  horizon: number;
  zoom: number;
  setScale: number;
  blur: number;
  topDown: boolean;
}

export interface FigurePlacement {
  role: FigureRole;
  x: number;
  footY: number;
  height: number;
  parallax: number;
  blur: number;
}

/**
 * The stage box every shot type is composed in: the picture inside any letterbox, but never
 * taller than a 16:9 frame of the same width would be. A vertical (9:16) or square frame centres
 * it, so its figures fit its width and it shows more sky and ground instead of giants.
 */
interface StageBox {
  /** Top and height as fractions of the frame height. */
  top: number;
  h: number;
}

function stageBox(width: number, height: number, bar: number): StageBox {
  const picture = 1 - 2 * bar;
  const h = Math.min(picture, (width * 9) / 16 / height);
  return { top: bar + (picture - h) / 2, h };
}

const inBox = (y: number, box: StageBox) => box.top + y * box.h;

export function viewFraming(shotType: ShotType, width: number, height: number, bar: number): ViewFraming {
  const f = FRAMING[shotType];
  const box = stageBox(width, height, bar);
  const setScale = FRAMING.wide.height * f.zoom * box.h;
  if (shotType === 'aerial') return { horizon: inBox(0.1, box), zoom: 1, setScale, blur: 0, topDown: true };
  const eye = inBox(f.footY, box) - f.height * box.h * EYE_HEIGHT;
  return { horizon: eye, zoom: f.zoom, setScale, blur: f.blur, topDown: false };
}

/**
 * Places each blocked character. Over-the-shoulder shows the first character from behind, large
 * and cut by the frame edge, looking at the others; inserts show no one.
 */
export function placeFigures(
  shotType: ShotType,
  blocking: readonly Blocking[],
  width: number,
  height: number,
  bar: number,
): FigurePlacement[] {
  const f = FRAMING[shotType];
  const unit = stageBox(width, height, bar).h;
  const view = viewFraming(shotType, width, height, bar);
  const spread = f.spread;
  if (shotType === 'insert') return blocking.map(() => ({ role: 'standing', x: 0, footY: 0, height: 0, parallax: 0, blur: 0 }));

  return blocking.map((b, i) => {
    if (shotType === 'aerial') {
      const y = { foreground: 0.78, midground: 0.6, background: 0.42 }[b.depth];
      return {
        role: 'top-down',
        x: 0.5 + POSITION_X[b.position] * 1.2,
        footY: inBox(y, stageBox(width, height, bar)),
        height: f.height * unit,
        parallax: 0.5,
        blur: 0,
      };
    }
    if (shotType === 'over-the-shoulder' && i === 0 && blocking.length > 1) {
      // The shoulder sits on the side the character stands on, nearest the lens.
      const side = POSITION_X[b.position] <= 0 ? -1 : 1;
      const h = 3.2 * unit;
      return {
        role: 'shoulder',
        x: 0.5 + side * 0.36,
        footY: view.horizon + h * EYE_HEIGHT - 0.05,
        height: h,
        parallax: 1.15,
        blur: 0.004,
      };
    }
    const k = DEPTH_SCALE[b.depth];
    const h = f.height * unit * k;
    const footY = view.horizon + h * EYE_HEIGHT;
    // In close shots the depth of field softens whoever stands behind the subject.
    const blur = b.depth === 'background' && f.blur > 0 ? f.blur * 0.6 : 0;
    return { role: 'standing', x: 0.5 + POSITION_X[b.position] * spread, footY, height: h, parallax: DEPTH_PARALLAX[b.depth], blur };
  });
}
