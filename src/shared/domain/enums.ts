/** The closed vocabularies of a shot. Labels are for the UI; values are stored. */

export const SHOT_TYPES = ['wide', 'medium', 'close-up', 'extreme-close-up', 'over-the-shoulder', 'two-shot', 'insert', 'aerial'] as const;
export type ShotType = (typeof SHOT_TYPES)[number];

export const CAMERA_MOVES = [
  'static',
  'pan-left',
  'pan-right',
  'tilt-up',
  'tilt-down',
  'push-in',
  'pull-out',
  'dolly-left',
  'dolly-right',
  'orbit',
] as const;
export type CameraMove = (typeof CAMERA_MOVES)[number];

export const STYLES = ['cinematic', 'realistic', 'anime', 'noir', 'storybook'] as const;
export type Style = (typeof STYLES)[number];

export const TIMES_OF_DAY = ['dawn', 'morning', 'noon', 'afternoon', 'golden-hour', 'dusk', 'night'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

export const TRANSITIONS = ['cut', 'fade', 'dissolve', 'wipe', 'dip-to-black'] as const;
export type TransitionKind = (typeof TRANSITIONS)[number];

export const DIALOGUE_SOURCES = ['tts', 'recorded', 'imported'] as const;
export type DialogueSource = (typeof DIALOGUE_SOURCES)[number];

export const SOUND_KINDS = ['ambience', 'effect', 'music'] as const;
export type SoundKind = (typeof SOUND_KINDS)[number];

export const SOUND_PRESETS = [
  'rain',
  'wind',
  'room-tone',
  'crowd',
  'footsteps',
  'surf',
  'fire',
  'traffic',
  'birds',
  'thunder',
  'door',
  'heartbeat',
] as const;
export type SoundPreset = (typeof SOUND_PRESETS)[number];

export const STAGE_POSITIONS = ['left', 'center-left', 'center', 'center-right', 'right'] as const;
export type StagePosition = (typeof STAGE_POSITIONS)[number];

export const DEPTHS = ['foreground', 'midground', 'background'] as const;
export type Depth = (typeof DEPTHS)[number];

export const FACINGS = ['camera', 'left', 'right', 'away'] as const;
export type Facing = (typeof FACINGS)[number];

export const ASPECTS = ['16:9', '9:16', '1:1', '2.39:1'] as const;
export type Aspect = (typeof ASPECTS)[number];

/** "close-up" → "Close-up", "golden-hour" → "Golden hour". */
export function labelOf(value: string): string {
  const spaced = value.replace(/-/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
