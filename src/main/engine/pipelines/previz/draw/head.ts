import type { FigureLook } from '../types';
import type { Ctx, Paint } from './paint';

/** Where and how big a head is drawn, in pixels, plus the figure's facing. */
export interface HeadGeometry {
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** -1 facing left, 1 facing right, 0 facing the camera or away. */
  dir: number;
  back: boolean;
  /** The mouth is drawn per frame (lip-sync) instead of a fixed one. */
  animatedMouth?: boolean;
  /** A beard moves the mouth down, under the moustache. */
  beard?: boolean;
}

/** Where the mouth of a head sits and how wide it is at rest. */
export function mouthAnchor(g: HeadGeometry): { x: number; y: number; w: number } {
  if (g.beard) return { x: g.cx + g.dir * g.w * 0.16, y: g.cy + g.h * 0.285, w: g.w * 0.2 };
  return { x: g.cx + g.dir * g.w * 0.2 * 0.9, y: g.cy + g.h * 0.2, w: g.w * (g.dir === 0 ? 0.26 : 0.16) };
}

/**
 * One mouth shape (a viseme letter, Rhubarb-style: X rest, A closed, B slightly open, C open,
 * D wide, E rounded, F puckered, G teeth on lip, H tongue) at the anchor, headH tall head.
 */
export function drawMouth(
  ctx: Ctx,
  viseme: string,
  m: { x: number; y: number; w: number; headH: number; lip: string; dark: string },
): void {
  const open: Record<string, [number, number]> = {
    B: [0.9, 0.035],
    C: [1, 0.07],
    D: [1.15, 0.1],
    E: [0.8, 0.075],
    F: [0.45, 0.05],
    G: [0.85, 0.03],
    H: [0.95, 0.06],
  };
  const shape = open[viseme];
  if (!shape) {
    // Closed: a line, pressed a little harder for p/b/m.
    ctx.strokeStyle = m.lip;
    ctx.lineWidth = Math.max(1, m.headH * (viseme === 'A' ? 0.045 : 0.03));
    ctx.beginPath();
    ctx.moveTo(m.x - m.w / 2, m.y);
    ctx.lineTo(m.x + m.w / 2, m.y);
    ctx.stroke();
    return;
  }
  const [sx, sy] = shape;
  ctx.fillStyle = m.dark;
  ellipse(ctx, m.x, m.y, (m.w / 2) * sx, Math.max(0.6, m.headH * sy));
  ctx.fill();
  if (viseme === 'G' || viseme === 'B') {
    ctx.fillStyle = 'rgba(245,240,235,0.9)';
    ctx.fillRect(m.x - (m.w / 2) * sx * 0.7, m.y - m.headH * sy, m.w * sx * 0.7, Math.max(0.5, m.headH * sy * 0.6));
  }
  if (viseme === 'H') {
    ctx.fillStyle = 'rgba(210,110,120,0.9)';
    ellipse(ctx, m.x, m.y + m.headH * sy * 0.3, (m.w / 2) * 0.5, Math.max(0.5, m.headH * sy * 0.5));
    ctx.fill();
  }
}

const ellipse = (ctx: Ctx, x: number, y: number, rx: number, ry: number, from = 0, to = Math.PI * 2) => {
  ctx.beginPath();
  ctx.ellipse(x, y, Math.max(0.1, rx), Math.max(0.1, ry), 0, from, to);
};

/** Hair that hangs behind the head and shoulders: drawn before the head. */
export function drawHairBack(ctx: Ctx, paint: Paint, look: FigureLook, g: HeadGeometry, strength: number): void {
  const hair = paint.c(look.hairColor, 1, strength);
  ctx.fillStyle = hair;
  if (look.hair === 'long') {
    ctx.beginPath();
    ctx.roundRect(g.cx - g.w * 0.62 - g.dir * g.w * 0.12, g.cy - g.h * 0.42, g.w * 1.24, g.h * 1.25, g.w * 0.4);
    ctx.fill();
  } else if (look.hair === 'ponytail' && (g.dir !== 0 || g.back)) {
    const side = g.back ? 0 : -g.dir;
    ellipse(ctx, g.cx + side * g.w * 0.62, g.cy + g.h * 0.05, g.w * 0.2, g.h * 0.45);
    ctx.fill();
  } else if (look.hair === 'bun') {
    ellipse(ctx, g.cx - g.dir * g.w * 0.25, g.cy - g.h * 0.52, g.w * 0.28, g.h * 0.2);
    ctx.fill();
  }
  if (look.headwear === 'veil') {
    // A beekeeper's veil pushed back: pale mesh hanging behind the head.
    ctx.fillStyle = paint.c(look.headwearColor, 0.55, strength);
    ctx.beginPath();
    ctx.moveTo(g.cx - g.w * 0.62, g.cy - g.h * 0.4);
    ctx.lineTo(g.cx + g.w * 0.62, g.cy - g.h * 0.4);
    ctx.lineTo(g.cx + g.w * 0.72, g.cy + g.h * 0.42);
    ctx.lineTo(g.cx - g.w * 0.72, g.cy + g.h * 0.42);
    ctx.fill();
  }
  if (look.headwear === 'hood') {
    ctx.fillStyle = paint.c(look.outerColor, 1, strength);
    ellipse(ctx, g.cx, g.cy, g.w * 0.72, g.h * 0.62);
    ctx.fill();
  }
}

