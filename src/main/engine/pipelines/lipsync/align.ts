import type { TimedPhone } from '../speech/fliteTts';
import { dtwMap } from './dtw';
import { mfcc } from './mfcc';

const HOP = 0.01;

/**
 * Force-aligns a known line to a recording: MFCCs of a synthesized reference of the same text
 * (whose phone timings are known) and of the recording's speech span are matched by DTW, and each
 * reference phone boundary is carried across the warp path into the recording's time.
 */
export function alignPhones(o: {
  reference: { samples: Float32Array; sampleRate: number; phones: readonly TimedPhone[] };
  take: { samples: Float32Array; sampleRate: number };
  /** Where the speech is in the take (from VAD), seconds; the whole take when absent. */
  speech?: { start: number; end: number };
}): TimedPhone[] {
  const { reference, take } = o;
  if (reference.sampleRate !== take.sampleRate) throw new Error('The reference and the take must have the same sample rate.');
  const rate = take.sampleRate;
  // The reference's own leading and trailing pauses are not matched against the take's speech.
  const refPhones = reference.phones;
  const firstSpoken = refPhones.findIndex((p) => p.phone !== 'pau');
  const lastSpoken = refPhones.length - 1 - [...refPhones].reverse().findIndex((p) => p.phone !== 'pau');
  if (firstSpoken < 0) throw new Error('The reference has no speech.');
  const r0 = refPhones[firstSpoken]!.start;
  const r1 = refPhones[lastSpoken]!.end;
  const refFeat = mfcc(reference.samples.subarray(Math.floor(r0 * rate), Math.ceil(r1 * rate)), rate);
  const span = o.speech ?? { start: 0, end: take.samples.length / rate };
  const t0 = Math.max(0, span.start);
  const takeFeat = mfcc(take.samples.subarray(Math.floor(t0 * rate), Math.ceil(span.end * rate)), rate);
  const map = dtwMap(refFeat, takeFeat);
  const toTake = (tRef: number) => {
    const f = Math.min(map.length - 1, Math.max(0, Math.round((tRef - r0) / HOP)));
    return t0 + map[f]! * HOP;
  };
  const out: TimedPhone[] = [];
  if (t0 > 0) out.push({ phone: 'pau', start: 0, end: t0 });
  for (let k = firstSpoken; k <= lastSpoken; k++) {
    const p = refPhones[k]!;
    const start = k === firstSpoken ? t0 : toTake(p.start);
    const end = k === lastSpoken ? span.end : toTake(p.end);
    out.push({ phone: p.phone, start, end: Math.max(start, end) });
  }
  out.push({ phone: 'pau', start: span.end, end: take.samples.length / rate });
  return out;
}
