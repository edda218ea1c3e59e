import { z } from 'zod';
import {
  ASPECTS,
  CAMERA_MOVES,
  DEPTHS,
  DIALOGUE_SOURCES,
  FACINGS,
  SHOT_TYPES,
  SOUND_KINDS,
  SOUND_PRESETS,
  STAGE_POSITIONS,
  STYLES,
  TIMES_OF_DAY,
  TRANSITIONS,
} from './enums';
import { LIMITS } from './limits';
import { SUPPORTED_FPS } from '../time';

/** The current version of the project document. Bump it with a migration in `document.ts`. */
export const SCHEMA_VERSION = 1;

export const IdSchema = z
  .string({ error: 'must be an id (text)' })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "-" and "_"');

const text = (max: number, what = 'text') =>
  z
    .string({ error: `must be ${what}` })
    .max(max, { error: (iss) => `is too long: ${String((iss.input as string).length)} characters, the limit is ${max}` });

const name = (what: string) => text(LIMITS.nameChars).trim().min(1, `${what} must not be empty`);

const frames = (what: string, min = 0) =>
  z
    .number({ error: `${what} must be a number of frames` })
    .int(`${what} must be a whole number of frames`)
    .min(min, min === 0 ? `${what} must not be negative` : `${what} must be at least ${min} frame${min === 1 ? '' : 's'}`);

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `${what} must be one of: ${values.join(', ')}` });

export const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #a1b2c3');

export const VoiceSchema = z.object({
  /** "flite" is built in; a neural voice pack names itself here. */
  engine: z.string().min(1).max(64),
  voiceId: z.string().min(1).max(128),
  /** Speaking-rate multiplier. */
  rate: z.number().min(0.5).max(2),
  /** Pitch shift in semitones. */
  pitch: z.number().min(-12).max(12),
  /** Formant (timbre) shift in semitones: + a smaller, brighter voice; − a larger, darker one. */
  formant: z.number().min(-6).max(6).optional(),
});
export type Voice = z.infer<typeof VoiceSchema>;

export const CharacterSchema = z.object({
  id: IdSchema,
  name: name('Character name'),
  description: text(LIMITS.textChars),
  /** Continuity: how the character looks (face, hair, build). */
  look: text(LIMITS.textChars),
  /** Continuity: what the character wears unless a shot overrides it. */
  wardrobe: text(LIMITS.textChars),
  color: ColorSchema,
  voice: VoiceSchema,
  cameoId: IdSchema.nullable(),
});
export type Character = z.infer<typeof CharacterSchema>;

export const LocationSchema = z.object({
  id: IdSchema,
  name: name('Location name'),
  description: text(LIMITS.textChars),
  interior: z.boolean(),
  /** Media-relative path of an imported plate image (previz draws it instead of a procedural plate). */
  imagePath: z.string().max(1024).nullable().default(null),
});
export type Location = z.infer<typeof LocationSchema>;

/** Project-wide continuity: the starting state every shot inherits until a shot changes it. */
export const ContinuitySchema = z.object({
  locations: z.array(LocationSchema).max(500),
  locationId: IdSchema.nullable(),
  timeOfDay: oneOf(TIMES_OF_DAY, 'time of day'),
  notes: text(LIMITS.notesChars),
});
export type Continuity = z.infer<typeof ContinuitySchema>;

export const BlockingSchema = z.object({
  characterId: IdSchema,
  position: oneOf(STAGE_POSITIONS, 'position'),
  depth: oneOf(DEPTHS, 'depth'),
  facing: oneOf(FACINGS, 'facing'),
  action: text(LIMITS.textChars),
});
export type Blocking = z.infer<typeof BlockingSchema>;

/** A per-shot continuity change for one character (it carries on to later shots). */
export const WardrobeOverrideSchema = z.object({
  characterId: IdSchema,
  look: text(LIMITS.textChars).nullable(),
  wardrobe: text(LIMITS.textChars).nullable(),
});
export type WardrobeOverride = z.infer<typeof WardrobeOverrideSchema>;

export const DialogueLineSchema = z.object({
  id: IdSchema,
  characterId: IdSchema,
  text: text(LIMITS.textChars),
  source: oneOf(DIALOGUE_SOURCES, 'dialogue source'),
  /** Library-relative path of a recorded or imported take; null for TTS. */
  assetPath: z.string().max(1024).nullable(),
  /** Where the line starts, in frames from the start of the shot. */
  offsetFrames: frames('Dialogue offset'),
  /**
   * Frames cut from the start and the end of the line's audio (dragging a region's edges). The
   * audio stays anchored at the offset: the first sound heard is at offset + trimStartFrames.
   */
  trimStartFrames: frames('Trim at the start').default(0),
  trimEndFrames: frames('Trim at the end').default(0),
});
export type DialogueLine = z.infer<typeof DialogueLineSchema>;

