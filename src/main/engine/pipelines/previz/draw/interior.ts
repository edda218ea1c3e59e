import { mix, shade, type Rgb } from '../palette';
import { Rng } from '../random';
import type { PlanLocation } from '../types';
import { glow, vGradient, type Ctx, type Paint } from './paint';
import { drawSky } from './sky';
import { band, groundY, setX, type Layer, type Stage } from './stage';

/** An interior set: back wall with window, door, pictures or shelves; furniture; a floor in perspective. */

const WALLS: Rgb[] = [
  [201, 183, 156],
  [159, 179, 168],
  [183, 166, 201],
  [216, 199, 160],
  [169, 184, 201],
  [201, 168, 159],
];
const WOODS: Rgb[] = [
  [134, 96, 64],
  [160, 120, 80],
  [110, 76, 52],
  [176, 140, 100],
];
/** The back wall's depth scale, and the room's height in person heights. */
const WALL_K = 0.45;
const ROOM_H = 2.7;

export const floorLine = (st: Stage) => groundY(st, WALL_K);

function windowPane(ctx: Ctx, st: Stage, paint: Paint, loc: PlanLocation, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  drawSky(ctx, paint, { x, y, w, h, horizon: y + h * 0.78 }, loc.seed, 1);
  // A glimpse of the outside: a few rooftops or hills under the window's horizon.
  const rng = new Rng(loc.seed ^ 0x77);
  ctx.fillStyle = paint.g(mix(paint.light.haze, [30, 34, 44], 0.5));
  for (let bx = x; bx < x + w;) {
    const bw = w * rng.range(0.08, 0.2);
    const bh = h * (loc.biome === 'city' ? rng.range(0.1, 0.35) : rng.range(0.04, 0.1));
    ctx.fillRect(bx, y + h * 0.78 - bh, bw + 1, h);
    bx += bw;
  }
  if (paint.light.lightsOn && loc.biome === 'city') {
    ctx.fillStyle = paint.g([255, 214, 140], 0.9);
    for (let i = 0; i < 14; i++)
      ctx.fillRect(x + rng.next() * w, y + h * (0.8 - rng.range(0.02, 0.2)), Math.max(1, w * 0.012), Math.max(1, h * 0.015));
  }
  ctx.restore();
  const frame = paint.c([236, 232, 222]);
  ctx.strokeStyle = frame;
  ctx.lineWidth = Math.max(2, w * 0.04);
  ctx.strokeRect(x, y, w, h);
  ctx.lineWidth = Math.max(1, w * 0.025);
  ctx.beginPath();
  ctx.moveTo(x + w / 2, y);
  ctx.lineTo(x + w / 2, y + h);
  ctx.moveTo(x, y + h * 0.45);
  ctx.lineTo(x + w, y + h * 0.45);
  ctx.stroke();
  ctx.fillStyle = frame;
  ctx.fillRect(x - w * 0.06, y + h, w * 1.12, Math.max(2, h * 0.05));
}

