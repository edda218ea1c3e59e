/**
 * The visible watermark burned into every export: "Shotline · <creator>" over "AI-generated",
 * drifting slowly over the whole picture (so it cannot be cropped out or covered by a static logo).
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
 * A stretch of time during which the bottom of the frame, from `top` (px) down, holds something the
 * watermark must not cover (burned-in captions). Seconds on the export's timeline.
 */
export interface KeepClear {
  start: number;
  end: number;
  top: number;
}

/** Seconds the watermark takes to rise above a caption before it shows, and to drift back after. */
export const KEEP_CLEAR_RAMP = 0.5;

/**
 * The spans as the path uses them: sorted, and merged where their ramps would overlap (keeping the
 * higher top), so that at any instant at most one of them pulls the watermark up.
 */
export function mergeKeepClear(spans: readonly KeepClear[]): KeepClear[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: KeepClear[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start - KEEP_CLEAR_RAMP <= last.end + KEEP_CLEAR_RAMP) {
      last.end = Math.max(last.end, s.end);
      last.top = Math.min(last.top, s.top);
    } else out.push({ ...s });
  }
  return out;
}

function geometry(width: number, height: number, layout: WatermarkLayout, keepClear: readonly KeepClear[]) {
  const mx = width * MARGIN;
  const my = height * MARGIN;
  const spanX = width - 2 * mx - layout.boxWidth;
  const spanY = height - 2 * my - layout.boxHeight;
  const gap = Math.round(layout.fontSize * 0.5);
  // How far below the top margin the box may go while span i shows, and so how much of the drift it takes away.
  const cuts = mergeKeepClear(keepClear)
    .map((k) => ({ ...k, cut: Math.max(0, spanY - Math.max(0, k.top - gap - layout.boxHeight - my)) }))
    .filter((k) => k.cut > 0);
  return { mx, my, spanX, spanY, cuts };
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
  const spanY = g.spanY - g.cuts.reduce((acc, k) => acc + reach(t, k) * k.cut, 0);
  return { x: g.mx + g.spanX * fx, y: g.my + spanY * fy };
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
  const cuts = g.cuts.map((k) => `-${f(k.cut)}*${clamp(`(t-${f(k.start)}+${R})/${R}`)}*${clamp(`(${f(k.end)}+${R}-t)/${R}`)}`).join('');
  return {
    x: `${f(g.mx)}+${f(g.spanX)}*(0.5+0.5*sin(2*PI*t/${PERIOD_X}))`,
    y: `${f(g.my)}+(${f(g.spanY)}${cuts})*(0.5+0.5*sin(2*PI*t/${PERIOD_Y}+${PHASE_Y}))`,
  };
}
