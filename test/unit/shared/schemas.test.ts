import { describe, expect, it } from 'vitest';
import { newCharacter, newDialogueLine, newProject, newShot, newSoundCue } from '../../../src/shared/domain/factories';
import { LIMITS } from '../../../src/shared/domain/limits';
import { describeIssues, ProjectSchema, type Project } from '../../../src/shared/domain/schemas';
import { DialoguePatchSchema, LocationPatchSchema } from '../../../src/shared/ipc/contract';

const NOW = '2025-03-04T05:06:07.000Z';

/** A small valid project: two characters, one location, two shots with a line and a cue. */
function validProject(): Project {
  const p = newProject('proj_1', 'Test project', NOW, 24);
  p.characters = [newCharacter('char_a', 'Ana', 0), newCharacter('char_b', 'Ben', 1)];
  p.continuity.locations = [{ id: 'loc_1', name: 'Kitchen', description: '', interior: true, imagePath: null }];
  p.continuity.locationId = 'loc_1';
  p.shots = [
    newShot('shot_1', 24, {
      prompt: 'A kitchen at dawn',
      characters: [{ characterId: 'char_a', position: 'left', depth: 'midground', facing: 'right', action: '' }],
      dialogue: [newDialogueLine('line_1', 'char_a', { text: 'Morning.', offsetFrames: 10 })],
      sound: [newSoundCue('cue_1', 96)],
    }),
    newShot('shot_2', 24, { locationId: 'loc_1', wardrobe: [{ characterId: 'char_b', look: null, wardrobe: 'Apron' }] }),
  ];
  return p;
}

