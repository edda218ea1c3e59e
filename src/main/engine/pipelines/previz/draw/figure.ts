import type { Image } from '@napi-rs/canvas';
import { mix, parseHex, shade } from '../palette';
import type { FigureLook, PlanFigure, ShotPlan } from '../types';
import { drawHairBack, drawHead, mouthAnchor, type HeadGeometry } from './head';
import { blurred, canvas, outlined, type Ctx, type Paint } from './paint';
import type { Layer, MouthSpot, Stage } from './stage';

/*
 * A stylised character figure: head, torso, arms, legs and simple clothing in the character's
 * colour, facing where the blocking says, lit and graded like the set. Proportions are fixed
 * fractions of the body height measured up from the feet, so every shot type is the same person.
 */

/** Body landmarks as fractions of the body height above the feet. */
const SHOULDER_V = 0.83;
const WAIST_V = 0.52;
const HIP_V = 0.47;
/** Where the chest shows the character's own colour under any outer garment (tests sample it). */
export const CHEST_V = 0.74;

/** The chest point of a planned figure in frame pixels at rest: the character's colour shows there. */
export function chestPoint(plan: ShotPlan, figure: PlanFigure): { x: number; y: number } {
  const h = figure.height * plan.size.height;
  return { x: figure.x * plan.size.width, y: figure.footY * plan.size.height - CHEST_V * h };
}

interface Body {
  fx: number;
  fy: number;
  h: number;
  dir: number;
  back: boolean;
  look: FigureLook;
  /** How much the time of day darkens this figure (an over-the-shoulder back is in shadow). */
  strength: number;
  speaks: boolean;
}

const X = (b: Body, u: number) => b.fx + u * b.h;
const Y = (b: Body, v: number) => b.fy - v * b.h;

function torsoPath(ctx: Ctx, b: Body, top: number, bottom: number, narrow: number): void {
  const sw = b.look.shoulders * narrow;
  const hw = b.look.hips * narrow;
  ctx.beginPath();
  ctx.moveTo(X(b, -sw + 0.02), Y(b, top + 0.01));
  ctx.quadraticCurveTo(X(b, -sw - 0.01), Y(b, top), X(b, -sw), Y(b, top - 0.04));
  ctx.lineTo(X(b, -hw * 0.88), Y(b, WAIST_V));
  ctx.lineTo(X(b, -hw), Y(b, bottom));
  ctx.lineTo(X(b, hw), Y(b, bottom));
  ctx.lineTo(X(b, hw * 0.88), Y(b, WAIST_V));
  ctx.lineTo(X(b, sw), Y(b, top - 0.04));
  ctx.quadraticCurveTo(X(b, sw + 0.01), Y(b, top), X(b, sw - 0.02), Y(b, top + 0.01));
  ctx.closePath();
}

function limb(ctx: Ctx, b: Body, u0: number, v0: number, u1: number, v1: number, width: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineCap = 'round';
  ctx.lineWidth = Math.max(1, width * b.h);
  ctx.beginPath();
  ctx.moveTo(X(b, u0), Y(b, v0));
  ctx.lineTo(X(b, u1), Y(b, v1));
  ctx.stroke();
}

