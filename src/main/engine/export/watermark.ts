/**
 * The visible watermark burned into every export: "Shotline · <creator>" over "AI-generated",
 * drifting slowly over the whole picture, inside any letterbox bars (so it cannot be cropped out or
 * covered by a static logo).
 * The same path is computed here in TypeScript and as ffmpeg expressions, so tests can check where
 * it is on any frame.
 */

export interface WatermarkLayout {
  fontSize: number;
  /** The box the two lines occupy, estimated from the font size and the longest line. */
  boxWidth: number;
  boxHeight: number;
}

const PERIOD_X = 23;
const PERIOD_Y = 17;
const PHASE_Y = 1.3;
const MARGIN = 0.04;

export function watermarkLines(creator: string): [string, string] {
  const name = creator.trim();
  return [name ? `Shotline · ${name}` : 'Shotline', 'AI-generated'];
}

export function watermarkLayout(width: number, height: number, creator: string): WatermarkLayout {
  const fontSize = Math.max(14, Math.round(Math.min(width, height) / 22));
  const longest = Math.max(...watermarkLines(creator).map((l) => l.length));
  return { fontSize, boxWidth: Math.round(longest * fontSize * 0.62), boxHeight: Math.round(fontSize * 2.3) };
}

/**
 * A stretch of time during which part of the frame holds something the watermark must not cover.
 * Seconds on the export's timeline. With `top`, the bottom of the frame from `top` (px) down
 * (burned-in captions): the watermark's drift is squeezed above it. With `bottom`, the top of the
 * frame down to `bottom` (a title card): the drift is squeezed below it. With `bars`, letterbox
 * bars that high at the top and the bottom: the drift stays inside the picture between them, so
 * cropping the bars away never crops the watermark.
 */
export type KeepClear = { start: number; end: number } & (
  | { top: number; bottom?: undefined; bars?: undefined }
  | { bottom: number; top?: undefined; bars?: undefined }
  | { bars: number; top?: undefined; bottom?: undefined }
);

/** Seconds the watermark takes to rise above a caption before it shows, and to drift back after. */
export const KEEP_CLEAR_RAMP = 0.5;

/**
 * The spans as the path uses them: sorted, and merged where their ramps would overlap (keeping the
 * higher top of captions, the lower bottom of title cards, the taller bars), so that at any instant
 * at most one span of each kind moves the watermark. Captions come first, then title cards, then bars.
 */
export function mergeKeepClear(spans: readonly KeepClear[]): KeepClear[] {
  const merge = (kind: 'top' | 'bottom' | 'bars') => {
    const sorted = spans.filter((s) => s.end > s.start && s[kind] !== undefined).sort((a, b) => a.start - b.start);
    const out: KeepClear[] = [];
    for (const s of sorted) {
      const last = out[out.length - 1];
      if (last && s.start - KEEP_CLEAR_RAMP <= last.end + KEEP_CLEAR_RAMP) {
        last.end = Math.max(last.end, s.end);
        if (kind === 'top') last.top = Math.min(last.top!, s.top!);
        else if (kind === 'bottom') last.bottom = Math.max(last.bottom!, s.bottom!);
        else last.bars = Math.max(last.bars!, s.bars!);
      } else out.push({ ...s });
    }
    return out;
  };
  return [...merge('top'), ...merge('bottom'), ...merge('bars')];
}

function geometry(width: number, height: number, layout: WatermarkLayout, keepClear: readonly KeepClear[]) {
  const mx = width * MARGIN;
  const my = height * MARGIN;
  const spanX = width - 2 * mx - layout.boxWidth;
  const spanY = height - 2 * my - layout.boxHeight;
  const gap = Math.round(layout.fontSize * 0.5);
  const merged = mergeKeepClear(keepClear);
  // How far below the top margin the box may go while a caption shows, and so how much of the drift it takes away.
  const cuts = merged
    .filter((k) => k.top !== undefined)
    .map((k) => ({ ...k, cut: Math.max(0, spanY - Math.max(0, k.top! - gap - layout.boxHeight - my)) }))
    .filter((k) => k.cut > 0);
  // How far down a title card pushes the top of the drift while it shows.
  const lifts = merged
    .filter((k) => k.bottom !== undefined)
    .map((k) => ({ ...k, lift: Math.max(0, Math.min(spanY, k.bottom! + gap - my)) }))
    .filter((k) => k.lift > 0);
  // How far letterbox bars push the drift in from the top and the bottom alike (each by at most half of it).
  const insets = merged
    .filter((k) => k.bars !== undefined)
    .map((k) => ({ ...k, inset: Math.max(0, Math.min(spanY / 2, k.bars! + gap - my)) }))
    .filter((k) => k.inset > 0);
  return { mx, my, spanX, spanY, cuts, lifts, insets };
}

