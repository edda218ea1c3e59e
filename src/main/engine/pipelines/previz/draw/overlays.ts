import type { Canvas } from '@napi-rs/canvas';
import { FONT_SANS, FONT_SERIF } from '../fonts';
import { Rng } from '../random';
import type { PlanCaption, PlanTitleCard, ShotPlan } from '../types';
import { STYLE_LOOK, type StyleLook } from '../styles';
import { canvas, type Ctx, type Paint } from './paint';

/** Screen-space overlays, pre-rendered once per shot: captions, the title card, and the finish (vignette and grain). */

export interface Sprite {
  canvas: Canvas;
  x: number;
  y: number;
}

const MAX_CAPTION_LINES = 3;

/** Greedy word wrap; the last allowed line ends in "…" when the text does not fit. */
function wrap(ctx: Ctx, words: string[], maxWidth: number, first: string, firstFont: string, font: string): string[][] {
  const lines: string[][] = [[]];
  let width = 0;
  const space = ((ctx.font = font), ctx.measureText(' ').width);
  for (const [i, word] of [first, ...words].entries()) {
    ctx.font = i === 0 ? firstFont : font;
    const w = ctx.measureText(word).width;
    const line = lines[lines.length - 1]!;
    if (line.length > 0 && width + space + w > maxWidth) {
      if (lines.length === MAX_CAPTION_LINES) {
        line.push('…');
        return lines;
      }
      lines.push([word]);
      width = w;
    } else {
      line.push(word);
      width += (line.length > 1 ? space : 0) + w;
    }
  }
  return lines;
}

/** Where a caption goes and how its text is set: one function, for the sprite and for `captionBands`. */
export interface CaptionLayout {
  size: number;
  font: string;
  nameFont: string;
  lines: string[][];
  widths: number[];
  lineH: number;
  pad: number;
  space: number;
  blockW: number;
  blockH: number;
  /** Top-left corner of the block in the frame, before captions shown together stack upwards. */
  x: number;
  y: number;
}

export function captionLayout(plan: ShotPlan, look: StyleLook, caption: PlanCaption): CaptionLayout {
  const { width: W, height: H } = plan.size;
  // Sized by the shorter side, so a vertical frame's captions fit its width.
  const size = Math.max(8, Math.round(Math.min(H * 0.04, W * 0.055)));
  const family = look.captionFont === 'serif' ? FONT_SERIF : FONT_SANS;
  const weight = look.caption === 'outline' ? 'bold ' : '';
  const italic = look.caption === 'serif-box' ? 'italic ' : '';
  const font = `${italic}${weight}${size}px "${family}"`;
  const nameFont = `bold ${size}px "${family}"`;
  const name = `${caption.speaker}:`;
  const rest = caption.text.slice(name.length).trim().split(' ').filter(Boolean);
  const { ctx: measure } = canvas(1, 1);
  const lines = wrap(measure, rest, W * 0.78, name, nameFont, font);
  const lineH = Math.round(size * 1.28);
  const pad = Math.round(size * (look.caption === 'shadow' || look.caption === 'outline' ? 0.35 : 0.6));
  measure.font = font;
  const space = measure.measureText(' ').width;
  const widths = lines.map((line, li) =>
    line.reduce((acc, word, wi) => {
      measure.font = li === 0 && wi === 0 ? nameFont : font;
      return acc + (wi > 0 ? space : 0) + measure.measureText(word).width;
    }, 0),
  );
  const blockW = Math.ceil(Math.max(...widths) + pad * 2);
  const blockH = Math.ceil(lines.length * lineH + pad * 2 - (lineH - size) * 0.5);
  const pictureBottom = H * (1 - plan.letterbox);
  return {
    size,
    font,
    nameFont,
    lines,
    widths,
    lineH,
    pad,
    space,
    blockW,
    blockH,
    x: Math.round((W - blockW) / 2),
    y: Math.round(pictureBottom - H * 0.05 - blockH),
  };
}

/** The gap between captions shown together, stacked upwards from the bottom. */
export function captionGap(plan: ShotPlan): number {
  return Math.round(plan.size.height * 0.01);
}

