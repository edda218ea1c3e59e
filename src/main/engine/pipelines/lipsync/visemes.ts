import type { TimedPhone } from '../speech/fliteTts';

/**
 * Mouth shapes in the style of Rhubarb Lip Sync's set:
 *   X rest (silence)        A closed (p b m)          B slightly open, teeth (most consonants)
 *   C open (eh ae ah …)     D wide open (aa ay aw)    E rounded (ao er oy)
 *   F puckered (uw ow w)    G upper teeth on lip (f v) H tongue up (l)
 */
export const VISEMES = ['X', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type Viseme = (typeof VISEMES)[number];

/** ARPAbet phone (flite's, lower case, stress removed) → mouth shape. */
export const PHONE_TO_VISEME: Record<string, Viseme> = {
  pau: 'X',
  sil: 'X',
  'h#': 'X',
  p: 'A',
  b: 'A',
  m: 'A',
  f: 'G',
  v: 'G',
  l: 'H',
  el: 'H',
  uw: 'F',
  uh: 'F',
  ow: 'F',
  w: 'F',
  ao: 'E',
  er: 'E',
  axr: 'E',
  oy: 'E',
  r: 'E',
  aa: 'D',
  ay: 'D',
  aw: 'D',
  ae: 'C',
  eh: 'C',
  ah: 'C',
  ax: 'C',
  ey: 'C',
  ih: 'B',
  iy: 'B',
  y: 'B',
  hh: 'B',
  t: 'B',
  d: 'B',
  k: 'B',
  g: 'B',
  n: 'B',
  en: 'B',
  ng: 'B',
  s: 'B',
  z: 'B',
  sh: 'B',
  zh: 'B',
  ch: 'B',
  jh: 'B',
  th: 'B',
  dh: 'B',
  dx: 'B',
};

export function visemeOf(phone: string): Viseme {
  return PHONE_TO_VISEME[phone.toLowerCase().replace(/[0-9]/g, '')] ?? 'B';
}

/** The phone under the centre of each frame, mapped to its mouth shape: the ground-truth track. */
export function rawVisemeTrack(phones: readonly TimedPhone[], fps: number, frames: number, offsetSeconds = 0): Viseme[] {
  const out: Viseme[] = new Array<Viseme>(frames).fill('X');
  let k = 0;
  for (let f = 0; f < frames; f++) {
    const t = (f + 0.5) / fps - offsetSeconds;
    while (k < phones.length && phones[k]!.end <= t) k++;
    const p = phones[k];
    out[f] = p && t >= p.start ? visemeOf(p.phone) : 'X';
  }
  return out;
}

/**
 * The mouth track an animator would draw: the raw track with coarticulation smoothing. A mouth
 * shape held for a single frame between two others is replaced by its neighbour (the lips cannot
 * form it in time), except closures (A), which must show for plosives to read, and a closed
 * mouth anticipates the next vowel by one frame when it would otherwise snap open.
 */
export function smoothVisemes(raw: readonly Viseme[]): Viseme[] {
  const out = [...raw];
  for (let f = 1; f < out.length - 1; f++) {
    const v = out[f]!;
    if (v === 'A' || v === 'X') continue;
    if (out[f - 1] !== v && out[f + 1] !== v && out[f - 1] === out[f + 1]) out[f] = out[f - 1]!;
  }
  return out;
}

/** Frame-by-frame agreement of two tracks (0..1). */
export function agreement(a: readonly Viseme[], b: readonly Viseme[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 1;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/**
 * The fallback when a take has no text to align: mouth openness from loudness alone (log RMS per
 * frame, relative to the take's loudest frame), quantised to rest, slightly open, open and wide.
 */
export function visemesFromLoudness(samples: Float32Array, sampleRate: number, fps: number): Viseme[] {
  const per = sampleRate / fps;
  const frames = Math.ceil(samples.length / per);
  const db: number[] = [];
  for (let f = 0; f < frames; f++) {
    let s = 0;
    let n = 0;
    for (let i = Math.floor(f * per); i < Math.min(samples.length, Math.floor((f + 1) * per)); i++, n++) s += samples[i]! * samples[i]!;
    db.push(10 * Math.log10(s / Math.max(1, n) + 1e-10));
  }
  const top = Math.max(...db);
  return smoothVisemes(db.map((d) => (d < top - 30 ? 'X' : d < top - 18 ? 'B' : d < top - 8 ? 'C' : 'D')));
}
