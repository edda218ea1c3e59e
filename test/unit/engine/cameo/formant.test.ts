import { describe, expect, it } from 'vitest';
import { formantOffset, shiftFormants, wsolaStretch } from '../../../../src/main/engine/pipelines/speech/formantShift';
import { readWavMono, resampleLinear, synthesizeFliteTimed } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import { voiceProfile } from '../../../../src/main/engine/cameo/capture/voiceProfile';

async function speech(voice: 'slt' | 'kal' | 'awb', text = 'The quick brown fox jumps over the lazy dog near the river bank.') {
  const { wav } = await synthesizeFliteTimed(text, { voice });
  const a = readWavMono(wav);
  return resampleLinear(a.samples, a.sampleRate, 16000);
}

describe('formant shifting (voice matching, not cloning)', () => {
  it('WSOLA keeps the pitch while changing the length', async () => {
    const x = await speech('kal');
    const y = wsolaStretch(x, 1.25, 16000);
    expect(y.length).toBe(Math.round(x.length * 1.25));
    const span = (s: Float32Array) => [{ start: 0, end: s.length / 16000 }];
    const p0 = voiceProfile(x, 16000, span(x))!;
    const p1 = voiceProfile(y, 16000, span(y))!;
    expect(Math.abs(12 * Math.log2(p1.medianHz / p0.medianHz))).toBeLessThan(1);
  }, 30_000);

  it('a shift of +3 semitones is measured back as about +3, and the length is kept', async () => {
    const x = await speech('slt');
    const y = shiftFormants(x, 16000, 3);
    expect(Math.abs(y.length - x.length)).toBeLessThan(16);
    expect(formantOffset(x, x, 16000)).toBe(0);
    expect(Math.abs(formantOffset(y, x, 16000) - 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(formantOffset(shiftFormants(x, 16000, -3), x, 16000) + 3)).toBeLessThanOrEqual(1);
  }, 30_000);
});