/** One dialogue caption in the style's subtitle look: the speaker's name in their colour, then the line. */
export function captionSprite(plan: ShotPlan, paint: Paint, caption: PlanCaption): Sprite {
  const look = paint.look;
  const { size, font, nameFont, lines, widths, lineH, pad, space, blockW, blockH, x: bx, y: by } = captionLayout(plan, look, caption);
  const { canvas: c, ctx } = canvas(blockW, blockH);

  if (look.caption === 'box' || look.caption === 'serif-box') {
    ctx.fillStyle = look.caption === 'box' ? 'rgba(0,0,0,0.55)' : 'rgba(0,0,0,0.78)';
    ctx.beginPath();
    ctx.roundRect(0, 0, blockW, blockH, look.caption === 'box' ? size * 0.3 : 0);
    ctx.fill();
  } else if (look.caption === 'paper') {
    ctx.fillStyle = paint.g([246, 236, 210], 0.94);
    ctx.strokeStyle = paint.g([120, 90, 60]);
    ctx.lineWidth = Math.max(1, size * 0.08);
    ctx.beginPath();
    ctx.roundRect(ctx.lineWidth, ctx.lineWidth, blockW - 2 * ctx.lineWidth, blockH - 2 * ctx.lineWidth, size * 0.5);
    ctx.fill();
    ctx.stroke();
  }
  const textColor = look.caption === 'paper' ? paint.g([60, 40, 28]) : paint.g([250, 250, 246]);
  ctx.textBaseline = 'alphabetic';
  lines.forEach((line, li) => {
    let x = (blockW - widths[li]!) / 2;
    const y = pad + li * lineH + size * 0.92;
    line.forEach((word, wi) => {
      const isName = li === 0 && wi === 0;
      ctx.font = isName ? nameFont : font;
      const fill = isName ? (look.caption === 'paper' ? paint.c(caption.color, 1, 0.3) : paint.g(caption.color)) : textColor;
      if (look.caption === 'shadow') {
        ctx.shadowColor = 'rgba(0,0,0,0.85)';
        ctx.shadowBlur = size * 0.18;
        ctx.shadowOffsetY = size * 0.05;
      }
      if (look.caption === 'outline') {
        ctx.lineJoin = 'round';
        ctx.lineWidth = size * 0.2;
        ctx.strokeStyle = paint.g([20, 16, 30]);
        ctx.strokeText(word, x, y);
      }
      ctx.fillStyle = fill;
      ctx.fillText(word, x, y);
      ctx.shadowColor = 'rgba(0,0,0,0)';
      x += ctx.measureText(word).width + space;
    });
  });
  return { canvas: c, x: bx, y: by };
}

/**
 * The part of the frame that captions cover, per caption: from its first frame to the frame after
 * its last, everything below `top` (px). Captions shown together stack, so a caption's top counts
 * every later one it overlaps in time (drawn below it). The export keeps its watermark clear of these.
 */
export function captionBands(plan: ShotPlan): { startFrame: number; endFrame: number; top: number }[] {
  const look = STYLE_LOOK[plan.style];
  const gap = captionGap(plan);
  const blocks = plan.captions.map((c) => ({ c, l: captionLayout(plan, look, c) }));
  return blocks.map(({ c, l }, i) => {
    const lift = blocks
      .slice(i + 1)
      .filter((o) => o.c.start < c.end && c.start < o.c.end)
      .reduce((acc, o) => acc + o.l.blockH + gap, 0);
    return { startFrame: c.start, endFrame: c.end, top: l.y - lift };
  });
}

function titleText(card: PlanTitleCard): string {
  return card.title.length > 60 ? card.title.slice(0, 59) + '…' : card.title;
}

/** Where the title card sits and its type sizes; its height needs no measuring (only its width does). */
function titleBox(plan: ShotPlan, card: PlanTitleCard) {
  const { width: W, height: H } = plan.size;
  const unit = Math.min(H, W * 1.1);
  const label = Math.max(7, Math.round(unit * 0.028));
  const title = Math.max(9, Math.round(unit * 0.05));
  const pad = Math.round(title * 0.45);
  const height = Math.ceil(pad * 2 + label * 1.3 + (titleText(card) ? title * 1.15 : 0));
  return { label, title, pad, height, x: Math.round(W * 0.04), y: Math.round(H * plan.letterbox + H * 0.05) };
}

/** When a shot's title card shows (shot frames) and the bottom edge of its slate in px; null without one. */
export function titleBand(plan: ShotPlan): { startFrame: number; endFrame: number; bottom: number } | null {
  const card = plan.titleCard;
  if (!card || card.frames <= 0) return null;
  const box = titleBox(plan, card);
  return { startFrame: 0, endFrame: Math.min(card.frames, plan.durationFrames), bottom: box.y + box.height };
}

/** A slate in the top-left of the picture: "SHOT 3" over the shot's title. */
export function titleSprite(plan: ShotPlan, paint: Paint, card: PlanTitleCard): Sprite {
  const { width: W } = plan.size;
  const box = titleBox(plan, card);
  const { label, title, pad } = box;
  const family = paint.look.captionFont === 'serif' ? FONT_SERIF : FONT_SANS;
  const { ctx: m } = canvas(1, 1);
  m.font = `bold ${title}px "${family}"`;
  const text = titleText(card);
  const titleW = text ? m.measureText(text).width : 0;
  m.font = `bold ${label}px "${FONT_SANS}"`;
  m.letterSpacing = `${label * 0.18}px`;
  const labelText = card.label.toUpperCase();
  const labelW = m.measureText(labelText).width;
  const w = Math.ceil(Math.min(W * 0.8, Math.max(titleW, labelW) + pad * 2 + title * 0.2));
  const h = box.height;
  const { canvas: c, ctx } = canvas(w, h);
  ctx.fillStyle = 'rgba(10,10,10,0.72)';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = paint.g([255, 196, 64]);
  ctx.fillRect(0, 0, Math.max(2, title * 0.12), h);
  ctx.font = `bold ${label}px "${FONT_SANS}"`;
  ctx.letterSpacing = `${label * 0.18}px`;
  ctx.fillStyle = paint.g([255, 196, 64]);
  ctx.fillText(labelText, pad + title * 0.1, pad + label);
  ctx.letterSpacing = '0px';
  if (text) {
    ctx.font = `bold ${title}px "${family}"`;
    ctx.fillStyle = paint.g([248, 248, 244]);
    ctx.fillText(text, pad + title * 0.1, pad + label * 1.3 + title * 0.95, w - pad * 2);
  }
  return { canvas: c, x: box.x, y: box.y };
}

