import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FfmpegRunner } from '../export/ffmpegRunner';
import { blazeFaceConfig, detectFaces } from '../pipelines/faces/blazeFace';
import { detectSpeech, vadConfig } from '../pipelines/vad/sileroVad';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import type { ModelRuntime } from './modelRuntime';
import type { ModelRegistry } from './registry';

export const AnalyzePayloadSchema = z.object({
  task: z.enum(['speech', 'faces']),
  /** Absolute path of the recording or image. */
  path: z.string().min(1),
  modelId: z.string().min(1),
});
export type AnalyzePayload = z.infer<typeof AnalyzePayloadSchema>;

export interface AnalyzeDeps {
  runtime: ModelRuntime;
  registry: ModelRegistry;
  runner: FfmpegRunner;
}

/** Decodes any audio (or a video's sound) to 16 kHz mono float samples with ffmpeg. */
async function decodeMono(runner: FfmpegRunner, input: string, rate: number, tempFile: string, signal: AbortSignal): Promise<Float32Array> {
  await runner.run(['-i', input, '-vn', '-ac', '1', '-ar', String(rate), '-f', 'f32le', '-c:a', 'pcm_f32le', tempFile], {
    label: `decoding the sound of ${input}`,
    signal,
  }).done;
  const b = readFileSync(tempFile);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/**
 * Analyses a recording (speech segments, Silero VAD) or an image (faces, BlazeFace) with a model
 * in the inference worker. A worker that dies mid-run fails the attempt as retryable: the queue
 * retries it on a fresh worker.
 */
export function analyzeHandler(d: AnalyzeDeps): JobHandler<AnalyzePayload> {
  return {
    kind: 'media.analyze',
    lane: 'cpu',
    payload: AnalyzePayloadSchema,
    maxAttempts: 3,
    async run(ctx) {
      const p = ctx.payload;
      await d.registry.ensureScanned();
      const { manifest } = d.registry.require(p.modelId);
      ctx.progress(0, `Loading ${manifest.name}`);
      const session = await d.runtime.session(p.modelId, { signal: ctx.signal });
      throwIfAborted(ctx.signal);
      if (p.task === 'speech') {
        if (manifest.task !== 'vad') throw new JobFailure('WRONG_MODEL', `${manifest.name} is not a voice activity detector.`);
        const cfg = vadConfig(manifest.config);
        ctx.progress(0.05, 'Decoding the sound');
        const samples = await decodeMono(d.runner, p.path, cfg.sampleRate, join(ctx.tempDir, 'audio.f32'), ctx.signal);
        const r = await detectSpeech(samples, session, cfg, {
          signal: ctx.signal,
          onProgress: (f) => ctx.progress(0.1 + 0.9 * f, 'Finding speech'),
        });
        return {
          task: 'speech',
          provider: session.provider,
          seconds: samples.length / cfg.sampleRate,
          segments: r.segments,
          realTimeFactor: Math.round(r.realTimeFactor * 10) / 10,
        };
      }
      if (manifest.task !== 'face-detection') throw new JobFailure('WRONG_MODEL', `${manifest.name} is not a face detector.`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(p.path);
      } catch (e) {
        throw new JobFailure('NOT_FOUND', `The image ${p.path} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
      }
      ctx.progress(0.2, 'Finding faces');
      const r = await detectFaces(bytes, session, blazeFaceConfig(manifest.config), { signal: ctx.signal }).catch((e: unknown) => {
        if (e instanceof JobFailure) throw e;
        throw new JobFailure(
          'INVALID_FILE',
          `${p.path} is not an image this studio can read (${e instanceof Error ? e.message : String(e)}).`,
        );
      });
      return { task: 'faces', provider: session.provider, ...r };
    },
  };
}
