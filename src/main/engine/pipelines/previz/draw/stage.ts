import type { Canvas } from '@napi-rs/canvas';
import { OVERSCAN } from '../camera';
import { EYE_HEIGHT } from '../framing';
import type { ShotPlan } from '../types';
import { canvas, type Ctx } from './paint';

/**
 * One pre-rendered picture layer: drawn once per shot, then only placed (shifted and scaled by
 * the camera move according to its parallax) in every frame.
 */
export interface Layer {
  canvas: Canvas;
  /** Top-left corner in frame pixels at rest, and the size it is drawn at when the camera is at rest. */
  x: number;
  y: number;
  w: number;
  h: number;
  parallax: number;
  /** A speaking figure's mouth, in frame pixels at rest, drawn per frame over the sprite. */
  mouth?: MouthSpot;
}

export interface MouthSpot {
  characterId: string;
  x: number;
  y: number;
  /** Width of a relaxed mouth and the head's height, in frame pixels. */
  w: number;
  headH: number;
  lip: string;
  dark: string;
}

/** The shot's set geometry in pixels: a ground plane seen from eye height, as the plan's view describes it. */
export interface Stage {
  W: number;
  H: number;
  /** Overscan margins around the frame. */
  mx: number;
  my: number;
  horizon: number;
  /** Height of a person on the set's midground line, and the size of the far scenery's unit (a frame height in a wide shot). */
  S: number;
  U: number;
  offsetX: number;
  blur: number;
}

export function stageOf(plan: ShotPlan): Stage {
  const { width: W, height: H } = plan.size;
  const S = plan.view.setScale * H;
  return {
    W,
    H,
    mx: Math.ceil(OVERSCAN * W),
    my: Math.ceil(OVERSCAN * H),
    horizon: plan.view.horizon * H,
    S,
    U: S / 0.34,
    offsetX: plan.view.offsetX,
    blur: plan.view.blur * H,
  };
}

/** Screen y of the ground at depth scale k (1 = the midground line, smaller = farther). */
export const groundY = (st: Stage, k: number) => st.horizon + st.S * EYE_HEIGHT * k;

/** Screen x of a set position `wx` (in person heights) at depth scale k. */
export const setX = (st: Stage, wx: number, k: number) => st.W / 2 + wx * k * st.S - st.offsetX * st.U;

/** Screen x of far scenery at angle-like position `ux` (in frame heights of a wide shot). */
export const farX = (st: Stage, ux: number) => st.W / 2 + (ux - st.offsetX) * st.U;

/** The depth scale k of a screen y below the horizon (inverse of groundY). */
export const depthAt = (st: Stage, y: number) => (y - st.horizon) / (st.S * EYE_HEIGHT);

/**
 * A full-width strip of the frame (plus overscan) from `top` to `bottom` in frame pixels, with a
 * context whose coordinates are frame pixels.
 */
export function band(st: Stage, top: number, bottom: number): { ctx: Ctx; finish: (parallax: number) => Layer } {
  const t = Math.floor(Math.max(-st.my, top));
  const b = Math.ceil(Math.min(st.H + st.my, bottom));
  const w = st.W + 2 * st.mx;
  const h = Math.max(1, b - t);
  const { canvas: c, ctx } = canvas(w, h);
  ctx.translate(st.mx, -t);
  return { ctx, finish: (parallax) => ({ canvas: c, x: -st.mx, y: t, w, h, parallax }) };
}
