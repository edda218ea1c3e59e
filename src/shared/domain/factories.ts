import type { Character, DialogueLine, Project, Shot, SoundCue } from './schemas';
import { SCHEMA_VERSION } from './schemas';
import { secondsToFrames } from '../time';

/** Eight distinguishable figure colours, assigned round-robin to new characters. */
export const CHARACTER_COLORS = ['#e07a5f', '#81b29a', '#f2cc8f', '#7aa5d8', '#c08bd6', '#e5989b', '#6cc3c4', '#b5b35c'] as const;

export function newProject(id: string, name: string, now: string, fps = 24): Project {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    name,
    createdAt: now,
    updatedAt: now,
    settings: { fps, aspect: '16:9', style: 'cinematic', seed: hashSeed(id), creator: '' },
    continuity: { locations: [], locationId: null, timeOfDay: 'afternoon', notes: '' },
    characters: [],
    shots: [],
    remixOf: null,
    music: null,
  };
}

export function newShot(id: string, fps: number, overrides: Partial<Shot> = {}): Shot {
  return {
    id,
    title: '',
    durationFrames: secondsToFrames(4, fps),
    prompt: '',
    shotType: 'medium',
    cameraMove: 'static',
    style: null,
    locationId: null,
    timeOfDay: null,
    characters: [],
    wardrobe: [],
    dialogue: [],
    sound: [],
    transition: { kind: 'cut', durationFrames: 0 },
    engine: 'previz',
    notes: '',
    takes: [],
    ...overrides,
  };
}

export function newCharacter(id: string, name: string, index: number, overrides: Partial<Character> = {}): Character {
  return {
    id,
    name,
    description: '',
    look: '',
    wardrobe: '',
    color: CHARACTER_COLORS[index % CHARACTER_COLORS.length]!,
    voice: { engine: 'flite', voiceId: index % 2 === 0 ? 'slt' : 'rms', rate: 1, pitch: 0 },
    cameoId: null,
    ...overrides,
  };
}

export function newDialogueLine(id: string, characterId: string, overrides: Partial<DialogueLine> = {}): DialogueLine {
  return { id, characterId, text: '', source: 'tts', assetPath: null, offsetFrames: 0, trimStartFrames: 0, trimEndFrames: 0, ...overrides };
}

export function newSoundCue(id: string, lengthFrames: number, overrides: Partial<SoundCue> = {}): SoundCue {
  return {
    id,
    kind: 'ambience',
    label: 'Room tone',
    preset: 'room-tone',
    assetPath: null,
    startFrame: 0,
    lengthFrames,
    gainDb: -12,
    fadeInFrames: 0,
    fadeOutFrames: 0,
    ...overrides,
  };
}

/** A stable 31-bit seed from a string (FNV-1a), so a project's seed follows from its id. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

export function projectDurationFrames(project: Pick<Project, 'shots'>): number {
  return project.shots.reduce((acc, s) => acc + s.durationFrames, 0);
}
