import type { Project } from './schemas';

/** Words for the fields a user edits, as the Undo / Redo buttons name them. */
const SHOT_FIELDS: Record<string, string> = {
  title: 'title',
  durationFrames: 'duration',
  prompt: 'prompt',
  shotType: 'shot type',
  cameraMove: 'camera move',
  style: 'style',
  locationId: 'location',
  timeOfDay: 'time of day',
  characters: 'characters in shot',
  wardrobe: 'wardrobe',
  dialogue: 'dialogue',
  sound: 'sound cues',
  transition: 'transition',
  engine: 'engine',
  notes: 'notes',
  takes: 'takes',
};
const SETTINGS: Record<string, string> = {
  fps: 'frame rate',
  aspect: 'aspect ratio',
  style: 'project style',
  seed: 'seed',
  creator: 'creator name',
};

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const changedKeys = <T extends object>(a: T, b: T) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
const list = (words: string[]) => (words.length <= 2 ? words.join(' and ') : `${words.slice(0, 2).join(', ')} and more`);
const shotName = (p: Project, id: string) => {
  const i = p.shots.findIndex((s) => s.id === id);
  const title = p.shots[i]?.title;
  return `shot ${i + 1}${title ? ` “${title}”` : ''}`;
};

/**
 * What changed from `before` to `after`, in a few words ("shot 2 “Mara arrives”: camera move",
 * "adding shot 5", "the creator name"): the Undo and Redo buttons say what they will do.
 */
export function describeChange(before: Project, after: Project): string {
  const beforeIds = before.shots.map((s) => s.id);
  const afterIds = after.shots.map((s) => s.id);
  const added = afterIds.filter((id) => !beforeIds.includes(id));
  const removed = beforeIds.filter((id) => !afterIds.includes(id));
  if (added.length === 1 && removed.length === 0) return `adding ${shotName(after, added[0]!)}`;
  if (removed.length === 1 && added.length === 0) return `deleting ${shotName(before, removed[0]!)}`;
  if (added.length || removed.length) return 'changing the shots';
  if (!same(beforeIds, afterIds)) return 'reordering the shots';
  const shots = after.shots.filter((s, i) => !same(s, before.shots[i]));
  if (shots.length === 1) {
    const s = shots[0]!;
    const fields = changedKeys(before.shots[afterIds.indexOf(s.id)]!, s).map((k) => SHOT_FIELDS[k] ?? k);
    return `${shotName(after, s.id)}: ${list(fields)}`;
  }
  const parts: string[] = [];
  if (shots.length > 1) parts.push(`${shots.length} shots`);
  if (before.name !== after.name) parts.push('the project name');
  const settings = changedKeys(before.settings, after.settings).map((k) => `the ${SETTINGS[k] ?? k}`);
  parts.push(...settings);
  if (!same(before.characters, after.characters)) parts.push('the characters');
  if (!same(before.continuity, after.continuity)) parts.push('the scene start and locations');
  if (!same(before.music, after.music)) parts.push('the music bed');
  return parts.length ? list(parts) : 'the last change';
}
