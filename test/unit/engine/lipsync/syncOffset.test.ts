import { describe, expect, it } from 'vitest';
import { envelope, opennessCurve, syncOffsetMs } from '../../../../src/main/engine/pipelines/lipsync/syncOffset';
import { rawVisemeTrack, smoothVisemes } from '../../../../src/main/engine/pipelines/lipsync/visemes';
import { readWavMono, synthesizeFliteTimed } from '../../../../src/main/engine/pipelines/speech/fliteTts';

describe('sync measurement (mouth openness vs speech envelope)', () => {
  it('measures about 0 ms for a TTS line and the shift when the mouth is moved', async () => {
    const { wav, phones } = await synthesizeFliteTimed('Maybe we should wait for the rain to stop before the bridge scene.', {
      voice: 'rms',
    });
    const audio = readWavMono(wav);
    const fps = 24;
    const frames = Math.ceil((audio.samples.length / audio.sampleRate) * fps);
    const speech = envelope(audio.samples, audio.sampleRate);
    const inSync = syncOffsetMs(opennessCurve(smoothVisemes(rawVisemeTrack(phones, fps, frames)), fps), speech);
    expect(Math.abs(inSync.offsetMs)).toBeLessThanOrEqual(25);
    expect(inSync.correlation).toBeGreaterThan(0.3);
    const late = syncOffsetMs(opennessCurve(smoothVisemes(rawVisemeTrack(phones, fps, frames, 0.125)), fps), speech);
    expect(Math.abs(late.offsetMs - 125)).toBeLessThanOrEqual(25);
    const early = syncOffsetMs(opennessCurve(smoothVisemes(rawVisemeTrack(phones, fps, frames, -0.0833)), fps), speech);
    expect(Math.abs(early.offsetMs + 83)).toBeLessThanOrEqual(25);
  }, 30_000);
});