/** Draws the figure; returns its head when the mouth is left to be drawn per frame. */
function drawBody(ctx: Ctx, paint: Paint, b: Body): HeadGeometry {
  const { look, dir, strength } = b;
  const main = paint.c(look.color, 1, strength);
  const outerWorn = look.outer === 'jacket' || look.outer === 'coat' || look.outer === 'suit' || look.outer === 'hoodie';
  const sleeve = outerWorn && look.outer !== 'hoodie' ? paint.c(look.outerColor, 1, strength) : main;
  const skin = paint.c(look.skin, 1, strength);
  const legs = paint.c(look.legs, 1, strength);
  const narrow = dir === 0 ? 1 : 0.78;
  const sw = look.shoulders * narrow;
  const headH = 0.14 * look.headScale;
  const head: HeadGeometry = {
    cx: X(b, dir * 0.012),
    cy: Y(b, 1 - headH / 2),
    w: headH * 0.78 * b.h,
    h: headH * b.h,
    dir,
    back: b.back,
    animatedMouth: b.speaks && !b.back && headH * b.h >= 7,
    beard: look.beard,
  };

  drawHairBack(ctx, paint, look, head, strength);

  // Legs and shoes; a dress covers the thighs.
  const legU = look.hips * 0.48 * narrow;
  for (const side of [-1, 1]) {
    limb(ctx, b, side * legU, HIP_V, side * legU * 0.9 + dir * 0.01, 0.035, look.hips * 0.75, legs);
    ctx.fillStyle = paint.c([36, 32, 32], 1, strength);
    ctx.beginPath();
    ctx.ellipse(X(b, side * legU * 0.9 + dir * 0.03), Y(b, 0.018), b.h * (dir === 0 ? 0.035 : 0.05), b.h * 0.02, 0, 0, Math.PI * 2);
    ctx.fill();
  }

  // Far arm behind the body when the figure is turned.
  const armW = 0.056;
  const hand = (u: number, v: number) => {
    ctx.fillStyle = skin;
    ctx.beginPath();
    ctx.arc(X(b, u), Y(b, v), b.h * 0.024, 0, Math.PI * 2);
    ctx.fill();
  };
  if (dir !== 0) {
    limb(ctx, b, -dir * (sw - 0.03), SHOULDER_V - 0.03, -dir * (sw - 0.01) + dir * 0.03, 0.46, armW, sleeve);
    hand(-dir * (sw - 0.01) + dir * 0.03, 0.44);
  }

  // Neck, torso.
  ctx.fillStyle = skin;
  ctx.fillRect(X(b, -0.03), Y(b, 1 - headH + 0.02), 0.06 * b.h, (1 - headH + 0.02 - SHOULDER_V + 0.02) * b.h);
  ctx.fillStyle = main;
  torsoPath(ctx, b, SHOULDER_V, HIP_V - 0.02, narrow);
  ctx.fill();

  if (look.outer === 'dress') {
    ctx.fillStyle = main;
    ctx.beginPath();
    ctx.moveTo(X(b, -look.hips * 0.9 * narrow), Y(b, WAIST_V));
    ctx.lineTo(X(b, -look.hips * 1.55 * narrow), Y(b, 0.22));
    ctx.lineTo(X(b, look.hips * 1.55 * narrow), Y(b, 0.22));
    ctx.lineTo(X(b, look.hips * 0.9 * narrow), Y(b, WAIST_V));
    ctx.fill();
  }

  if (outerWorn && look.outer !== 'hoodie') {
    // An open jacket or coat: its panels frame the character's own colour down the chest.
    const hem = look.outer === 'coat' ? 0.26 : look.outer === 'suit' ? 0.43 : 0.42;
    const gap = look.outer === 'suit' ? 0.032 : 0.05;
    ctx.save();
    torsoPath(ctx, b, SHOULDER_V + 0.005, hem, narrow * 1.04);
    ctx.clip();
    ctx.fillStyle = paint.c(look.outerColor, 1, strength);
    for (const side of [-1, 1]) {
      if (b.back) continue;
      ctx.beginPath();
      ctx.moveTo(X(b, side * 0.4), Y(b, SHOULDER_V + 0.05));
      ctx.lineTo(X(b, side * gap * 0.4 + dir * 0.02), Y(b, SHOULDER_V + 0.01));
      ctx.lineTo(X(b, side * gap + dir * 0.02), Y(b, hem));
      ctx.lineTo(X(b, side * 0.4), Y(b, hem));
      ctx.fill();
    }
    if (b.back) ctx.fillRect(X(b, -0.4), Y(b, SHOULDER_V + 0.05), 0.8 * b.h, (SHOULDER_V + 0.05 - hem) * b.h);
    ctx.restore();
  }
  if (look.outer === 'hoodie' || look.headwear === 'hood') {
    ctx.fillStyle = paint.c(look.outer === 'hoodie' ? look.outerColor : look.color, 1, strength);
    ctx.beginPath();
    ctx.ellipse(X(b, 0), Y(b, SHOULDER_V + 0.005), sw * 0.75 * b.h, 0.035 * b.h, 0, Math.PI, Math.PI * 2);
    ctx.fill();
  }
  if (look.outer === 'apron' && !b.back) {
    ctx.fillStyle = paint.c(look.outerColor, 1, strength);
    const aw = look.hips * 0.95 * narrow;
    ctx.fillRect(X(b, -aw + dir * 0.015), Y(b, 0.7), aw * 2 * b.h, (0.7 - 0.28) * b.h);
    ctx.strokeStyle = paint.c(shade(parseHex(look.outerColor), 0.7), 1, strength);
    ctx.lineWidth = Math.max(1, b.h * 0.008);
    ctx.beginPath();
    ctx.moveTo(X(b, -aw * 0.8), Y(b, 0.7));
    ctx.lineTo(X(b, -0.03), Y(b, SHOULDER_V + 0.01));
    ctx.moveTo(X(b, aw * 0.8), Y(b, 0.7));
    ctx.lineTo(X(b, 0.03), Y(b, SHOULDER_V + 0.01));
    ctx.stroke();
  }
  if (look.waistTie) {
    ctx.fillStyle = paint.c(look.outerColor, 1, strength);
    ctx.fillRect(X(b, -look.hips * 1.02 * narrow), Y(b, WAIST_V + 0.02), look.hips * 2.04 * narrow * b.h, 0.045 * b.h);
    ctx.beginPath();
    ctx.moveTo(X(b, -0.01), Y(b, WAIST_V));
    ctx.lineTo(X(b, -0.06), Y(b, 0.3));
    ctx.lineTo(X(b, 0.0), Y(b, 0.31));
    ctx.lineTo(X(b, 0.03), Y(b, WAIST_V));
    ctx.fill();
  }
  if (look.scarf) {
    ctx.fillStyle = paint.c(
      look.outerColor === look.color ? mix(parseHex(look.color), [255, 255, 255], 0.4) : look.outerColor,
      1,
      strength,
    );
    ctx.fillRect(X(b, -sw * 0.55), Y(b, SHOULDER_V + 0.025), sw * 1.1 * b.h, 0.04 * b.h);
  }

  // Near arm(s) in front of the body.
  const arms = dir === 0 ? [-1, 1] : [dir];
  for (const side of arms) {
    const u0 = side * (sw - 0.025);
    const u1 = side * (sw + 0.005) + (dir !== 0 ? dir * 0.03 : 0);
    limb(ctx, b, u0, SHOULDER_V - 0.03, u1, 0.47, armW, sleeve);
    hand(u1, 0.445);
  }

  drawHead(ctx, paint, look, head, strength);
  return head;
}