/** 0 well before and after a span, 1 while it shows, a linear ramp between. */
function reach(t: number, k: KeepClear): number {
  const up = Math.max(0, Math.min(1, (t - k.start + KEEP_CLEAR_RAMP) / KEEP_CLEAR_RAMP));
  const down = Math.max(0, Math.min(1, (k.end + KEEP_CLEAR_RAMP - t) / KEEP_CLEAR_RAMP));
  return up * down;
}

/** Where the watermark box's top-left corner is at time `t` seconds (the same maths as `watermarkExpressions`). */
export function watermarkPosition(
  t: number,
  width: number,
  height: number,
  layout: WatermarkLayout,
  keepClear: readonly KeepClear[] = [],
): { x: number; y: number } {
  const g = geometry(width, height, layout, keepClear);
  const fx = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / PERIOD_X);
  const fy = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / PERIOD_Y + PHASE_Y);
  const captionCut = g.cuts.reduce((acc, k) => acc + reach(t, k) * k.cut, 0);
  if (g.lifts.length === 0 && g.insets.length === 0) return { x: g.mx + g.spanX * fx, y: g.my + (g.spanY - captionCut) * fy };
  // Inside the bars, below a title card and above a caption: when both show on a frame too small for
  // the box between them, the box sits just below the title card.
  const inset = g.insets.reduce((acc, k) => acc + reach(t, k) * k.inset, 0);
  const cut = Math.max(captionCut, inset);
  const lift = Math.max(
    g.lifts.reduce((acc, k) => acc + reach(t, k) * k.lift, 0),
    inset,
  );
  return { x: g.mx + g.spanX * fx, y: g.my + lift + Math.max(0, g.spanY - cut - lift) * fy };
}

/**
 * The x and y of `watermarkPosition` as ffmpeg expressions of `t`. They hold commas (min, max), so
 * inside a filter they go in single quotes with each comma escaped (`\,`), as `exportFilterGraph` does.
 */
export function watermarkExpressions(
  width: number,
  height: number,
  layout: WatermarkLayout,
  keepClear: readonly KeepClear[] = [],
): { x: string; y: string } {
  const g = geometry(width, height, layout, keepClear);
  const f = (n: number) => n.toFixed(3);
  const R = f(KEEP_CLEAR_RAMP);
  const clamp = (e: string) => `max(0,min(1,${e}))`;
  const ramp = (k: KeepClear) => `${clamp(`(t-${f(k.start)}+${R})/${R}`)}*${clamp(`(${f(k.end)}+${R}-t)/${R}`)}`;
  const fy = `(0.5+0.5*sin(2*PI*t/${PERIOD_Y}+${PHASE_Y}))`;
  const x = `${f(g.mx)}+${f(g.spanX)}*(0.5+0.5*sin(2*PI*t/${PERIOD_X}))`;
  if (g.lifts.length === 0 && g.insets.length === 0) {
    return { x, y: `${f(g.my)}+(${f(g.spanY)}${g.cuts.map((k) => `-${f(k.cut)}*${ramp(k)}`).join('')})*${fy}` };
  }
  const sum = (terms: string[]) => (terms.length ? `(${terms.join('+')})` : '0');
  const inset = sum(g.insets.map((k) => `${f(k.inset)}*${ramp(k)}`));
  const captionCut = sum(g.cuts.map((k) => `${f(k.cut)}*${ramp(k)}`));
  const titleLift = sum(g.lifts.map((k) => `${f(k.lift)}*${ramp(k)}`));
  const cut = g.insets.length ? `max(${captionCut},${inset})` : captionCut;
  const lift = g.insets.length ? `max(${titleLift},${inset})` : titleLift;
  return { x, y: `${f(g.my)}+${lift}+max(0,${f(g.spanY)}-${cut}-${lift})*${fy}` };
}
