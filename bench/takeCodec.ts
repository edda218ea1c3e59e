/**
 * npm run bench:takes — how a take's intermediate encode should be set. For each style preset, every
 * previz frame of the sample storyboard is drawn once into a raw file; each candidate x264 setting
 * then encodes that file as a take, and the take is encoded once more with the export preset's own
 * settings, as the export does. Printed per candidate: the CPU seconds of the take encode and of
 * decoding it again, its size, and the luma PSNR and SSIM of the take and of the final export against
 * the drawn frames (the export's is what a viewer gets). The first candidate is the current take codec, the
 * baseline measured in the same run; the export straight from the drawn frames (no take) is the ceiling.
 *
 * Run: npm run bench:takes (SIZE=1920x1080, PRESET=1080p, STYLES=noir,anime to narrow it).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeVideoCodec } from '../src/main/engine/export/args';
import { resolveMediaTools } from '../src/main/engine/export/ffmpegPaths';
import { createShotRenderer, planShot } from '../src/main/engine/pipelines/previz';
import { buildSampleProject } from '../src/main/engine/projects/sampleProject';
import { STYLES, type Project, type Style } from '../src/shared/domain';
import { PRESETS, type ExportPreset } from '../src/shared/jobs';
import { childCpuSeconds } from './measure';

const tools = resolveMediaTools();

/** CPU seconds of this process's waited-for children so far (every ffmpeg below); this bench needs /proc. */
function childCpu(): number {
  const s = childCpuSeconds();
  if (s === null) throw new Error('bench:takes measures ffmpeg CPU time from /proc, which this system does not have.');
  return s;
}

function ffmpeg(args: string[]): { cpu: number; stderr: string } {
  const c0 = childCpu();
  const r = spawnSync(tools.ffmpeg, ['-hide_banner', '-nostdin', '-y', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-400)}`);
  return { cpu: childCpu() - c0, stderr: r.stderr };
}

function sample(style: Style): Project {
  let n = 0;
  const project = buildSampleProject((prefix) => `${prefix}_${++n}`, '2025-01-01T00:00:00.000Z');
  project.settings.style = style;
  return project;
}

async function drawAll(project: Project, size: { width: number; height: number }, file: string): Promise<number> {
  const out = createWriteStream(file);
  let frames = 0;
  for (let i = 0; i < project.shots.length; i++) {
    const r = await createShotRenderer(planShot(project, i, { size }));
    for (let f = 0; f < project.shots[i]!.durationFrames; f++, frames++) if (!out.write(r.frame(f))) await once(out, 'drain');
    r.dispose();
  }
  out.end();
  await once(out, 'finish');
  return frames;
}

/** Luma PSNR (dB) and SSIM of `file` against the raw frames. */
function fidelity(file: string, raw: string[]): { psnr: number; ssim: number } {
  const graph = '[0:v]split[a][b];[1:v]format=yuv420p,split[r1][r2];[a][r1]psnr;[b][r2]ssim';
  const { stderr } = ffmpeg(['-i', file, ...raw, '-lavfi', graph, '-f', 'null', '-']);
  const p = /PSNR y:([\d.]+|inf)/.exec(stderr);
  const s = /SSIM Y:([\d.]+)/.exec(stderr);
  if (!p || !s) throw new Error(`no PSNR/SSIM in: ${stderr.slice(-300)}`);
  return { psnr: p[1] === 'inf' ? Infinity : Number(p[1]), ssim: Number(s[1]) };
}

const show = (f: { psnr: number; ssim: number }) => `${f.psnr.toFixed(2)} dB SSIM ${f.ssim.toFixed(4)}`;

async function main(): Promise<void> {
  const [w, h] = (process.env.SIZE ?? '1280x720').split('x').map(Number) as [number, number];
  const preset = PRESETS[(process.env.PRESET ?? '720p') as ExportPreset];
  const styles = (process.env.STYLES?.split(',') as Style[] | undefined) ?? [...STYLES];
  const fps = 24;
  const current = takeVideoCodec(fps);
  // Candidates: the current take codec first (the baseline), then variants of its x264 options.
  const candidates: { name: string; codec: string[] }[] = [
    { name: 'current', codec: current },
    ...(process.env.CANDIDATES ?? 'preset=veryfast:crf=18:x264-params=bframes=0;preset=veryfast:crf=18:x264-params=aq-mode=0:bframes=0')
      .split(';')
      .map((spec) => {
        const o = Object.fromEntries(spec.split(/:(?=[a-z0-9-]+=)/).map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string]));
        const params = o['x264-params'] ? ['-x264-params', o['x264-params']] : [];
        return {
          name: spec,
          codec: [
            '-c:v',
            'libx264',
            '-preset',
            o.preset ?? 'veryfast',
            '-crf',
            o.crf ?? '18',
            '-pix_fmt',
            'yuv420p',
            '-g',
            String(fps * 2),
            ...params,
          ],
        };
      }),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'shotline-takes-'));
  console.log(
    `bench:takes — ${w}x${h}, export at -preset ${preset.x264Preset} -crf ${preset.crf}; current take codec: ${current.join(' ')}`,
  );
  try {
    for (const style of styles) {
      const rawFile = join(dir, 'frames.rgba');
      const frames = await drawAll(sample(style), { width: w, height: h }, rawFile);
      const raw = ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${w}x${h}`, '-r', String(fps), '-i', rawFile];
      const direct = join(dir, 'direct.mp4');
      const exportEncode = (input: string[], output: string) =>
        ffmpeg([
          '-v',
          'error',
          ...input,
          '-c:v',
          'libx264',
          '-preset',
          preset.x264Preset,
          '-crf',
          String(preset.crf),
          '-pix_fmt',
          'yuv420p',
          output,
        ]);
      exportEncode(raw, direct);
      console.log(`\n${style} (${frames} frames): exported straight from the drawn frames, no take, ${show(fidelity(direct, raw))}`);
      let base: { cpu: number; out: number } | null = null;
      for (const c of candidates) {
        const take = join(dir, 'take.mp4');
        const exported = join(dir, 'export.mp4');
        const enc = ffmpeg(['-v', 'error', ...raw, '-an', ...c.codec, take]);
        const dec = ffmpeg(['-v', 'error', '-i', take, '-f', 'null', '-']);
        exportEncode(['-i', take], exported);
        const out = fidelity(exported, raw);
        const row = { cpu: enc.cpu + dec.cpu, out: out.psnr };
        base ??= row;
        console.log(
          `  ${c.name.padEnd(70)} take ${enc.cpu.toFixed(1)} + decode ${dec.cpu.toFixed(1)} core-s (×${(row.cpu / base.cpu).toFixed(2)}), ` +
            `${(statSync(take).size / 1e6).toFixed(1)} MB, take ${show(fidelity(take, raw))}, export ${show(out)} (${(row.out - base.out >= 0 ? '+' : '') + (row.out - base.out).toFixed(2)} dB), ${(statSync(exported).size / 1e6).toFixed(1)} MB = ${((8 * statSync(exported).size) / (frames * w * h)).toFixed(3)} bits/pixel/frame`,
        );
      }
      rmSync(rawFile, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
