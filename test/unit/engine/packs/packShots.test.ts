import { loadImage } from '@napi-rs/canvas';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import type { Project } from '../../../../src/shared/domain';
import { writeKeyframePack, writeVideoPack } from '../../../support/packs';
import { EngineHarness } from '../harness';

const tools = resolveMediaTools();
const probe = (file: string) =>
  JSON.parse(execFileSync(tools.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as {
    streams: { codec_type: string; nb_frames?: string; width?: number; height?: number }[];
    format: { tags?: Record<string, string> };
  };

describe('shots drawn by installed packs, through the queue (generate on the gpu lane → take → export)', () => {
  const h = new EngineHarness();
  let project: Project;
  beforeAll(async () => {
    const src = mkdtempSync(join(tmpdir(), 'shotline-packsrc-'));
    for (const folder of [
      writeKeyframePack(join(src, 'synthetic-keyframes')),
      writeVideoPack(join(src, 'synthetic-t2v'), { id: 'synthetic-t2v' }),
      writeVideoPack(join(src, 'synthetic-i2v'), { id: 'synthetic-i2v', task: 'image-to-video', guidance: 1 }),
    ]) {
      await h.ok('models:importPack', { path: folder, acceptLicence: true });
    }
    project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
  }, 60_000);
  afterAll(() => h.dispose());

  it('refuses a shot whose engine is not installed, saying what to do', async () => {
    await h.ok('shots:update', { projectId: project.id, shotId: project.shots[0]!.id, patch: { engine: 'not-installed' } });
    const e = await h.err('render:shots', { projectId: project.id, shotIds: [project.shots[0]!.id] });
    expect(e.message).toMatch(/uses the engine "not-installed", which is not installed.*Models panel.*Previz/);
    // A patch without an engine leaves it alone.
    const p = await h.ok('shots:update', { projectId: project.id, shotId: project.shots[0]!.id, patch: { title: 'Renamed' } });
    expect(p.shots[0]!.engine).toBe('not-installed');
  });

  it('renders a keyframe-pack shot and a video-pack shot, and names the packs in the export', async () => {
    const [a, b, c] = project.shots;
    await h.ok('shots:update', { projectId: project.id, shotId: a!.id, patch: { engine: 'synthetic-keyframes' } });
    await h.ok('shots:update', { projectId: project.id, shotId: b!.id, patch: { engine: 'synthetic-t2v' } });
    await h.ok('shots:update', { projectId: project.id, shotId: c!.id, patch: { engine: 'synthetic-i2v' } });
    const plan = await h.ok('render:export', { projectId: project.id, preset: '720p', fileName: 'packs', creator: 'Tester' });
    const jobs = plan.jobIds.map((id) => h.engine.queue.get(id)!);
    const gens = jobs.filter((j) => j.kind === 'shot.generate');
    expect(gens).toHaveLength(3);
    expect(gens.every((j) => j.lane === 'gpu')).toBe(true);
    const done = await h.engine.queue.waitFor(plan.exportJobId!);
    expect(done.error).toBeNull();
    expect(done.state).toBe('succeeded');
    const tags = probe(plan.outputPath!).format.tags!;
    expect(tags.shotline_engines!.split(',').slice(0, 3)).toEqual([
      'Synthetic keyframes (test)',
      'Synthetic text-to-video (test)',
      'Synthetic image-to-video (test)',
    ]);
    expect(tags.comment).not.toMatch(/procedural previz animatic/);

    const reopened = await h.ok('projects:open', { projectId: project.id });
    const take = (i: number) => reopened.shots[i]!.takes.at(-1)!;
    expect(take(0).engine).toBe('Synthetic keyframes (test)');
    expect(take(1).engine).toBe('Synthetic text-to-video (test)');
    // The video take has exactly the shot's frames at the project's size.
    const v = probe(join(h.dataDir, take(1).path)).streams.find((s) => s.codec_type === 'video')!;
    expect([v.width, v.height]).toEqual([1280, 720]);
    expect(Number(v.nb_frames)).toBe(reopened.shots[1]!.durationFrames);
    // The keyframe exists and was generated once; rendering again generates nothing.
    const again = await h.ok('render:shots', { projectId: project.id, preset: '720p' });
    expect(again.shotJobIds).toEqual([]);
    const thumb = await loadImage(readFileSync(join(h.dataDir, 'media', `thumbs/take-${take(1).contentHash}.jpg`)));
    expect(thumb.width).toBe(384);
    expect(existsSync(join(h.dataDir, 'media', 'generated'))).toBe(true);

    // The packs' clips cut short on disk, and the takes made from them gone: both clips are
    // generated again rather than stretched from what is left.
    const generated = join(h.dataDir, 'media', 'generated');
    for (const n of readdirSync(generated).filter((f) => f.endsWith('.mp4'))) {
      truncateSync(join(generated, n), Math.floor(statSync(join(generated, n)).size / 2));
    }
    for (const i of [1, 2]) rmSync(join(h.dataDir, take(i).path));
    const redo = await h.ok('render:export', { projectId: project.id, preset: '720p', fileName: 'packs-again', creator: 'Tester' });
    const kinds = redo.jobIds.map((id) => h.engine.queue.get(id)!.kind).sort();
    expect(kinds).toEqual(['shot.generate', 'shot.generate', 'shot.render', 'shot.render']);
    const redone = await h.engine.queue.waitFor(redo.exportJobId!);
    expect(redone.state, JSON.stringify(redone.error)).toBe('succeeded');
    const clip = probe(join(h.dataDir, (await h.ok('projects:open', { projectId: project.id })).shots[1]!.takes.at(-1)!.path));
    expect(Number(clip.streams.find((st) => st.codec_type === 'video')!.nb_frames)).toBe(reopened.shots[1]!.durationFrames);
  }, 180_000);
});
