import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, type ProjectFixture } from '../../fixtures/projects';
import { CLI, EngineHarness } from './harness';

let h: EngineHarness;
let projectId: string;
let shotId: string;

beforeEach(async () => {
  h = new EngineHarness();
  const [sample] = await h.ok('projects:list', {});
  projectId = sample!.id;
  shotId = (await h.ok('projects:open', { projectId })).shots[1]!.id;
});
afterEach(() => h.dispose());

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const SERVER = { origin: 'ws-1', transport: 'server' } as const;

/** The stored document without the fields that change on every open. */
async function stored() {
  return h.ok('projects:open', { projectId });
}

describe('bad input through the dispatcher', () => {
  it.each([['nope:nothing'], ['projects:List'], ['__proto__'], ['constructor'], ['toString'], ['']])(
    'answers UNKNOWN_CHANNEL for %j',
    async (channel) => {
      const e = await h.err(channel, {});
      expect(e.code).toBe('UNKNOWN_CHANNEL');
    },
  );

  it('refuses a 100,000-character prompt with INVALID_INPUT and leaves the project unchanged', async () => {
    const before = await stored();
    const e = await h.err('shots:update', { projectId, shotId, patch: { prompt: 'a'.repeat(100_000) } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('patch.prompt');
    expect(e.message).toContain('10000');
    const after = await stored();
    expect(after).toEqual(before);
  });

  it.each([[-1], [0], [-96]])('refuses durationFrames %i naming durationFrames', async (durationFrames) => {
    const before = await stored();
    const e = await h.err('shots:update', { projectId, shotId, patch: { durationFrames } });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/patch\.durationFrames: Shot duration must be at least 1 frame/);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['a fraction of a frame', { durationFrames: 2.5 }, 'durationFrames'],
    ['text for a number', { durationFrames: '96' }, 'durationFrames'],
    ['an unknown shot type', { shotType: 'dutch' }, 'shotType'],
    [
      'an unknown character',
      { characters: [{ characterId: 'char_ghost', position: 'left', depth: 'midground', facing: 'camera', action: '' }] },
      'characterId',
    ],
    ['an unknown location', { locationId: 'loc_ghost' }, 'locationId'],
  ])('refuses %s without storing anything', async (_what, patch, field) => {
    const before = await stored();
    const e = await h.err('shots:update', { projectId, shotId, patch });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(field);
    expect(await stored()).toEqual(before);
  });

  it('refuses missing and malformed input objects', async () => {
    for (const input of [undefined, null, 'text', 42, [], { projectId }, { projectId, shotId }]) {
      expect((await h.err('shots:update', input)).code).toBe('INVALID_INPUT');
    }
    expect((await h.err('projects:open', { projectId: '../../etc' })).code).toBe('INVALID_INPUT');
  });

  it('answers NOT_FOUND for ids that do not exist', async () => {
    expect((await h.err('projects:open', { projectId: 'proj_missing' })).code).toBe('NOT_FOUND');
    const e = await h.err('shots:update', { projectId, shotId: 'shot_missing', patch: {} });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('shot_missing');
  });
});

describe('local-only file calls', () => {
  it('refuses projects:exportFile and projects:importFile over the server transport', async () => {
    const target = join(h.dataDir, 'out.shotline');
    const e1 = await h.err('projects:exportFile', { projectId, path: target }, SERVER);
    expect(e1.code).toBe('PERMISSION_DENIED');
    expect(existsSync(target)).toBe(false);
    const listBefore = await h.ok('projects:list', {});
    const e2 = await h.err('projects:importFile', { path: fixturePath('validV1') }, SERVER);
    expect(e2.code).toBe('PERMISSION_DENIED');
    expect((await h.ok('projects:list', {})).map((p) => p.id)).toEqual(listBefore.map((p) => p.id));
  });

  it('allows them from the desktop app and the CLI', async () => {
    const target = join(h.dataDir, 'desk');
    const r = await h.ok('projects:exportFile', { projectId, path: target }, { origin: 'w1', transport: 'electron' });
    expect(r.path).toBe(`${target}.shotline`);
    expect(r.bytes).toBe(readFileSync(r.path).length);
    await h.ok('projects:importFile', { path: r.path }, CLI);
  });
});

describe('projects:importFile of bad files', () => {
  it.each<[ProjectFixture, string, RegExp]>([
    ['truncated', 'INVALID_FILE', /truncated/],
    ['futureVersion', 'UNSUPPORTED_VERSION', /schema version 99/],
    ['duplicateId', 'INVALID_FILE', /duplicate id/],
  ])('refuses the %s fixture with %s, leaving the file and the library unchanged', async (name, code, message) => {
    const file = join(h.dataDir, `copy-${name}.shotline`);
    copyFileSync(fixturePath(name), file);
    const hash = sha(file);
    const listBefore = await h.ok('projects:list', {});

    const e = await h.err('projects:importFile', { path: file });
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);

    expect(sha(file)).toBe(hash);
    expect(await h.ok('projects:list', {})).toEqual(listBefore);
  });

  it('refuses malformed JSON and a missing file', async () => {
    const file = join(h.dataDir, 'garbage.shotline');
    writeFileSync(file, '{"format": "shotline", "schemaVersion": 1, "project": {');
    const count = (await h.ok('projects:list', {})).length;
    expect((await h.err('projects:importFile', { path: file })).code).toBe('INVALID_FILE');
    expect((await h.err('projects:importFile', { path: join(h.dataDir, 'absent.shotline') })).code).toBe('IO_ERROR');
    expect((await h.err('projects:importFile', { path: h.dataDir })).code).toBe('INVALID_FILE');
    expect(await h.ok('projects:list', {})).toHaveLength(count);
  });

  it('imports the v0 draft fixture, migrating it', async () => {
    const { project, migratedFrom } = await h.ok('projects:importFile', { path: fixturePath('v0Draft') });
    expect(migratedFrom).toBe(0);
    expect(project.settings.fps).toBe(25);
    expect(project.shots.map((s) => s.durationFrames)).toEqual([63, 100]);
    expect(project.id).not.toBe('proj_draft');
  });
});