/** The head, face (unless seen from behind), hair on top, beard, glasses and headwear. */
export function drawHead(ctx: Ctx, paint: Paint, look: FigureLook, g: HeadGeometry, strength: number): void {
  const skin = paint.c(look.skin, 1, strength);
  const hair = paint.c(look.hairColor, 1, strength);
  const { cx, cy, w, h, dir } = g;
  // Ears, then the head itself.
  ctx.fillStyle = skin;
  if (!g.back && dir === 0) {
    ellipse(ctx, cx - w * 0.5, cy + h * 0.02, w * 0.09, h * 0.12);
    ctx.fill();
    ellipse(ctx, cx + w * 0.5, cy + h * 0.02, w * 0.09, h * 0.12);
    ctx.fill();
  }
  ellipse(ctx, cx, cy, w / 2, h / 2);
  ctx.fill();
  if (dir !== 0 && !g.back) {
    // Nose and chin push out on the facing side.
    ctx.beginPath();
    ctx.moveTo(cx + dir * w * 0.44, cy - h * 0.05);
    ctx.lineTo(cx + dir * w * 0.58, cy + h * 0.1);
    ctx.lineTo(cx + dir * w * 0.44, cy + h * 0.14);
    ctx.fill();
  }

  const faceVisible = !g.back && h >= 7;
  if (faceVisible) drawFace(ctx, paint, look, g, strength);

  if (look.beard) {
    // The beard is the head's own outline below the cheekbones, so it follows the jaw.
    ctx.save();
    ellipse(ctx, cx, cy, w / 2, h / 2);
    ctx.clip();
    ctx.fillStyle = paint.c(look.beardColor, 1, strength);
    ctx.beginPath();
    if (g.back) ctx.rect(cx - w, cy + h * 0.36, w * 2, h);
    else {
      ctx.moveTo(cx - w, cy + h * 0.08);
      ctx.quadraticCurveTo(cx + dir * w * 0.15, cy + h * 0.3, cx + w, cy + h * 0.08);
      ctx.lineTo(cx + w, cy + h);
      ctx.lineTo(cx - w, cy + h);
    }
    ctx.fill();
    ctx.restore();
    if (!g.back) {
      // Moustache.
      ctx.fillStyle = paint.c(look.beardColor, 1, strength);
      ellipse(ctx, cx + dir * w * 0.14, cy + h * 0.2, w * 0.2, h * 0.05);
      ctx.fill();
    }
    if (faceVisible && !g.animatedMouth) {
      ctx.fillStyle = paint.c([120, 50, 50], 1, strength);
      ctx.fillRect(cx + dir * w * 0.16 - w * 0.08, cy + h * 0.27, w * 0.16, Math.max(1, h * 0.03));
    }
  }

  // Hair on top of the head; from behind it covers the whole head.
  ctx.fillStyle = hair;
  if (g.back && look.hair !== 'bald') {
    ellipse(ctx, cx, cy - h * 0.02, w * 0.53, h * (look.hair === 'buzz' ? 0.5 : 0.53));
    ctx.fill();
  } else if (look.hair === 'curly') {
    for (let i = 0; i < 9; i++) {
      const a = Math.PI * (1.02 + (i / 8) * 0.96);
      ellipse(ctx, cx + Math.cos(a) * w * 0.48, cy - h * 0.08 + Math.sin(a) * h * 0.46, w * 0.2, h * 0.16);
      ctx.fill();
    }
  } else if (look.hair !== 'bald') {
    // A dome over the crown down to a hairline above the brows, and hair over the temples.
    const hairline = cy - h * 0.17;
    ctx.globalAlpha = look.hair === 'buzz' ? 0.85 : 1;
    ellipse(ctx, cx - dir * w * 0.05, hairline, w * 0.54, h * (look.hair === 'buzz' ? 0.36 : 0.39), Math.PI, Math.PI * 2);
    ctx.fill();
    ellipse(ctx, cx - dir * w * 0.05, hairline, w * 0.54, h * 0.06, 0, Math.PI);
    ctx.fill();
    for (const side of dir === 0 ? [-1, 1] : [-dir])
      ctx.fillRect(cx + side * w * 0.54 - (side > 0 ? w * 0.12 : 0), hairline, w * 0.12, h * 0.2);
    if (look.hair !== 'buzz') {
      // A fringe swept to one side gives the face its hairline.
      ctx.beginPath();
      ctx.moveTo(cx - w * 0.5, hairline + h * 0.05);
      ctx.quadraticCurveTo(cx - w * 0.1 + dir * w * 0.2, hairline + h * 0.09, cx + w * 0.45, hairline - h * 0.08);
      ctx.lineTo(cx + w * 0.4, hairline - h * 0.2);
      ctx.fill();
      if (look.hair === 'long') {
        ctx.fillRect(cx - w * 0.56 - dir * w * 0.1, hairline, w * 0.14, h * 0.6);
        ctx.fillRect(cx + w * 0.42 - dir * w * 0.1, hairline, w * 0.14, h * 0.6);
      }
    }
    ctx.globalAlpha = 1;
  }

  drawHeadwear(ctx, paint, look, g, strength);
}

