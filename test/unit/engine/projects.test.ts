import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../src/shared/ipc/contract';
import { EngineHarness } from './harness';

let h: EngineHarness;
afterEach(() => h?.dispose());

describe('first run', () => {
  it('creates exactly one sample project with 4 shots, characters, dialogue and sound', async () => {
    h = new EngineHarness();
    const list = await h.ok('projects:list', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ shotCount: 4, fps: 24 });
    const p = await h.ok('projects:open', { projectId: list[0]!.id });
    expect(p.shots).toHaveLength(4);
    expect(p.characters.map((c) => c.name)).toEqual(['Mara', 'Theo']);
    expect(p.shots.flatMap((s) => s.dialogue).length).toBeGreaterThanOrEqual(3);
    expect(p.shots.flatMap((s) => s.sound).length).toBeGreaterThanOrEqual(4);
    expect(p.continuity.locations.length).toBeGreaterThan(0);
    expect(list[0]!.durationFrames).toBe(p.shots.reduce((a, s) => a + s.durationFrames, 0));
  });

  it('does not re-create the sample on a later start, nor after it was deleted', async () => {
    h = new EngineHarness();
    const [sample] = await h.ok('projects:list', {});
    h.reopen();
    expect(await h.ok('projects:list', {})).toHaveLength(1);
    await h.ok('projects:delete', { projectId: sample!.id });
    expect(await h.ok('projects:list', {})).toEqual([]);
    h.reopen();
    expect(await h.ok('projects:list', {})).toEqual([]);
  });

  it('creates no sample when asked not to', async () => {
    h = new EngineHarness(undefined, { sample: false });
    expect(await h.ok('projects:list', {})).toEqual([]);
  });
});

