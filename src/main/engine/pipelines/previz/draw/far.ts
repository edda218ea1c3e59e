import { mix, shade, type Rgb } from '../palette';
import { Rng } from '../random';
import type { SceneBiome } from '../types';
import { farX, type Stage } from './stage';
import type { Ctx, Paint } from './paint';

/** Far scenery is generated over this range of the place (in wide-shot frame heights), the same for every shot. */
const SPAN = 3.6;

/** A smooth seeded profile: heights at `n` evenly spaced points across the span, eased between. */
function profile(rng: Rng, n: number, min: number, max: number): (ux: number) => number {
  const pts = Array.from({ length: n + 1 }, () => rng.range(min, max));
  return (ux) => {
    const f = ((ux + SPAN) / (2 * SPAN)) * n;
    const i = Math.max(0, Math.min(n - 1, Math.floor(f)));
    const t = f - i;
    const e = t * t * (3 - 2 * t);
    return pts[i]! + (pts[i + 1]! - pts[i]!) * e;
  };
}

/** Fills under a silhouette y(ux) down to `bottom`, sampled every few pixels. */
function silhouette(ctx: Ctx, st: Stage, top: (ux: number) => number, bottom: number, color: string): void {
  const x0 = -st.mx;
  const x1 = st.W + st.mx;
  const step = Math.max(2, Math.round(st.W / 320));
  ctx.beginPath();
  ctx.moveTo(x0, bottom);
  for (let x = x0; x <= x1 + step; x += step) {
    const ux = (x - st.W / 2) / st.U + st.offsetX;
    ctx.lineTo(x, st.horizon - top(ux) * st.U);
  }
  ctx.lineTo(x1 + step, bottom);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

const visible = (st: Stage, x: number, w: number) => x + w >= -st.mx && x <= st.W + st.mx;

function city(ctx: Ctx, st: Stage, paint: Paint, rng: Rng, bottom: number): void {
  const L = paint.light;
  const farColor: Rgb = mix(L.haze, L.skyHorizon, 0.25);
  const nearColor: Rgb = shade(mix(L.haze, [28, 30, 40], 0.55), 0.9);
  // Back row: a low, hazy mass of blocks.
  for (let ux = -SPAN; ux < SPAN;) {
    const w = rng.range(0.03, 0.08);
    const h = rng.range(0.04, 0.14);
    const x = farX(st, ux);
    if (visible(st, x, w * st.U)) {
      ctx.fillStyle = paint.g(farColor);
      ctx.fillRect(x, st.horizon - h * st.U, w * st.U + 1, bottom - st.horizon + h * st.U);
    }
    ux += w * rng.range(0.85, 1.1);
  }
  // Front row: taller buildings with windows, roof details and gaps.
  const windowLit = L.lightsOn ? 0.38 : 0;
  for (let ux = -SPAN; ux < SPAN;) {
    const w = rng.range(0.05, 0.13);
    const tall = rng.chance(0.12);
    const h = tall ? rng.range(0.3, 0.45) : rng.range(0.07, 0.26);
    const x = farX(st, ux);
    const bw = w * st.U;
    const top = st.horizon - h * st.U;
    const seedWindows = rng.next() * 1e9;
    const detail = rng.int(0, 3);
    if (visible(st, x, bw)) {
      const body = mix(nearColor, farColor, rng.range(0, 0.25));
      ctx.fillStyle = paint.g(body);
      ctx.fillRect(x, top, bw, bottom - top);
      if (detail === 1) ctx.fillRect(x + bw * 0.45, top - 0.05 * st.U, Math.max(1, bw * 0.04), 0.05 * st.U);
      if (detail === 2) ctx.fillRect(x + bw * 0.15, top - 0.02 * st.U, bw * 0.7, 0.02 * st.U);
      const wr = new Rng(seedWindows);
      const ww = 0.006 * st.U;
      const wh = 0.01 * st.U;
      if (ww >= 1.2) {
        const cols = Math.floor((bw - ww) / (ww * 2.3));
        const rows = Math.floor((Math.min(bottom, st.H + st.my) - top - wh) / (wh * 1.9));
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const on = wr.chance(windowLit);
            const wx = x + ww * 0.9 + c * ww * 2.3;
            const wy = top + wh * 0.9 + r * wh * 1.9;
            ctx.fillStyle = on ? paint.g([255, 214, 140], wr.range(0.65, 1)) : paint.g(mix(body, L.skyMid, 0.35), 0.55);
            ctx.fillRect(wx, wy, ww, wh);
          }
        }
      }
    }
    ux += w + (rng.chance(0.25) ? rng.range(0.01, 0.05) : 0);
  }
}

