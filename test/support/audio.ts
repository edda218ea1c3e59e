/* Reading sound back out of files the studio made, for tests that listen to their results. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const ffmpeg = (createRequire(__filename)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/** A file's sound as mono float samples at `rate`, after an ffmpeg audio filter (e.g. a band-pass). */
export function decodeMono(file: string, o: { rate?: number; filter?: string } = {}): Float32Array {
  const raw = execFileSync(
    ffmpeg,
    [
      '-v',
      'error',
      '-i',
      file,
      '-vn',
      ...(o.filter ? ['-af', o.filter] : []),
      '-ac',
      '1',
      '-ar',
      String(o.rate ?? 16000),
      '-f',
      'f32le',
      '-',
    ],
    { maxBuffer: 1 << 28 },
  );
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

/** RMS of consecutive windows of `win` samples. */
export function rmsWindows(x: Float32Array, win: number): number[] {
  return Array.from({ length: Math.floor(x.length / win) }, (_, w) => {
    let s = 0;
    for (let i = w * win; i < (w + 1) * win; i++) s += x[i]! * x[i]!;
    return Math.sqrt(s / win);
  });
}