export const SoundCueSchema = z.object({
  id: IdSchema,
  kind: oneOf(SOUND_KINDS, 'sound kind'),
  label: text(LIMITS.nameChars),
  /** A procedural preset, or null when the cue plays an imported file. */
  preset: oneOf(SOUND_PRESETS, 'sound preset').nullable(),
  assetPath: z.string().max(1024).nullable(),
  startFrame: frames('Sound start'),
  lengthFrames: frames('Sound length', 1),
  gainDb: z
    .number({ error: 'gain must be a number of dB' })
    .min(-60, 'gain must be at least -60 dB')
    .max(12, 'gain must be at most +12 dB'),
  fadeInFrames: frames('Fade-in'),
  fadeOutFrames: frames('Fade-out'),
});
export type SoundCue = z.infer<typeof SoundCueSchema>;

export const TransitionSchema = z.object({
  kind: oneOf(TRANSITIONS, 'transition'),
  durationFrames: frames('Transition length'),
});
export type Transition = z.infer<typeof TransitionSchema>;

/** A rendered take of a shot, named by the content hash of its inputs. */
export const TakeSchema = z.object({
  id: IdSchema,
  createdAt: z.string().datetime({ offset: true }),
  /** "Previz" or the model pack's name: what made the pictures. */
  engine: z.string().min(1).max(128),
  contentHash: z.string().regex(/^[0-9a-f]{16,128}$/, 'must be a hex content hash'),
  /** Library-relative path of the rendered clip. */
  path: z.string().min(1).max(1024),
  durationFrames: frames('Take length', 1),
  status: z.enum(['ok', 'stale', 'revoked']),
});
export type Take = z.infer<typeof TakeSchema>;

/** What draws a shot's pictures: the built-in previz compositor, or an installed pack's id. */
export const ShotEngineSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'engine must be "previz" or a model pack id');
export const PREVIZ_ENGINE = 'previz';

export const ShotSchema = z.object({
  id: IdSchema,
  title: text(LIMITS.nameChars),
  durationFrames: frames('Shot duration', 1),
  prompt: text(LIMITS.promptChars, 'the prompt (text)'),
  shotType: oneOf(SHOT_TYPES, 'shot type'),
  cameraMove: oneOf(CAMERA_MOVES, 'camera move'),
  /** null: the project's style. */
  style: oneOf(STYLES, 'style').nullable(),
  /** null: carried on from the previous shot (or the project's continuity). */
  locationId: IdSchema.nullable(),
  timeOfDay: oneOf(TIMES_OF_DAY, 'time of day').nullable(),
  characters: z.array(BlockingSchema).max(50),
  wardrobe: z.array(WardrobeOverrideSchema).max(50),
  dialogue: z.array(DialogueLineSchema).max(LIMITS.linesPerShot),
  sound: z.array(SoundCueSchema).max(LIMITS.cuesPerShot),
  transition: TransitionSchema,
  /** Documents written before engines existed are previz. */
  engine: ShotEngineSchema.default(PREVIZ_ENGINE),
  notes: text(LIMITS.notesChars),
  takes: z.array(TakeSchema).max(500),
});
export type Shot = z.infer<typeof ShotSchema>;

export const ProjectSettingsSchema = z.object({
  fps: z
    .number({ error: 'fps must be a number' })
    .refine((v) => (SUPPORTED_FPS as readonly number[]).includes(v), { message: `fps must be one of ${SUPPORTED_FPS.join(', ')}` }),
  aspect: oneOf(ASPECTS, 'aspect ratio'),
  style: oneOf(STYLES, 'style'),
  /** Seeds the deterministic previz renderer and pack samplers. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  creator: text(LIMITS.nameChars),
});
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

/** The project's music bed: one imported file under the whole cut, ducked under dialogue. */
export const MusicBedSchema = z.object({
  /** Library-relative path of the stored copy. */
  assetPath: z.string().min(1).max(1024),
  /** The name of the file the user picked. */
  title: text(LIMITS.nameChars),
  gainDb: z.number().min(-60).max(12),
  fadeInFrames: frames('Music fade-in'),
  fadeOutFrames: frames('Music fade-out'),
});
export type MusicBed = z.infer<typeof MusicBedSchema>;

const ProjectShape = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: IdSchema,
  name: name('Project name'),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
  settings: ProjectSettingsSchema,
  continuity: ContinuitySchema,
  characters: z.array(CharacterSchema).max(LIMITS.charactersPerProject),
  shots: z.array(ShotSchema).max(LIMITS.shotsPerProject),
  /** Set when the project was made by remixing another creator's post. */
  remixOf: z.object({ postId: z.string().max(200), url: z.string().max(2000), title: z.string().max(LIMITS.nameChars) }).nullable(),
  /** Documents written before music beds existed have none. */
  music: MusicBedSchema.nullable().default(null),
});