/** Title card opacity at a frame: fully shown, then a short fade at the end of its second. */
export function titleAlpha(card: PlanTitleCard, frame: number): number {
  if (frame >= card.frames) return 0;
  const fade = Math.max(1, Math.min(8, Math.floor(card.frames / 3)));
  return Math.min(1, (card.frames - frame) / fade);
}

/**
 * Vignette plus grain over the picture area, as ready-made overlays: one per grain pattern, so a
 * frame only picks one and blends it. Grain is gray noise of both signs (lighten and darken),
 * seeded by the shot; `count` patterns cycle through the frames.
 */
export function finishSprites(plan: ShotPlan, paint: Paint, opts: { vignette: boolean; grain: boolean }): Canvas[] {
  const { width: W, height: H } = plan.size;
  const look = paint.look;
  const top = Math.round(H * plan.letterbox);
  const ph = H - 2 * top;
  const doVignette = opts.vignette && look.vignette > 0;
  const doGrain = opts.grain && look.grain > 0;
  if (!doVignette && !doGrain) return [];
  const count = doGrain && !look.grainStatic ? 4 : 1;
  const rng = new Rng(plan.seed ^ 0x9a1);
  const tile = Math.min(256, Math.max(32, 1 << Math.ceil(Math.log2(Math.max(W, ph) / 4))));
  // The vignette is drawn once (a full-frame radial gradient is slow) and copied into each variant.
  let vignette: Canvas | null = null;
  if (doVignette) {
    const { canvas: v, ctx } = canvas(W, ph);
    const r = Math.hypot(W, ph) / 2;
    ctx.translate(W / 2, ph / 2);
    ctx.scale(1, ph / W + 0.25);
    const g = ctx.createRadialGradient(0, 0, r * 0.35, 0, 0, r * 1.05);
    const color = look.vignetteColor;
    g.addColorStop(0, hexA(color, 0));
    g.addColorStop(0.6, hexA(color, look.vignette * 0.45));
    g.addColorStop(1, hexA(color, look.vignette));
    ctx.fillStyle = g;
    ctx.fillRect(-W, -W * 2, W * 2, W * 4);
    vignette = v;
  }
  const out: Canvas[] = [];
  for (let k = 0; k < count; k++) {
    if (!doGrain && vignette) {
      out.push(vignette);
      break;
    }
    const { canvas: c, ctx } = canvas(W, ph);
    if (vignette) ctx.drawImage(vignette, 0, 0);
    if (doGrain) {
      const { canvas: noise, ctx: n } = canvas(tile, tile);
      const img = n.createImageData(tile, tile);
      const d = img.data;
      const amp = look.grain * 255 * 2.2;
      for (let p = 0; p < d.length; p += 4) {
        // Three random bytes summed: roughly gaussian grain from one draw of the generator.
        const r = (rng.next() * 4294967296) >>> 0;
        const g = ((r & 255) + ((r >>> 8) & 255) + ((r >>> 16) & 255)) / 255 - 1.5;
        const v = g > 0 ? 255 : 0;
        d[p] = v;
        d[p + 1] = v;
        d[p + 2] = v;
        d[p + 3] = Math.min(255, Math.round(Math.abs(g) * amp));
      }
      n.putImageData(img, 0, 0);
      const pattern = ctx.createPattern(noise, 'repeat');
      if (!pattern) throw new Error('Previz could not create its grain pattern.');
      ctx.save();
      ctx.translate(-rng.int(0, tile - 1), -rng.int(0, tile - 1));
      ctx.fillStyle = pattern;
      ctx.fillRect(0, 0, W + tile, ph + tile);
      ctx.restore();
    }
    out.push(c);
  }
  return out;
}

function hexA(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${Math.max(0, Math.min(1, alpha)).toFixed(3)})`;
}

/** Which grain pattern a frame uses: consecutive frames differ within each cycle, and the order is seeded. */
export function grainIndex(seed: number, frame: number, count: number): number {
  if (count <= 1) return 0;
  const cycle = Math.floor(frame / count);
  const offset = new Rng(seed ^ Math.imul(cycle + 1, 0x9e3779b1)).int(0, count - 1);
  return (frame + offset) % count;
}
