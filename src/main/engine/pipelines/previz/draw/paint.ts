import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Style, TimeOfDay } from '../../../../../shared/domain';
import { css, grade, lit, parseHex, TIME_LIGHT, type Rgb, type TimeLight } from '../palette';
import { STYLE_LOOK, type StyleLook } from '../styles';

export type Ctx = SKRSContext2D;

/**
 * Colour decisions shared by every drawing function: scene colours lit by the time of day and
 * graded by the style, so that a noir frame is grey everywhere and a night frame dark everywhere.
 */
export class Paint {
  readonly light: TimeLight;
  readonly look: StyleLook;

  constructor(
    readonly style: Style,
    readonly time: TimeOfDay,
    /** How much the time of day reaches the set: 1 outdoors, less indoors where lamps light it. */
    readonly exposure = 1,
  ) {
    this.light = TIME_LIGHT[time];
    this.look = STYLE_LOOK[style];
  }

  /** A surface colour in the scene's light. */
  c(color: Rgb | string, alpha = 1, strength = this.exposure): string {
    return css(lit(typeof color === 'string' ? parseHex(color) : color, this.time, this.style, strength), alpha);
  }

  /** A light source or the sky: graded, never darkened by the time of day. */
  g(color: Rgb | string, alpha = 1): string {
    return css(grade(typeof color === 'string' ? parseHex(color) : color, this.style), alpha);
  }

  rgb(color: Rgb | string, strength = this.exposure): Rgb {
    return lit(typeof color === 'string' ? parseHex(color) : color, this.time, this.style, strength);
  }
}

export function canvas(width: number, height: number): { canvas: Canvas; ctx: Ctx } {
  const c = createCanvas(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  return { canvas: c, ctx: c.getContext('2d') };
}

/** A copy softened by a gaussian blur of `radius` pixels (depth of field); the original when radius is tiny. */
export function blurred(source: Canvas, radius: number): Canvas {
  if (radius < 0.6) return source;
  const { canvas: out, ctx } = canvas(source.width, source.height);
  ctx.filter = `blur(${radius.toFixed(2)}px)`;
  ctx.drawImage(source, 0, 0);
  return out;
}

/**
 * An ink outline around everything opaque in `source` (anime, storybook): the silhouette stamped
 * in the ink colour at offsets around a circle, under the original.
 */
export function outlined(source: Canvas, width: number, color: string): Canvas {
  if (width < 0.5) return source;
  const { canvas: ink, ctx: inkCtx } = canvas(source.width, source.height);
  inkCtx.drawImage(source, 0, 0);
  inkCtx.globalCompositeOperation = 'source-in';
  inkCtx.fillStyle = color;
  inkCtx.fillRect(0, 0, ink.width, ink.height);
  const { canvas: out, ctx } = canvas(source.width, source.height);
  const steps = 12;
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    ctx.drawImage(ink, Math.cos(a) * width, Math.sin(a) * width);
  }
  ctx.drawImage(source, 0, 0);
  return out;
}

/** A vertical linear gradient through evenly spaced colours. */
export function vGradient(ctx: Ctx, y0: number, y1: number, stops: [number, string][]): ReturnType<Ctx['createLinearGradient']> {
  const g = ctx.createLinearGradient(0, y0, 0, y1);
  for (const [at, color] of stops) g.addColorStop(Math.min(1, Math.max(0, at)), color);
  return g;
}

/** A radial glow: `color` at the centre fading to transparent at `radius`. */
export function glow(ctx: Ctx, x: number, y: number, radius: number, color: Rgb, alpha: number, paint: Paint): void {
  if (radius <= 0) return;
  const g = ctx.createRadialGradient(x, y, 0, x, y, radius);
  g.addColorStop(0, paint.g(color, alpha));
  g.addColorStop(0.35, paint.g(color, alpha * 0.45));
  g.addColorStop(1, paint.g(color, 0));
  ctx.fillStyle = g;
  ctx.fillRect(x - radius, y - radius, radius * 2, radius * 2);
}