function issuesOf(candidate: unknown) {
  const r = ProjectSchema.safeParse(candidate);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function messageOf(candidate: unknown): string {
  const r = ProjectSchema.safeParse(candidate);
  expect(r.success).toBe(false);
  return r.success ? '' : describeIssues(r.error.issues);
}

describe('ProjectSchema: valid documents', () => {
  it('accepts a project built with the factories', () => {
    const p = validProject();
    const r = ProjectSchema.safeParse(p);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(p);
  });

  it('accepts an empty project and a shot of exactly the maximum length', () => {
    expect(ProjectSchema.safeParse(newProject('p', 'Empty', NOW)).success).toBe(true);
    const p = validProject();
    p.shots[0]!.durationFrames = LIMITS.maxShotSeconds * 24;
    expect(ProjectSchema.safeParse(p).success).toBe(true);
  });

  it('accepts a prompt of exactly the limit', () => {
    const p = validProject();
    p.shots[0]!.prompt = 'x'.repeat(LIMITS.promptChars);
    expect(ProjectSchema.safeParse(p).success).toBe(true);
  });

  it('accepts non-Latin, right-to-left and emoji text and round-trips it unchanged', () => {
    const p = validProject();
    p.name = '東京の夜 🌃';
    p.characters[0]!.name = 'さくら';
    p.characters[1]!.name = 'ليلى';
    p.continuity.locations[0]!.name = 'בית קפה';
    p.shots[0]!.prompt = 'ネオンの街を歩く。 مقهى صغير في المساء. רחוב גשום 🌧️👩🏽‍🚀 e\u0301';
    p.shots[0]!.dialogue[0]!.text = 'مرحبا، كيف حالك؟ 😀';
    p.shots[1]!.title = 'שוט שני';
    const r = ProjectSchema.safeParse(p);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(p);
    const again = ProjectSchema.parse(JSON.parse(JSON.stringify(r.data)));
    expect(again.shots[0]!.prompt).toBe(p.shots[0]!.prompt);
    expect(again.characters.map((c) => c.name)).toEqual(['さくら', 'ليلى']);
    expect(again.continuity.locations[0]!.name).toBe('בית קפה');
    expect(again.name).toBe('東京の夜 🌃');
  });
});

describe('ProjectSchema: field limits', () => {
  it('rejects a 100,000-character prompt, naming prompt and the limit', () => {
    const p = validProject();
    p.shots[1]!.prompt = 'a'.repeat(100_000);
    const issues = issuesOf(p);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('shots.1.prompt');
    expect(issues[0]!.message).toContain('100000');
    expect(issues[0]!.message).toContain(String(LIMITS.promptChars));
    expect(messageOf(p)).toMatch(/^shots\.1\.prompt: .*limit is 10000/);
  });

  it('rejects a prompt one character over the limit', () => {
    const p = validProject();
    p.shots[0]!.prompt = 'x'.repeat(LIMITS.promptChars + 1);
    expect(issuesOf(p)[0]!.path).toBe('shots.0.prompt');
  });

  it.each([0, -1, -96])('rejects a shot duration of %i frames, naming durationFrames', (durationFrames) => {
    const p = validProject();
    p.shots[1]!.durationFrames = durationFrames;
    const issues = issuesOf(p);
    expect(issues.some((i) => i.path === 'shots.1.durationFrames' && /at least 1 frame/.test(i.message))).toBe(true);
    expect(messageOf(p)).toContain('shots.1.durationFrames');
  });

  it('rejects fractional frames', () => {
    const p = validProject();
    p.shots[0]!.durationFrames = 96.5;
    expect(issuesOf(p)).toContainEqual({ path: 'shots.0.durationFrames', message: 'Shot duration must be a whole number of frames' });
    const q = validProject();
    q.shots[0]!.dialogue[0]!.offsetFrames = 1.25;
    expect(issuesOf(q).map((i) => i.path)).toContain('shots.0.dialogue.0.offsetFrames');
  });

  it('rejects a negative dialogue offset and a zero-length sound cue', () => {
    const p = validProject();
    p.shots[0]!.dialogue[0]!.offsetFrames = -1;
    p.shots[0]!.sound[0]!.lengthFrames = 0;
    const issues = issuesOf(p);
    expect(issues).toContainEqual({ path: 'shots.0.dialogue.0.offsetFrames', message: 'Dialogue offset must not be negative' });
    expect(issues).toContainEqual({ path: 'shots.0.sound.0.lengthFrames', message: 'Sound length must be at least 1 frame' });
  });

  it.each([[''], ['   ']])('rejects an empty project name %j', (name) => {
    const p = validProject();
    p.name = name;
    expect(issuesOf(p)).toContainEqual({ path: 'name', message: 'Project name must not be empty' });
  });

  it('rejects empty character and location names', () => {
    const p = validProject();
    p.characters[0]!.name = ' ';
    p.continuity.locations[0]!.name = '';
    const issues = issuesOf(p);
    expect(issues).toContainEqual({ path: 'characters.0.name', message: 'Character name must not be empty' });
    expect(issues).toContainEqual({ path: 'continuity.locations.0.name', message: 'Location name must not be empty' });
  });

  it('rejects unsupported fps, unknown enum values and bad ids', () => {
    const p = validProject();
    p.settings.fps = 23;
    (p.shots[0] as unknown as { shotType: string }).shotType = 'fisheye';
    p.shots[1]!.id = 'has space';
    const issues = issuesOf(p);
    expect(issues.find((i) => i.path === 'settings.fps')?.message).toMatch(/fps must be one of 24, 25, 30/);
    expect(issues.find((i) => i.path === 'shots.0.shotType')?.message).toMatch(/^shot type must be one of: wide/);
    expect(issues.find((i) => i.path === 'shots.1.id')?.message).toMatch(/letters, digits/);
  });

  it('trims names', () => {
    const p = validProject();
    p.name = '  Padded  ';
    expect(ProjectSchema.parse(p).name).toBe('Padded');
  });
});

describe('ProjectSchema: integrity', () => {
  it('rejects duplicate shot ids, naming the first use', () => {
    const p = validProject();
    p.shots[1]!.id = 'shot_1';
    expect(issuesOf(p)).toContainEqual({ path: 'shots.1.id', message: 'duplicate id "shot_1" (already used at shots.0.id)' });
  });

  it('rejects ids shared across kinds (a dialogue line reusing a character id)', () => {
    const p = validProject();
    p.shots[0]!.dialogue[0]!.id = 'char_b';
    expect(issuesOf(p)).toContainEqual({
      path: 'shots.0.dialogue.0.id',
      message: 'duplicate id "char_b" (already used at characters.1.id)',
    });
  });

  it('rejects duplicate character, location and sound cue ids', () => {
    const p = validProject();
    p.characters[1]!.id = 'char_a';
    p.shots[0]!.dialogue = [];
    p.shots[0]!.characters = [];
    p.shots[1]!.wardrobe = [];
    p.continuity.locations.push({ id: 'loc_1', name: 'Other', description: '', interior: false, imagePath: null });
    p.shots[1]!.sound = [newSoundCue('cue_1', 10)];
    const paths = issuesOf(p).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['characters.1.id', 'continuity.locations.1.id', 'shots.1.sound.0.id']));
  });

  it('rejects references to unknown characters (blocking, wardrobe, dialogue)', () => {
    const p = validProject();
    p.shots[0]!.characters[0]!.characterId = 'char_ghost';
    p.shots[1]!.wardrobe[0]!.characterId = 'char_ghost';
    p.shots[0]!.dialogue[0]!.characterId = 'char_nobody';
    const issues = issuesOf(p);
    expect(issues).toContainEqual({ path: 'shots.0.characters.0.characterId', message: 'refers to unknown character "char_ghost"' });
    expect(issues).toContainEqual({ path: 'shots.1.wardrobe.0.characterId', message: 'refers to unknown character "char_ghost"' });
    expect(issues).toContainEqual({ path: 'shots.0.dialogue.0.characterId', message: 'refers to unknown character "char_nobody"' });
  });

  it('rejects a character placed twice in one shot', () => {
    const p = validProject();
    p.shots[0]!.characters.push({ characterId: 'char_a', position: 'right', depth: 'foreground', facing: 'left', action: '' });
    expect(issuesOf(p)).toContainEqual({
      path: 'shots.0.characters.1.characterId',
      message: 'character "char_a" is placed twice in this shot',
    });
  });

  it('rejects references to unknown locations (shot and continuity)', () => {
    const p = validProject();
    p.shots[1]!.locationId = 'loc_mars';
    p.continuity.locationId = 'loc_moon';
    const issues = issuesOf(p);
    expect(issues).toContainEqual({ path: 'shots.1.locationId', message: 'refers to unknown location "loc_mars"' });
    expect(issues).toContainEqual({ path: 'continuity.locationId', message: 'refers to unknown location "loc_moon"' });
  });

  it('rejects a dialogue line that starts at or after the end of its shot', () => {
    const p = validProject();
    p.shots[0]!.dialogue[0]!.offsetFrames = 96;
    expect(issuesOf(p)).toContainEqual({
      path: 'shots.0.dialogue.0.offsetFrames',
      message: 'starts at frame 96, after the shot ends (96 frames)',
    });
    p.shots[0]!.dialogue[0]!.offsetFrames = 95;
    expect(ProjectSchema.safeParse(p).success).toBe(true);
  });

  it('rejects a shot longer than the maximum at the project fps', () => {
    const p = validProject();
    p.settings.fps = 30;
    p.shots[0]!.durationFrames = LIMITS.maxShotSeconds * 30 + 1;
    expect(issuesOf(p)).toContainEqual({
      path: 'shots.0.durationFrames',
      message: `is ${LIMITS.maxShotSeconds * 30 + 1} frames; a shot may last at most ${LIMITS.maxShotSeconds} s (${LIMITS.maxShotSeconds * 30} frames)`,
    });
  });
});

