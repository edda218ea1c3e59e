import type { Viseme } from './visemes';

/** How open the mouth is for each shape (0 closed … 1 wide), for comparing with the sound. */
export const OPENNESS: Record<Viseme, number> = { X: 0, A: 0, B: 0.3, C: 0.6, D: 1, E: 0.6, F: 0.35, G: 0.25, H: 0.5 };

/**
 * The speech envelope: log RMS per `stepMs` window. Loudness on a log scale, as it is heard: quiet
 * consonant onsets count, and the loud vowels do not swamp them.
 */
export function envelope(samples: Float32Array, sampleRate: number, stepMs = 5): Float32Array {
  const win = Math.max(1, Math.round((sampleRate * stepMs) / 1000));
  const out = new Float32Array(Math.floor(samples.length / win));
  for (let w = 0; w < out.length; w++) {
    let s = 0;
    for (let i = w * win; i < (w + 1) * win; i++) s += samples[i]! * samples[i]!;
    out[w] = Math.log10(Math.sqrt(s / win) + 1e-3);
  }
  return out;
}

/** A per-frame mouth track as openness sampled every `stepMs`. */
export function opennessCurve(track: readonly Viseme[], fps: number, stepMs = 5): Float32Array {
  const n = Math.floor((track.length / fps) * (1000 / stepMs));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = OPENNESS[track[Math.min(track.length - 1, Math.floor(((i * stepMs) / 1000) * fps))]!];
  return out;
}

/**
 * The offset between the mouth and the sound, in ms: the lag that best aligns the openness curve
 * with the speech envelope (normalised cross-correlation within ±maxMs). Positive: the mouth moves
 * after the sound.
 */
export function syncOffsetMs(
  mouth: Float32Array,
  speech: Float32Array,
  stepMs = 5,
  maxMs = 300,
): { offsetMs: number; correlation: number } {
  const n = Math.min(mouth.length, speech.length);
  const norm = (x: Float32Array) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i]!;
    m /= n;
    const out = new Float32Array(n);
    let v = 0;
    for (let i = 0; i < n; i++) {
      out[i] = x[i]! - m;
      v += out[i]! * out[i]!;
    }
    return { x: out, sd: Math.sqrt(v) || 1 };
  };
  const a = norm(mouth);
  const b = norm(speech);
  const maxLag = Math.round(maxMs / stepMs);
  let best = { lag: 0, c: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const j = i - lag;
      if (j >= 0 && j < n) s += a.x[i]! * b.x[j]!;
    }
    const c = s / (a.sd * b.sd);
    if (c > best.c) best = { lag, c };
  }
  return { offsetMs: best.lag * stepMs, correlation: Math.round(best.c * 1000) / 1000 };
}

/** Beyond this, people notice (the usual audio–video sync threshold). */
export const SYNC_TOLERANCE_MS = 25;
