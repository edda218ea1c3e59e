import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignPhones } from '../../../../src/main/engine/pipelines/lipsync/align';
import { dtwMap } from '../../../../src/main/engine/pipelines/lipsync/dtw';
import { fft } from '../../../../src/main/engine/pipelines/lipsync/mfcc';
import { envelope, opennessCurve, syncOffsetMs } from '../../../../src/main/engine/pipelines/lipsync/syncOffset';
import { agreement, rawVisemeTrack, smoothVisemes } from '../../../../src/main/engine/pipelines/lipsync/visemes';
import { readWavMono, synthesizeFliteTimed, type FliteVoice } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import { detectSpeech, vadConfig } from '../../../../src/main/engine/pipelines/vad/sileroVad';
import { makeRuntime, resample } from '../runtime/fixtures';

const RATE = 16000;

async function speech(text: string, voice: FliteVoice) {
  const { wav, phones } = await synthesizeFliteTimed(text, { voice });
  const a = readWavMono(wav);
  return { samples: resample(a.samples, a.sampleRate, RATE), phones };
}

describe('building blocks', () => {
  it('FFT of a pure tone peaks at its bin', () => {
    const n = 64;
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n));
    const im = new Float64Array(n);
    fft(re, im);
    const mag = Array.from(re, (r, i) => Math.hypot(r, im[i]!));
    expect(mag.indexOf(Math.max(...mag.slice(0, n / 2)))).toBe(5);
    expect(mag[5]).toBeCloseTo(n / 2, 6);
  });

  it('DTW maps a stretched copy of a sequence onto itself', () => {
    const a = Array.from({ length: 20 }, (_, i) => Float64Array.from([Math.sin(i / 3)]));
    const b = Array.from({ length: 40 }, (_, i) => Float64Array.from([Math.sin(i / 6)]));
    const map = dtwMap(a, b);
    for (let i = 2; i < 18; i++) expect(Math.abs(map[i]! - 2 * i)).toBeLessThanOrEqual(2);
  });
});

describe('forced alignment of takes treated as recorded (timings hidden)', () => {
  const rt = makeRuntime();
  beforeAll(() => rt.registry.scan(), 30_000);
  afterAll(() => rt.dispose());

  for (const voice of ['rms', 'awb'] as const) {
    it(`${voice}: ≥ 80 % frame agreement by viseme and an offset within ±25 ms, with noise and a leading silence`, async () => {
      const text = 'Nobody on the boat says a word until the engine starts.';
      const truth = await speech(text, voice);
      // The "recording": 0.7 s of room noise first, noise throughout (about −35 dB).
      const lead = Math.round(0.7 * RATE);
      const take = new Float32Array(lead + truth.samples.length + RATE / 2);
      let seed = 11;
      for (let i = 0; i < take.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        take[i] = ((seed / 0x7fffffff) * 2 - 1) * 0.02;
      }
      take.forEach((_, i) => {
        if (i >= lead && i - lead < truth.samples.length) take[i] = take[i]! + truth.samples[i - lead]!;
      });

      // Silero VAD finds the speech; a reference in another voice gives the phone timings to carry over.
      const model = rt.registry.require('silero-vad');
      const vad = await detectSpeech(take, await rt.runtime.session('silero-vad'), vadConfig(model.manifest.config));
      expect(vad.segments.length).toBeGreaterThan(0);
      const span = { start: vad.segments[0]!.start, end: vad.segments.at(-1)!.end };
      const reference = await speech(text, 'slt');
      const aligned = alignPhones({
        reference: { ...reference, sampleRate: RATE },
        take: { samples: take, sampleRate: RATE },
        speech: span,
      });

      const fps = 24;
      const frames = Math.ceil((take.length / RATE) * fps);
      const truthTrack = rawVisemeTrack(truth.phones, fps, frames, 0.7);
      const alignedTrack = smoothVisemes(rawVisemeTrack(aligned, fps, frames));
      expect(agreement(alignedTrack, truthTrack)).toBeGreaterThanOrEqual(0.8);
      const offset = syncOffsetMs(opennessCurve(alignedTrack, fps), envelope(take, RATE));
      expect(Math.abs(offset.offsetMs)).toBeLessThanOrEqual(25);
    }, 60_000);
  }
});
