import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRESETS } from '../../../shared/jobs';
import { exportArgs, exportFilterGraph } from '../export/args';
import type { SigningIdentity } from '../export/credentials';
import { signMp4 } from '../export/credentials';
import type { FfmpegRunner } from '../export/ffmpegRunner';
import { listDir } from '../fsUtil';
import { buildFcpxml, buildSrt, buildXmeml, sidecarPaths } from '../export/sidecars';
import { layoutCut } from '../export/timeline';
import { watermarkLines, type KeepClear } from '../export/watermark';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';
import type { JobContext, JobHandler } from '../queue/renderQueue';
import { ExportPayloadSchema, type ExportPayload } from './payloads';
import { checkTake } from './takeSeal';

const WEIGHT = { encode: 0.9, sign: 0.08, sidecars: 0.02 } as const;

export interface ExportJobDeps {
  runner: FfmpegRunner;
  mediaDir: string;
  fontFile: string;
  identity: () => Promise<SigningIdentity>;
}

export interface ExportResult extends Record<string, unknown> {
  outputPath: string;
  srtPath: string | null;
  fcpxmlPath: string | null;
  durationFrames: number;
  bytes: number;
  credentials: string;
}

/** Temp files of an export live beside the destination (so the final rename is atomic) and carry the job id. */
export const exportTempPrefix = (outputPath: string, jobId: string) => `.${basename(outputPath)}.${jobId}.`;

/**
 * The export: one ffmpeg encode of all takes with transitions, the loudness-normalised mix and the
 * moving watermark; then the C2PA manifest is signed into a second temp file, which is renamed to
 * the destination only when complete. Nothing half-written ever carries the final name.
 */
export function exportHandler(deps: ExportJobDeps): JobHandler<ExportPayload> {
  return {
    kind: 'export.mp4',
    lane: 'ffmpeg',
    payload: ExportPayloadSchema,
    maxAttempts: 2,
    run: (ctx) => runExport(ctx, deps),
  };
}

