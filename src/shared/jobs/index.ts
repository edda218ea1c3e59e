import { z } from 'zod';

/** Job states. `paused` jobs keep their checkpoint and go back to `queued` on resume. */
export const JOB_STATES = ['queued', 'running', 'paused', 'succeeded', 'failed', 'canceled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINISHED_STATES: readonly JobState[] = ['succeeded', 'failed', 'canceled'];
export const isFinished = (s: JobState): boolean => FINISHED_STATES.includes(s);

/** Lanes bound concurrency: one GPU job at a time, N CPU jobs, N ffmpeg encodes. */
export const LANES = ['gpu', 'cpu', 'ffmpeg', 'net'] as const;
export type Lane = (typeof LANES)[number];

export const JOB_KINDS = [
  'shot.render',
  'export.mp4',
  'media.analyze',
  'model.download',
  'shot.generate',
  'dialogue.tts',
  'cameo.capture',
  'feed.upload',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const EXPORT_PRESETS = ['1080p', 'vertical', '720p'] as const;
export type ExportPreset = (typeof EXPORT_PRESETS)[number];

export interface PresetSpec {
  id: ExportPreset;
  label: string;
  width: number;
  height: number;
  /** x264 preset and quality of the final encode. */
  x264Preset: string;
  crf: number;
  audioBitrate: string;
}

export const PRESETS: Record<ExportPreset, PresetSpec> = {
  '1080p': { id: '1080p', label: '1080p 16:9', width: 1920, height: 1080, x264Preset: 'veryfast', crf: 19, audioBitrate: '192k' },
  vertical: {
    id: 'vertical',
    label: '1080×1920 9:16 (vertical)',
    width: 1080,
    height: 1920,
    x264Preset: 'veryfast',
    crf: 19,
    audioBitrate: '192k',
  },
  '720p': { id: '720p', label: '720p draft', width: 1280, height: 720, x264Preset: 'veryfast', crf: 23, audioBitrate: '128k' },
};

export const JobProgressSchema = z.object({
  /** 0..100 over all stages of the job. */
  percent: z.number().min(0).max(100),
  /** What the job is doing now, in words: "Drawing frames 48–95", "Encoding", "Signing". */
  stage: z.string(),
  /** Seconds left, counting every remaining stage; null until there is enough to estimate from. */
  etaSeconds: z.number().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  /** The last lines of ffmpeg's stderr, the step, etc. */
  details: z.string().optional(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobViewSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  lane: z.enum(LANES),
  state: z.enum(JOB_STATES),
  label: z.string(),
  projectId: z.string().nullable(),
  /** Jobs this one waits for (an export waits for its shot renders). */
  dependsOn: z.array(z.string()),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  progress: JobProgressSchema.nullable(),
  error: JobErrorSchema.nullable(),
  /** How much work the job is (seconds, once jobs like it have run here; a relative guess before): weighs it in a bar over many jobs. */
  work: z.number().positive(),
  /** What a finished job made: the take or the export file. */
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const QueueSnapshotSchema = z.object({
  jobs: z.array(JobViewSchema),
  /** The whole queue is held: nothing new starts. */
  paused: z.boolean(),
  lanes: z.record(z.enum(LANES), z.object({ capacity: z.number().int(), running: z.number().int() })),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshotSchema>;
