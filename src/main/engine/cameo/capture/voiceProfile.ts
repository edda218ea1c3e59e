import type { VoiceProfile } from '../../../../shared/cameos';

const MIN_HZ = 65;
const MAX_HZ = 400;

/** Pitch of one frame by normalised autocorrelation, or null when the frame is not clearly voiced. */
export function framePitch(x: Float32Array, rate: number): number | null {
  const minLag = Math.floor(rate / MAX_HZ);
  const maxLag = Math.ceil(rate / MIN_HZ);
  const n = x.length - maxLag;
  if (n <= 0) return null;
  let energy = 0;
  for (let i = 0; i < x.length; i++) energy += x[i]! * x[i]!;
  if (energy / x.length < 1e-5) return null;
  let bestLag = 0;
  let best = 0;
  const r = new Float64Array(maxLag + 1);
  for (let lag = minLag; lag <= maxLag; lag++) {
    let s = 0;
    let e0 = 0;
    let e1 = 0;
    for (let i = 0; i < n; i++) {
      s += x[i]! * x[i + lag]!;
      e0 += x[i]! * x[i]!;
      e1 += x[i + lag]! * x[i + lag]!;
    }
    r[lag] = s / Math.sqrt(e0 * e1 + 1e-12);
  }
  // The first strong peak (not the highest, which may be an octave below).
  const top = Math.max(...r.subarray(minLag));
  for (let lag = minLag + 1; lag < maxLag; lag++) {
    if (r[lag]! >= 0.9 * top && r[lag]! >= r[lag - 1]! && r[lag]! >= r[lag + 1]!) {
      bestLag = lag;
      best = r[lag]!;
      break;
    }
  }
  if (best < 0.55 || bestLag === 0) return null;
  // Parabolic interpolation around the peak.
  const a = r[bestLag - 1]!;
  const b = r[bestLag]!;
  const c = r[bestLag + 1]!;
  const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
  return rate / (bestLag + shift);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;

/**
 * How a voice sounds: median pitch and its spread over voiced frames, and a speaking rate from
 * the peaks of the loudness envelope (syllable nuclei) in the speech spans.
 */
export function voiceProfile(samples: Float32Array, rate: number, speech: readonly { start: number; end: number }[]): VoiceProfile | null {
  const frame = Math.round(rate * 0.04);
  const hop = Math.round(rate * 0.01);
  const pitches: number[] = [];
  let speechSeconds = 0;
  let peaks = 0;
  for (const span of speech) {
    const s0 = Math.floor(span.start * rate);
    const s1 = Math.min(samples.length, Math.ceil(span.end * rate));
    speechSeconds += (s1 - s0) / rate;
    for (let i = s0; i + frame <= s1; i += hop) {
      const p = framePitch(samples.subarray(i, i + frame), rate);
      if (p) pitches.push(p);
    }
    peaks += syllablePeaks(samples.subarray(s0, s1), rate);
  }
  if (pitches.length < 10 || speechSeconds < 0.5) return null;
  pitches.sort((a, b) => a - b);
  const p10 = quantile(pitches, 0.1);
  const p90 = quantile(pitches, 0.9);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  return {
    medianHz: r1(quantile(pitches, 0.5)),
    p10Hz: r1(p10),
    p90Hz: r1(p90),
    rangeSemitones: r1(12 * Math.log2(p90 / p10)),
    syllablesPerSecond: r1(peaks / speechSeconds),
    voicedSeconds: r1((pitches.length * hop) / rate),
    formants: null,
  };
}

/** Peaks of the 20 ms loudness envelope, smoothed, at least 100 ms apart and clearly above the floor. */
function syllablePeaks(x: Float32Array, rate: number): number {
  const win = Math.round(rate * 0.02);
  const env: number[] = [];
  for (let i = 0; i + win <= x.length; i += win) {
    let s = 0;
    for (let k = 0; k < win; k++) s += x[i + k]! * x[i + k]!;
    env.push(Math.sqrt(s / win));
  }
  const smooth = env.map((_, i) => (env[i - 1] ?? env[i]!) * 0.25 + env[i]! * 0.5 + (env[i + 1] ?? env[i]!) * 0.25);
  const max = Math.max(0, ...smooth);
  let count = 0;
  let last = -10;
  for (let i = 1; i < smooth.length - 1; i++) {
    if (smooth[i]! > 0.25 * max && smooth[i]! >= smooth[i - 1]! && smooth[i]! > smooth[i + 1]! && i - last >= 5) {
      count++;
      last = i;
    }
  }
  return count;
}
