import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { exportArgs, exportFilterGraph, type ExportGraphInput } from '../../src/main/engine/export/args';
import { resolveMediaTools } from '../../src/main/engine/export/ffmpegPaths';

/** The font the export burns its watermark with (the same file the engine uses). */
export const exportFont = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** A temp folder for this test file, removed when its tests are done. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The export's own filter graph and arguments, run by the real ffmpeg over `inputs` (the takes, in
 * cut order) into `output`: ultrafast at the given crf, no metadata. The graph script goes in `dir`.
 */
export function exportThroughGraph(o: { dir: string; graph: ExportGraphInput; inputs: string[]; crf: number; output: string }): void {
  const script = join(o.dir, 'graph.txt');
  writeFileSync(script, exportFilterGraph(o.graph).graph);
  execFileSync(resolveMediaTools().ffmpeg, [
    ...['-v', 'error', '-y'],
    ...exportArgs({
      inputs: o.inputs,
      filterScript: script,
      encode: { x264Preset: 'ultrafast', crf: o.crf, audioBitrate: '64k', loudnessLufs: -14 },
      metadata: {},
      output: o.output,
    }),
  ]);
}
