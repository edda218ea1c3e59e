import type { Canvas, Image } from '@napi-rs/canvas';
import { layerTransform } from './camera';
import { drawAerial, drawInsert } from './draw/aerial';
import { drawFar } from './draw/far';
import { drawFigure } from './draw/figure';
import { drawFloor, drawFurniture, drawWall, floorLine } from './draw/interior';
import { captionSprite, finishSprites, titleSprite, type Sprite } from './draw/overlays';
import { blurred, canvas, Paint } from './draw/paint';
import { drawGround, drawMid, drawNear, drawProps, groundTop } from './draw/set';
import { drawSky } from './draw/sky';
import { band, groundY, stageOf, type Layer, type MouthSpot, type Stage } from './draw/stage';
import { IMAGE_FILTER } from './palette';
import type { PlanCaption, ShotPlan } from './types';

/**
 * Everything a shot's frames are composited from, drawn once: plate layers, figures, overlays.
 * Layers are cut into tiles and empty tiles dropped, because blending transparent pixels costs
 * as much as blending visible ones and most layers are mostly empty.
 */

export interface Tile {
  canvas: Canvas;
  /** Offset inside the layer's canvas, in canvas pixels. */
  x: number;
  y: number;
}

export interface TiledLayer {
  tiles: Tile[];
  x: number;
  y: number;
  /** Frame pixels per canvas pixel at rest (below 1 when drawn at a higher resolution for a push-in). */
  f: number;
  parallax: number;
}

export interface Scene {
  /** Speaking figures' mouths, drawn per frame over the layers with their layer's parallax. */
  mouths: { spot: MouthSpot; parallax: number }[];
  /** Back to front; empty when `base` holds them all flattened (static camera). */
  layers: TiledLayer[];
  base: Canvas | null;
  /** Per-frame overlays over the picture area: vignette and/or grain (one is chosen per frame). */
  finish: Canvas[];
  captions: { caption: PlanCaption; sprite: Sprite }[];
  title: Sprite | null;
}

/** How far each plate depth sits from the focus plane (the midground figures), scaling the depth-of-field blur. */
const defocus = (parallax: number) => Math.min(1.3, 0.25 + Math.abs(parallax - 0.72) / 0.6);

/** Per-frame cost model of a tile: blending its pixels, plus the fixed cost of one draw call (in pixel equivalents). */
const CALL_COST_PX = 12_000;
const CELL = 64;

/**
 * Cuts a layer into tiles, dropping the empty ones; the tile size is chosen per layer to minimise
 * blended pixels plus draw calls (thin string lights want small tiles, a full sky one canvas).
 */
function tiled(layer: Layer, whole = false): TiledLayer {
  const { canvas: c } = layer;
  const base = { x: layer.x, y: layer.y, f: layer.w / c.width, parallax: layer.parallax };
  if (whole) return { ...base, tiles: [{ canvas: c, x: 0, y: 0 }] };
  const gx = Math.ceil(c.width / CELL);
  const gy = Math.ceil(c.height / CELL);
  const used = new Uint8Array(gx * gy);
  // The stored (premultiplied) pixels: no conversion, and only alpha matters here.
  const raw = c.data();
  const alpha = new Uint32Array(raw.buffer, raw.byteOffset, raw.length >>> 2);
  for (let y = 0; y < c.height; y++) {
    const row = y * c.width;
    const cy = Math.floor(y / CELL) * gx;
    for (let cx = 0; cx < gx; cx++) {
      if (used[cy + cx]) continue;
      const end = Math.min(c.width, (cx + 1) * CELL);
      for (let x = cx * CELL; x < end; x++) {
        if (alpha[row + x]! >>> 24) {
          used[cy + cx] = 1;
          break;
        }
      }
    }
  }
  let best: { size: number; cost: number } | null = null;
  for (const size of [128, 256, 512, 100_000]) {
    const k = Math.max(1, Math.round(size / CELL));
    let cost = 0;
    for (let ty = 0; ty < gy; ty += k) {
      for (let tx = 0; tx < gx; tx += k) {
        let any = false;
        for (let y = ty; y < Math.min(gy, ty + k) && !any; y++)
          for (let x = tx; x < Math.min(gx, tx + k) && !any; x++) any = used[y * gx + x] === 1;
        if (any) cost += Math.min(size, c.width - tx * CELL) * Math.min(size, c.height - ty * CELL) + CALL_COST_PX;
      }
    }
    if (!best || cost < best.cost) best = { size, cost };
  }
  const size = best!.size;
  const tiles: Tile[] = [];
  const k = Math.max(1, Math.round(size / CELL));
  for (let ty = 0; ty < gy; ty += k) {
    for (let tx = 0; tx < gx; tx += k) {
      let any = false;
      for (let y = ty; y < Math.min(gy, ty + k) && !any; y++)
        for (let x = tx; x < Math.min(gx, tx + k) && !any; x++) any = used[y * gx + x] === 1;
      if (!any) continue;
      const px = tx * CELL;
      const py = ty * CELL;
      const w = Math.min(k * CELL, c.width - px);
      const h = Math.min(k * CELL, c.height - py);
      if (w === c.width && h === c.height) {
        tiles.push({ canvas: c, x: 0, y: 0 });
        continue;
      }
      const { canvas: t, ctx } = canvas(w, h);
      ctx.drawImage(c, -px, -py);
      tiles.push({ canvas: t, x: px, y: py });
    }
  }
  return { ...base, tiles };
}

