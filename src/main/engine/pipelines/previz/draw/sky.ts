import { mix, type Rgb } from '../palette';
import { Rng } from '../random';
import { glow, vGradient, type Ctx, type Paint } from './paint';

export interface SkyBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The horizon's y; the sky's gradient ends there and the sun and moon are placed above it. */
  horizon: number;
}

/**
 * The sky of a time of day in a box: gradient, sun or moon with its glow, stars and a few clouds.
 * Stars and clouds are seeded by the location, so a place keeps its sky between shots.
 */
export function drawSky(ctx: Ctx, paint: Paint, box: SkyBox, seed: number, scale: number): void {
  const L = paint.light;
  const skyH = Math.max(1, box.horizon - box.y);
  ctx.fillStyle = vGradient(ctx, box.y, box.horizon, [
    [0, paint.g(L.skyTop)],
    [0.55, paint.g(L.skyMid)],
    [1, paint.g(L.skyHorizon)],
  ]);
  ctx.fillRect(box.x, box.y, box.w, box.h);

  const rng = new Rng(seed ^ 0x5a17);
  if (L.stars > 0) {
    const count = Math.round((box.w * skyH) / 2600);
    for (let i = 0; i < count; i++) {
      const x = box.x + rng.next() * box.w;
      const yy = rng.next();
      const y = box.y + yy * yy * skyH * 0.9;
      const a = L.stars * rng.range(0.25, 1) * (1 - yy * 0.8);
      const r = rng.chance(0.08) ? 1.6 : 0.9;
      ctx.fillStyle = paint.g([255, 250, 235], a);
      ctx.fillRect(x, y, r, r);
    }
  }

  const minSide = Math.min(box.w, skyH * 1.6);
  if (L.sun) {
    const sx = box.x + L.sun.x * box.w;
    const sy = box.horizon - L.sun.y * skyH;
    const r = L.sun.size * minSide * 0.5;
    glow(ctx, sx, sy, r * 9, L.sun.color, 0.55, paint);
    ctx.fillStyle = paint.g(mix(L.sun.color, [255, 255, 255], 0.5));
    ctx.beginPath();
    ctx.arc(sx, sy, r, 0, Math.PI * 2);
    ctx.fill();
  }
  if (L.moon) {
    const mx = box.x + L.moon.x * box.w;
    const my = box.horizon - L.moon.y * skyH;
    const r = 0.028 * minSide;
    glow(ctx, mx, my, r * 6, [170, 190, 255], 0.22, paint);
    ctx.fillStyle = paint.g([236, 236, 226]);
    ctx.beginPath();
    ctx.arc(mx, my, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = paint.g([190, 192, 190], 0.6);
    for (const [dx, dy, rr] of [
      [-0.3, -0.2, 0.22],
      [0.25, 0.3, 0.16],
      [0.1, -0.4, 0.1],
    ] as const) {
      ctx.beginPath();
      ctx.arc(mx + dx * r, my + dy * r, rr * r, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  // Clouds: soft clusters of ellipses, lit from below near the horizon at dawn and dusk.
  const clouds = rng.int(2, 4);
  const under: Rgb = mix(L.skyHorizon, L.skyMid, 0.3);
  const top: Rgb = mix(L.skyHorizon, [255, 255, 255], L.stars > 0.5 ? 0.05 : 0.55);
  for (let i = 0; i < clouds; i++) {
    const cx = box.x + rng.next() * box.w;
    const cy = box.y + rng.range(0.3, 0.75) * skyH;
    const w = rng.range(0.08, 0.18) * box.w * Math.min(1.5, Math.sqrt(scale));
    const h = w * rng.range(0.08, 0.13);
    const puffs = rng.int(4, 7);
    const alpha = L.stars > 0.5 ? 0.12 : 0.4;
    for (let p = 0; p < puffs; p++) {
      const px = cx + (p / (puffs - 1) - 0.5) * w;
      const py = cy - Math.sin((p / (puffs - 1)) * Math.PI) * h * 0.6;
      const pr = h * rng.range(0.5, 0.9);
      ctx.fillStyle = paint.g(under, alpha * 0.8);
      ctx.beginPath();
      ctx.ellipse(px, py + pr * 0.25, pr * 1.5, pr * 0.8, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = paint.g(top, alpha);
      ctx.beginPath();
      ctx.ellipse(px, py, pr * 1.3, pr * 0.7, 0, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}
