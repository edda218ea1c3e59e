import { mix, shade, type Rgb } from '../palette';
import { Rng } from '../random';
import type { PlanLocation, SceneBiome } from '../types';
import { glow, vGradient, type Ctx, type Paint } from './paint';
import { band, depthAt, groundY, setX, type Layer, type Stage } from './stage';

/** The exterior set between the far scenery and the figures: middle-distance props, the ground, and overhead string lights. */

const GROUND: Record<SceneBiome, string> = {
  city: '#56575d',
  coast: '#d6c096',
  forest: '#4f6838',
  fields: '#6d8a45',
  mountains: '#6a7850',
  desert: '#d0a366',
};
const ROOF_FLOOR = '#6b625a';
/** Where a rooftop's parapet stands (depth scale) and how tall it is (in person heights). */
export const LEDGE_K = 0.55;
const LEDGE_HEIGHT = 0.5;

export const isRooftop = (loc: PlanLocation) => loc.props.includes('ledge');

/** The top of what the ground layer covers: the parapet top on a rooftop, else the horizon. */
export function groundTop(st: Stage, loc: PlanLocation): number {
  return isRooftop(loc) ? groundY(st, LEDGE_K) - LEDGE_HEIGHT * st.S * LEDGE_K : st.horizon - 1;
}

function tree(ctx: Ctx, paint: Paint, rng: Rng, x: number, base: number, size: number, conifer: boolean): void {
  const trunk: Rgb = [84, 62, 44];
  const leaf: Rgb = mix([58, 104, 52], [92, 124, 58], rng.next());
  ctx.fillStyle = paint.c(trunk);
  ctx.fillRect(x - size * 0.035, base - size * 0.45, size * 0.07, size * 0.45);
  if (conifer) {
    for (let i = 0; i < 3; i++) {
      const y = base - size * (0.25 + i * 0.22);
      const w = size * (0.42 - i * 0.1);
      ctx.fillStyle = paint.c(shade(leaf, 0.8 + i * 0.08));
      ctx.beginPath();
      ctx.moveTo(x - w, y);
      ctx.lineTo(x, y - size * 0.42);
      ctx.lineTo(x + w, y);
      ctx.fill();
    }
    return;
  }
  for (let i = 0; i < 6; i++) {
    const a = (i / 6) * Math.PI * 2;
    ctx.fillStyle = paint.c(shade(leaf, 0.8 + 0.2 * Math.sin(a + 1)));
    ctx.beginPath();
    ctx.arc(x + Math.cos(a) * size * 0.16, base - size * 0.68 + Math.sin(a) * size * 0.12, size * 0.2, 0, Math.PI * 2);
    ctx.fill();
  }
}

