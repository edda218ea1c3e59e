import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import { exportFont, exportThroughGraph, scratchDir } from '../../../support/exportFixtures';
import { layoutCut } from '../../../../src/main/engine/export/timeline';
import { watermarkLayout, watermarkPosition, type KeepClear } from '../../../../src/main/engine/export/watermark';

/*
 * The watermark's path with captions, title cards and letterbox bars to keep clear of, drawn by the
 * real ffmpeg on a black take: ffmpeg must put the text where the TypeScript path says (so the
 * escaped expression means the same thing there), and clear of each span while it shows.
 */

const { ffmpeg } = resolveMediaTools();
const fontFile = exportFont;
const dir = scratchDir('shotline-wm-');

const W = 640;
const H = 360;
const FPS = 24;
const SECONDS = 7;
const CREATOR = 'Ana Lopes';

let exports = 0;

function exportBlack(keepClear: KeepClear[]): string {
  const frames = SECONDS * FPS;
  const take = join(dir, 'black.mp4');
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=black:s=${W}x${H}:r=${FPS}:d=${SECONDS}`],
    ...['-f', 'lavfi', '-i', `anullsrc=r=48000:cl=stereo`, '-t', String(SECONDS)],
    ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', take],
  ]);
  const cut = layoutCut([{ title: 'black', durationFrames: frames, transition: { kind: 'cut', durationFrames: 0 } }]);
  const lines = [join(dir, 'wm-1.txt'), join(dir, 'wm-2.txt')] as [string, string];
  writeFileSync(lines[0], `Shotline · ${CREATOR}`);
  writeFileSync(lines[1], 'AI-generated');
  const out = join(dir, `out-${++exports}.mp4`);
  exportThroughGraph({
    dir,
    graph: { cut, fps: FPS, width: W, height: H, fontFile, creator: CREATOR, watermarkTextFiles: lines, keepClear, loudnessLufs: -14 },
    inputs: [take],
    crf: 12,
    output: out,
  });
  return out;
}

/** The box around the bright (text) pixels of the frame at `t`. */
function textBox(file: string, t: number): { minX: number; minY: number; maxX: number; maxY: number; count: number } {
  const rgb = execFileSync(
    ffmpeg,
    ['-v', 'error', '-ss', t.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      maxBuffer: W * H * 3 + 1024,
    },
  );
  const box = { minX: 1e9, minY: 1e9, maxX: -1, maxY: -1, count: 0 };
  for (let i = 0; i < W * H; i++) {
    if (rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]! > 200) {
      const x = i % W;
      const y = Math.floor(i / W);
      box.minX = Math.min(box.minX, x);
      box.maxX = Math.max(box.maxX, x);
      box.minY = Math.min(box.minY, y);
      box.maxY = Math.max(box.maxY, y);
      box.count++;
    }
  }
  return box;
}

describe('the watermark keeps clear of captions, title cards and letterbox bars, in the real ffmpeg', () => {
  it('is where the path says before, during and after a caption, and above the caption while it shows', () => {
    const layout = watermarkLayout(W, H, CREATOR);
    // A caption from 2 s to 4.5 s whose block starts 70% of the way down: the free path is low then.
    const band = { start: 2, end: 4.5, top: Math.round(H * 0.7) };
    const out = exportBlack([band]);
    for (const t of [1.0, 2.5, 3.5, 6.0]) {
      const pos = watermarkPosition(t, W, H, layout, [band]);
      const free = watermarkPosition(t, W, H, layout);
      const b = textBox(out, t);
      const seen = `at ${t} s: ${b.count} bright pixels in x ${b.minX}–${b.maxX}, y ${b.minY}–${b.maxY}; the path puts the ${layout.boxWidth}×${layout.boxHeight} box at ${pos.x.toFixed(1)}, ${pos.y.toFixed(1)} (free: ${free.y.toFixed(1)})`;
      expect(b.count, seen).toBeGreaterThan(100);
      expect(b.minX, seen).toBeGreaterThanOrEqual(pos.x - 4);
      expect(b.minY, seen).toBeGreaterThanOrEqual(pos.y - 4);
      expect(b.maxX, seen).toBeLessThanOrEqual(pos.x + layout.boxWidth + 8);
      expect(b.maxY, seen).toBeLessThanOrEqual(pos.y + layout.boxHeight + 8);
      if (t >= band.start && t < band.end) {
        expect(b.maxY, seen).toBeLessThan(band.top);
        // Without the band it would have covered the caption: the case this test is about.
        expect(free.y + layout.boxHeight, seen).toBeGreaterThan(band.top);
      } else expect(pos.y).toBe(free.y);
    }
  }, 60_000);

  it('is below a title card while it shows, and between a title card and a caption shown together', () => {
    const layout = watermarkLayout(W, H, CREATOR);
    const gap = Math.round(layout.fontSize * 0.5);
    // A slate down to 32% of the height from 5.5 s: the free path is high then.
    const title: KeepClear = { start: 5.5, end: 6.9, bottom: Math.round(H * 0.32) };
    const caption: KeepClear = { start: 5.5, end: 6.9, top: Math.round(H * 0.7) };
    for (const spans of [[title], [title, caption]]) {
      const out = exportBlack(spans);
      for (const t of [1.0, 6.0, 6.5]) {
        const pos = watermarkPosition(t, W, H, layout, spans);
        const free = watermarkPosition(t, W, H, layout);
        const b = textBox(out, t);
        const seen = `${spans.length} span(s), at ${t} s: ${b.count} bright pixels in x ${b.minX}–${b.maxX}, y ${b.minY}–${b.maxY}; the path puts the box at ${pos.x.toFixed(1)}, ${pos.y.toFixed(1)} (free: ${free.y.toFixed(1)})`;
        expect(b.count, seen).toBeGreaterThan(100);
        expect(b.minX, seen).toBeGreaterThanOrEqual(pos.x - 4);
        expect(b.minY, seen).toBeGreaterThanOrEqual(pos.y - 4);
        expect(b.maxX, seen).toBeLessThanOrEqual(pos.x + layout.boxWidth + 8);
        expect(b.maxY, seen).toBeLessThanOrEqual(pos.y + layout.boxHeight + 8);
        if (t >= title.start) {
          expect(b.minY, seen).toBeGreaterThan(title.bottom!);
          expect(pos.y, seen).toBeGreaterThanOrEqual(title.bottom! + gap - 1e-6);
          // Without the title card it would have covered the slate.
          expect(free.y, seen).toBeLessThan(title.bottom!);
          if (spans.length === 2) expect(b.maxY, seen).toBeLessThan(caption.top!);
        } else expect(pos.y).toBe(free.y);
      }
    }
  }, 60_000);

  it('stays inside letterbox bars, and above a caption inside them', () => {
    const layout = watermarkLayout(W, H, CREATOR);
    // Bars as the cinematic style draws them on this frame; the free path starts low, over the bottom bar.
    const bars = Math.round(H * 0.128);
    const caption: KeepClear = { start: 4, end: 6, top: Math.round(H * 0.7) };
    const spans: KeepClear[] = [{ start: 0, end: SECONDS, bars }, caption];
    const out = exportBlack(spans);
    let overBarsWithout = 0;
    for (const t of [0.5, 1.5, 3.0, 5.0]) {
      const pos = watermarkPosition(t, W, H, layout, spans);
      const free = watermarkPosition(t, W, H, layout);
      const b = textBox(out, t);
      const seen = `at ${t} s: ${b.count} bright pixels in x ${b.minX}–${b.maxX}, y ${b.minY}–${b.maxY}; the path puts the box at ${pos.x.toFixed(1)}, ${pos.y.toFixed(1)} (free: ${free.y.toFixed(1)})`;
      expect(b.count, seen).toBeGreaterThan(100);
      expect(b.minY, seen).toBeGreaterThanOrEqual(pos.y - 4);
      expect(b.maxY, seen).toBeLessThanOrEqual(pos.y + layout.boxHeight + 8);
      expect(b.minY, seen).toBeGreaterThan(bars);
      expect(b.maxY, seen).toBeLessThan(H - bars);
      if (t >= caption.start && t < caption.end) expect(b.maxY, seen).toBeLessThan(caption.top!);
      if (free.y + layout.boxHeight > H - bars || free.y < bars) overBarsWithout++;
    }
    // Without the bars span, the watermark would have been over a bar at some of these instants.
    expect(overBarsWithout).toBeGreaterThan(0);
  }, 60_000);
});