describe('project lifecycle', () => {
  it('creates, lists, opens, renames, duplicates and deletes projects', async () => {
    h = new EngineHarness(undefined, { sample: false });
    const a = await h.ok('projects:create', { name: '  Alpha  ' });
    expect(a.name).toBe('Alpha');
    expect(a.settings.fps).toBe(24);
    expect(a.shots).toEqual([]);
    const b = await h.ok('projects:create', { name: 'Beta', fps: 30 });
    expect(b.settings.fps).toBe(30);
    const s = await h.ok('projects:create', { name: 'From sample', template: 'sample' });
    expect(s.shots).toHaveLength(4);

    let list = await h.ok('projects:list', {});
    expect(list.map((p) => p.name).sort()).toEqual(['Alpha', 'Beta', 'From sample']);

    await h.ok('projects:open', { projectId: a.id });
    list = await h.ok('projects:list', {});
    expect(list[0]!.id).toBe(a.id); // most recently opened first
    expect(list[0]!.openedAt).not.toBeNull();

    const renamed = await h.ok('projects:rename', { projectId: b.id, name: 'Beta 2' });
    expect(renamed.name).toBe('Beta 2');
    expect((await h.ok('projects:open', { projectId: b.id })).name).toBe('Beta 2');

    const copy = await h.ok('projects:duplicate', { projectId: s.id });
    expect(copy.id).not.toBe(s.id);
    expect(copy.name).toBe('From sample (copy)');
    expect(copy.shotCount).toBe(4);
    const copied = await h.ok('projects:open', { projectId: copy.id });
    const original = await h.ok('projects:open', { projectId: s.id });
    expect(copied.shots.map((x) => x.prompt)).toEqual(original.shots.map((x) => x.prompt));
    // Shot ids are scoped to their project: the copy keeps them (and so its previz looks and takes).
    expect(copied.shots.map((x) => x.id)).toEqual(original.shots.map((x) => x.id));
    await h.ok('shots:update', { projectId: copy.id, shotId: copied.shots[0]!.id, patch: { prompt: 'only in the copy' } });
    expect((await h.ok('projects:open', { projectId: s.id })).shots[0]!.prompt).toBe(original.shots[0]!.prompt);

    expect(await h.ok('projects:delete', { projectId: a.id })).toEqual({ projectId: a.id });
    expect((await h.ok('projects:list', {})).map((p) => p.id)).not.toContain(a.id);
    expect((await h.err('projects:open', { projectId: a.id })).code).toBe('NOT_FOUND');
    expect((await h.err('projects:delete', { projectId: a.id })).code).toBe('NOT_FOUND');
  });

  it('refuses empty names', async () => {
    h = new EngineHarness(undefined, { sample: false });
    const e = await h.err('projects:create', { name: '   ' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Project name must not be empty');
    const p = await h.ok('projects:create', { name: 'Ok' });
    expect((await h.err('projects:rename', { projectId: p.id, name: '' })).code).toBe('INVALID_INPUT');
    expect((await h.ok('projects:open', { projectId: p.id })).name).toBe('Ok');
  });

  it('keeps shot durations in seconds when the project fps changes', async () => {
    h = new EngineHarness(undefined, { sample: false });
    const p = await h.ok('projects:create', { name: 'Fps', fps: 24 });
    await h.ok('shots:add', { projectId: p.id, patch: { durationFrames: 96 } });
    const changed = await h.ok('projects:updateSettings', { projectId: p.id, patch: { fps: 48 } });
    expect(changed.settings.fps).toBe(48);
    // 96 frames at 24 fps are 4 s; at 48 fps that is 192 frames.
    expect(changed.shots[0]!.durationFrames).toBe(192);
  });
});

describe('persistence', () => {
  it('finds every kind of edit after the engine is closed and a new one opened on the same folder', async () => {
    h = new EngineHarness(undefined, { sample: false });
    const p = await h.ok('projects:create', { name: 'Persist' });
    const { shotId } = await h.ok('shots:add', { projectId: p.id, patch: { prompt: 'ラーメン屋の屋台 🍜', durationFrames: 50 } });
    const { characterId } = await h.ok('characters:add', { projectId: p.id, name: 'Noa' });
    await h.ok('dialogue:add', { projectId: p.id, shotId, characterId, text: 'שלום עולם' });
    await h.ok('sound:add', { projectId: p.id, shotId, patch: { label: 'Rain', preset: 'rain' } });
    await h.ok('locations:add', { projectId: p.id, name: 'Street' });
    await h.ok('projects:rename', { projectId: p.id, name: 'Persisted' });
    const before = await h.ok('projects:open', { projectId: p.id });

    h.reopen();
    const after = await h.ok('projects:open', { projectId: p.id });
    expect(after).toEqual(before);
    expect(after.name).toBe('Persisted');
    expect(after.shots[0]!.prompt).toBe('ラーメン屋の屋台 🍜');
    expect(after.shots[0]!.dialogue[0]!.text).toBe('שלום עולם');
    expect(after.shots[0]!.sound[0]!.label).toBe('Rain');
    expect(after.continuity.locations[0]!.name).toBe('Street');
    expect((await h.ok('projects:list', {})).find((s) => s.id === p.id)).toMatchObject({
      name: 'Persisted',
      shotCount: 1,
      durationFrames: 50,
    });
  });
});

describe('events', () => {
  it('sends onProjectChanged with the origin of the call, and onProjectsChanged for the list', async () => {
    h = new EngineHarness(undefined, { sample: false });
    const seen: { name: EventName; payload: unknown }[] = [];
    const dispose = h.engine.events.subscribe((name, payload) => seen.push({ name, payload }));
    const p = await h.ok('projects:create', { name: 'Ev' });
    expect(seen.map((e) => e.name)).toEqual(['onProjectsChanged']);

    seen.length = 0;
    const updated = await h.ok('shots:add', { projectId: p.id }, { origin: 'window-7', transport: 'electron' });
    expect(seen).toEqual([
      { name: 'onProjectChanged', payload: { projectId: p.id, updatedAt: updated.project.updatedAt, origin: 'window-7' } },
    ]);

    seen.length = 0;
    await h.ok('projects:rename', { projectId: p.id, name: 'Ev 2' }, { origin: 'ws-client-3', transport: 'server' });
    const changed = seen.find((e) => e.name === 'onProjectChanged')?.payload as EventPayload<'onProjectChanged'>;
    expect(changed.origin).toBe('ws-client-3');
    expect(seen.map((e) => e.name)).toContain('onProjectsChanged');

    seen.length = 0;
    await h.err('shots:update', { projectId: p.id, shotId: 'nope', patch: {} });
    expect(seen).toEqual([]); // a refused edit tells nobody

    dispose();
    await h.ok('projects:rename', { projectId: p.id, name: 'Ev 3' });
    expect(seen).toEqual([]);
  });
});
