import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import { createShotRenderer, planShot } from '../../../../src/main/engine/pipelines/previz';
import { layoutCut } from '../../../../src/main/engine/export/timeline';
import { decodeMono, rmsWindows } from '../../../support/audio';
import { EngineHarness } from '../harness';

const { ffmpeg } = resolveMediaTools();
const W = 1280;
const H = 720;

/** The box where two renderings of a frame differ (the mouth, when only the mouth track differs). */
function diffBox(a: Buffer, b: Buffer): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = W;
  let y0 = H;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 30) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  return { x0, y0, x1, y1 };
}

/**
 * When the mouth opens in a video and when the speech starts in its sound, for the shot that
 * begins `startSeconds` into the file: each frame inside the mouth box against the same frame
 * drawn with a resting mouth, and the first 20 ms clearly louder than the ambience before the line.
 */
async function mouthAndOnset(
  file: string,
  startSeconds: number,
  r: Awaited<ReturnType<typeof createShotRenderer>>,
  box: { x0: number; y0: number; x1: number; y1: number },
  shot: { durationFrames: number; dialogue: { offsetFrames: number }[] },
  fps: number,
): Promise<{ firstOpen: number; mouthSeconds: number; onsetSeconds: number }> {
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const seconds = shot.durationFrames / fps;
  const video = execFileSync(
    ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      startSeconds.toFixed(4),
      '-i',
      file,
      '-frames:v',
      String(shot.durationFrames),
      '-vf',
      `crop=${bw}:${bh}:${box.x0}:${box.y0}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-',
    ],
    { maxBuffer: 1 << 28 },
  );
  const n = Math.floor(video.length / (bw * bh * 4));
  const change: number[] = [];
  for (let f = 0; f < n; f++) {
    const ref = r.frame(f);
    let s = 0;
    for (let y = 0; y < bh; y++)
      for (let x = 0; x < bw; x++) {
        const a = ((box.y0 + y) * W + box.x0 + x) * 4;
        const b = (f * bw * bh + y * bw + x) * 4;
        for (let c = 0; c < 3; c++) s += Math.abs(video[b + c]! - ref[a + c]!);
      }
    change.push(s / (bw * bh * 3));
    if (f % 8 === 7) await new Promise((res) => setImmediate(res));
  }
  const firstOpen = change.findIndex((c) => c > 8);
  const win = 80;
  const filter = `atrim=start=${startSeconds.toFixed(4)}:duration=${seconds.toFixed(4)},asetpts=PTS-STARTPTS,highpass=f=120`;
  const rms = rmsWindows(decodeMono(file, { filter }), win);
  const start = Math.floor(((shot.dialogue[0]!.offsetFrames / fps) * 16000) / win);
  const floor = [...rms.slice(0, start)].sort((a, b) => a - b)[Math.floor(start / 2)]!;
  const loud = (w: number) => rms[w]! > floor * 2.5;
  const onsetWin = rms.findIndex((_, w) => w >= start && loud(w) && loud(w + 1) && loud(w + 2) && loud(w + 3));
  return { firstOpen, mouthSeconds: firstOpen / fps, onsetSeconds: (onsetWin * win) / 16000 };
}

describe('lip-sync in a rendered take and in the exported MP4', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('the mouth opens within one frame of the speech onset heard, in the take and in the export', async () => {
    const project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const index = project.shots.findIndex((s) => s.shotType === 'close-up' && s.dialogue.length > 0);
    const shot = project.shots[index]!;
    const fps = project.settings.fps;
    const plan = await h.ok('render:export', { projectId: project.id, preset: '720p', fileName: 'sync', creator: 'Sync test' });
    const exported = await h.engine.queue.waitFor(plan.exportJobId!);
    expect(exported.error, JSON.stringify(exported.error)).toBeNull();
    const take = (await h.ok('projects:open', { projectId: project.id })).shots[index]!.takes.at(-1)!;

    // Where the mouth is: the difference between a rest mouth and a wide-open one.
    const r = await createShotRenderer(planShot(project, index, { size: { width: W, height: H } }));
    const speaker = shot.dialogue[0]!.characterId;
    r.setMouths({ [speaker]: 'D'.repeat(shot.durationFrames) });
    const open = Buffer.from(r.frame(0));
    r.setMouths({ [speaker]: 'X'.repeat(shot.durationFrames) });
    // Even corners: ffmpeg crops 4:2:0 video on even pixels.
    const found = diffBox(r.frame(0), open);
    const box = { x0: found.x0 & ~1, y0: found.y0 & ~1, x1: found.x1 | 1, y1: found.y1 | 1 };
    expect(box.x1).toBeGreaterThan(box.x0);

    try {
      const inTake = await mouthAndOnset(join(h.dataDir, take.path), 0, r, box, shot, fps);
      expect(inTake.firstOpen).toBeGreaterThan(shot.dialogue[0]!.offsetFrames - 1);
      expect(Math.abs(inTake.mouthSeconds - inTake.onsetSeconds)).toBeLessThanOrEqual(1 / fps + 0.005);
      // The export: the same shot where the cut places it, after transitions, mix, loudness and watermark.
      const clip = layoutCut(project.shots).clips[index]!;
      const inExport = await mouthAndOnset(plan.outputPath!, clip.startFrame / fps, r, box, shot, fps);
      expect(inExport.firstOpen).toBe(inTake.firstOpen);
      expect(Math.abs(inExport.mouthSeconds - inExport.onsetSeconds)).toBeLessThanOrEqual(1 / fps + 0.005);
      // And the line is heard where the take has it: the shots before do not push it late (their
      // takes' AAC padding once added 24 ms by this shot).
      expect(
        Math.abs(inExport.onsetSeconds - inTake.onsetSeconds),
        `onset ${inExport.onsetSeconds} s in the export, ${inTake.onsetSeconds} s in the take`,
      ).toBeLessThanOrEqual(0.01);
    } finally {
      r.dispose();
    }
  }, 180_000);
});
