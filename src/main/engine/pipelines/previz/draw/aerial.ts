import { mix, shade, type Rgb } from '../palette';
import { Rng } from '../random';
import type { PlanLocation, ShotPlan } from '../types';
import { glow, vGradient, type Paint } from './paint';
import { band, type Layer, type Stage } from './stage';

/** The set seen from above (aerial shots) and the close detail of an insert shot. */

/** The ground from straight above (parallax 0.3), seeded by the location; each shot looks at its own patch. */
export function drawAerial(st: Stage, paint: Paint, loc: PlanLocation): Layer {
  const rng = new Rng(loc.seed ^ 0xae1);
  const { ctx, finish } = band(st, -st.my, st.H + st.my);
  const x0 = -st.mx;
  const y0 = -st.my;
  const w = st.W + 2 * st.mx;
  const h = st.H + 2 * st.my;
  const cell = st.H * 0.3;
  // World origin slides with the shot's look-offset, so shots of one place show different streets or fields.
  const ox = -st.offsetX * st.H * 1.5;
  const shadow = paint.light.keyLeft ? 1 : -1;
  const cols = Math.ceil(w / cell) + 2;
  const rows = Math.ceil(h / cell) + 2;
  const grid = (fn: (x: number, y: number, cr: Rng) => void) => {
    const first = Math.floor((x0 - ox) / cell) - 1;
    for (let r = 0; r < rows; r++) {
      for (let c = first; c < first + cols; c++)
        fn(ox + c * cell, y0 + r * cell, new Rng(loc.seed ^ Math.imul(c + 1000, 7919) ^ Math.imul(r + 1, 104729)));
    }
  };
  if (loc.interior) {
    const wood: Rgb = [150, 110, 74];
    ctx.fillStyle = paint.c(wood, 1, 0.45);
    ctx.fillRect(x0, y0, w, h);
    ctx.fillStyle = paint.c(shade(wood, 0.8), 1, 0.45);
    for (let y = y0; y < y0 + h; y += cell * 0.12) ctx.fillRect(x0, y, w, Math.max(1, cell * 0.01));
    grid((x, y, cr) => {
      if (!cr.chance(0.35)) return;
      ctx.fillStyle = paint.c(
        cr.pick<Rgb>([
          [90, 110, 150],
          [150, 90, 80],
          [120, 90, 60],
          [200, 190, 170],
        ]),
        1,
        0.45,
      );
      ctx.fillRect(x + cell * 0.15, y + cell * 0.2, cell * cr.range(0.3, 0.7), cell * cr.range(0.25, 0.6));
    });
    return finish(0.3);
  }
  const ground: Record<PlanLocation['biome'], Rgb> = {
    city: [92, 92, 98],
    coast: [214, 194, 150],
    forest: [60, 92, 52],
    fields: [112, 140, 72],
    mountains: [118, 122, 108],
    desert: [210, 166, 106],
  };
  const base = ground[loc.biome];
  ctx.fillStyle = paint.c(base);
  ctx.fillRect(x0, y0, w, h);
  if (loc.biome === 'city') {
    grid((x, y, cr) => {
      const m = cell * 0.12;
      ctx.fillStyle = paint.c([70, 70, 76]);
      ctx.fillRect(x, y + cell / 2 - 1, cell, Math.max(1, cell * 0.01));
      const n = cr.int(1, 3);
      for (let i = 0; i < n; i++) {
        const bx = x + m + (i * (cell - 2 * m)) / n;
        const bw = (cell - 2 * m) / n - 2;
        const roof = cr.pick<Rgb>([
          [150, 146, 140],
          [120, 120, 126],
          [170, 100, 80],
          [100, 104, 96],
        ]);
        const height = cr.range(0.02, 0.06) * cell * 3;
        ctx.fillStyle = 'rgba(0,0,0,0.35)';
        ctx.fillRect(bx + shadow * height, y + m + height * 0.5, bw, cell - 2 * m);
        ctx.fillStyle = paint.c(roof);
        ctx.fillRect(bx, y + m, bw, cell - 2 * m);
        ctx.fillStyle = paint.c(shade(roof, 0.8));
        ctx.fillRect(bx + bw * 0.2, y + m + cell * 0.1, bw * 0.25, cell * 0.12);
        if (paint.light.lightsOn && cr.chance(0.5)) glow(ctx, bx + bw / 2, y + m, cell * 0.12, [255, 210, 140], 0.5, paint);
      }
      if (cr.chance(0.4)) {
        ctx.fillStyle = paint.c(
          cr.pick<Rgb>([
            [200, 40, 40],
            [240, 240, 240],
            [40, 80, 160],
            [230, 190, 50],
          ]),
        );
        ctx.fillRect(x + cr.next() * cell, y - cell * 0.015, cell * 0.05, cell * 0.025);
      }
    });
  } else if (loc.biome === 'coast') {
    const sea: Rgb = [40, 100, 140];
    ctx.fillStyle = vGradient(ctx, y0, y0 + h * 0.6, [
      [0, paint.c(shade(sea, 0.8))],
      [1, paint.c(mix(sea, [90, 190, 190], 0.5))],
    ]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x0 + w, y0);
    for (let x = x0 + w; x >= x0; x -= 8)
      ctx.lineTo(x, y0 + h * 0.45 + Math.sin(x / (cell * 0.7) + rng.next() * 0.2) * cell * 0.1 + (x - x0) * 0.1);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = paint.g([245, 250, 250], 0.5);
    ctx.lineWidth = Math.max(1, cell * 0.01);
    ctx.stroke();
  } else {
    const greens: Rgb[] =
      loc.biome === 'fields'
        ? [
            [120, 150, 70],
            [160, 160, 80],
            [96, 130, 60],
            [190, 170, 90],
          ]
        : loc.biome === 'desert'
          ? [
              [220, 176, 116],
              [200, 150, 96],
            ]
          : loc.biome === 'mountains'
            ? [
                [130, 130, 120],
                [100, 110, 96],
                [230, 232, 236],
              ]
            : [
                [52, 92, 48],
                [70, 110, 56],
                [40, 80, 44],
              ];
    grid((x, y, cr) => {
      if (loc.biome === 'fields') {
        ctx.fillStyle = paint.c(cr.pick(greens));
        ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
        ctx.fillStyle = paint.c(shade(cr.pick(greens), 0.85), 0.6);
        for (let i = 1; i < 6; i++) ctx.fillRect(x, y + (i * cell) / 6, cell, Math.max(1, cell * 0.01));
      } else {
        for (let i = 0; i < 9; i++) {
          const cx = x + cr.next() * cell;
          const cy = y + cr.next() * cell;
          const r = cell * cr.range(0.06, 0.16);
          ctx.fillStyle = 'rgba(0,0,0,0.25)';
          ctx.beginPath();
          ctx.arc(cx + shadow * r * 0.4, cy + r * 0.3, r, 0, Math.PI * 2);
          ctx.fill();
          ctx.fillStyle = paint.c(cr.pick(greens));
          ctx.beginPath();
          ctx.arc(cx, cy, r, 0, Math.PI * 2);
          ctx.fill();
        }
      }
    });
  }
  return finish(0.3);
}

