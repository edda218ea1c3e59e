/**
 * npm run bench:export — renders and exports the sample storyboard at 720p and 1080p through the
 * real queue (previz frames → segment encodes → take mux → export encode → C2PA signing), and
 * compares its wall time with a plain ffmpeg encode of the same duration and size (testsrc2 →
 * libx264 with the export's own x264 settings), measured in the same run. Also prints peak memory,
 * the export again once every take is cached, and, as a floor for a design without takes, every
 * previz frame drawn straight into one encode with the same settings (no sound, cuts only).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/main/engine/createEngine';
import { plainEncodeArgs } from '../src/main/engine/export/args';
import { resolveMediaTools } from '../src/main/engine/export/ffmpegPaths';
import { layoutCut } from '../src/main/engine/export/timeline';
import { silentLogger } from '../src/main/engine/logger';
import { createShotRenderer, planShot } from '../src/main/engine/pipelines/previz';
import type { Project } from '../src/shared/domain';
import { PRESETS, type ExportPreset } from '../src/shared/jobs';
import { childCpuSeconds, median } from './measure';

const tools = resolveMediaTools();

/** Runs of the plain encode; the ratio uses their median. */
const PLAIN_RUNS = 3;

/** Peak resident memory (VmHWM) of a live process, in MiB; 0 when it is gone. */
function peakMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far: this process (main thread and workers) and its waited-for children (every
 * ffmpeg the engine ran, from /proc/self/stat's cutime/cstime; null where there is no /proc).
 */
function cpuSeconds(): { node: number; children: number | null } {
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, children: childCpuSeconds() };
}