async function runExport(ctx: JobContext<ExportPayload>, deps: ExportJobDeps): Promise<ExportResult> {
  const p = ctx.payload;
  const dir = dirname(p.outputPath);
  const prefix = exportTempPrefix(p.outputPath, ctx.job.id);
  removeTemps(dir, prefix);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new JobFailure(
      'NOT_WRITABLE',
      `Cannot write to the folder ${dir}: it does not exist or is not writable. Choose another destination.`,
    );
  }
  const inputs: string[] = [];
  for (const [i, s] of p.shots.entries()) {
    const file = join(deps.mediaDir, s.takePath);
    const state = await checkTake(file);
    if (state === 'missing') {
      throw new JobFailure(
        'TAKE_MISSING',
        `The take of shot ${i + 1} "${s.title}" is missing (${s.takePath}). Render the shot again.`,
        false,
      );
    }
    if (state !== 'intact') {
      throw new JobFailure(
        'TAKE_DAMAGED',
        `The take of shot ${i + 1} "${s.title}" is damaged: its file (${s.takePath}) is not the one that was rendered. Export again: the shot is rendered anew first.`,
        false,
      );
    }
    inputs.push(file);
  }
  if (p.music) {
    const file = join(deps.mediaDir, p.music.path);
    if (!existsSync(file)) {
      throw new JobFailure('MUSIC_MISSING', `The music bed (${p.music.path}) is missing. Add it again or remove it.`, false);
    }
    inputs.push(file);
  }
  const preset = PRESETS[p.preset];
  const cut = layoutCut(p.shots.map((s) => ({ title: s.title, durationFrames: s.durationFrames, transition: s.transition })));
  const totalSeconds = cut.totalFrames / p.fps;
  const lines = watermarkLines(p.creator);
  const text1 = join(ctx.tempDir, 'watermark-1.txt');
  const text2 = join(ctx.tempDir, 'watermark-2.txt');
  writeFileSync(text1, lines[0]);
  writeFileSync(text2, lines[1]);
  const { graph } = exportFilterGraph({
    cut,
    fps: p.fps,
    width: p.width,
    height: p.height,
    fontFile: deps.fontFile,
    creator: p.creator,
    watermarkTextFiles: [text1, text2],
    keepClear: keepClearInSeconds(p.keepClear, p.fps),
    loudnessLufs: p.loudnessLufs,
    music: p.music
      ? {
          gainDb: p.music.gainDb,
          fadeInFrames: p.music.fadeInFrames,
          fadeOutFrames: p.music.fadeOutFrames,
          duck: p.captions.map((c) => ({ start: c.startFrame / p.fps, end: c.endFrame / p.fps })),
        }
      : null,
  });
  const script = join(ctx.tempDir, 'graph.txt');
  writeFileSync(script, graph);
  const engines = [...new Set(p.shots.map((s) => s.engine))];
  const metadata: Record<string, string> = {
    title: p.projectName,
    artist: p.creator || 'Unknown creator',
    comment: `AI-generated video made with Shotline ${p.appVersion}. Pictures: ${engines.join(', ')}${engines.every((e) => e === 'Previz') ? ' (procedural previz animatic)' : ''}.`,
    description: p.shots.map((s, i) => `Shot ${i + 1} "${s.title}": ${s.engine}`).join('; '),
    ai_generated: 'true',
    shotline_project: p.projectName,
    shotline_engines: p.shots.map((s) => s.engine).join(','),
    encoded_by: `Shotline ${p.appVersion}`,
  };

  // The attempt is in the name: an ffmpeg orphaned by a crash of an earlier attempt can never write into this one's files.
  const encoded = join(dir, `${prefix}a${ctx.job.attempts}.encode.part.mp4`);
  const signed = join(dir, `${prefix}a${ctx.job.attempts}.signed.part.mp4`);
  const srtPart = join(dir, `${prefix}a${ctx.job.attempts}.srt.part`);
  const fcpxmlPart = join(dir, `${prefix}a${ctx.job.attempts}.fcpxml.part`);
  const xmemlPart = join(dir, `${prefix}a${ctx.job.attempts}.xml.part`);
  try {
    ctx.progress(0, 'Encoding the export');
    await deps.runner.run(
      exportArgs({ inputs, filterScript: script, encode: { ...preset, loudnessLufs: p.loudnessLufs }, metadata, output: encoded }),
      {
        label: 'encoding the export',
        signal: ctx.signal,
        onTime: (t) =>
          ctx.progress(WEIGHT.encode * Math.min(1, t / totalSeconds), `Encoding ${formatClock(t)} of ${formatClock(totalSeconds)}`),
      },
    ).done;
    throwIfAborted(ctx.signal);

    ctx.progress(WEIGHT.encode, 'Signing content credentials');
    const identity = await deps.identity();
    await signMp4({
      input: encoded,
      output: signed,
      identity,
      signal: ctx.signal,
      manifest: {
        title: `${p.projectName}.mp4`,
        projectName: p.projectName,
        creator: p.creator,
        appVersion: p.appVersion,
        engines: p.shots.map((s) => ({ shotTitle: s.title, engine: s.engine })),
        createdAt: new Date().toISOString(),
      },
    });
    throwIfAborted(ctx.signal);

    ctx.progress(WEIGHT.encode + WEIGHT.sign, 'Writing subtitles and the edit list');
    // Written under temp names first (a full disk fails here, before anything has its final name),
    // then everything is renamed, the video last.
    const { srt: srtPath, fcpxml: fcpxmlPath, xmeml: xmemlPath } = sidecarPaths(p.outputPath, p);
    if (srtPath) writeFileSync(srtPart, buildSrt(p.captions, p.fps));
    if (fcpxmlPath && xmemlPath) {
      const edit = { projectName: p.projectName, fps: p.fps, width: p.width, height: p.height, cut, mediaPath: p.outputPath };
      writeFileSync(fcpxmlPart, buildFcpxml(edit));
      writeFileSync(xmemlPart, buildXmeml(edit));
    }
    if (srtPath) renameSync(srtPart, srtPath);
    if (fcpxmlPath) renameSync(fcpxmlPart, fcpxmlPath);
    if (xmemlPath) renameSync(xmemlPart, xmemlPath);
    renameSync(signed, p.outputPath);
    ctx.progress(1, 'Done');
    return {
      outputPath: p.outputPath,
      srtPath,
      fcpxmlPath,
      xmemlPath,
      durationFrames: cut.totalFrames,
      bytes: statSync(p.outputPath).size,
      credentials: `C2PA, signed by ${identity.subject} (a self-signed certificate made on this computer)`,
    };
  } finally {
    for (const f of [encoded, signed, srtPart, fcpxmlPart, xmemlPart]) rmSync(f, { force: true });
  }
}

function removeTemps(dir: string, prefix: string): void {
  for (const n of listDir(dir)) if (n.startsWith(prefix)) rmSync(join(dir, n), { force: true });
}

function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The payload's spans to keep clear (timeline frames) as the watermark's path takes them (seconds). */
export function keepClearInSeconds(spans: ExportPayload['keepClear'], fps: number): KeepClear[] {
  return spans.map((k) => {
    const span = { start: k.startFrame / fps, end: k.endFrame / fps };
    return 'top' in k ? { ...span, top: k.top } : 'bottom' in k ? { ...span, bottom: k.bottom } : { ...span, bars: k.bars };
  });
}