describe('describeIssues', () => {
  it('writes one line per issue, naming the field path', () => {
    expect(
      describeIssues([
        { path: ['shots', 2, 'durationFrames'], message: 'must be at least 1 frame' },
        { path: [], message: 'expected an object' },
      ]),
    ).toBe('shots.2.durationFrames: must be at least 1 frame\n(document): expected an object');
  });

  it('caps the number of lines and says how many were left out', () => {
    const issues = Array.from({ length: 11 }, (_, i) => ({ path: ['shots', i, 'id'], message: 'bad' }));
    const lines = describeIssues(issues, 3).split('\n');
    expect(lines).toEqual(['shots.0.id: bad', 'shots.1.id: bad', 'shots.2.id: bad', '… and 8 more problem(s)']);
    expect(describeIssues(issues).split('\n')).toHaveLength(9);
  });
});

describe('patches leave out what they do not name (no defaults filled in)', () => {
  it('a dialogue patch keeps the trims, a location patch keeps the imported plate', () => {
    expect(DialoguePatchSchema.parse({ text: 'Hi.' })).toEqual({ text: 'Hi.' });
    expect(DialoguePatchSchema.parse({ trimStartFrames: 6 })).toEqual({ trimStartFrames: 6 });
    expect(DialoguePatchSchema.safeParse({ trimEndFrames: -1 }).success).toBe(false);
    expect(LocationPatchSchema.parse({ name: 'Roof' })).toEqual({ name: 'Roof' });
    // An old document without trims reads as untrimmed.
    const line = ProjectSchema.shape.shots.element.shape.dialogue.element.parse({
      id: 'line_1',
      characterId: 'char_a',
      text: 'Hi.',
      source: 'tts',
      assetPath: null,
      offsetFrames: 3,
    });
    expect([line.trimStartFrames, line.trimEndFrames]).toEqual([0, 0]);
  });
});
