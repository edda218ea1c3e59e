import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mouthTracks, type SpokenLine } from '../pipelines/lipsync/mouthTracks';
import { readWavMono, type TimedPhone } from '../pipelines/speech/fliteTts';
import { dirname, join } from 'node:path';
import { audioStemArgs, clipToTakeArgs, segmentArgs, takeMuxArgs } from '../export/args';
import { mp4DurationSeconds } from '../export/mp4Duration';
import { writeFrame, type FfmpegRunner } from '../export/ffmpegRunner';
import { listDir } from '../fsUtil';
import { createShotRenderer, renderThumbnail } from '../pipelines/previz';
import type { PrevizPlan, PrevizShotRenderer } from '../pipelines/previz/types';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';
import type { JobContext, JobHandler } from '../queue/renderQueue';
import { ShotRenderCheckpointSchema, ShotRenderPayloadSchema, type ShotRenderCheckpoint, type ShotRenderPayload } from './payloads';
import { sealTake } from './takeSeal';

/**
 * A shot is drawn and encoded in segments of this many seconds: a crash loses at most the segment
 * being drawn and the one before it while its encoder finishes (a fraction of a second).
 */
export const SEGMENT_SECONDS = 2;

/** A segment whose frames are all written, while its encoder finishes. */
interface Finishing {
  index: number;
  part: string;
  done: Promise<unknown>;
  finished: boolean;
}

function finishingSegment(index: number, part: string, done: Promise<unknown>): Finishing {
  const seg: Finishing = { index, part, done, finished: false };
  // Marked when the encoder exits either way; a failure is thrown where the segment is settled.
  done.then(
    () => (seg.finished = true),
    () => (seg.finished = true),
  );
  return seg;
}

/** Share of the job's time per stage, measured on the sample storyboard (drawing+encoding dominates). */
const WEIGHT = { frames: 0.9, audio: 0.03, mux: 0.05, thumb: 0.02 } as const;

export interface ShotJobDeps {
  runner: FfmpegRunner;
  mediaDir: string;
  /** Called after a take is finished, to attach it to its shot. */
  onTake(payload: ShotRenderPayload, result: ShotTakeResult): void;
}

export interface ShotTakeResult extends Record<string, unknown> {
  takePath: string;
  thumbPath: string;
  contentHash: string;
  durationFrames: number;
  engine: string;
}

/**
 * Renders one shot's take: previz frames streamed into ffmpeg segment by segment (checkpointed),
 * the sound stem, then segments and stem muxed into `media/takes/<hash>.mp4` under a temp name
 * and renamed, and a thumbnail from the same renderer.
 */
export function shotRenderHandler(deps: ShotJobDeps): JobHandler<ShotRenderPayload> {
  return {
    kind: 'shot.render',
    lane: 'cpu',
    payload: ShotRenderPayloadSchema,
    maxAttempts: 2,
    run: (ctx) => runShot(ctx, deps),
    onSucceeded: (job, result) => deps.onTake(ShotRenderPayloadSchema.parse(job.payload), result as ShotTakeResult),
  };
}

/** The shot's lines with their phone timings (TTS lines), read from the speech cache. */
function spokenLines(p: ShotRenderPayload, mediaDir: string): SpokenLine[] {
  return p.dialogue.map((d) => {
    let phones: TimedPhone[] | null = null;
    if (d.phonesPath) {
      try {
        phones = JSON.parse(readFileSync(join(mediaDir, d.phonesPath), 'utf8')) as TimedPhone[];
      } catch {
        phones = null;
      }
    }
    return {
      characterId: d.characterId,
      startFrame: d.startFrame,
      phones,
      trimStartFrames: d.trimStartFrames,
      trimEndFrames: d.trimEndFrames,
    };
  });
}

/** A WAV file's length in seconds. */
function wavSeconds(file: string): number {
  const a = readWavMono(readFileSync(file));
  return a.samples.length / a.sampleRate;
}

