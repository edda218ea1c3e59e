import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { FfmpegRunner } from '../export/ffmpegRunner';
import { writeFrame } from '../export/ffmpegRunner';
import { createShotRenderer } from '../pipelines/previz';
import type { PrevizPlan } from '../pipelines/previz/types';
import { packContext } from '../pipelines/packs/packContext';
import { generateKeyframe } from '../pipelines/packs/textToImage';
import { generateVideo } from '../pipelines/packs/video';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import type { ModelRuntime } from '../runtime/modelRuntime';
import type { ModelRegistry } from '../runtime/registry';
import { sealTake } from './takeSeal';

export const GeneratePayloadSchema = z.object({
  modelId: z.string().min(1),
  task: z.enum(['text-to-image', 'text-to-video', 'image-to-video']),
  prompt: z.string(),
  seed: z.number().int(),
  shotTitle: z.string(),
  /** Library-relative output: a PNG keyframe or an MP4 clip. */
  outputPath: z.string().min(1),
  /** Image-to-video: the previz plan whose first frame is the clip's first frame. */
  firstFrame: z.looseObject({ version: z.string() }).nullable(),
});
export type GeneratePayload = z.infer<typeof GeneratePayloadSchema>;

/** Raw RGBA frames → a near-lossless H.264 clip (the take re-encodes it once more at the export's settings). */
function clipArgs(o: { width: number; height: number; fps: number; output: string }): string[] {
  return [
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${o.width}x${o.height}`, '-r', String(o.fps), '-i', 'pipe:0'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p', '-f', 'mp4', o.output],
  ];
}

/** The previz drawing of a shot's first frame at the pack's size, as planar RGB in [-1, 1]. */
async function previzFirstFrame(plan: PrevizPlan, width: number, height: number): Promise<Float32Array> {
  const r = await createShotRenderer({ ...plan, size: { width, height } } as PrevizPlan);
  try {
    const rgba = r.frame(0);
    const plane = width * height;
    const out = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = rgba[i * 4 + c]! / 127.5 - 1;
    return out;
  } finally {
    r.dispose();
  }
}

/**
 * Runs a generative pack for one shot on the gpu lane: a keyframe (text-to-image) that becomes the
 * shot's background plate, or a clip (text/image-to-video) whose frames replace the previz picture.
 * Output is content-addressed under media/generated/ and written under a temp name first.
 */
export function generateHandler(d: {
  registry: ModelRegistry;
  runtime: ModelRuntime;
  runner: FfmpegRunner;
  mediaDir: string;
}): JobHandler<GeneratePayload> {
  return {
    kind: 'shot.generate',
    lane: 'gpu',
    payload: GeneratePayloadSchema,
    maxAttempts: 3,
    async run(ctx) {
      const p = ctx.payload;
      await d.registry.ensureScanned();
      const pack = packContext(d.registry, d.runtime, p.modelId);
      const out = join(d.mediaDir, p.outputPath);
      mkdirSync(dirname(out), { recursive: true });
      const part = `${out}.${ctx.job.id}.part${out.slice(out.lastIndexOf('.'))}`;
      const onProgress = (f: number, stage: string) => ctx.progress(0.9 * f, `${pack.manifest.name}: ${stage}`);
      try {
        if (p.task === 'text-to-image') {
          const k = await generateKeyframe(pack, { prompt: p.prompt, seed: p.seed, signal: ctx.signal, onProgress });
          writeFileSync(part, k.png);
        } else {
          const cfg = pack.manifest.config;
          const image =
            p.task === 'image-to-video'
              ? await previzFirstFrame(p.firstFrame as unknown as PrevizPlan, Number(cfg.width ?? 512), Number(cfg.height ?? 320))
              : undefined;
          const v = await generateVideo(pack, {
            prompt: p.prompt,
            seed: p.seed,
            signal: ctx.signal,
            onProgress,
            ...(image ? { image } : {}),
          });
          throwIfAborted(ctx.signal);
          ctx.progress(0.92, 'Writing the clip');
          const run = d.runner.run(clipArgs({ width: v.width, height: v.height, fps: v.fps, output: part }), {
            label: `writing the clip of "${p.shotTitle}"`,
            signal: ctx.signal,
            stdin: true,
          });
          for (const f of v.frames) await writeFrame(run.stdin!, Buffer.from(f.buffer, f.byteOffset, f.byteLength), ctx.signal);
          run.stdin!.end();
          await run.done;
        }
        renameSync(part, out);
        await sealTake(out);
      } catch (e) {
        if (e instanceof JobFailure || ctx.signal.aborted) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        // A crashed worker is retried by the queue; anything else is the pack's own failure.
        throw new JobFailure('PACK_FAILED', `${pack.manifest.name} could not make "${p.shotTitle}": ${msg}`);
      } finally {
        rmSync(part, { force: true });
      }
      ctx.progress(1, 'Done');
      return { outputPath: p.outputPath, engine: pack.manifest.name };
    },
  };
}
