/*
 * MFCC features for forced alignment: 25 ms Hamming windows every 10 ms, pre-emphasis 0.97,
 * a 512-point FFT, 26 mel filters (20 Hz–Nyquist), log energies, a DCT to 13 coefficients, and
 * mean normalisation over the utterance (so the microphone's colour cancels out).
 */

/** In-place radix-2 FFT of (re, im); length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

const mel = (f: number) => 2595 * Math.log10(1 + f / 700);
const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);

function melBank(filters: number, nfft: number, rate: number): Float64Array[] {
  const lo = mel(20);
  const hi = mel(rate / 2);
  const points = Array.from({ length: filters + 2 }, (_, i) => Math.floor(((nfft + 1) * hz(lo + ((hi - lo) * i) / (filters + 1))) / rate));
  return Array.from({ length: filters }, (_, m) => {
    const f = new Float64Array(nfft / 2 + 1);
    const [a, b, c] = [points[m]!, points[m + 1]!, points[m + 2]!];
    for (let k = a; k < b; k++) f[k] = (k - a) / Math.max(1, b - a);
    for (let k = b; k < c; k++) f[k] = (c - k) / Math.max(1, c - b);
    return f;
  });
}

export interface MfccOptions {
  hopMs?: number;
  winMs?: number;
  coefficients?: number;
}

/** Hop and window in samples. */
function frameSizes(rate: number, o: MfccOptions): { hop: number; win: number } {
  return { hop: Math.round((rate * (o.hopMs ?? 10)) / 1000), win: Math.round((rate * (o.winMs ?? 25)) / 1000) };
}

/** The index of the MFCC frame whose window is centred nearest `seconds` (not clamped). */
export function mfccFrameAt(seconds: number, rate: number, o: MfccOptions = {}): number {
  const { hop, win } = frameSizes(rate, o);
  return Math.round((seconds * rate - win / 2) / hop);
}

/** The mean of feature frames (all of the same length); zeros when there are none. */
export function frameMean(frames: readonly Float64Array[], dims = frames[0]?.length ?? 0): Float64Array {
  const mean = new Float64Array(dims);
  for (const f of frames) for (let k = 0; k < dims; k++) mean[k] = mean[k]! + f[k]! / frames.length;
  return mean;
}

/** MFCC frames of mono samples (one Float64Array of coefficients per hop). */
export function mfcc(samples: Float32Array, rate: number, o: MfccOptions = {}): Float64Array[] {
  const { hop, win } = frameSizes(rate, o);
  const nfft = 1 << Math.ceil(Math.log2(win));
  const nc = o.coefficients ?? 13;
  const bank = melBank(26, nfft, rate);
  const hamming = Float64Array.from({ length: win }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (win - 1)));
  const frames: Float64Array[] = [];
  const re = new Float64Array(nfft);
  const im = new Float64Array(nfft);
  const logMel = new Float64Array(bank.length);
  for (let start = 0; start + win <= samples.length; start += hop) {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < win; i++) {
      const s = samples[start + i]! - 0.97 * (start + i > 0 ? samples[start + i - 1]! : 0);
      re[i] = s * hamming[i]!;
    }
    fft(re, im);
    for (let m = 0; m < bank.length; m++) {
      let e = 0;
      const f = bank[m]!;
      for (let k = 0; k <= nfft / 2; k++) if (f[k]) e += f[k]! * (re[k]! * re[k]! + im[k]! * im[k]!);
      logMel[m] = Math.log(e + 1e-10);
    }
    const c = new Float64Array(nc);
    for (let k = 0; k < nc; k++) {
      let s = 0;
      for (let m = 0; m < logMel.length; m++) s += logMel[m]! * Math.cos((Math.PI * k * (m + 0.5)) / logMel.length);
      c[k] = s;
    }
    frames.push(c);
  }
  // Cepstral mean normalisation.
  const mean = frameMean(frames, nc);
  for (const f of frames) for (let k = 0; k < nc; k++) f[k] = f[k]! - mean[k]!;
  return frames;
}