/** The back wall (parallax 0.1, which dollies do not scale), with everything hung on it. */
export function drawWall(st: Stage, paint: Paint, loc: PlanLocation, bottom: number): Layer {
  const rng = new Rng(loc.seed ^ 0x3a11);
  const { ctx, finish } = band(st, -st.my, bottom);
  const wall = rng.pick(WALLS);
  const floorY = floorLine(st);
  const unit = st.S * WALL_K;
  const ceiling = floorY - ROOM_H * unit;
  ctx.fillStyle = vGradient(ctx, ceiling, floorY, [
    [0, paint.c(shade(wall, 0.85))],
    [1, paint.c(shade(wall, 0.7))],
  ]);
  ctx.fillRect(-st.mx, -st.my, st.W + 2 * st.mx, bottom + st.my);
  if (ceiling > -st.my) {
    ctx.fillStyle = paint.c(mix(wall, [250, 250, 250], 0.3));
    ctx.fillRect(-st.mx, -st.my, st.W + 2 * st.mx, ceiling + st.my);
    ctx.fillStyle = paint.c(shade(wall, 0.6));
    ctx.fillRect(-st.mx, ceiling, st.W + 2 * st.mx, Math.max(1, unit * 0.04));
  }
  // Wallpaper stripes on some walls, a wainscot on others.
  if (rng.chance(0.5)) {
    ctx.fillStyle = paint.c(shade(wall, 0.92), 0.6);
    for (let wx = -40; wx < 40; wx += 0.25) ctx.fillRect(setX(st, wx, WALL_K), ceiling, Math.max(1, unit * 0.08), floorY - ceiling);
  } else {
    ctx.fillStyle = paint.c(shade(wall, 0.78));
    ctx.fillRect(-st.mx, floorY - 0.85 * unit, st.W + 2 * st.mx, 0.85 * unit);
    ctx.fillStyle = paint.c(mix(wall, [255, 255, 255], 0.3));
    ctx.fillRect(-st.mx, floorY - 0.88 * unit, st.W + 2 * st.mx, Math.max(1, unit * 0.04));
  }
  const slots = [-3.4, -1.1, 1.2, 3.5].map((v) => v + rng.range(-0.3, 0.3));
  const windowAt = rng.pick(slots);
  const others = slots.filter((s) => s !== windowAt);
  const ww = 1.25 * unit;
  const wh = 1.3 * unit;
  windowPane(ctx, st, paint, loc, setX(st, windowAt, WALL_K) - ww / 2, floorY - 2.15 * unit, ww, wh);
  const curtain = rng.pick<Rgb>([
    [170, 60, 60],
    [60, 90, 140],
    [200, 170, 110],
    [90, 120, 80],
  ]);
  ctx.fillStyle = paint.c(curtain);
  for (const side of [-1, 1])
    ctx.fillRect(setX(st, windowAt, WALL_K) + side * ww * 0.62 - ww * 0.14, floorY - 2.3 * unit, ww * 0.28, 1.7 * unit);

  let next = 0;
  if (loc.props.includes('door')) {
    const x = setX(st, others[next++] ?? 0, WALL_K);
    const wood = rng.pick(WOODS);
    ctx.fillStyle = paint.c(shade(wood, 0.7));
    ctx.fillRect(x - 0.36 * unit, floorY - 1.62 * unit, 0.72 * unit, 1.62 * unit);
    ctx.fillStyle = paint.c(wood);
    ctx.fillRect(x - 0.31 * unit, floorY - 1.56 * unit, 0.62 * unit, 1.56 * unit);
    ctx.fillStyle = paint.c([212, 180, 90]);
    ctx.beginPath();
    ctx.arc(x + 0.22 * unit, floorY - 0.8 * unit, 0.035 * unit, 0, Math.PI * 2);
    ctx.fill();
  }
  if (loc.props.includes('shelves')) {
    const x = setX(st, others[next++] ?? 0, WALL_K);
    const wood = rng.pick(WOODS);
    ctx.fillStyle = paint.c(shade(wood, 0.75));
    ctx.fillRect(x - 0.65 * unit, floorY - 1.9 * unit, 1.3 * unit, 1.9 * unit);
    for (let shelf = 0; shelf < 5; shelf++) {
      const sy = floorY - (0.1 + shelf * 0.37) * unit;
      ctx.fillStyle = paint.c(wood);
      ctx.fillRect(x - 0.62 * unit, sy, 1.24 * unit, 0.04 * unit);
      for (let bx = x - 0.58 * unit; bx < x + 0.55 * unit;) {
        const bw = rng.range(0.04, 0.09) * unit;
        const bh = rng.range(0.2, 0.31) * unit;
        ctx.fillStyle = paint.c(
          rng.pick<Rgb>([
            [150, 50, 50],
            [50, 80, 130],
            [60, 110, 80],
            [200, 170, 90],
            [120, 80, 140],
            [220, 210, 190],
          ]),
        );
        ctx.fillRect(bx, sy - bh, bw - 1, bh);
        bx += bw;
      }
    }
  }
  if (loc.props.includes('picture') || next < others.length - 1) {
    const x = setX(st, others[next] ?? 0, WALL_K);
    const w = 0.7 * unit;
    const h = 0.5 * unit;
    const y = floorY - 1.75 * unit;
    ctx.fillStyle = paint.c([60, 44, 30]);
    ctx.fillRect(x - w / 2 - 0.04 * unit, y - 0.04 * unit, w + 0.08 * unit, h + 0.08 * unit);
    ctx.fillStyle = vGradient(ctx, y, y + h, [
      [
        0,
        paint.c(
          rng.pick<Rgb>([
            [230, 170, 90],
            [120, 170, 210],
            [200, 120, 140],
          ]),
        ),
      ],
      [
        1,
        paint.c(
          rng.pick<Rgb>([
            [60, 90, 120],
            [90, 140, 80],
            [240, 220, 180],
          ]),
        ),
      ],
    ]);
    ctx.fillRect(x - w / 2, y, w, h);
  }
  if (paint.light.lightsOn || paint.time === 'dusk')
    glow(ctx, setX(st, others[others.length - 1] ?? 2, WALL_K), floorY - 1.5 * unit, 1.6 * unit, [255, 200, 130], 0.45, paint);
  return finish(0.1);
}