/** The largest scale the camera move gives a layer of this parallax during the shot. */
function maxScale(plan: ShotPlan, parallax: number): number {
  let max = 1;
  for (let i = 0; i <= 20; i++) max = Math.max(max, layerTransform(plan.shot.cameraMove, i / 20, parallax).scale);
  return max;
}

/** An imported plate, cover-fit over the frame and its overscan, graded like the style. */
function imagePlate(st: Stage, plan: ShotPlan, image: Image): Layer {
  const { ctx, finish } = band(st, -st.my, st.H + st.my);
  const w = st.W + 2 * st.mx;
  const h = st.H + 2 * st.my;
  ctx.fillStyle = '#000';
  ctx.fillRect(-st.mx, -st.my, w, h);
  const scale = Math.max(w / image.width, h / image.height) * plan.view.zoom ** 0.5;
  const dw = image.width * scale;
  const dh = image.height * scale;
  ctx.filter = IMAGE_FILTER[plan.style];
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, st.W / 2 - dw / 2, st.H / 2 - dh / 2, dw, dh);
  ctx.filter = 'none';
  return finish(0.2);
}

/** The set behind the figures, back to front. */
function plateLayers(st: Stage, paint: Paint, plan: ShotPlan, image: Image | null): Layer[] {
  const loc = plan.location;
  if (image) return [imagePlate(st, plan, image)];
  if (plan.view.topDown) return [drawAerial(st, paint, loc)];
  if (loc.interior) {
    const furniture = drawFurniture(st, paint, loc);
    return [drawWall(st, paint, loc, floorLine(st) + 0.12 * st.H), ...(furniture ? [furniture] : []), drawFloor(st, paint, loc)];
  }
  const top = groundTop(st, loc);
  // Sky and far scenery share one opaque layer: their parallax differs too little to pay for a
  // second full-frame blend. It reaches just below the ground's top edge, which moves against it.
  const bottom = top + 0.04 * st.H;
  const back = band(st, -st.my, bottom);
  drawSky(back.ctx, paint, { x: -st.mx, y: -st.my, w: st.W + 2 * st.mx, h: bottom + st.my, horizon: st.horizon }, loc.seed, plan.view.zoom);
  drawFar(back.ctx, st, paint, loc.biome, loc.seed, bottom);
  // String lights hang overhead, behind whoever the shot is about.
  const layers = [
    back.finish(0.06),
    drawGround(st, paint, loc),
    drawMid(st, paint, loc, groundY(st, 0.7)),
    drawProps(st, paint, loc),
    drawNear(st, paint, loc),
  ];
  return layers.filter((l): l is Layer => l !== null);
}

/** Draws every layer and overlay of a planned shot. `image` is the loaded location plate, if the plan names one. */
export function buildScene(plan: ShotPlan, image: Image | null, cutouts: ReadonlyMap<string, Image> = new Map()): Scene {
  const st = stageOf(plan);
  const interior = plan.location.interior && !image;
  const paint = new Paint(plan.style, plan.timeOfDay, interior ? 0.45 : 1);
  const sharp = (l: Layer) => ({ ...l, canvas: blurred(l.canvas, st.blur * defocus(l.parallax)) });
  const layers: Layer[] = plateLayers(st, paint, plan, image).map(sharp);
  if (plan.shot.shotType === 'insert') layers.push(drawInsert(st, paint, plan));
  for (const f of plan.figures) {
    const layer = drawFigure(st, paint, plan, f, maxScale(plan, f.parallax), f.cutout ? cutouts.get(f.cutout.path) : undefined);
    if (layer) layers.push(layer);
  }

  const still = plan.shot.cameraMove === 'static';
  const animatedGrain = !paint.look.grainStatic;
  let base: Canvas | null = null;
  if (still) {
    // Nothing moves: flatten the layers, the vignette and any still grain into one picture.
    const { canvas: c, ctx } = canvas(st.W, st.H);
    for (const l of layers) ctx.drawImage(l.canvas, l.x, l.y, l.w, l.h);
    const baked = finishSprites(plan, paint, { vignette: true, grain: !animatedGrain });
    if (baked[0]) ctx.drawImage(baked[0], 0, Math.round(plan.letterbox * st.H));
    base = c;
  }
  return {
    mouths: layers.flatMap((l) => (l.mouth ? [{ spot: l.mouth, parallax: l.parallax }] : [])),
    // The first layer is opaque and covers the frame: it is drawn whole, replacing the last frame.
    layers: still ? [] : layers.map((l, i) => tiled(l, i === 0)),
    base,
    finish: still
      ? animatedGrain
        ? finishSprites(plan, paint, { vignette: false, grain: true })
        : []
      : finishSprites(plan, paint, { vignette: true, grain: true }),
    captions: plan.captions.map((caption) => ({ caption, sprite: captionSprite(plan, paint, caption) })),
    title: plan.titleCard ? titleSprite(plan, paint, plan.titleCard) : null,
  };
}
