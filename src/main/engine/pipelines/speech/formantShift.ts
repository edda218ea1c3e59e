import { fft } from '../lipsync/mfcc';
import { resampleLinear } from './fliteTts';

/**
 * Time-stretches speech without changing its pitch or timbre (WSOLA: windowed frames overlap-added
 * at a new spacing, each shifted by up to a quarter frame to line up with the waveform's natural
 * continuation). `factor` > 1 makes it longer.
 */
export function wsolaStretch(x: Float32Array, factor: number, rate: number): Float32Array {
  const N = Math.round(rate * 0.032);
  const hop = N >> 1;
  const tol = N >> 2;
  const outLen = Math.round(x.length * factor);
  const out = new Float32Array(outLen + N);
  const norm = new Float32Array(outLen + N);
  const win = Float32Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1)));
  let prev = 0;
  for (let k = 0; k * hop < outLen; k++) {
    const nominal = Math.round((k * hop) / factor);
    let pos = Math.min(Math.max(0, nominal), Math.max(0, x.length - N));
    if (k > 0) {
      // The best-matching frame near the nominal position: most like what naturally follows the last one.
      const target = prev + hop;
      let best = -Infinity;
      for (let d = -tol; d <= tol; d += 2) {
        const p = nominal + d;
        if (p < 0 || p + N > x.length || target + N > x.length) continue;
        let c = 0;
        for (let i = 0; i < N; i += 4) c += x[p + i]! * x[target + i]!;
        if (c > best) {
          best = c;
          pos = p;
        }
      }
    }
    const o = k * hop;
    for (let i = 0; i < N && pos + i < x.length; i++) {
      out[o + i]! += x[pos + i]! * win[i]!;
      norm[o + i]! += win[i]!;
    }
    prev = pos;
  }
  const y = new Float32Array(outLen);
  for (let i = 0; i < outLen; i++) y[i] = norm[i]! > 1e-3 ? out[i]! / norm[i]! : 0;
  return y;
}

/**
 * Shifts a voice's formants (its timbre: vocal tract length) by `semitones` while keeping its
 * duration: resampled (pitch and formants move together), then stretched back to length. The
 * pitch moves with the formants, so callers ask the synthesizer for a pitch lower by as much.
 */
export function shiftFormants(x: Float32Array, rate: number, semitones: number): Float32Array {
  if (semitones === 0) return x;
  const f = 2 ** (semitones / 12);
  return wsolaStretch(resampleLinear(x, rate * f, rate), f, rate);
}

const NFFT = 512;

/**
 * The long-term spectral envelope of speech: the mean log spectrum of its louder frames, smoothed
 * by keeping the first cepstral coefficients (pitch harmonics removed). Bins of NFFT/2+1.
 */
export function spectralEnvelope(x: Float32Array, rate: number): Float64Array {
  const hop = NFFT >> 1;
  const mean = new Float64Array(NFFT / 2 + 1);
  const energies: number[] = [];
  for (let s = 0; s + NFFT <= x.length; s += hop) {
    let e = 0;
    for (let i = 0; i < NFFT; i++) e += x[s + i]! * x[s + i]!;
    energies.push(e);
  }
  const floor = [...energies].sort((a, b) => a - b)[Math.floor(energies.length * 0.5)] ?? 0;
  let frames = 0;
  const re = new Float64Array(NFFT);
  const im = new Float64Array(NFFT);
  for (let k = 0, s = 0; s + NFFT <= x.length; s += hop, k++) {
    if (energies[k]! <= floor) continue;
    for (let i = 0; i < NFFT; i++) {
      re[i] = x[s + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (NFFT - 1)));
      im[i] = 0;
    }
    fft(re, im);
    for (let b = 0; b <= NFFT / 2; b++) mean[b]! += Math.log(re[b]! ** 2 + im[b]! ** 2 + 1e-10);
    frames++;
  }
  if (frames) for (let b = 0; b <= NFFT / 2; b++) mean[b]! /= frames;
  // Cepstral smoothing: the log spectrum's slow shape only.
  const L = NFFT / 2 + 1;
  const keep = 24;
  const c = new Float64Array(keep);
  for (let q = 0; q < keep; q++) {
    let v = 0;
    for (let b = 0; b < L; b++) v += mean[b]! * Math.cos((Math.PI * q * b) / (L - 1));
    c[q] = v / (L - 1);
  }
  const env = new Float64Array(L);
  for (let b = 0; b < L; b++) {
    let v = c[0]! / 2;
    for (let q = 1; q < keep; q++) v += c[q]! * Math.cos((Math.PI * q * b) / (L - 1));
    env[b] = v;
  }
  void rate;
  return env;
}

/**
 * How far (semitones) the formants of `voice` lie above those of `reference`: the frequency
 * scaling of the reference's envelope that best matches the voice's (300–4500 Hz).
 */
export function formantOffset(voice: Float32Array, reference: Float32Array, rate: number): number {
  const a = spectralEnvelope(voice, rate);
  const b = spectralEnvelope(reference, rate);
  const binHz = rate / NFFT;
  const lo = Math.ceil(300 / binHz);
  const hi = Math.floor(Math.min(4500, rate / 2.2) / binHz);
  let best = { st: 0, c: -Infinity };
  for (let st = -6; st <= 6; st += 0.25) {
    const s = 2 ** (st / 12);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = lo; k <= hi; k++) {
      const src = k / s;
      const i = Math.floor(src);
      if (i < 0 || i + 1 >= b.length) continue;
      const f = src - i;
      xs.push(a[k]!);
      ys.push(b[i]! * (1 - f) + b[i + 1]! * f);
    }
    const c = correlation(xs, ys);
    if (c > best.c) best = { st, c };
  }
  return best.st;
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  if (n < 3) return -Infinity;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy + 1e-12);
}