function trees(ctx: Ctx, st: Stage, paint: Paint, rng: Rng, bottom: number, color: Rgb, minH: number, maxH: number): void {
  ctx.fillStyle = paint.g(color);
  const base = st.horizon - minH * 0.5 * st.U;
  ctx.fillRect(-st.mx, base, st.W + 2 * st.mx, bottom - base);
  for (let ux = -SPAN; ux < SPAN;) {
    const h = rng.range(minH, maxH);
    const w = h * rng.range(0.35, 0.5);
    const x = farX(st, ux);
    if (visible(st, x - w * st.U, w * 2 * st.U)) {
      ctx.beginPath();
      ctx.moveTo(x - (w / 2) * st.U, st.horizon + 1);
      ctx.lineTo(x, st.horizon - h * st.U);
      ctx.lineTo(x + (w / 2) * st.U, st.horizon + 1);
      ctx.fill();
    }
    ux += w * rng.range(0.35, 0.7);
  }
}

/**
 * The far scenery of a biome, drawn over the sky in the same layer: skyline, treeline, hills,
 * headlands, ridges or mesas, down to `bottom` where the ground covers it.
 */
export function drawFar(ctx: Ctx, st: Stage, paint: Paint, biome: SceneBiome, seed: number, bottom: number): void {
  const top = st.horizon - 0.5 * st.U;
  const rng = new Rng(seed ^ 0xfa7);
  const L = paint.light;
  const haze = L.haze;
  switch (biome) {
    case 'city':
      city(ctx, st, paint, rng, bottom);
      break;
    case 'forest':
      trees(ctx, st, paint, rng, bottom, mix(haze, [52, 78, 56], 0.45), 0.05, 0.11);
      trees(ctx, st, paint, rng, bottom, mix(haze, [34, 58, 40], 0.7), 0.03, 0.08);
      break;
    case 'fields': {
      silhouette(ctx, st, profile(rng, 14, 0.03, 0.09), bottom, paint.g(mix(haze, [96, 128, 84], 0.4)));
      silhouette(ctx, st, profile(rng, 9, 0.0, 0.05), bottom, paint.g(mix(haze, [84, 118, 66], 0.62)));
      break;
    }
    case 'coast': {
      const hills = profile(rng, 10, -0.06, 0.07);
      silhouette(ctx, st, (ux) => Math.max(0, hills(ux)), st.horizon + 1, paint.g(mix(haze, [70, 96, 92], 0.45)));
      break;
    }
    case 'mountains': {
      const far = profile(rng, 16, 0.08, 0.38);
      const jag = profile(rng, 90, -0.025, 0.025);
      silhouette(ctx, st, (ux) => far(ux) + jag(ux), bottom, paint.g(mix(haze, [110, 120, 150], 0.35)));
      // Snow on the high ground of the far ridge.
      ctx.save();
      ctx.beginPath();
      ctx.rect(-st.mx, top, st.W + 2 * st.mx, st.horizon - 0.27 * st.U - top);
      ctx.clip();
      silhouette(ctx, st, (ux) => far(ux) + jag(ux), bottom, paint.g([238, 240, 246], 0.92));
      ctx.restore();
      const near = profile(rng, 11, 0.04, 0.18);
      silhouette(ctx, st, (ux) => near(ux) + jag(ux * 1.7) * 0.6, bottom, paint.g(mix(haze, [62, 76, 70], 0.65)));
      break;
    }
    case 'desert': {
      const mesa = profile(rng, 7, -0.1, 0.16);
      silhouette(
        ctx,
        st,
        (ux) => (mesa(ux) > 0.05 ? 0.13 + mesa(ux) * 0.15 : Math.max(0, mesa(ux))),
        bottom,
        paint.g(mix(haze, [170, 104, 70], 0.5)),
      );
      silhouette(ctx, st, profile(rng, 12, 0, 0.035), bottom, paint.g(mix(haze, [214, 168, 110], 0.55)));
      break;
    }
  }
}
