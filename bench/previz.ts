/**
 * Previz frame timing: renders every frame of every sample shot at 720p and 1080p and prints the
 * per-shot setup time (layers pre-rendered once) and the per-frame time (compositing plus reading
 * the RGBA pixels out), plus a memcpy of one frame's bytes as this machine's baseline.
 *
 * Run: npm run bench:previz.
 */
import { STYLES, type Project, type Style } from '../src/shared/domain';
import { createShotRenderer, planShot } from '../src/main/engine/pipelines/previz';
import { buildSampleProject } from '../src/main/engine/projects/sampleProject';
import { median } from './measure';

const sizes = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

function sample(style: Style): Project {
  let n = 0;
  const project = buildSampleProject((prefix) => `${prefix}_${++n}`, '2025-01-01T00:00:00.000Z');
  project.settings.style = style;
  return project;
}

async function timeShot(project: Project, index: number, size: { width: number; height: number }) {
  const plan = planShot(project, index, { size, titleCard: true });
  const t0 = performance.now();
  const renderer = await createShotRenderer(plan);
  const t1 = performance.now();
  const times: number[] = [];
  for (let i = 0; i < plan.durationFrames; i++) {
    const t = performance.now();
    renderer.frame(i);
    times.push(performance.now() - t);
    // A real consumer waits for ffmpeg's stdin to drain; the frame buffers' native memory is
    // only released when the event loop turns, so a tight loop must yield too.
    await new Promise(setImmediate);
  }
  renderer.dispose();
  return { times, setupMs: t1 - t0, move: project.shots[index]!.cameraMove };
}

async function main(): Promise<void> {
  // Warm up fonts, Skia and the JIT on a small frame.
  const warm = await createShotRenderer(planShot(sample('cinematic'), 0, { size: { width: 320, height: 180 } }));
  for (let i = 0; i < 10; i++) warm.frame(i);
  await new Promise(setImmediate);
  for (const size of sizes) {
    const a = Buffer.alloc(size.width * size.height * 4, 1);
    const copies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      Buffer.from(a);
      copies.push(performance.now() - t);
      await new Promise(setImmediate);
    }
    console.log(
      `\n${size.width}×${size.height}  (baseline: allocating + copying one frame's bytes: ${median(copies).toFixed(2)} ms, median)`,
    );
    const all: number[] = [];
    for (const style of STYLES) {
      const project = sample(style);
      const times: number[] = [];
      let setup = 0;
      const parts: string[] = [];
      for (let s = 0; s < project.shots.length; s++) {
        const r = await timeShot(project, s, size);
        times.push(...r.times);
        setup += r.setupMs;
        parts.push(`${r.move} ${median(r.times).toFixed(2)}`);
      }
      all.push(...times);
      const mean = times.reduce((x, y) => x + y, 0) / times.length;
      console.log(
        `  ${style.padEnd(10)} median ${median(times).toFixed(2)} ms/frame (mean ${mean.toFixed(2)}), setup ${(setup / project.shots.length).toFixed(0)} ms/shot  [${parts.join(', ')}]`,
      );
    }
    console.log(`  all styles: median ${median(all).toFixed(2)} ms/frame over ${all.length} frames`);
  }
}

void main();