/**
 * The project document. Beyond field shapes it checks the document's own integrity: ids unique
 * across the document, and every reference (character, location) pointing at something that exists.
 */
export const ProjectSchema = ProjectShape.superRefine((p, ctx) => {
  const seen = new Map<string, string>();
  const claim = (id: string, path: (string | number)[]) => {
    const where = path.join('.');
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}" (already used at ${first})` });
    } else seen.set(id, where);
  };
  const characterIds = new Set(p.characters.map((c) => c.id));
  const locationIds = new Set(p.continuity.locations.map((l) => l.id));
  p.characters.forEach((c, i) => claim(c.id, ['characters', i, 'id']));
  p.continuity.locations.forEach((l, i) => claim(l.id, ['continuity', 'locations', i, 'id']));
  if (p.continuity.locationId !== null && !locationIds.has(p.continuity.locationId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['continuity', 'locationId'],
      message: `refers to unknown location "${p.continuity.locationId}"`,
    });
  }
  p.shots.forEach((s, si) => {
    claim(s.id, ['shots', si, 'id']);
    if (s.locationId !== null && !locationIds.has(s.locationId)) {
      ctx.addIssue({ code: 'custom', path: ['shots', si, 'locationId'], message: `refers to unknown location "${s.locationId}"` });
    }
    const blocked = new Set<string>();
    s.characters.forEach((b, bi) => {
      if (!characterIds.has(b.characterId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', si, 'characters', bi, 'characterId'],
          message: `refers to unknown character "${b.characterId}"`,
        });
      }
      if (blocked.has(b.characterId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', si, 'characters', bi, 'characterId'],
          message: `character "${b.characterId}" is placed twice in this shot`,
        });
      }
      blocked.add(b.characterId);
    });
    s.wardrobe.forEach((w, wi) => {
      if (!characterIds.has(w.characterId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', si, 'wardrobe', wi, 'characterId'],
          message: `refers to unknown character "${w.characterId}"`,
        });
      }
    });
    s.dialogue.forEach((d, di) => {
      claim(d.id, ['shots', si, 'dialogue', di, 'id']);
      if (!characterIds.has(d.characterId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', si, 'dialogue', di, 'characterId'],
          message: `refers to unknown character "${d.characterId}"`,
        });
      }
      if (d.offsetFrames >= s.durationFrames) {
        ctx.addIssue({
          code: 'custom',
          path: ['shots', si, 'dialogue', di, 'offsetFrames'],
          message: `starts at frame ${d.offsetFrames}, after the shot ends (${s.durationFrames} frames)`,
        });
      }
    });
    s.sound.forEach((c, ci) => claim(c.id, ['shots', si, 'sound', ci, 'id']));
    s.takes.forEach((t, ti) => claim(t.id, ['shots', si, 'takes', ti, 'id']));
    const maxFrames = LIMITS.maxShotSeconds * p.settings.fps;
    if (s.durationFrames > maxFrames) {
      ctx.addIssue({
        code: 'custom',
        path: ['shots', si, 'durationFrames'],
        message: `is ${s.durationFrames} frames; a shot may last at most ${LIMITS.maxShotSeconds} s (${maxFrames} frames)`,
      });
    }
  });
});
export type Project = z.infer<typeof ProjectShape>;

/** What the project picker lists. */
export const ProjectSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  shotCount: z.number().int(),
  durationFrames: z.number().int(),
  fps: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  openedAt: z.string().nullable(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

/** Turns zod issues into one line per problem, naming the field: "shots.2.durationFrames: must be at least 1 frame". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], limit = 8): string {
  const lines = issues.slice(0, limit).map((i) => `${i.path.length ? i.path.map(String).join('.') : '(document)'}: ${i.message}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more problem(s)`);
  return lines.join('\n');
}
