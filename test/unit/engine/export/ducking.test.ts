import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioStemArgs } from '../../../../src/main/engine/export/args';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import type { SoundCue } from '../../../../src/shared/domain';
import { decodeMono, rmsWindows } from '../../../support/audio';

const ffmpeg = resolveMediaTools().ffmpeg;
const dir = mkdtempSync(join(tmpdir(), 'shotline-duck-'));

/** RMS of the stem above 3 kHz (the rain; the "voice" below is a 300 Hz tone) in windows of 0.25 s. */
function highBandRms(file: string): number[] {
  return rmsWindows(decodeMono(file, { rate: 8000, filter: 'highpass=f=3000,highpass=f=3000' }), 2000);
}

describe('dialogue in the shot stem', () => {
  it('ducks ambience under the voice and lets it back after', () => {
    const voice = join(dir, 'voice.wav');
    execFileSync(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=300:sample_rate=16000:duration=1.5',
      '-af',
      'volume=0.5',
      voice,
    ]);
    const rain: SoundCue = {
      id: 'c',
      kind: 'ambience',
      label: 'Rain',
      preset: 'rain',
      assetPath: null,
      startFrame: 0,
      lengthFrames: 24 * 5,
      gainDb: 0,
      fadeInFrames: 0,
      fadeOutFrames: 0,
    };
    const stem = (dialogue: boolean) => {
      const out = join(dir, dialogue ? 'ducked.wav' : 'bed.wav');
      execFileSync(ffmpeg, [
        '-v',
        'error',
        '-y',
        ...audioStemArgs({
          cues: [{ cue: rain, file: null }],
          ...(dialogue ? { dialogue: [{ file: voice, startFrame: 36 }] } : {}),
          durationFrames: 24 * 5,
          fps: 24,
          seed: 3,
          output: out,
        }),
      ]);
      return highBandRms(out);
    };
    const bed = stem(false);
    const ducked = stem(true);
    const db = (a: number, b: number) => 20 * Math.log10(a / b);
    // 0–1.5 s: no voice, no ducking. 1.75–3 s: the voice speaks, the rain dips. After 4 s: back.
    expect(Math.abs(db(ducked[2]!, bed[2]!))).toBeLessThan(1);
    // About 10 dB: the voice reads clearly, the room is still there.
    for (const w of [8, 9, 10, 11]) {
      expect(db(ducked[w]!, bed[w]!)).toBeLessThan(-6);
      expect(db(ducked[w]!, bed[w]!)).toBeGreaterThan(-16);
    }
    expect(Math.abs(db(ducked[18]!, bed[18]!))).toBeLessThan(1.5);
  });
});
