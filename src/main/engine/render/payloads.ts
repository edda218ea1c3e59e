import { z } from 'zod';
import { SoundCueSchema, TransitionSchema } from '../../../shared/domain';
import { EXPORT_PRESETS } from '../../../shared/jobs';

const hash = z.string().regex(/^[0-9a-f]{16,128}$/);
const relPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.split(/[\\/]/).includes('..') && !/^([a-zA-Z]:)?[\\/]/.test(p), 'must be a library-relative path');

/** What a shot render needs, fully resolved when it is queued (later edits make a new job). */
export const ShotRenderPayloadSchema = z.object({
  projectId: z.string().min(1),
  shotId: z.string().min(1),
  shotIndex: z.number().int().min(0),
  shotTitle: z.string(),
  /** Who made the pictures, as the UI and the export name it ("Previz", or the pack's name). */
  engine: z.string().min(1),
  /** Pictures a pack made first: a keyframe plate (already in the plan) or a clip that replaces previz. */
  source: z
    .object({ kind: z.enum(['keyframe', 'video']), path: relPath })
    .nullable()
    .default(null),
  contentHash: hash,
  plan: z.looseObject({
    version: z.string(),
    size: z.object({ width: z.number().int().min(16).max(8192), height: z.number().int().min(16).max(8192) }),
    fps: z.number().int().min(1).max(120),
    durationFrames: z.number().int().min(1, 'the shot has no frames (its duration is 0)'),
  }),
  cues: z.array(z.object({ cue: SoundCueSchema, file: z.string().nullable() })),
  /** Spoken lines (library-relative WAVs) and where they start; the bed ducks under them. */
  dialogue: z
    .array(
      z.object({
        path: relPath,
        startFrame: z.number().int().min(0),
        characterId: z.string(),
        phonesPath: relPath.nullable(),
        /** Frames cut from the start and end of the line's audio. */
        trimStartFrames: z.number().int().min(0).default(0),
        trimEndFrames: z.number().int().min(0).default(0),
      }),
    )
    .default([]),
  seed: z.number().int(),
  /** Library-relative (under media/). */
  takePath: relPath,
  thumbPath: relPath,
  /** Cameos the shot shows or voices, and the profile that queued it (consent is checked again at run time). */
  cameos: z.array(z.string()).default([]),
  profileId: z.string().nullable().default(null),
});
export type ShotRenderPayload = z.infer<typeof ShotRenderPayloadSchema>;

export const ShotRenderCheckpointSchema = z.object({ segmentsDone: z.number().int().min(0), audioDone: z.boolean() });
export type ShotRenderCheckpoint = z.infer<typeof ShotRenderCheckpointSchema>;

export const ExportPayloadSchema = z.object({
  projectId: z.string().min(1),
  projectName: z.string(),
  preset: z.enum(EXPORT_PRESETS),
  width: z.number().int().min(16),
  height: z.number().int().min(16),
  fps: z.number().int().min(1),
  shots: z
    .array(
      z.object({
        shotId: z.string(),
        title: z.string(),
        contentHash: hash,
        takePath: relPath,
        durationFrames: z.number().int().min(1),
        transition: TransitionSchema,
        engine: z.string(),
      }),
    )
    .min(1, 'the project has no shots to export'),
  captions: z.array(z.object({ startFrame: z.number().int(), endFrame: z.number().int(), speaker: z.string(), text: z.string() })),
  /**
   * Where the previz burned captions in (timeline frames, top edge in px), the watermark keeps above
   * them; title cards (bottom edge in px), it keeps below them; letterbox bars (their height in px),
   * it keeps between them.
   */
  keepClear: z
    .array(
      z.union([
        z.object({ startFrame: z.number().int(), endFrame: z.number().int(), top: z.number() }),
        z.object({ startFrame: z.number().int(), endFrame: z.number().int(), bottom: z.number() }),
        z.object({ startFrame: z.number().int(), endFrame: z.number().int(), bars: z.number() }),
      ]),
    )
    .default([]),
  /** Absolute path of the finished MP4. */
  outputPath: z.string().min(1),
  creator: z.string(),
  srt: z.boolean(),
  fcpxml: z.boolean(),
  appVersion: z.string(),
  loudnessLufs: z.number().min(-40).max(0),
  /** The music bed: library-relative file, gain and fades. */
  music: z
    .object({ path: relPath, gainDb: z.number(), fadeInFrames: z.number().int().min(0), fadeOutFrames: z.number().int().min(0) })
    .nullable()
    .default(null),
  cameos: z.array(z.string()).default([]),
  profileId: z.string().nullable().default(null),
});
export type ExportPayload = z.infer<typeof ExportPayloadSchema>;