function waterTower(ctx: Ctx, paint: Paint, x: number, base: number, s: number): void {
  const wood: Rgb = [122, 84, 58];
  ctx.strokeStyle = paint.c([60, 56, 54]);
  ctx.lineWidth = Math.max(1, s * 0.02);
  for (const dx of [-0.32, 0.32]) {
    ctx.beginPath();
    ctx.moveTo(x + dx * s, base);
    ctx.lineTo(x + dx * s * 0.8, base - s * 0.7);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.moveTo(x - 0.3 * s, base - 0.15 * s);
  ctx.lineTo(x + 0.26 * s, base - 0.55 * s);
  ctx.moveTo(x + 0.3 * s, base - 0.15 * s);
  ctx.lineTo(x - 0.26 * s, base - 0.55 * s);
  ctx.stroke();
  ctx.fillStyle = paint.c(wood);
  ctx.fillRect(x - 0.34 * s, base - 1.35 * s, 0.68 * s, 0.66 * s);
  ctx.fillStyle = paint.c(shade(wood, 0.7));
  for (let i = 1; i < 4; i++) ctx.fillRect(x - 0.34 * s, base - 1.35 * s + i * 0.165 * s, 0.68 * s, Math.max(1, s * 0.015));
  ctx.fillStyle = paint.c([70, 64, 60]);
  ctx.beginPath();
  ctx.moveTo(x - 0.4 * s, base - 1.34 * s);
  ctx.lineTo(x, base - 1.62 * s);
  ctx.lineTo(x + 0.4 * s, base - 1.34 * s);
  ctx.fill();
}

/** A rooftop stair bulkhead with a steel door and a lamp over it. */
function doorway(ctx: Ctx, paint: Paint, x: number, base: number, s: number): void {
  const brick: Rgb = [132, 86, 70];
  ctx.fillStyle = paint.c(brick);
  ctx.fillRect(x - 1.3 * s, base - 1.55 * s, 2.6 * s, 1.55 * s);
  ctx.fillStyle = paint.c(shade(brick, 0.8));
  for (let r = 0; r < 12; r++) ctx.fillRect(x - 1.3 * s, base - 1.55 * s + r * 0.13 * s, 2.6 * s, Math.max(1, s * 0.01));
  ctx.fillStyle = paint.c([90, 86, 84]);
  ctx.fillRect(x - 1.36 * s, base - 1.62 * s, 2.72 * s, 0.08 * s);
  const steel: Rgb = [112, 122, 130];
  ctx.fillStyle = paint.c(shade(steel, 0.6));
  ctx.fillRect(x - 0.36 * s, base - 1.2 * s, 0.72 * s, 1.2 * s);
  ctx.fillStyle = paint.c(steel);
  ctx.fillRect(x - 0.32 * s, base - 1.16 * s, 0.64 * s, 1.16 * s);
  ctx.fillStyle = paint.c([40, 40, 44]);
  ctx.fillRect(x + 0.2 * s, base - 0.6 * s, 0.07 * s, 0.04 * s);
  ctx.fillStyle = paint.c([50, 50, 54]);
  ctx.fillRect(x - 0.09 * s, base - 1.36 * s, 0.18 * s, 0.09 * s);
  if (paint.light.lightsOn) glow(ctx, x, base - 1.28 * s, 0.9 * s, [255, 214, 150], 0.7, paint);
  ctx.fillStyle = paint.light.lightsOn ? paint.g([255, 236, 190]) : paint.c([200, 200, 190]);
  ctx.fillRect(x - 0.06 * s, base - 1.28 * s, 0.12 * s, 0.04 * s);
}

/** Middle distance (parallax 0.32): trees, rocks, cacti, a water tower or a stairwell door, seeded by the location. */
export function drawMid(st: Stage, paint: Paint, loc: PlanLocation, bottom: number): Layer | null {
  const rng = new Rng(loc.seed ^ 0x3d1);
  const { ctx, finish } = band(st, st.horizon - 2.2 * st.S, bottom);
  let drew = false;
  const k = 0.34;
  // On a rooftop the tower stands on a neighbouring roof, its feet hidden behind the parapet.
  const base = isRooftop(loc) ? groundTop(st, loc) : groundY(st, k);
  const s = st.S * k;
  if (loc.props.includes('water-tower')) {
    waterTower(ctx, paint, setX(st, rng.pick([-1, 1]) * rng.range(3.5, 6), k), base, s * 1.6);
    drew = true;
  }
  if (loc.props.includes('door')) {
    doorway(ctx, paint, setX(st, rng.range(-1.2, 1.2), 0.42), groundY(st, 0.42), st.S * 0.42);
    drew = true;
  }
  if (loc.props.includes('lamp') && !loc.props.includes('door')) {
    // A lamp post, standing nearer than the rest of this layer: it is too tall for the ground layer's strip.
    const kk = 0.62;
    const x = setX(st, rng.pick([-1, 1]) * rng.range(1.5, 3), kk);
    const y = groundY(st, kk);
    const ss = st.S * kk;
    ctx.fillStyle = paint.c([50, 52, 58]);
    ctx.fillRect(x - ss * 0.025, y - ss * 1.9, ss * 0.05, ss * 1.9);
    ctx.fillRect(x - ss * 0.1, y - ss * 1.95, ss * 0.2, ss * 0.07);
    if (paint.light.lightsOn) glow(ctx, x, y - ss * 1.86, ss * 0.9, [255, 210, 140], 0.75, paint);
    drew = true;
  }
  if (!isRooftop(loc) && loc.biome !== 'city') {
    const count = loc.biome === 'forest' ? 18 : loc.biome === 'desert' ? 7 : 9;
    for (let i = 0; i < count; i++) {
      const wx = rng.range(-26, 26);
      const kk = rng.range(0.22, 0.48);
      const x = setX(st, wx, kk);
      const y = groundY(st, kk);
      const size = st.S * kk * rng.range(1.8, 3.2);
      if (x < -st.mx - size || x > st.W + st.mx + size) continue;
      drew = true;
      if (loc.biome === 'desert') {
        ctx.fillStyle = paint.c([72, 120, 70]);
        ctx.fillRect(x - size * 0.05, y - size * 0.55, size * 0.1, size * 0.55);
        ctx.fillRect(x - size * 0.2, y - size * 0.4, size * 0.06, size * 0.2);
        ctx.fillRect(x - size * 0.2, y - size * 0.25, size * 0.2, size * 0.05);
      } else if (loc.biome === 'coast') {
        ctx.fillStyle = paint.c([96, 92, 88]);
        ctx.beginPath();
        ctx.ellipse(x, y, size * 0.25, size * 0.12, 0, Math.PI, 0);
        ctx.fill();
      } else {
        tree(ctx, paint, rng, x, y, size, loc.biome === 'mountains' || (loc.biome === 'forest' && rng.chance(0.5)));
      }
    }
  }
  return drew ? finish(0.32) : null;
}

/** The ground plane (parallax 0.55): surface and its perspective texture, a rooftop parapet, planters, a fence or a lamp post. */
export function drawGround(st: Stage, paint: Paint, loc: PlanLocation): Layer {
  const rng = new Rng(loc.seed ^ 0x6a0);
  const top = groundTop(st, loc);
  const { ctx, finish } = band(st, top, st.H + st.my);
  const L = paint.light;
  const rooftop = isRooftop(loc);
  const floorTop = rooftop ? groundY(st, LEDGE_K) : st.horizon;
  const surface: Rgb = mix(paint.rgb(rooftop ? ROOF_FLOOR : GROUND[loc.biome]), paint.rgb(L.ground), 0.25);
  const far: Rgb = mix(surface, L.haze, rooftop ? 0.15 : 0.55);
  ctx.fillStyle = vGradient(ctx, floorTop, st.H + st.my, [
    [0, paint.g(far)],
    [0.35, paint.g(surface)],
    [1, paint.g(shade(surface, 0.78))],
  ]);
  // From the band's top, under the parapet too: two antialiased edges meeting on one row would
  // otherwise leave it semi-transparent.
  ctx.fillRect(-st.mx, Math.min(floorTop, top), st.W + 2 * st.mx, st.H + st.my - Math.min(floorTop, top));

  if (loc.biome === 'coast' && !rooftop) {
    const shore = groundY(st, 0.3);
    const sea: Rgb = mix(L.skyHorizon, [24, 70, 110], 0.55);
    ctx.fillStyle = vGradient(ctx, st.horizon, shore, [
      [0, paint.g(mix(sea, L.skyHorizon, 0.4))],
      [1, paint.g(shade(sea, 0.85))],
    ]);
    ctx.fillRect(-st.mx, st.horizon - 1, st.W + 2 * st.mx, shore - st.horizon + 1);
    const sunX = L.sun ? -st.mx + L.sun.x * (st.W + 2 * st.mx) : L.moon ? L.moon.x * st.W : st.W / 2;
    for (let i = 0; i < 140; i++) {
      const y = st.horizon + rng.next() ** 1.6 * (shore - st.horizon);
      const spread = (y - st.horizon) * 2.5 + st.W * 0.03;
      const x = sunX + (rng.next() - 0.5) * spread * 2;
      ctx.fillStyle = paint.g(mix(L.skyHorizon, [255, 255, 255], 0.5), rng.range(0.2, 0.6));
      ctx.fillRect(x, y, Math.max(2, (y - st.horizon) * 0.3), Math.max(1, (y - st.horizon) * 0.012));
    }
    ctx.fillStyle = paint.g([240, 244, 240], 0.7);
    ctx.fillRect(-st.mx, shore - 1, st.W + 2 * st.mx, Math.max(2, st.S * 0.01));
  }

  // Texture that shrinks towards the horizon: it is most of what makes the ground read as a plane.
  const vpX = st.W / 2 - st.offsetX * st.U;
  const ink = paint.g(shade(surface, 0.6), 0.35);
  if (loc.biome === 'city' || rooftop) {
    ctx.strokeStyle = ink;
    ctx.lineWidth = Math.max(1, st.H / 600);
    for (let k = 0.6; k < 8; k *= 1.28) {
      const y = groundY(st, k);
      if (y < floorTop || y > st.H + st.my) continue;
      ctx.beginPath();
      ctx.moveTo(-st.mx, y);
      ctx.lineTo(st.W + st.mx, y);
      ctx.stroke();
    }
    // Converging joints stop short of the horizon, where they would only merge into a smudge.
    const from = Math.max(floorTop, groundY(st, 0.5));
    for (let i = -14; i <= 14; i++) {
      const xb = vpX + i * st.S * 0.9;
      const t = (from - st.horizon) / (st.H + st.my - st.horizon);
      ctx.beginPath();
      ctx.moveTo(vpX + (xb - vpX) * t, from);
      ctx.lineTo(xb, st.H + st.my);
      ctx.stroke();
    }
  } else {
    const blade = loc.biome === 'desert' || loc.biome === 'coast' ? null : mix(surface, [150, 190, 90], 0.3);
    for (let i = 0; i < 900; i++) {
      const y = floorTop + rng.next() ** 1.8 * (st.H + st.my - floorTop);
      const k = Math.max(0.05, depthAt(st, y));
      const x = -st.mx + rng.next() * (st.W + 2 * st.mx);
      const len = st.S * k * rng.range(0.03, 0.07);
      ctx.fillStyle = blade ? paint.g(rng.chance(0.5) ? blade : shade(surface, 0.75), 0.7) : ink;
      if (blade) ctx.fillRect(x, y - len, Math.max(1, len * 0.12), len);
      else ctx.fillRect(x, y, len * 4, Math.max(1, len * 0.08));
    }
  }

  if (rooftop) {
    const y1 = groundY(st, LEDGE_K);
    const y0 = top;
    const concrete: Rgb = [150, 140, 128];
    ctx.fillStyle = vGradient(ctx, y0, y1, [
      [0, paint.c(concrete)],
      [1, paint.c(shade(concrete, 0.7))],
    ]);
    ctx.fillRect(-st.mx, y0, st.W + 2 * st.mx, y1 - y0);
    ctx.fillStyle = paint.c(mix(concrete, [255, 255, 255], 0.25));
    ctx.fillRect(-st.mx, y0, st.W + 2 * st.mx, Math.max(2, (y1 - y0) * 0.12));
    ctx.fillStyle = paint.c(shade(concrete, 0.6), 0.5);
    for (let wx = -40; wx <= 40; wx += 1.5) ctx.fillRect(setX(st, wx, LEDGE_K), y0, Math.max(1, st.S * 0.006), y1 - y0);
  }

  return finish(0.55);
}

/** Props standing on the ground in front of the middle distance (parallax 0.6): planters, a fence, a bench. */
export function drawProps(st: Stage, paint: Paint, loc: PlanLocation): Layer | null {
  const rng = new Rng(loc.seed ^ 0x9b0);
  const rooftop = isRooftop(loc);
  const { ctx, finish } = band(st, groundY(st, 0.45) - 0.6 * st.S * 0.45, st.H + st.my);
  let drew = false;
  for (const prop of loc.props) {
    if (prop === 'planters' || prop === 'fence' || prop === 'bench') drew = true;
    if (prop === 'planters') {
      for (let i = 0; i < 6; i++) {
        const side = i % 2 ? 1 : -1;
        const k = rng.range(0.62, 1.1);
        const x = setX(st, side * rng.range(1.4, 4.5), k);
        const y = groundY(st, k);
        const w = 0.55 * st.S * k;
        const h = 0.28 * st.S * k;
        ctx.fillStyle = paint.c([120, 82, 56]);
        ctx.fillRect(x - w / 2, y - h, w, h);
        for (let p = 0; p < 7; p++) {
          ctx.fillStyle = paint.c(mix([52, 110, 60], [110, 150, 70], rng.next()));
          ctx.beginPath();
          ctx.arc(x - w / 2 + rng.next() * w, y - h - rng.next() * h * 0.6, h * rng.range(0.25, 0.45), 0, Math.PI * 2);
          ctx.fill();
        }
        if (rng.chance(0.6)) {
          ctx.fillStyle = paint.c(
            rng.pick<Rgb>([
              [230, 90, 90],
              [240, 200, 80],
              [220, 140, 220],
              [250, 250, 240],
            ]),
          );
          for (let f = 0; f < 5; f++) {
            ctx.beginPath();
            ctx.arc(x - w / 2 + rng.next() * w, y - h - rng.next() * h * 0.9, h * 0.07, 0, Math.PI * 2);
            ctx.fill();
          }
        }
      }
    } else if (prop === 'fence' && !rooftop) {
      const k = 0.5;
      const y = groundY(st, k);
      ctx.fillStyle = paint.c([150, 120, 90]);
      for (let wx = -60; wx <= 60; wx += 1.2)
        ctx.fillRect(setX(st, wx, k), y - 0.5 * st.S * k, Math.max(1, 0.04 * st.S * k), 0.5 * st.S * k);
      ctx.fillRect(-st.mx, y - 0.42 * st.S * k, st.W + 2 * st.mx, Math.max(1, 0.03 * st.S * k));
      ctx.fillRect(-st.mx, y - 0.22 * st.S * k, st.W + 2 * st.mx, Math.max(1, 0.03 * st.S * k));
    } else if (prop === 'bench') {
      const k = 0.7;
      const x = setX(st, rng.range(-3, 3), k);
      const y = groundY(st, k);
      const s = st.S * k;
      ctx.fillStyle = paint.c([110, 76, 50]);
      ctx.fillRect(x - s * 0.5, y - s * 0.27, s, s * 0.06);
      ctx.fillRect(x - s * 0.5, y - s * 0.5, s, s * 0.06);
      ctx.fillStyle = paint.c([50, 50, 54]);
      ctx.fillRect(x - s * 0.45, y - s * 0.27, s * 0.04, s * 0.27);
      ctx.fillRect(x + s * 0.41, y - s * 0.27, s * 0.04, s * 0.27);
    }
  }
  return drew ? finish(0.6) : null;
}

/** Overhead string lights (parallax 0.5, drawn behind the figures): two sagging strands of bulbs, lit when the light is low. */
export function drawNear(st: Stage, paint: Paint, loc: PlanLocation): Layer | null {
  if (!loc.props.includes('string-lights')) return null;
  const rng = new Rng(loc.seed ^ 0x11d);
  const zoom = st.U / st.H;
  const { ctx, finish } = band(st, -st.my, st.H * 0.42);
  const on = paint.light.lightsOn;
  const bulb = Math.max(1.5, st.H * 0.0055 * Math.sqrt(zoom));
  for (let strand = 0; strand < 2; strand++) {
    const y0 = st.H * rng.range(-0.02, 0.08) - strand * st.H * 0.04;
    const sag = st.H * rng.range(0.1, 0.18) * Math.min(1.6, Math.sqrt(zoom));
    const phase = rng.range(-0.3, 0.3);
    const at = (x: number) => {
      const u = (x + st.mx) / (st.W + 2 * st.mx) + phase;
      return y0 + sag * 4 * (u - Math.floor(u)) * (1 - (u - Math.floor(u)));
    };
    ctx.strokeStyle = paint.c([30, 28, 30]);
    ctx.lineWidth = Math.max(1, st.H / 700);
    ctx.beginPath();
    for (let x = -st.mx; x <= st.W + st.mx; x += 6) ctx[x === -st.mx ? 'moveTo' : 'lineTo'](x, at(x));
    ctx.stroke();
    const gap = st.W * 0.045 * Math.min(1.8, Math.sqrt(zoom));
    for (let x = -st.mx + gap / 2; x < st.W + st.mx; x += gap) {
      const y = at(x) + bulb * 1.6;
      if (on) glow(ctx, x, y, bulb * 6, [255, 206, 130], 0.5, paint);
      ctx.fillStyle = on ? paint.g([255, 240, 200]) : paint.c([210, 205, 190]);
      ctx.beginPath();
      ctx.arc(x, y, bulb, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  return finish(0.5);
}
