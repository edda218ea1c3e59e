/**
 * Integer-frame time maths. Inside Shotline time is always a whole number of frames at the
 * project's fps; seconds only appear at the edges (ffmpeg, audio, labels).
 */

export const SUPPORTED_FPS = [24, 25, 30, 48, 50, 60] as const;
export type Fps = (typeof SUPPORTED_FPS)[number];

function assertFps(fps: number): void {
  if (!Number.isInteger(fps) || fps <= 0) throw new RangeError(`fps must be a positive integer, got ${fps}`);
}

/** Seconds to the nearest whole frame (half a frame rounds up). */
export function secondsToFrames(seconds: number, fps: number): number {
  assertFps(fps);
  if (!Number.isFinite(seconds)) throw new RangeError(`seconds must be finite, got ${seconds}`);
  // toPrecision removes float noise such as 0.58 * 25 = 14.499999999999998 before rounding.
  return Math.round(Number((seconds * fps).toPrecision(12)));
}

export function framesToSeconds(frames: number, fps: number): number {
  assertFps(fps);
  return frames / fps;
}

/** Milliseconds to the nearest whole frame. */
export function msToFrames(ms: number, fps: number): number {
  return secondsToFrames(ms / 1000, fps);
}

export function framesToMs(frames: number, fps: number): number {
  return (frames * 1000) / fps;
}

/**
 * Re-expresses a frame count at another fps, keeping the same wall-clock duration as closely
 * as whole frames allow. Used when a project changes fps or imported media is normalised.
 */
export function convertFrames(frames: number, fromFps: number, toFps: number): number {
  assertFps(fromFps);
  assertFps(toFps);
  return Math.round((frames * toFps) / fromFps);
}

/** Non-drop timecode HH:MM:SS:FF. Negative values get a leading minus. */
export function formatTimecode(frames: number, fps: number): string {
  assertFps(fps);
  const sign = frames < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(frames));
  const ff = rest % fps;
  rest = (rest - ff) / fps;
  const ss = rest % 60;
  rest = (rest - ss) / 60;
  const mm = rest % 60;
  const hh = (rest - mm) / 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}:${pad(ff, String(fps - 1).length)}`;
}

/** Parses HH:MM:SS:FF (or MM:SS:FF, SS:FF) back into frames; throws on malformed input. */
export function parseTimecode(text: string, fps: number): number {
  assertFps(fps);
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const parts = (negative ? trimmed.slice(1) : trimmed).split(':');
  if (parts.length < 2 || parts.length > 4 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new RangeError(`not a timecode: "${text}" (expected HH:MM:SS:FF)`);
  }
  const nums = parts.map(Number);
  while (nums.length < 4) nums.unshift(0);
  const [hh, mm, ss, ff] = nums as [number, number, number, number];
  if (mm >= 60 || ss >= 60 || ff >= fps) throw new RangeError(`timecode field out of range: "${text}" at ${fps} fps`);
  const total = ((hh * 60 + mm) * 60 + ss) * fps + ff;
  return negative ? -total : total;
}

/** A short human label: "4.5 s · 108 f". */
export function durationLabel(frames: number, fps: number): string {
  const seconds = framesToSeconds(frames, fps);
  const rounded = Math.round(seconds * 100) / 100;
  return `${rounded} s · ${frames} f`;
}

/** Sum of frame counts, guarding against non-integers creeping in. */
export function sumFrames(values: readonly number[]): number {
  return values.reduce((acc, v) => {
    if (!Number.isInteger(v)) throw new RangeError(`frame counts must be integers, got ${v}`);
    return acc + v;
  }, 0);
}

/** Clamps a frame to [0, length-1]; a zero-length range clamps to 0. */
export function clampFrame(frame: number, length: number): number {
  if (length <= 0 || Number.isNaN(frame)) return 0;
  return Math.min(Math.max(Math.round(frame), 0), length - 1);
}

/**
 * A time left as a progress line shows it, rounded up (an estimate should not promise too soon):
 * "42 s", "3 min 05 s", "1 h 02 min".
 */
export function formatTimeLeft(seconds: number): string {
  const t = Math.max(0, Math.ceil(seconds));
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
  return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')} min`;
}
