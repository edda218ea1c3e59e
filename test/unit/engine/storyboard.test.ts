import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/shared/domain/schemas';
import { EngineHarness } from './harness';

let h: EngineHarness;
let projectId: string;

beforeEach(async () => {
  h = new EngineHarness(undefined, { sample: false });
  projectId = (await h.ok('projects:create', { name: 'Board' })).id;
});
afterEach(() => h.dispose());

const open = () => h.ok('projects:open', { projectId });
const titles = (p: Project) => p.shots.map((s) => s.title);

async function threeShots(): Promise<string[]> {
  const ids: string[] = [];
  for (const title of ['A', 'B', 'C']) ids.push((await h.ok('shots:add', { projectId, patch: { title } })).shotId);
  return ids;
}

describe('shots', () => {
  it('adds shots at the end or at an index, with defaults from the project fps', async () => {
    const [a, b] = await threeShots();
    const { project, shotId } = await h.ok('shots:add', { projectId, index: 1, patch: { title: 'Inserted', prompt: 'p' } });
    expect(titles(project)).toEqual(['A', 'Inserted', 'B', 'C']);
    expect(project.shots[1]!.id).toBe(shotId);
    expect(project.shots[0]!.durationFrames).toBe(96); // 4 s at 24 fps
    expect(a).not.toBe(b);
    const far = await h.ok('shots:add', { projectId, index: 99, patch: { title: 'End' } });
    expect(titles(far.project).at(-1)).toBe('End');
  });

  it('updates a shot, keeping the other fields', async () => {
    const [, b] = await threeShots();
    const p = await h.ok('shots:update', {
      projectId,
      shotId: b!,
      patch: { prompt: 'Rain on glass', durationFrames: 30, shotType: 'close-up' },
    });
    expect(p.shots[1]).toMatchObject({
      title: 'B',
      prompt: 'Rain on glass',
      durationFrames: 30,
      shotType: 'close-up',
      cameraMove: 'static',
    });
    expect((await open()).shots[1]!.prompt).toBe('Rain on glass');
  });

  it('duplicates a shot right after it, with new line and cue ids and no takes', async () => {
    const [a] = await threeShots();
    const { characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    const { lineId } = await h.ok('dialogue:add', { projectId, shotId: a!, characterId, text: 'Hi' });
    const { cueId } = await h.ok('sound:add', { projectId, shotId: a! });
    const { project, shotId } = await h.ok('shots:duplicate', { projectId, shotId: a! });
    expect(titles(project)).toEqual(['A', 'A (copy)', 'B', 'C']);
    const copy = project.shots[1]!;
    expect(copy.id).toBe(shotId);
    expect(copy.dialogue).toHaveLength(1);
    expect(copy.dialogue[0]!.text).toBe('Hi');
    expect(copy.dialogue[0]!.id).not.toBe(lineId);
    expect(copy.sound[0]!.id).not.toBe(cueId);
    expect(copy.takes).toEqual([]);
  });

  it('deletes shots, and refuses unknown ids without deleting anything', async () => {
    const [a, b, c] = await threeShots();
    const e = await h.err('shots:delete', { projectId, shotIds: [a!, 'shot_missing'] });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('shot_missing');
    expect(titles(await open())).toEqual(['A', 'B', 'C']);
    const p = await h.ok('shots:delete', { projectId, shotIds: [a!, c!] });
    expect(p.shots.map((s) => s.id)).toEqual([b]);
    expect((await h.err('shots:delete', { projectId, shotIds: [] })).code).toBe('INVALID_INPUT');
  });

  it('moves a shot to a new index', async () => {
    const [a, , c] = await threeShots();
    expect(titles(await h.ok('shots:move', { projectId, shotId: a!, toIndex: 2 }))).toEqual(['B', 'C', 'A']);
    expect(titles(await h.ok('shots:move', { projectId, shotId: c!, toIndex: 0 }))).toEqual(['C', 'B', 'A']);
    expect(titles(await h.ok('shots:move', { projectId, shotId: c!, toIndex: 50 }))).toEqual(['B', 'A', 'C']);
    expect(titles(await open())).toEqual(['B', 'A', 'C']);
    expect((await h.err('shots:move', { projectId, shotId: a!, toIndex: -1 })).code).toBe('INVALID_INPUT');
  });

  it('refuses a shot shorter than one of its lines starts, leaving it unchanged', async () => {
    const [a] = await threeShots();
    const { characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    const { lineId } = await h.ok('dialogue:add', { projectId, shotId: a!, characterId });
    await h.ok('dialogue:update', { projectId, shotId: a!, lineId, patch: { offsetFrames: 48 } });
    const e = await h.err('shots:update', { projectId, shotId: a!, patch: { durationFrames: 40 } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('shots.0.dialogue.0.offsetFrames');
    expect((await open()).shots[0]!.durationFrames).toBe(96);
  });
});

describe('characters', () => {
  it('adds, updates and deletes a character, removing its blocking and wardrobe', async () => {
    const [a] = await threeShots();
    const { project, characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    expect(project.characters).toEqual([expect.objectContaining({ id: characterId, name: 'Ana' })]);
    const updated = await h.ok('characters:update', {
      projectId,
      characterId,
      patch: { wardrobe: 'Green coat', voice: { engine: 'flite', voiceId: 'kal', rate: 1.2, pitch: 2 } },
    });
    expect(updated.characters[0]).toMatchObject({ name: 'Ana', wardrobe: 'Green coat', voice: { voiceId: 'kal', rate: 1.2 } });
    await h.ok('shots:update', {
      projectId,
      shotId: a!,
      patch: {
        characters: [{ characterId, position: 'left', depth: 'foreground', facing: 'camera', action: '' }],
        wardrobe: [{ characterId, look: null, wardrobe: 'Hat' }],
      },
    });
    const after = await h.ok('characters:delete', { projectId, characterId });
    expect(after.characters).toEqual([]);
    expect(after.shots[0]!.characters).toEqual([]);
    expect(after.shots[0]!.wardrobe).toEqual([]);
  });

  it('refuses to delete a character who still speaks, naming the shots', async () => {
    const [a, , c] = await threeShots();
    const { characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    await h.ok('dialogue:add', { projectId, shotId: a!, characterId, text: 'one' });
    await h.ok('dialogue:add', { projectId, shotId: c!, characterId, text: 'three' });
    const e = await h.err('characters:delete', { projectId, characterId });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('Ana still speaks in shots 1, 3');
    expect(e.details).toEqual({ shots: [1, 3] });
    expect((await open()).characters).toHaveLength(1);
  });

  it('refuses an empty name and an unknown id', async () => {
    expect((await h.err('characters:add', { projectId, name: ' ' })).code).toBe('INVALID_INPUT');
    const { characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    const e = await h.err('characters:update', { projectId, characterId, patch: { name: '' } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Character name must not be empty');
    expect((await h.err('characters:update', { projectId, characterId: 'char_x', patch: {} })).code).toBe('NOT_FOUND');
    expect((await open()).characters[0]!.name).toBe('Ana');
  });
});

describe('dialogue and sound', () => {
  it('adds, updates and deletes dialogue lines', async () => {
    const [a] = await threeShots();
    const { characterId } = await h.ok('characters:add', { projectId, name: 'Ana' });
    const { project, lineId } = await h.ok('dialogue:add', { projectId, shotId: a!, characterId, text: 'مرحبا 👋' });
    expect(project.shots[0]!.dialogue).toEqual([
      { id: lineId, characterId, text: 'مرحبا 👋', source: 'tts', assetPath: null, offsetFrames: 0, trimStartFrames: 0, trimEndFrames: 0 },
    ]);
    const u = await h.ok('dialogue:update', { projectId, shotId: a!, lineId, patch: { text: 'Bye', offsetFrames: 12 } });
    expect(u.shots[0]!.dialogue[0]).toMatchObject({ text: 'Bye', offsetFrames: 12 });
    expect((await h.err('dialogue:update', { projectId, shotId: a!, lineId, patch: { offsetFrames: 96 } })).code).toBe('INVALID_INPUT');
    expect((await h.err('dialogue:add', { projectId, shotId: a!, characterId: 'char_nobody' })).code).toBe('NOT_FOUND');
    const d = await h.ok('dialogue:delete', { projectId, shotId: a!, lineId });
    expect(d.shots[0]!.dialogue).toEqual([]);
    expect((await h.err('dialogue:delete', { projectId, shotId: a!, lineId })).code).toBe('NOT_FOUND');
  });

  it('adds, updates and deletes sound cues', async () => {
    const [a] = await threeShots();
    const { project, cueId } = await h.ok('sound:add', { projectId, shotId: a!, patch: { label: 'Wind', preset: 'wind' } });
    expect(project.shots[0]!.sound[0]).toMatchObject({ id: cueId, label: 'Wind', preset: 'wind', lengthFrames: 96 });
    const u = await h.ok('sound:update', { projectId, shotId: a!, cueId, patch: { gainDb: -6, fadeInFrames: 12 } });
    expect(u.shots[0]!.sound[0]).toMatchObject({ gainDb: -6, fadeInFrames: 12, label: 'Wind' });
    const e = await h.err('sound:update', { projectId, shotId: a!, cueId, patch: { gainDb: 40 } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('patch.gainDb');
    expect((await h.ok('sound:delete', { projectId, shotId: a!, cueId })).shots[0]!.sound).toEqual([]);
    expect((await h.err('sound:delete', { projectId, shotId: a!, cueId })).code).toBe('NOT_FOUND');
  });
});

describe('continuity and locations', () => {
  it('adds a location (the first becomes the project default), updates and deletes it', async () => {
    const { project, locationId } = await h.ok('locations:add', { projectId, name: 'Harbour' });
    expect(project.continuity.locationId).toBe(locationId);
    const second = await h.ok('locations:add', { projectId, name: 'Market' });
    expect(second.project.continuity.locationId).toBe(locationId);
    const u = await h.ok('locations:update', { projectId, locationId: second.locationId, patch: { name: 'السوق', interior: true } });
    expect(u.continuity.locations[1]).toMatchObject({ name: 'السوق', interior: true });
    const d = await h.ok('locations:delete', { projectId, locationId: second.locationId });
    expect(d.continuity.locations.map((l) => l.id)).toEqual([locationId]);
  });

  it('refuses to delete a location a shot uses, naming the shot', async () => {
    const [, b] = await threeShots();
    await h.ok('locations:add', { projectId, name: 'Harbour' });
    const { locationId } = await h.ok('locations:add', { projectId, name: 'Market' });
    await h.ok('shots:update', { projectId, shotId: b!, patch: { locationId } });
    const e = await h.err('locations:delete', { projectId, locationId });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('shot 2');
    expect((await open()).continuity.locations).toHaveLength(2);
  });

  it('deleting the opening location hands the opening to the next location (as the contract documents)', async () => {
    const { locationId } = await h.ok('locations:add', { projectId, name: 'Harbour' });
    const market = await h.ok('locations:add', { projectId, name: 'Market' });
    const p = await h.ok('locations:delete', { projectId, locationId });
    expect(p.continuity.locationId).toBe(market.locationId);
    expect((await open()).continuity.locations.map((l) => l.id)).toEqual([market.locationId]);
  });

  it('updates the project continuity and refuses an unknown location', async () => {
    const { locationId } = await h.ok('locations:add', { projectId, name: 'Harbour' });
    const p = await h.ok('continuity:update', { projectId, patch: { timeOfDay: 'golden-hour', notes: 'Sun sets during the scene' } });
    expect(p.continuity).toMatchObject({ timeOfDay: 'golden-hour', notes: 'Sun sets during the scene', locationId });
    const e = await h.err('continuity:update', { projectId, patch: { locationId: 'loc_nowhere' } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('continuity.locationId');
    expect((await open()).continuity.locationId).toBe(locationId);
    const cleared = await h.ok('continuity:update', { projectId, patch: { locationId: null } });
    expect(cleared.continuity.locationId).toBeNull();
  });
});

describe('projects:restore', () => {
  it('puts back an earlier document (undo) and refuses an unknown project id', async () => {
    await threeShots();
    const before = await open();
    await h.ok('shots:delete', { projectId, shotIds: [before.shots[0]!.id] });
    expect((await open()).shots).toHaveLength(2);

    const restored = await h.ok('projects:restore', { project: before });
    expect(titles(restored)).toEqual(['A', 'B', 'C']);
    expect(restored.updatedAt > before.updatedAt).toBe(true);
    expect({ ...(await open()), updatedAt: before.updatedAt }).toEqual(before);

    expect((await h.err('projects:restore', { project: { ...before, id: 'proj_gone' } })).code).toBe('NOT_FOUND');
    const broken = { ...before, shots: [before.shots[0]!, before.shots[0]!] };
    const e = await h.err('projects:restore', { project: broken });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('duplicate id');
    expect(titles(await open())).toEqual(['A', 'B', 'C']);
  });

  it('keeps the creator name the export dialog saved since: an undo takes back edits, not who exports', async () => {
    await threeShots();
    const before = await open();
    await h.ok('shots:update', { projectId, shotId: before.shots[0]!.id, patch: { title: 'A2' } });
    await h.ok('projects:updateSettings', { projectId, patch: { creator: 'Ada Export' } });
    const restored = await h.ok('projects:restore', { project: before });
    expect(titles(restored)).toEqual(['A', 'B', 'C']);
    expect(restored.settings.creator).toBe('Ada Export');
    expect((await open()).settings.creator).toBe('Ada Export');
  });
});
