/*
 * Writes a capture clip for the end-to-end specs (they cannot load the engine's ESM modules):
 *   node out/main/capture-clip.js <out.mp4> "<phrase>" [still]
 * Built by electron-vite beside the benchmarks; see cameoClips.ts for how the clip is made.
 */
import { mkdtempSync } from 'node:fs';
import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCaptureClip } from './cameoClips';

const [out, phrase, still] = process.argv.slice(2);
if (!out || !phrase) {
  console.error('usage: capture-clip <out.mp4> "<phrase>" [still]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'shotline-clip-'));
makeCaptureClip(dir, 'clip', { turn: still !== 'still', speech: phrase })
  .then((file) => {
    copyFileSync(file, out);
    console.log(out);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
