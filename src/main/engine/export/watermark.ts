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

/** Where the watermark box's top-left corner is at time `t` seconds (the same maths as `watermarkExpressions`). */
export function watermarkPosition(t: number, width: number, height: number, layout: WatermarkLayout): { x: number; y: number } {
  const mx = width * MARGIN;
  const my = height * MARGIN;
  const fx = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / PERIOD_X);
  const fy = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / PERIOD_Y + PHASE_Y);
  return { x: mx + (width - 2 * mx - layout.boxWidth) * fx, y: my + (height - 2 * my - layout.boxHeight) * fy };
}

/** The x and y of `watermarkPosition` as ffmpeg expressions of `t` (no commas outside parentheses). */
export function watermarkExpressions(width: number, height: number, layout: WatermarkLayout): { x: string; y: string } {
  const mx = width * MARGIN;
  const my = height * MARGIN;
  const spanX = (width - 2 * mx - layout.boxWidth).toFixed(3);
  const spanY = (height - 2 * my - layout.boxHeight).toFixed(3);
  return {
    x: `${mx.toFixed(3)}+${spanX}*(0.5+0.5*sin(2*PI*t/${PERIOD_X}))`,
    y: `${my.toFixed(3)}+${spanY}*(0.5+0.5*sin(2*PI*t/${PERIOD_Y}+${PHASE_Y}))`,
  };
}
