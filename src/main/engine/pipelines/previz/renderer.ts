import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { AppError } from '../../../../shared/result';
import { layerTransform, shotProgress, ZOOM_CENTRE } from './camera';
import { captionBands, captionGap, grainIndex, titleAlpha, titleBand } from './draw/overlays';
import { drawMouth } from './draw/head';
import { ensureFonts } from './fonts';
import { PREVIZ_VERSION } from './plan';
import { buildScene, type Scene } from './scene';
import type { PrevizPlan, PrevizShotRenderer, ShotPlan } from './types';

/** Checks that a plan was made by this version of the planner before drawing from it. */
function asShotPlan(plan: PrevizPlan): ShotPlan {
  if (plan.version !== PREVIZ_VERSION) {
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `This previz plan was made by ${String(plan.version)}; this renderer draws ${PREVIZ_VERSION} plans. Plan the shot again.`,
    );
  }
  return plan as unknown as ShotPlan;
}

/** Where a planned shot's frames carry burned-in captions (shot frames, and the top of the area in px). */
export function planCaptionBands(plan: PrevizPlan): { startFrame: number; endFrame: number; top: number }[] {
  return captionBands(asShotPlan(plan));
}

/** When a planned shot's frames carry its title card (shot frames) and the bottom edge of the slate in px. */
export function planTitleBand(plan: PrevizPlan): { startFrame: number; endFrame: number; bottom: number } | null {
  return titleBand(asShotPlan(plan));
}

/** The height in px of the letterbox bars a planned shot's frames carry at the top and the bottom (0: none). */
export function planLetterbox(plan: PrevizPlan): number {
  const shot = asShotPlan(plan);
  return Math.round(shot.letterbox * shot.size.height);
}

/** Quality of the JPEG thumbnails. */
const JPEG_QUALITY = 88;

const fixHint = 'Re-import the image or clear it in the location settings.';