describe('export and import round trip', () => {
  it('exportFile then importFile makes a new project (fresh project id, same inner ids) with the same content', async () => {
    const original = await stored();
    const { path } = await h.ok('projects:exportFile', { projectId, path: join(h.dataDir, 'exports', 'rooftop.shotline') });
    const { project: copy, migratedFrom } = await h.ok('projects:importFile', { path });
    expect(migratedFrom).toBe(1);
    expect(copy.id).not.toBe(original.id);
    expect(copy.name).toBe(original.name);
    expect(copy.shots).toHaveLength(original.shots.length);
    expect(copy.shots.map((s) => s.prompt)).toEqual(original.shots.map((s) => s.prompt));
    expect(copy.characters.map((c) => c.name)).toEqual(original.characters.map((c) => c.name));
    expect(copy.shots.flatMap((s) => s.dialogue.map((d) => d.text))).toEqual(original.shots.flatMap((s) => s.dialogue.map((d) => d.text)));

    const oldIds = new Set([
      ...original.shots.map((s) => s.id),
      ...original.characters.map((c) => c.id),
      ...original.continuity.locations.map((l) => l.id),
      ...original.shots.flatMap((s) => s.dialogue.map((d) => d.id)),
    ]);
    const newIds = [
      ...copy.shots.map((s) => s.id),
      ...copy.characters.map((c) => c.id),
      ...copy.continuity.locations.map((l) => l.id),
      ...copy.shots.flatMap((s) => s.dialogue.map((d) => d.id)),
    ];
    // Only the project id is new: ids inside are scoped to their project, and keeping them keeps
    // previz looks and cached takes identical in the imported copy.
    expect(copy.id).not.toBe(original.id);
    for (const id of newIds) expect(oldIds.has(id)).toBe(true);
    // References still resolve.
    const names = new Map(copy.characters.map((c) => [c.id, c.name]));
    expect(copy.shots.flatMap((s) => s.dialogue.map((d) => names.get(d.characterId)))).toEqual(
      original.shots.flatMap((s) => s.dialogue.map((d) => original.characters.find((c) => c.id === d.characterId)!.name)),
    );
    expect((await h.ok('projects:list', {})).length).toBe(2);

    // Importing the same file twice never collides.
    const again = await h.ok('projects:importFile', { path });
    expect(again.project.id).not.toBe(copy.id);
  });

  it('exportDocument / importDocument round-trip text from the browser, keeping non-Latin text', async () => {
    await h.ok('shots:update', { projectId, shotId, patch: { prompt: 'سطح المبنى عند الغسق 🌆 屋上' } });
    const { fileName, text } = await h.ok('projects:exportDocument', { projectId });
    expect(fileName).toBe('Sample — Rooftop at Dusk.shotline');
    const { project } = await h.ok('projects:importDocument', { text, fileName }, SERVER);
    expect(project.shots[1]!.prompt).toBe('سطح المبنى عند الغسق 🌆 屋上');
    const e = await h.err('projects:importDocument', { text: text.slice(0, text.length / 2), fileName }, SERVER);
    expect(e.code).toBe('INVALID_FILE');
  });
});
