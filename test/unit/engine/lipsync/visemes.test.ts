import { describe, expect, it } from 'vitest';
import { agreement, rawVisemeTrack, smoothVisemes, visemeOf } from '../../../../src/main/engine/pipelines/lipsync/visemes';
import { parsePhoneDurations, synthesizeFliteTimed, readWavMono } from '../../../../src/main/engine/pipelines/speech/fliteTts';

describe('phones to visemes', () => {
  it('maps ARPAbet phones to the Rhubarb-style set', () => {
    expect(['p', 'b', 'm'].map(visemeOf)).toEqual(['A', 'A', 'A']);
    expect(['f', 'v'].map(visemeOf)).toEqual(['G', 'G']);
    expect(['uw', 'ow', 'w'].map(visemeOf)).toEqual(['F', 'F', 'F']);
    expect(['aa', 'ay'].map(visemeOf)).toEqual(['D', 'D']);
    expect(visemeOf('pau')).toBe('X');
    expect(visemeOf('AH1')).toBe('C');
  });

  it("parses flite's phone end times", () => {
    expect(parsePhoneDurations('pau:0.164 hh:0.255 ax:0.304\n')).toEqual([
      { phone: 'pau', start: 0, end: 0.164 },
      { phone: 'hh', start: 0.164, end: 0.255 },
      { phone: 'ax', start: 0.255, end: 0.304 },
    ]);
  });

  it('on TTS speech with known phone timings, the smoothed track agrees with the phones frame by frame at ≥ 95 %', async () => {
    for (const [voice, text] of [
      ['slt', 'Maybe we should wait for the rain to stop before we film the bridge.'],
      ['rms', 'Five bright umbrellas moved slowly through the quiet market at noon.'],
    ] as const) {
      const { wav, phones } = await synthesizeFliteTimed(text, { voice });
      const audio = readWavMono(wav);
      expect(phones.length).toBeGreaterThan(20);
      // flite's timings cover its own audio.
      expect(Math.abs(phones.at(-1)!.end - audio.samples.length / audio.sampleRate)).toBeLessThan(0.1);
      for (const fps of [24, 30]) {
        const frames = Math.ceil(phones.at(-1)!.end * fps);
        const truth = rawVisemeTrack(phones, fps, frames);
        const track = smoothVisemes(truth);
        expect(agreement(track, truth), `${voice} at ${fps} fps`).toBeGreaterThanOrEqual(0.95);
        expect(new Set(track).size).toBeGreaterThan(4);
      }
    }
  }, 30_000);
});
