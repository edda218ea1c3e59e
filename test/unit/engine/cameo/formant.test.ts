import { describe, expect, it } from 'vitest';
import { formantOffset, shiftFormants, wsolaStretch } from '../../../../src/main/engine/pipelines/speech/formantShift';
import { readWavMono, resampleLinear, synthesizeFliteTimed } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import { voiceProfile } from '../../../../src/main/engine/cameo/capture/voiceProfile';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineSpeechSpec, speakLine } from '../../../../src/main/engine/dialogue/lineSpeech';
import { matchVoice } from '../../../../src/shared/cameos';

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

describe('a matched voice speaks a line', () => {
  it('matchVoice picks the base voice by pitch and carries pitch, formants and pace', () => {
    const v = matchVoice(
      {
        medianHz: 200,
        p10Hz: 160,
        p90Hz: 250,
        rangeSemitones: 7.7,
        syllablesPerSecond: 5,
        voicedSeconds: 3,
        formants: { kal: 3, slt: 1.5 },
      },
      { engine: 'flite', voiceId: 'kal', rate: 1, pitch: 0 },
    );
    expect(v).toEqual({ engine: 'flite', voiceId: 'slt', rate: 1.25, pitch: 3, formant: 1.5 });
    const low = matchVoice(
      { medianHz: 100, p10Hz: 90, p90Hz: 120, rangeSemitones: 5, syllablesPerSecond: 4, voicedSeconds: 3, formants: null },
      v,
    );
    expect(low).toMatchObject({ voiceId: 'kal', pitch: -1, formant: 0, rate: 1 });
  });

  it('a line spoken with a formant shift keeps its pitch and moves its formants', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shotline-formant-'));
    const text = 'We should leave before the rain comes over the hills.';
    const plain = lineSpeechSpec(text, { engine: 'flite', voiceId: 'slt', rate: 1, pitch: 0 });
    const shifted = lineSpeechSpec(text, { engine: 'flite', voiceId: 'slt', rate: 1, pitch: 0, formant: 2 });
    expect(shifted.wavPath).not.toBe(plain.wavPath);
    await speakLine(plain, dir);
    await speakLine(shifted, dir);
    const a = readWavMono(readFileSync(join(dir, plain.wavPath)));
    const b = readWavMono(readFileSync(join(dir, shifted.wavPath)));
    const whole = (x: Float32Array) => [{ start: 0, end: x.length / a.sampleRate }];
    const pa = voiceProfile(resampleLinear(a.samples, a.sampleRate, 16000), 16000, whole(resampleLinear(a.samples, a.sampleRate, 16000)))!;
    const pb = voiceProfile(resampleLinear(b.samples, b.sampleRate, 16000), 16000, whole(resampleLinear(b.samples, b.sampleRate, 16000)))!;
    expect(Math.abs(12 * Math.log2(pb.medianHz / pa.medianHz))).toBeLessThan(1);
    expect(Math.abs(formantOffset(b.samples, a.samples, a.sampleRate) - 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.samples.length - a.samples.length) / a.sampleRate).toBeLessThan(0.25);
  }, 30_000);
});