/** Every previz frame of the storyboard drawn in order and piped into one x264 encode: no takes, no sound. */
async function singlePassSeconds(project: Project, size: { width: number; height: number }, p: ExportPreset, output: string) {
  const preset = PRESETS[p];
  const t0 = performance.now();
  const ff = spawn(
    tools.ffmpeg,
    [
      ...[
        '-v',
        'error',
        '-y',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgba',
        '-s',
        `${size.width}x${size.height}`,
        '-r',
        String(project.settings.fps),
      ],
      ...['-i', 'pipe:0', '-c:v', 'libx264', '-preset', preset.x264Preset, '-crf', String(preset.crf), '-pix_fmt', 'yuv420p', output],
    ],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < project.shots.length; i++) {
    const renderer = await createShotRenderer(planShot(project, i, { size }));
    for (let f = 0; f < project.shots[i]!.durationFrames; f++) {
      if (!ff.stdin.write(renderer.frame(f))) await once(ff.stdin, 'drain');
      if (f % 8 === 7) await new Promise((r) => setImmediate(r));
    }
    renderer.dispose();
  }
  ff.stdin.end();
  const [code] = (await once(ff, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`single-pass encode exited with ${code}`);
  return (performance.now() - t0) / 1000;
}

async function run(preset: ExportPreset): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shotline-bench-'));
  const engine = createEngine({ dataDir, appVersion: 'bench', logger: silentLogger });
  try {
    const [summary] = engine.projects.list();
    const project = engine.projects.open({ projectId: summary!.id });
    const fps = project.settings.fps;
    const frames = layoutCut(project.shots).totalFrames;
    const seconds = frames / fps;
    let ffmpegPeak = 0;
    const sampler = setInterval(() => {
      for (const pid of engine.ffmpeg.livePids()) ffmpegPeak = Math.max(ffmpegPeak, peakMiB(pid));
    }, 50);

    const c0 = cpuSeconds();
    const t0 = performance.now();
    const plan = await engine.render.export({ projectId: project.id, preset, fileName: `bench-${preset}`, creator: 'Bench' });
    const job = await engine.queue.waitFor(plan.exportJobId!);
    const full = (performance.now() - t0) / 1000;
    const c1 = cpuSeconds();
    clearInterval(sampler);
    if (job.state !== 'succeeded') throw new Error(`export ${job.state}: ${job.error?.message}`);

    // Where the time went: each job's own run, by kind (jobs of different lanes overlap).
    const byKind = new Map<string, { n: number; seconds: number }>();
    for (const j of engine.queue.snapshot().jobs) {
      if (!j.startedAt || !j.finishedAt) continue;
      const k = byKind.get(j.kind) ?? { n: 0, seconds: 0 };
      k.n++;
      k.seconds += (Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000;
      byKind.set(j.kind, k);
    }
    const p = PRESETS[preset];
    // The baseline is short, so one run is at the mercy of whatever else the machine does: the median of three.
    const plainRuns: number[] = [];
    for (let r = 0; r < PLAIN_RUNS; r++) {
      const b0 = performance.now();
      execFileSync(tools.ffmpeg, [
        '-v',
        'error',
        '-y',
        ...plainEncodeArgs({
          width: p.width,
          height: p.height,
          fps,
          seconds,
          encode: { ...p, loudnessLufs: -14 },
          output: join(dataDir, 'plain.mp4'),
        }),
      ]);
      plainRuns.push((performance.now() - b0) / 1000);
    }
    const plain = median(plainRuns);
    const c2 = cpuSeconds();

    // The same export once more: every take is cached now, so only the export job runs.
    const w0 = performance.now();
    const again = await engine.render.export({ projectId: project.id, preset, fileName: `bench-${preset}-cached`, creator: 'Bench' });
    const warmJob = await engine.queue.waitFor(again.exportJobId!);
    const warm = (performance.now() - w0) / 1000;
    const c3 = cpuSeconds();
    if (warmJob.state !== 'succeeded') throw new Error(`cached export ${warmJob.state}: ${warmJob.error?.message}`);
    const single = await singlePassSeconds(project, { width: p.width, height: p.height }, preset, join(dataDir, 'single.mp4'));
    const nodePeak = process.resourceUsage().maxRSS / 1024;
    const cores = cpus().length;
    let cpuLine = '  cpu            (no /proc here: ffmpeg CPU time not measured)';
    if (c0.children !== null && c1.children !== null && c2.children !== null && c3.children !== null) {
      const nodeCpu = c1.node - c0.node;
      const ffCpu = c1.children - c0.children;
      const plainCpu = (c2.children - c1.children) / PLAIN_RUNS;
      const total = nodeCpu + ffCpu;
      const cachedCpu = c3.node - c2.node + (c3.children - c2.children);
      cpuLine = [
        `  cpu            full pipeline: node ${nodeCpu.toFixed(1)} + ffmpeg ${ffCpu.toFixed(1)} = ${total.toFixed(1)} core-s, ${((100 * total) / (full * cores)).toFixed(0)}% of ${cores} cores busy; plain encode ${plainCpu.toFixed(1)} core-s`,
        `                 the cached export alone ${cachedCpu.toFixed(1)} core-s, so the shots (drawing, take encodes, speech) ${(total - cachedCpu).toFixed(1)}`,
        `                 ratio if every core were busy the whole time: ${(total / cores / plain).toFixed(2)}   (the work itself, whatever the scheduling)`,
      ].join('\n');
    }
    console.log(
      [
        `${preset.padEnd(8)} ${p.width}x${p.height}, ${project.shots.length} shots, ${frames} frames (${seconds.toFixed(1)} s)`,
        `  full pipeline  ${full.toFixed(2)} s   (${plan.shotJobIds.length} shot renders, ${plan.jobIds.filter((id) => engine.queue.get(id)?.kind === 'dialogue.tts').length} spoken lines, export + C2PA)`,
        `  plain encode   ${plain.toFixed(2)} s   (testsrc2 → libx264 -preset ${p.x264Preset} -crf ${p.crf}; median of ${plainRuns.map((x) => x.toFixed(2)).join(', ')})`,
        `  ratio          ${(full / plain).toFixed(2)}   (goal ≤ 1.5 at 720p)`,
        `  cached export  ${warm.toFixed(2)} s   ratio ${(warm / plain).toFixed(2)}   (the same export again: ${again.cachedShots} of ${project.shots.length} takes cached)`,
        `  single pass    ${single.toFixed(2)} s   ratio ${(single / plain).toFixed(2)}   (floor without takes: previz frames straight into one encode, no sound, no watermark, cuts only)`,
        cpuLine,
        `  jobs           ${[...byKind].map(([k, v]) => `${k} ×${v.n} ${v.seconds.toFixed(1)} s`).join(', ')}`,
        `  peak memory    node ${nodePeak.toFixed(0)} MiB (process max so far), ffmpeg ${ffmpegPeak.toFixed(0)} MiB (largest single process)`,
      ].join('\n'),
    );
  } finally {
    await engine.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`bench:export — ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`);
  // PRESETS=720p runs one of them.
  const presets = (process.env.PRESETS ?? '720p,1080p').split(',') as ExportPreset[];
  for (const preset of presets) await run(preset);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