/** Furniture standing in front of the wall (parallax 0.3). */
export function drawFurniture(st: Stage, paint: Paint, loc: PlanLocation): Layer | null {
  const rng = new Rng(loc.seed ^ 0xf0e);
  const k = 0.56;
  const unit = st.S * k;
  const y = groundY(st, k);
  const { ctx, finish } = band(st, y - 2.2 * unit, y + 0.1 * unit);
  const wood = rng.pick(WOODS);
  const fabric = rng.pick<Rgb>([
    [90, 110, 150],
    [150, 90, 80],
    [110, 130, 90],
    [170, 150, 120],
  ]);
  let drew = false;
  const place = (wx: number) => setX(st, wx + rng.range(-0.4, 0.4), k);
  if (loc.props.includes('counter')) {
    const x = place(-0.5);
    ctx.fillStyle = paint.c(shade(wood, 0.8));
    ctx.fillRect(x - 2.2 * unit, y - 0.62 * unit, 4.4 * unit, 0.62 * unit);
    ctx.fillStyle = paint.c([220, 215, 205]);
    ctx.fillRect(x - 2.3 * unit, y - 0.68 * unit, 4.6 * unit, 0.07 * unit);
    drew = true;
  }
  if (loc.props.includes('sofa') || loc.props.includes('bed')) {
    const x = place(loc.props.includes('bed') ? 1.8 : -1.8);
    const bed = loc.props.includes('bed');
    ctx.fillStyle = paint.c(shade(fabric, 0.8));
    ctx.beginPath();
    ctx.roundRect(x - 1.1 * unit, y - (bed ? 0.75 : 0.6) * unit, 2.2 * unit, (bed ? 0.45 : 0.35) * unit, 0.08 * unit);
    ctx.fill();
    ctx.fillStyle = paint.c(bed ? [236, 232, 226] : fabric);
    ctx.beginPath();
    ctx.roundRect(x - 1.15 * unit, y - 0.4 * unit, 2.3 * unit, 0.32 * unit, 0.08 * unit);
    ctx.fill();
    ctx.fillStyle = paint.c([40, 34, 30]);
    ctx.fillRect(x - 1.05 * unit, y - 0.08 * unit, 0.06 * unit, 0.08 * unit);
    ctx.fillRect(x + 0.99 * unit, y - 0.08 * unit, 0.06 * unit, 0.08 * unit);
    drew = true;
  }
  if (loc.props.includes('table')) {
    const x = place(2.4);
    ctx.fillStyle = paint.c(wood);
    ctx.fillRect(x - 0.7 * unit, y - 0.45 * unit, 1.4 * unit, 0.06 * unit);
    ctx.fillStyle = paint.c(shade(wood, 0.7));
    ctx.fillRect(x - 0.64 * unit, y - 0.4 * unit, 0.06 * unit, 0.4 * unit);
    ctx.fillRect(x + 0.58 * unit, y - 0.4 * unit, 0.06 * unit, 0.4 * unit);
    ctx.fillStyle = paint.c([240, 236, 228]);
    ctx.fillRect(x - 0.15 * unit, y - 0.56 * unit, 0.12 * unit, 0.11 * unit);
    drew = true;
  }
  if (loc.props.includes('lamp') || paint.light.lightsOn) {
    const x = place(-3.4);
    ctx.fillStyle = paint.c([50, 48, 46]);
    ctx.fillRect(x - 0.02 * unit, y - 1.45 * unit, 0.04 * unit, 1.45 * unit);
    ctx.fillRect(x - 0.15 * unit, y - 0.03 * unit, 0.3 * unit, 0.03 * unit);
    if (paint.light.lightsOn) glow(ctx, x, y - 1.4 * unit, 0.9 * unit, [255, 206, 140], 0.65, paint);
    ctx.fillStyle = paint.light.lightsOn ? paint.g([255, 226, 170]) : paint.c([230, 220, 196]);
    ctx.beginPath();
    ctx.moveTo(x - 0.16 * unit, y - 1.3 * unit);
    ctx.lineTo(x - 0.1 * unit, y - 1.58 * unit);
    ctx.lineTo(x + 0.1 * unit, y - 1.58 * unit);
    ctx.lineTo(x + 0.16 * unit, y - 1.3 * unit);
    ctx.fill();
    drew = true;
  }
  return drew ? finish(0.3) : null;
}