function drawFace(ctx: Ctx, paint: Paint, look: FigureLook, g: HeadGeometry, strength: number): void {
  const { cx, cy, w, h, dir } = g;
  const anime = paint.look.cel;
  const eyeY = cy + h * 0.04;
  const eyeR = h * (anime ? 0.085 : 0.055);
  const shift = dir * w * 0.2;
  const eyes = dir === 0 ? [-1, 1] : [dir];
  const dark = paint.c([34, 28, 30], 1, strength * 0.5);
  for (const side of eyes) {
    const ex = cx + shift + side * w * (dir === 0 ? 0.21 : 0.08);
    ctx.fillStyle = dark;
    ellipse(ctx, ex, eyeY, eyeR * (anime ? 0.8 : 0.85), eyeR * (anime ? 1.15 : 1));
    ctx.fill();
    if (anime) {
      ctx.fillStyle = paint.g([255, 255, 255]);
      ellipse(ctx, ex - eyeR * 0.25, eyeY - eyeR * 0.35, eyeR * 0.3, eyeR * 0.3);
      ctx.fill();
    }
    // Brows in the hair colour.
    ctx.fillStyle = paint.c(look.hairColor, 1, strength);
    ctx.fillRect(ex - eyeR * 1.3, eyeY - eyeR * 2.2, eyeR * 2.6, Math.max(1, h * 0.03));
  }
  if (anime || paint.style === 'storybook') {
    ctx.fillStyle = paint.c([235, 120, 120], 0.35, strength);
    for (const side of eyes) {
      ellipse(ctx, cx + shift + side * w * 0.28, cy + h * 0.2, w * 0.1, h * 0.05);
      ctx.fill();
    }
  }
  // A hint of a nose: a soft shadow under the eyes' midpoint.
  ctx.fillStyle = paint.c([60, 30, 20], 0.18, strength);
  ellipse(ctx, cx + shift * 1.2, cy + h * 0.1, w * 0.07, h * 0.04);
  ctx.fill();
  if (!look.beard && !g.animatedMouth) {
    ctx.strokeStyle = paint.c([130, 60, 58], 1, strength);
    ctx.lineWidth = Math.max(1, h * 0.03);
    ctx.beginPath();
    ctx.arc(cx + shift * 0.9, cy + h * 0.17, w * 0.12, 0.2 * Math.PI, 0.8 * Math.PI);
    ctx.stroke();
  }
  if (look.glasses) {
    ctx.strokeStyle = paint.c([30, 30, 34], 1, strength);
    ctx.lineWidth = Math.max(1, h * 0.025);
    for (const side of eyes) {
      ctx.beginPath();
      ctx.arc(cx + shift + side * w * (dir === 0 ? 0.21 : 0.08), eyeY, eyeR * 2, 0, Math.PI * 2);
      ctx.stroke();
    }
    if (dir === 0) {
      ctx.beginPath();
      ctx.moveTo(cx - w * 0.21 + eyeR * 2, eyeY);
      ctx.lineTo(cx + w * 0.21 - eyeR * 2, eyeY);
      ctx.stroke();
    }
  }
}

function drawHeadwear(ctx: Ctx, paint: Paint, look: FigureLook, g: HeadGeometry, strength: number): void {
  const { cx, cy, w, h, dir } = g;
  const color = paint.c(look.headwearColor, 1, strength);
  ctx.fillStyle = color;
  switch (look.headwear) {
    case 'hat':
    case 'veil':
      ellipse(ctx, cx, cy - h * 0.3, w * 0.85, h * 0.09);
      ctx.fill();
      ctx.beginPath();
      ctx.roundRect(cx - w * 0.42, cy - h * 0.66, w * 0.84, h * 0.38, w * 0.15);
      ctx.fill();
      break;
    case 'cap':
      ellipse(ctx, cx, cy - h * 0.22, w * 0.54, h * 0.34, Math.PI, Math.PI * 2);
      ctx.fill();
      if (!g.back) {
        ellipse(ctx, cx + dir * w * 0.45, cy - h * 0.22, w * (dir === 0 ? 0.45 : 0.35), h * 0.07);
        ctx.fill();
      }
      break;
    case 'beanie':
      ellipse(ctx, cx, cy - h * 0.2, w * 0.55, h * 0.42, Math.PI, Math.PI * 2);
      ctx.fill();
      ctx.fillRect(cx - w * 0.56, cy - h * 0.24, w * 1.12, h * 0.12);
      break;
    case 'hood':
      if (!g.back) {
        ctx.lineWidth = Math.max(1, w * 0.14);
        ctx.strokeStyle = color;
        ellipse(ctx, cx, cy - h * 0.02, w * 0.56, h * 0.55, Math.PI * 0.9, Math.PI * 2.1);
        ctx.stroke();
      }
      break;
    case 'none':
      break;
  }
}