async function runShot(ctx: JobContext<ShotRenderPayload>, deps: ShotJobDeps): Promise<ShotTakeResult> {
  const p = ctx.payload;
  const plan = p.plan as PrevizPlan;
  const { fps, durationFrames } = plan;
  const takeFile = join(deps.mediaDir, p.takePath);
  const thumbFile = join(deps.mediaDir, p.thumbPath);
  const parsedCp = ShotRenderCheckpointSchema.safeParse(ctx.checkpoint);
  const cp: ShotRenderCheckpoint = parsedCp.success ? parsedCp.data : { segmentsDone: 0, audioDone: false };
  const segFrames = SEGMENT_SECONDS * fps;
  // A pack's clip replaces the previz picture: one transcode instead of drawn segments.
  const clip = p.source?.kind === 'video' ? join(deps.mediaDir, p.source.path) : null;
  const segments = clip ? 1 : Math.ceil(durationFrames / segFrames);
  const attempt = ctx.job.attempts;
  // Parts left by an interrupted earlier attempt are never reused.
  for (const f of listDir(ctx.tempDir))
    if (f.endsWith('.part.mp4') || f.endsWith('.part.wav')) rmSync(join(ctx.tempDir, f), { force: true });

  const audio = join(ctx.tempDir, 'audio.wav');
  const stemStop = new AbortController();
  const stopStem = () => stemStop.abort();
  ctx.signal.addEventListener('abort', stopStem, { once: true });
  /** The stem's mix while it runs: settles to null when done or to what went wrong (never rejects). */
  let stem: Promise<unknown> | null = null;
  let renderer: PrevizShotRenderer | null = null;
  try {
    // The sound stem does not depend on the picture: it is mixed while the frames are drawn.
    stem = cp.audioDone
      ? null
      : mixStem(ctx, deps, audio, stemStop.signal).then(
          () => {
            cp.audioDone = true;
            ctx.saveCheckpoint({ ...cp });
            return null;
          },
          (e: unknown) => e,
        );
    if (clip && cp.segmentsDone < 1) {
      ctx.progress(0, `Fitting the ${p.engine} clip to the shot`);
      const part = join(ctx.tempDir, `seg-0.a${attempt}.part.mp4`);
      let clipSeconds: number;
      try {
        clipSeconds = mp4DurationSeconds(clip);
      } catch (e) {
        throw new JobFailure(
          'TAKE_MISSING',
          `The generated clip of shot ${p.shotIndex + 1} is missing or unreadable (${(e as Error).message}). Render the shot again.`,
        );
      }
      await deps.runner.run(
        clipToTakeArgs({
          input: clip,
          clipSeconds,
          frames: durationFrames,
          fps,
          width: plan.size.width,
          height: plan.size.height,
          output: part,
        }),
        { label: `fitting the clip of shot ${p.shotIndex + 1}`, signal: ctx.signal },
      ).done;
      renameSync(part, join(ctx.tempDir, 'seg-0.mp4'));
      cp.segmentsDone = 1;
      ctx.saveCheckpoint({ ...cp });
    }
    if (cp.segmentsDone < segments) {
      ctx.progress((WEIGHT.frames * cp.segmentsDone) / segments, 'Preparing layers');
      try {
        renderer = await createShotRenderer(plan);
        renderer.setMouths(mouthTracks(spokenLines(p, deps.mediaDir), fps, durationFrames));
      } catch (e) {
        throw new JobFailure('PREVIZ_FAILED', `Shot ${p.shotIndex + 1} "${p.shotTitle}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // While one segment's encoder finishes its last frames, the next segment is already being
    // drawn; its checkpoint is saved as soon as the encoder has written it.
    let finishing: Finishing | null = null;
    const settle = async (seg: Finishing) => {
      await seg.done;
      renameSync(seg.part, join(ctx.tempDir, `seg-${seg.index}.mp4`));
      cp.segmentsDone = seg.index + 1;
      ctx.saveCheckpoint({ ...cp });
    };
    try {
      for (let s = cp.segmentsDone; s < segments; s++) {
        throwIfAborted(ctx.signal);
        const first = s * segFrames;
        const last = Math.min(durationFrames, first + segFrames);
        const part = join(ctx.tempDir, `seg-${s}.a${attempt}.part.mp4`);
        const run = deps.runner.run(segmentArgs({ width: plan.size.width, height: plan.size.height, fps, output: part }), {
          label: `encoding shot ${p.shotIndex + 1}, frames ${first}–${last - 1}`,
          signal: ctx.signal,
          stdin: true,
        });
        try {
          for (let f = first; f < last; f++) {
            await writeFrame(run.stdin!, renderer!.frame(f), ctx.signal);
            // Canvas pixel buffers are freed by finalizers that only run between event-loop turns.
            if ((f - first) % 8 === 7) await new Promise((r) => setImmediate(r));
            if ((f - first) % 4 === 0) {
              ctx.progress((WEIGHT.frames * f) / durationFrames, `Drawing and encoding frames ${first + 1}–${last} of ${durationFrames}`);
            }
            if (finishing?.finished) {
              const seg: Finishing = finishing;
              finishing = null;
              await settle(seg);
            }
          }
          if (finishing) {
            const seg: Finishing = finishing;
            finishing = null;
            await settle(seg);
          }
          run.stdin!.end();
        } catch (e) {
          run.stdin?.destroy();
          // A broken pipe is a symptom: ffmpeg's own exit (killed, disk full …) says what happened.
          const ffmpegError: unknown = await run.done.then(
            () => null,
            (x: unknown) => x,
          );
          throw ctx.signal.aborted || ffmpegError === null ? e : ffmpegError;
        }
        finishing = finishingSegment(s, part, run.done);
      }
      if (finishing) {
        const seg: Finishing = finishing;
        finishing = null;
        await settle(seg);
      }
    } finally {
      // Never leave an encoder behind: one that is still finishing is waited for (its stdin is closed).
      if (finishing) await finishing.done.catch(() => undefined);
    }
    // The thumbnail is the middle frame, drawn once more by this renderer (no second set of layers).
    const thumbnail = renderer ? renderer.still(Math.floor(durationFrames / 2)) : null;
    renderer?.dispose();
    renderer = null;

    if (stem) {
      ctx.progress(WEIGHT.frames, 'Mixing the sound stem');
      const failure = await stem;
      stem = null;
      if (failure) throw failure;
    }

    ctx.progress(WEIGHT.frames + WEIGHT.audio, 'Muxing the take');
    const list = join(ctx.tempDir, 'segments.txt');
    writeFileSync(
      list,
      Array.from({ length: segments }, (_, s) => `file '${join(ctx.tempDir, `seg-${s}.mp4`).replace(/'/g, "'\\''")}'`).join('\n'),
    );
    mkdirSync(dirname(takeFile), { recursive: true });
    const takePart = `${takeFile}.${ctx.job.id}.part.mp4`;
    try {
      await deps.runner.run(takeMuxArgs({ concatList: list, audio, output: takePart }), {
        label: `muxing the take of shot ${p.shotIndex + 1}`,
        signal: ctx.signal,
      }).done;
      if (statSync(takePart).size === 0) throw new JobFailure('EMPTY_OUTPUT', `The take of shot ${p.shotIndex + 1} came out empty.`);
      renameSync(takePart, takeFile);
      await sealTake(takeFile);
    } finally {
      rmSync(takePart, { force: true });
    }

    ctx.progress(WEIGHT.frames + WEIGHT.audio + WEIGHT.mux, 'Drawing the thumbnail');
    mkdirSync(dirname(thumbFile), { recursive: true });
    if (clip) {
      // The take's own middle frame: the pack drew it, not previz.
      await deps.runner.run(
        [
          '-ss',
          String(durationFrames / fps / 2),
          '-i',
          takeFile,
          '-frames:v',
          '1',
          '-vf',
          'scale=384:-2',
          '-f',
          'image2',
          `${thumbFile}.part`,
        ],
        {
          label: `taking the thumbnail of shot ${p.shotIndex + 1}`,
          signal: ctx.signal,
        },
      ).done;
    } else {
      writeFileSync(`${thumbFile}.part`, thumbnail ?? (await renderThumbnail({ ...plan }, Math.floor(durationFrames / 2), 'jpeg')));
    }
    renameSync(`${thumbFile}.part`, thumbFile);
    ctx.progress(1, 'Done');
    return { takePath: p.takePath, thumbPath: p.thumbPath, contentHash: p.contentHash, durationFrames, engine: p.engine };
  } finally {
    renderer?.dispose();
    // A job that ends early (failure, cancel) leaves no mixer behind.
    ctx.signal.removeEventListener('abort', stopStem);
    if (stem) {
      stemStop.abort();
      await stem;
    }
  }
}

/** Mixes the shot's sound stem (cues and spoken lines) into `audio`, through a part file. */
async function mixStem(ctx: JobContext<ShotRenderPayload>, deps: ShotJobDeps, audio: string, signal: AbortSignal): Promise<void> {
  const p = ctx.payload;
  const { fps, durationFrames } = p.plan as PrevizPlan;
  const part = join(ctx.tempDir, `audio.a${ctx.job.attempts}.part.wav`);
  const dialogue = p.dialogue.map((d) => {
    const file = join(deps.mediaDir, d.path);
    // Cutting a line's end needs its length (the WAV's data size over its byte rate).
    const audioSeconds = d.trimEndFrames > 0 ? wavSeconds(file) : undefined;
    return {
      file,
      startFrame: d.startFrame,
      trimStartFrames: d.trimStartFrames,
      trimEndFrames: d.trimEndFrames,
      ...(audioSeconds !== undefined ? { audioSeconds } : {}),
    };
  });
  await deps.runner.run(audioStemArgs({ cues: p.cues, dialogue, durationFrames, fps, seed: p.seed, output: part }), {
    label: `mixing the sound of shot ${p.shotIndex + 1}`,
    signal,
  }).done;
  renameSync(part, audio);
}