/** Seen from straight above (aerial): shoulders, head and a hard shadow. */
function drawTopDown(ctx: Ctx, paint: Paint, f: PlanFigure, fx: number, fy: number, h: number): void {
  const angle = { camera: Math.PI / 2, away: -Math.PI / 2, left: Math.PI, right: 0 }[f.facing];
  const shadowDx = paint.light.keyLeft ? h * 0.12 : -h * 0.12;
  ctx.fillStyle = 'rgba(0,0,0,0.35)';
  ctx.beginPath();
  ctx.ellipse(fx + shadowDx, fy + h * 0.06, h * 0.33, h * 0.18, angle + Math.PI / 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.save();
  ctx.translate(fx, fy);
  ctx.rotate(angle - Math.PI / 2);
  ctx.fillStyle = paint.c(f.look.color);
  ctx.beginPath();
  ctx.ellipse(0, 0, h * 0.32, h * 0.15, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = paint.c(f.look.hair === 'bald' ? f.look.skin : f.look.hairColor);
  ctx.beginPath();
  ctx.arc(0, 0, h * 0.12, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}

/**
 * Draws one planned figure into its own layer, cropped to what the frame can show during the
 * move, at `renderScale` (the largest the camera will show it) so push-ins stay sharp.
 */
export function drawFigure(st: Stage, paint: Paint, plan: ShotPlan, f: PlanFigure, renderScale: number, cutout?: Image): Layer | null {
  const h = f.height * st.H;
  const fx = f.x * st.W;
  const fy = f.footY * st.H;
  const pad = 0.06 * h + 4;
  // Room for the camera to shift the figure further than the set (parallax above 0.6).
  const slackX = st.mx + 0.06 * st.W * Math.max(0, f.parallax);
  // Whole pixels, so a still frame places the sprite without resampling it.
  const left = Math.floor(Math.max(fx - 0.36 * h - pad, -slackX));
  const right = Math.ceil(Math.min(fx + 0.36 * h + pad, st.W + slackX));
  const top = Math.floor(Math.max(fy - 1.1 * h - pad, -st.my));
  const bottom = Math.ceil(Math.min(fy + 0.06 * h + pad, st.H + st.my));
  if (right - left < 1 || bottom - top < 1 || h < 2) return null;

  const rs = renderScale;
  const { canvas: body, ctx } = canvas((right - left) * rs, (bottom - top) * rs);
  ctx.setTransform(rs, 0, 0, rs, -left * rs, -top * rs);
  const look = paint.look;
  if (f.role === 'top-down') {
    drawTopDown(ctx, paint, f, fx, fy, h);
    return { canvas: body, x: left, y: top, w: right - left, h: bottom - top, parallax: f.parallax };
  }
  // Indoors the lamps light people as much as the time of day does (Paint.exposure).
  const strength = paint.exposure;
  const b: Body = {
    fx,
    fy,
    h,
    dir: f.facing === 'left' ? -1 : f.facing === 'right' ? 1 : 0,
    back: f.facing === 'away',
    look: f.look,
    strength,
    speaks: f.speaks,
  };
  const head = drawBody(ctx, paint, b);
  // A cameo's cut-out stands in for the head and shoulders; its own mouth is animated.
  const cameoMouth = cutout && f.cutout ? drawCutout(ctx, head, f.cutout, cutout) : null;
  const talkingHead = head.animatedMouth && !cameoMouth ? head : null;

  // Form shading: the side away from the key light falls into shade, from the body's centre line.
  ctx.globalCompositeOperation = 'source-atop';
  const away = paint.light.keyLeft ? 1 : -1;
  const g = ctx.createLinearGradient(fx, 0, fx + away * 0.2 * h, 0);
  const ink = [10, 12, 30] as const;
  g.addColorStop(0, paint.c(ink, 0, 0));
  if (look.cel) {
    // Cel shading: a hard terminator instead of a gradient.
    g.addColorStop(0.3, paint.c(ink, 0, 0));
    g.addColorStop(0.31, paint.c(ink, 0.3, 0));
  }
  g.addColorStop(1, paint.c(ink, 0.32, 0));
  ctx.fillStyle = g;
  ctx.fillRect(left, top, right - left, bottom - top);
  if (f.role === 'shoulder') {
    // The over-the-shoulder back is between the lens and the light: mostly in shadow.
    ctx.fillStyle = paint.c(ink, 0.42, 0);
    ctx.fillRect(left, top, right - left, bottom - top);
  }
  // Warm low light leaves a rim on the lit edge.
  if (paint.time === 'golden-hour' || paint.time === 'dusk' || paint.time === 'dawn') {
    const rim = ctx.createLinearGradient(fx - away * 0.16 * h, 0, fx - away * 0.1 * h, 0);
    rim.addColorStop(0, paint.g(paint.light.sun?.color ?? [255, 200, 150], 0.45));
    rim.addColorStop(1, paint.g(paint.light.sun?.color ?? [255, 200, 150], 0));
    ctx.fillStyle = rim;
    ctx.fillRect(left, top, right - left, bottom - top);
  }
  ctx.globalCompositeOperation = 'source-over';

  let sprite =
    look.outline > 0 ? outlined(body, look.outline * st.H * rs * Math.min(1.6, Math.sqrt(f.height / 0.34)), look.outlineColor) : body;
  sprite = blurred(sprite, f.blur * st.H * rs);

  // A contact shadow grounds standing figures whose feet are in frame.
  const { canvas: out, ctx: o } = canvas(sprite.width, sprite.height);
  if (f.role === 'standing' && fy < st.H + st.my) {
    o.setTransform(rs, 0, 0, rs, -left * rs, -top * rs);
    o.fillStyle = 'rgba(0,0,0,0.3)';
    o.beginPath();
    o.ellipse(fx + (paint.light.keyLeft ? 1 : -1) * h * 0.05, fy, h * 0.2, h * 0.035, 0, 0, Math.PI * 2);
    o.fill();
    o.setTransform(1, 0, 0, 1, 0, 0);
  }
  o.drawImage(sprite, 0, 0);
  const mouth: MouthSpot | undefined = cameoMouth
    ? f.speaks
      ? { characterId: f.characterId, ...cameoMouth, lip: 'rgba(120,50,52,0.9)', dark: 'rgba(40,12,18,0.92)' }
      : undefined
    : talkingHead
      ? {
          characterId: f.characterId,
          ...mouthAnchor(talkingHead),
          headH: talkingHead.h,
          lip: paint.c([130, 60, 58], 1, strength),
          dark: paint.c([58, 22, 28], 1, strength),
        }
      : undefined;
  return { canvas: out, x: left, y: top, w: right - left, h: bottom - top, parallax: f.parallax, ...(mouth ? { mouth } : {}) };
}

/**
 * Draws a cameo cut-out so its face covers the figure's head (same centre, a little larger, as a
 * photo's face box is tighter than a drawn head), and returns where its mouth is for lip-sync.
 */
function drawCutout(
  ctx: Ctx,
  head: HeadGeometry,
  c: NonNullable<PlanFigure['cutout']>,
  image: Image,
): { x: number; y: number; w: number; headH: number } {
  const faceH = c.face.height * image.height;
  const scale = (head.h * 1.25) / Math.max(1, faceH);
  const faceCx = (c.face.x + c.face.width / 2) * image.width;
  const faceCy = (c.face.y + c.face.height / 2) * image.height;
  const x0 = head.cx - faceCx * scale;
  const y0 = head.cy - faceCy * scale;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, x0, y0, image.width * scale, image.height * scale);
  const m = c.mouth ?? {
    x: c.face.x + c.face.width * 0.3,
    y: c.face.y + c.face.height * 0.72,
    width: c.face.width * 0.4,
    height: c.face.height * 0.1,
  };
  return {
    x: x0 + (m.x + m.width / 2) * image.width * scale,
    y: y0 + (m.y + m.height / 2) * image.height * scale,
    w: m.width * image.width * scale,
    headH: faceH * scale,
  };
}