/** The floor (parallax 0.55): planks or tiles in perspective, a rug, and the skirting board. */
export function drawFloor(st: Stage, paint: Paint, loc: PlanLocation): Layer {
  const rng = new Rng(loc.seed ^ 0xf100);
  const top = floorLine(st);
  const { ctx, finish } = band(st, top - 0.06 * st.S * WALL_K, st.H + st.my);
  const tiles = loc.props.includes('counter');
  const base = tiles
    ? rng.pick<Rgb>([
        [200, 196, 186],
        [150, 160, 170],
      ])
    : rng.pick(WOODS);
  const bottom = st.H + st.my;
  ctx.fillStyle = vGradient(ctx, top, bottom, [
    [0, paint.c(shade(base, 0.75))],
    [1, paint.c(base)],
  ]);
  ctx.fillRect(-st.mx, top, st.W + 2 * st.mx, bottom - top);
  const vpX = st.W / 2 - st.offsetX * st.U;
  const t = (top - st.horizon) / (bottom - st.horizon);
  ctx.strokeStyle = paint.c(shade(base, 0.55), 0.55);
  ctx.lineWidth = Math.max(1, st.H / 720);
  const spacing = st.S * (tiles ? 0.5 : 0.18);
  for (let i = -80; i <= 80; i++) {
    const xb = vpX + i * spacing;
    ctx.beginPath();
    ctx.moveTo(vpX + (xb - vpX) * t, top);
    ctx.lineTo(xb, bottom);
    ctx.stroke();
  }
  if (tiles) {
    for (let k = WALL_K; k < 10; k *= 1.25) {
      const y = groundY(st, k);
      ctx.beginPath();
      ctx.moveTo(-st.mx, y);
      ctx.lineTo(st.W + st.mx, y);
      ctx.stroke();
    }
  }
  // A rug under the midground, in perspective.
  const rugK = 1;
  const rugY = groundY(st, rugK);
  const rug = rng.pick<Rgb>([
    [150, 60, 60],
    [60, 80, 130],
    [170, 140, 90],
  ]);
  ctx.fillStyle = paint.c(rug, 0.9);
  ctx.beginPath();
  ctx.ellipse(setX(st, rng.range(-0.6, 0.6), rugK), rugY, st.S * 1.3, st.S * 0.2, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = paint.c(mix(rug, [255, 240, 200], 0.4), 0.8);
  ctx.lineWidth = Math.max(1, st.S * 0.015);
  ctx.stroke();
  ctx.fillStyle = paint.c([236, 230, 218]);
  ctx.fillRect(-st.mx, top - 0.06 * st.S * WALL_K, st.W + 2 * st.mx, 0.07 * st.S * WALL_K);
  return finish(0.55);
}
