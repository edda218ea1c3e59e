import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../../src/shared/domain';
import { EngineHarness } from '../harness';

/** The files of a take: the clip, its seal and its thumbnail. */
function takeFiles(dataDir: string, takePath: string): string[] {
  const hash = /takes\/([0-9a-f]+)\.mp4$/.exec(takePath)![1]!;
  return [join(dataDir, takePath), join(dataDir, `${takePath}.seal`), join(dataDir, 'media', 'thumbs', `take-${hash}.jpg`)];
}

describe('the render cache: what uses each take, and removing what nothing uses (real renders, SQLite, ffmpeg)', () => {
  const h = new EngineHarness(undefined, { sample: false });
  let projectId: string;
  const load = () => h.ok('projects:open', { projectId });
  const renderAll = async () => {
    const plan = await h.ok('render:shots', { projectId, preset: '720p' });
    for (const id of plan.shotJobIds) expect((await h.engine.queue.waitFor(id)).state).toBe('succeeded');
    return plan;
  };

  beforeAll(async () => {
    projectId = (await h.ok('projects:create', { name: 'Cache' })).id;
    for (const title of ['One', 'Two', 'Three']) await h.ok('shots:add', { projectId, patch: { title, durationFrames: 6 } });
    await renderAll();
  }, 120_000);
  afterAll(() => h.dispose());

  it('counts the takes shots show as current, earlier versions as older, and the rest as unused', async () => {
    const empty = { count: 0, bytes: 0 };
    const first = await h.ok('render:cacheUsage', {});
    expect(first.current.count).toBe(3);
    expect(first.current.bytes).toBeGreaterThan(0);
    expect(first).toMatchObject({ older: empty, unused: empty });

    // Shot one changes: its old take becomes an older version.
    const before = await load();
    await h.ok('shots:update', { projectId, shotId: before.shots[0]!.id, patch: { cameraMove: 'push-in' } });
    await renderAll();
    const edited = await h.ok('render:cacheUsage', {});
    expect(edited.current.count).toBe(3);
    expect(edited.older.count).toBe(1);
    expect(edited.unused).toEqual(empty);
  }, 120_000);

  it('removes only unused takes, never one a job may still need, then older ones when asked; what shots show stays', async () => {
    let project = await load();
    const [one, two, three] = project.shots as [Project['shots'][0], Project['shots'][0], Project['shots'][0]];
    const oldOne = one.takes.find((t) => t.status === 'stale')!;
    const currentOne = one.takes.find((t) => t.status === 'ok')!;
    const takeTwo = two.takes.at(-1)!;
    const takeThree = three.takes.at(-1)!;
    // An export is queued while the queue is held: it names every current take.
    await h.ok('queue:setPaused', { paused: true });
    const held = await h.ok('render:export', { projectId, preset: '720p', fileName: 'held', creator: 'T' });
    // Shots two and three are deleted: no shot names their takes now, but the held export still does.
    await h.ok('shots:delete', { projectId, shotIds: [two.id, three.id] });
    await h.ok('queue:cancel', { jobId: held.exportJobId! });
    const snapshot = h.engine.queue.snapshot().jobs.find((j) => j.id === held.exportJobId)!;
    expect(snapshot.state).toBe('canceled');
    // A canceled export can be retried, so its takes stay until it is cleared from the queue.
    expect((await h.ok('render:cacheUsage', {})).unused.count).toBe(0);
    await h.ok('queue:clearFinished', {});
    await h.ok('queue:setPaused', { paused: false });
    // Something in the cache folder that is not a take is never touched.
    const stray = join(h.dataDir, 'media', 'takes', 'notes.txt');
    writeFileSync(stray, 'mine');

    const usage = await h.ok('render:cacheUsage', {});
    expect(usage.unused.count).toBe(2);
    const cleaned = await h.ok('render:cleanCache', { older: false });
    expect(cleaned).toMatchObject({ removed: 2, failed: 0, freedBytes: usage.unused.bytes });
    expect(cleaned.usage).toMatchObject({ current: { count: 1 }, older: { count: 1 }, unused: { count: 0, bytes: 0 } });
    for (const f of [...takeFiles(h.dataDir, takeTwo.path), ...takeFiles(h.dataDir, takeThree.path)]) expect(existsSync(f), f).toBe(false);
    for (const f of [...takeFiles(h.dataDir, currentOne.path), ...takeFiles(h.dataDir, oldOne.path)]) expect(existsSync(f), f).toBe(true);
    expect(existsSync(stray)).toBe(true);

    // Older versions go when asked, from the disk and from the shot's list; the shot's take stays and is reused.
    const older = await h.ok('render:cleanCache', { older: true });
    expect(older).toMatchObject({ removed: 1, failed: 0, usage: { current: { count: 1 }, older: { count: 0 }, unused: { count: 0 } } });
    for (const f of takeFiles(h.dataDir, oldOne.path)) expect(existsSync(f), f).toBe(false);
    project = await load();
    expect(project.shots[0]!.takes).toEqual([currentOne]);
    expect((await h.ok('render:shots', { projectId, preset: '720p' })).cachedShots).toBe(1);
    expect(readdirSync(join(h.dataDir, 'media', 'takes')).sort()).toEqual(
      ['notes.txt', currentOne.path.split('/').pop()!, `${currentOne.path.split('/').pop()!}.seal`].sort(),
    );

    // An undo that brings the deleted shots back keeps their takes only where the files still are.
    const restored = await h.ok('projects:restore', { project: { ...project, shots: [project.shots[0]!, two, three] } });
    expect(restored.shots.map((s) => s.takes)).toEqual([[currentOne], [], []]);
    const again = await renderAll();
    expect(again.shotJobIds).toHaveLength(2);
  }, 120_000);
});
