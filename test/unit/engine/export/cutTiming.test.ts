import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import { exportFont, exportThroughGraph, scratchDir } from '../../../support/exportFixtures';
import { decodeMono, rmsWindows } from '../../../support/audio';
import { layoutCut, type CutShot } from '../../../../src/main/engine/export/timeline';

/*
 * The export graph run by the real ffmpeg on tiny solid-colour takes: every frame of the cut must
 * come out once, in order, at its own time — also for shots of one or two frames, which ffmpeg's
 * concat filter alone gives no length (it estimates a segment's length from its frames' spacing).
 */

const { ffmpeg, ffprobe } = resolveMediaTools();
const fontFile = exportFont;
const dir = scratchDir('shotline-cut-');

const W = 64;
const H = 36;
const FPS = 24;
const COLOURS: Record<string, [number, number, number]> = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  white: [255, 255, 255],
};

/**
 * A take like the real ones: H.264 of `frames` frames in one colour, with a stereo AAC track (a tone
 * over its first half, silence after). AAC pads its last packet to 1024 samples, as the real takes'.
 */
function take(colour: string, frames: number): string {
  const file = join(dir, `${colour}-${frames}.mp4`);
  const secs = (frames / FPS).toFixed(6);
  const half = (frames / FPS / 2).toFixed(6);
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=${W}x${H}:r=${FPS}:d=${secs}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${half},apad=whole_len=${frames * 2000}`],
    ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-ac', '2', '-video_track_timescale', String(FPS * 1000), file],
  ]);
  return file;
}

/** Exports the takes through the real graph and returns each output frame's time and mean colour. */
function exportCut(shots: { colour: string; frames: number; takeFrames?: number; transition?: CutShot['transition'] }[]) {
  const cut = layoutCut(
    shots.map((s, i) => ({ title: `s${i}`, durationFrames: s.frames, transition: s.transition ?? { kind: 'cut', durationFrames: 0 } })),
  );
  const text = join(dir, 'wm.txt');
  writeFileSync(text, '');
  const out = join(dir, `out-${shots.map((s) => s.frames).join('-')}.mp4`);
  exportThroughGraph({
    dir,
    graph: { cut, fps: FPS, width: W, height: H, fontFile, creator: '', watermarkTextFiles: [text, text], loudnessLufs: -14 },
    inputs: shots.map((s) => take(s.colour, s.takeFrames ?? s.frames)),
    crf: 10,
    output: out,
  });
  const probed = JSON.parse(
    execFileSync(ffprobe, [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'frame=best_effort_timestamp_time',
      '-of',
      'json',
      out,
    ]).toString(),
  ) as { frames: { best_effort_timestamp_time: string }[] };
  const times = probed.frames.map((f) => Number(f.best_effort_timestamp_time));
  const rgb = execFileSync(ffmpeg, ['-v', 'error', '-i', out, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 << 20 });
  const px = W * H;
  const means = times.map((_, k) => {
    const sum = [0, 0, 0];
    for (let i = 0; i < px; i++) for (let c = 0; c < 3; c++) sum[c]! += rgb[(k * px + i) * 3 + c]!;
    return sum.map((s) => s / px);
  });
  return { cut, times, means, out };
}

function nearest(mean: number[]): string {
  let best = '';
  let bestD = Infinity;
  for (const [name, c] of Object.entries(COLOURS)) {
    const d = Math.hypot(mean[0]! - c[0], mean[1]! - c[1], mean[2]! - c[2]);
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best;
}

describe('the export cut in the real ffmpeg', () => {
  it('keeps every frame of one- and two-frame shots, in order, one frame period apart', () => {
    const { cut, times, means } = exportCut([
      { colour: 'red', frames: 1 },
      { colour: 'green', frames: 1 },
      { colour: 'blue', frames: 2 },
      { colour: 'white', frames: 3 },
      { colour: 'red', frames: 1 },
    ]);
    expect(cut.totalFrames).toBe(8);
    expect(times).toHaveLength(8);
    times.forEach((t, k) => expect(t).toBeCloseTo(k / FPS, 3));
    expect(means.map(nearest)).toEqual(['red', 'green', 'blue', 'blue', 'white', 'white', 'white', 'red']);
  });

  it("takes exactly each shot's frames from its take, even a take with frames to spare", () => {
    const { times, means } = exportCut([
      { colour: 'red', frames: 3, takeFrames: 5 },
      { colour: 'green', frames: 2, takeFrames: 4 },
      { colour: 'blue', frames: 2 },
    ]);
    expect(times).toHaveLength(7);
    expect(means.map(nearest)).toEqual(['red', 'red', 'red', 'green', 'green', 'blue', 'blue']);
  });

  it('keeps the timeline exact when a one-frame shot meets fades, a dip to black and a dissolve', () => {
    const { cut, times } = exportCut([
      { colour: 'red', frames: 1, transition: { kind: 'wipe', durationFrames: 12 } },
      { colour: 'green', frames: 1, transition: { kind: 'dissolve', durationFrames: 30 } },
      { colour: 'blue', frames: 2, transition: { kind: 'dip-to-black', durationFrames: 24 } },
      { colour: 'white', frames: 24, transition: { kind: 'dissolve', durationFrames: 6 } },
      { colour: 'green', frames: 12, transition: { kind: 'dissolve', durationFrames: 6 } },
    ]);
    expect(times).toHaveLength(cut.totalFrames);
    times.forEach((t, k) => expect(t).toBeCloseTo(k / FPS, 3));
  });

  it("starts each shot's sound with its picture: the takes' AAC padding does not push later shots late", () => {
    // 38 frames = 76,000 samples, padded to 76,800 by AAC: 16.7 ms per shot that would add up.
    const shots = ['red', 'green', 'blue', 'white', 'red'].map((colour) => ({ colour, frames: 38 }));
    const { out } = exportCut(shots);
    const ms = rmsWindows(decodeMono(out, { rate: 48000 }), 48);
    const peak = Math.max(...ms);
    shots.forEach((_, k) => {
      const start = Math.round(((k * 38) / FPS) * 1000);
      // The first loud millisecond at or after 10 ms before the shot's first frame.
      const onset = ms.findIndex((r, i) => i >= start - 10 && r > peak * 0.3);
      expect(Math.abs(onset - start), `shot ${k + 1}: sound starts at ${onset} ms, its picture at ${start} ms`).toBeLessThanOrEqual(4);
    });
  });
});