const INSERT_PROPS = ['cup', 'letter', 'phone', 'key', 'jar'] as const;

/** An insert's detail (parallax 0.9): a table top and one object on it, chosen by the shot's seed. */
export function drawInsert(st: Stage, paint: Paint, plan: ShotPlan): Layer {
  const rng = new Rng(plan.seed ^ 0x15e);
  const kind = rng.pick(INSERT_PROPS);
  const top = st.H * 0.64;
  const { ctx, finish } = band(st, st.H * 0.15, st.H + st.my);
  const wood: Rgb = rng.pick<Rgb>([
    [120, 84, 56],
    [150, 112, 76],
    [90, 64, 44],
  ]);
  ctx.fillStyle = vGradient(ctx, top, st.H + st.my, [
    [0, paint.c(shade(wood, 0.8))],
    [1, paint.c(wood)],
  ]);
  ctx.fillRect(-st.mx, top, st.W + 2 * st.mx, st.H + st.my - top);
  ctx.strokeStyle = paint.c(shade(wood, 0.65), 0.6);
  ctx.lineWidth = Math.max(1, st.H / 500);
  for (let i = 0; i < 7; i++) {
    const y = top + (st.H * 0.36 + st.my) * (i / 7) ** 1.4;
    ctx.beginPath();
    ctx.moveTo(-st.mx, y);
    ctx.lineTo(st.W + st.mx, y);
    ctx.stroke();
  }
  const cx = st.W / 2 + rng.range(-0.08, 0.08) * st.W;
  const base = st.H * 0.8;
  const s = st.H * 0.3;
  const accent: Rgb = rng.pick<Rgb>([
    [200, 70, 60],
    [60, 110, 170],
    [230, 190, 70],
    [90, 150, 110],
  ]);
  ctx.fillStyle = 'rgba(0,0,0,0.3)';
  ctx.beginPath();
  ctx.ellipse(cx + s * 0.1, base, s * 0.55, s * 0.09, 0, 0, Math.PI * 2);
  ctx.fill();
  switch (kind) {
    case 'cup':
      ctx.fillStyle = paint.c(accent);
      ctx.beginPath();
      ctx.roundRect(cx - s * 0.3, base - s * 0.7, s * 0.6, s * 0.7, s * 0.08);
      ctx.fill();
      ctx.strokeStyle = paint.c(accent);
      ctx.lineWidth = s * 0.07;
      ctx.beginPath();
      ctx.arc(cx + s * 0.33, base - s * 0.38, s * 0.15, -Math.PI / 2, Math.PI / 2);
      ctx.stroke();
      ctx.fillStyle = paint.c([60, 36, 24]);
      ctx.beginPath();
      ctx.ellipse(cx, base - s * 0.7, s * 0.28, s * 0.06, 0, 0, Math.PI * 2);
      ctx.fill();
      break;
    case 'jar':
      ctx.fillStyle = paint.c([230, 160, 40], 0.92);
      ctx.beginPath();
      ctx.roundRect(cx - s * 0.3, base - s * 0.75, s * 0.6, s * 0.75, s * 0.12);
      ctx.fill();
      ctx.fillStyle = paint.c(accent);
      ctx.fillRect(cx - s * 0.26, base - s * 0.9, s * 0.52, s * 0.16);
      ctx.fillStyle = paint.c([250, 240, 220]);
      ctx.fillRect(cx - s * 0.2, base - s * 0.5, s * 0.4, s * 0.22);
      break;
    case 'letter':
      ctx.fillStyle = paint.c([240, 234, 220]);
      ctx.fillRect(cx - s * 0.6, base - s * 0.3, s * 1.2, s * 0.3);
      ctx.strokeStyle = paint.c([170, 160, 140]);
      ctx.lineWidth = Math.max(1, s * 0.015);
      ctx.beginPath();
      ctx.moveTo(cx - s * 0.6, base - s * 0.3);
      ctx.lineTo(cx, base - s * 0.1);
      ctx.lineTo(cx + s * 0.6, base - s * 0.3);
      ctx.stroke();
      ctx.fillStyle = paint.c(accent);
      ctx.beginPath();
      ctx.arc(cx, base - s * 0.12, s * 0.06, 0, Math.PI * 2);
      ctx.fill();
      break;
    case 'phone':
      ctx.fillStyle = paint.c([28, 28, 32]);
      ctx.beginPath();
      ctx.roundRect(cx - s * 0.45, base - s * 0.22, s * 0.9, s * 0.2, s * 0.04);
      ctx.fill();
      ctx.fillStyle = paint.g(mix(accent, [255, 255, 255], 0.5));
      ctx.fillRect(cx - s * 0.4, base - s * 0.2, s * 0.8, s * 0.14);
      break;
    case 'key':
      ctx.strokeStyle = paint.c([200, 170, 80]);
      ctx.lineWidth = s * 0.06;
      ctx.beginPath();
      ctx.arc(cx - s * 0.3, base - s * 0.12, s * 0.12, 0, Math.PI * 2);
      ctx.moveTo(cx - s * 0.18, base - s * 0.12);
      ctx.lineTo(cx + s * 0.4, base - s * 0.12);
      ctx.lineTo(cx + s * 0.4, base - s * 0.02);
      ctx.stroke();
      break;
  }
  return finish(0.9);
}