/** Loads the imported location plate; a missing or unreadable file fails with what to do about it. */
async function loadPlate(plan: ShotPlan): Promise<Image | null> {
  const path = plan.location.image;
  if (!path) return null;
  const where = `Location "${plan.location.name}": the plate image ${path}`;
  const details = { locationId: plan.location.id, path };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${where} was not found. ${fixHint}`, details);
    throw new AppError('IO_ERROR', `${where} could not be opened (${code ?? (e as Error).message}). ${fixHint}`, details);
  }
  try {
    const image = await loadImage(bytes);
    if (!image.width || !image.height) throw new Error('empty image');
    return image;
  } catch {
    throw new AppError('INVALID_FILE', `${where} could not be read (not an image or corrupt). ${fixHint}`, details);
  }
}

/** Loads the cameo cut-outs the plan's figures show; a missing one says which cameo to re-capture. */
async function loadCutouts(plan: ShotPlan): Promise<Map<string, Image>> {
  const out = new Map<string, Image>();
  for (const f of plan.figures) {
    const path = f.cutout?.path;
    if (!path || out.has(path)) continue;
    try {
      out.set(path, await loadImage(await readFile(path)));
    } catch (e) {
      throw new AppError(
        'NOT_FOUND',
        `The cameo cut-out ${path} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Re-capture the cameo or unbind it in Cast.`,
      );
    }
  }
  return out;
}

/** Composites pre-rendered layers into frames: per frame only placements, one finish overlay, captions. */
class CanvasShotRenderer implements PrevizShotRenderer {
  private readonly canvas: Canvas;
  private readonly ctx: SKRSContext2D;
  private scene: Scene | null;
  private mouths: Record<string, string> = {};

  constructor(
    readonly plan: PrevizPlan,
    private readonly shot: ShotPlan,
    scene: Scene,
  ) {
    this.scene = scene;
    this.canvas = createCanvas(shot.size.width, shot.size.height);
    this.ctx = this.canvas.getContext('2d');
  }

  setMouths(tracks: Record<string, string>): void {
    this.mouths = { ...tracks };
  }

  /** Draws frame `index` into the renderer's canvas. */
  draw(index: number): Canvas {
    const scene = this.scene;
    if (!scene) throw new Error('This previz renderer was disposed.');
    const { durationFrames, letterbox } = this.shot;
    if (!Number.isInteger(index) || index < 0 || index >= durationFrames) {
      throw new RangeError(`Frame ${index} is outside the shot (0 to ${durationFrames - 1}).`);
    }
    const { width: W, height: H } = this.shot.size;
    const ctx = this.ctx;
    const bar = Math.round(letterbox * H);
    // Nearest-neighbour placement: bilinear resampling of whole layers costs several times more
    // per frame, and moves are slow and small enough that it does not show.
    ctx.imageSmoothingEnabled = false;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    if (bar > 0) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, bar, W, H - 2 * bar);
      ctx.clip();
    }
    if (scene.base) {
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(scene.base, 0, 0);
      ctx.globalCompositeOperation = 'source-over';
    }
    const t = shotProgress(index, durationFrames);
    const cx = ZOOM_CENTRE.x * W;
    const cy = ZOOM_CENTRE.y * H;
    for (const [n, layer] of scene.layers.entries()) {
      const tr = layerTransform(this.shot.shot.cameraMove, t, layer.parallax);
      let x = cx + (layer.x - cx) * tr.scale + tr.dx * W;
      let y = cy + (layer.y - cy) * tr.scale + tr.dy * H;
      const k = tr.scale * layer.f;
      if (Math.abs(k - 1) < 1e-9) {
        // Whole-pixel offsets take Skia's plain copy path.
        x = Math.round(x);
        y = Math.round(y);
        ctx.setTransform(1, 0, 0, 1, x, y);
      } else ctx.setTransform(k, 0, 0, k, x, y);
      // 'copy' for the opaque backdrop: no blending, and Skia can drop the previous frame's pixels
      // instead of copying them (the last frame's buffer is still shared with the caller).
      ctx.globalCompositeOperation = n === 0 ? 'copy' : 'source-over';
      for (const tile of layer.tiles) ctx.drawImage(tile.canvas, tile.x, tile.y);
    }
    ctx.globalCompositeOperation = 'source-over';
    // Mouths follow their figure's layer: same parallax, same camera transform.
    for (const { spot, parallax } of scene.mouths) {
      const tr = layerTransform(this.shot.shot.cameraMove, t, parallax);
      ctx.setTransform(tr.scale, 0, 0, tr.scale, cx - cx * tr.scale + tr.dx * W, cy - cy * tr.scale + tr.dy * H);
      drawMouth(ctx, this.mouths[spot.characterId]?.[index] ?? 'X', spot);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (bar > 0) {
      ctx.restore();
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, W, bar);
      ctx.fillRect(0, H - bar, W, bar);
    }
    const finish = scene.finish[grainIndex(this.shot.seed, index, scene.finish.length)];
    if (finish) ctx.drawImage(finish, 0, bar);
    // Lines that start together stack upwards from the bottom.
    let lift = 0;
    for (let c = scene.captions.length - 1; c >= 0; c--) {
      const { caption, sprite } = scene.captions[c]!;
      if (index < caption.start || index >= caption.end) continue;
      ctx.drawImage(sprite.canvas, sprite.x, sprite.y - lift);
      lift += sprite.canvas.height + captionGap(this.shot);
    }
    if (scene.title && this.shot.titleCard) {
      const alpha = titleAlpha(this.shot.titleCard, index);
      if (alpha > 0) {
        ctx.globalAlpha = alpha;
        ctx.drawImage(scene.title.canvas, scene.title.x, scene.title.y);
        ctx.globalAlpha = 1;
      }
    }
    return this.canvas;
  }

  /**
   * Raw RGBA, width*height*4 bytes, a new Buffer per call (safe to hand to a stream). Skia stores
   * premultiplied pixels, but every frame is opaque, so they equal straight RGBA.
   */
  frame(index: number): Buffer {
    return this.draw(index).data();
  }

  still(index: number): Buffer {
    return this.draw(index).encodeSync('jpeg', JPEG_QUALITY);
  }

  dispose(): void {
    this.scene = null;
  }
}

/**
 * Prepares a planned shot for drawing: loads the location plate (throwing a clear error when it is
 * missing or corrupt) and pre-renders every layer once.
 */
export async function createShotRenderer(plan: PrevizPlan): Promise<PrevizShotRenderer & { draw(index: number): Canvas }> {
  const shot = asShotPlan(plan);
  ensureFonts();
  const image = await loadPlate(shot);
  return new CanvasShotRenderer(plan, shot, buildScene(shot, image, await loadCutouts(shot)));
}

/** One frame of a planned shot, encoded for a storyboard card (plan it at the card's size, e.g. 384×216). */
export async function renderThumbnail(plan: PrevizPlan, frameIndex: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const renderer = await createShotRenderer(plan);
  try {
    const last = Math.max(0, (plan.durationFrames | 0) - 1);
    const c = renderer.draw(Math.min(Math.max(0, Math.round(frameIndex)), last));
    return format === 'png' ? await c.encode('png') : await c.encode('jpeg', JPEG_QUALITY);
  } finally {
    renderer.dispose();
  }
}
