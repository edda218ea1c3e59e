import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import { decodeMono } from '../../../support/audio';
import { EngineHarness } from '../harness';

const { ffmpeg } = resolveMediaTools();

describe('music bed', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('plays under the whole cut, dips under dialogue, and refuses a file that is not audio', async () => {
    // A short project keeps the export quick: one 3 s shot, one line starting at 1.5 s.
    const project = await h.ok('projects:create', { name: 'Music test' });
    const { shotId } = await h.ok('shots:add', { projectId: project.id, patch: { durationFrames: 72, title: 'Bed' } });
    const { characterId } = await h.ok('characters:add', { projectId: project.id, name: 'Ana' });
    const { lineId } = await h.ok('dialogue:add', {
      projectId: project.id,
      shotId,
      characterId,
      text: 'The music should step back while I talk.',
    });
    await h.ok('dialogue:update', { projectId: project.id, shotId, lineId, patch: { offsetFrames: 24 } });
    const tone = join(h.dataDir, 'bed.wav');
    execFileSync(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=3000:sample_rate=48000:duration=30',
      '-af',
      'volume=0.5',
      tone,
    ]);
    const bad = join(h.dataDir, 'bad.mp3');
    execFileSync('sh', ['-c', `printf 'not audio at all' > '${bad}'`]);
    expect((await h.err('music:import', { projectId: project.id, path: bad })).message).toMatch(/not audio this studio can read/);
    const p = await h.ok('music:upload', { projectId: project.id, fileName: 'bed.wav', base64: readFileSync(tone).toString('base64') });
    expect(p.music).toMatchObject({ title: 'bed.wav', gainDb: -12 });
    await h.ok('music:update', { projectId: project.id, patch: { gainDb: 0, fadeInFrames: 0 } });

    const plan = await h.ok('render:export', { projectId: project.id, preset: '720p', fileName: 'with-music', creator: '' });
    const job = await h.engine.queue.waitFor(plan.exportJobId!);
    expect(job.error).toBeNull();
    const captions = (job.payload as { captions: { startFrame: number; endFrame: number }[]; fps: number }).captions;
    const fps = project.settings.fps;

    // The tone's band (2.8–3.2 kHz) in 0.25 s windows: steady before the first line, lower while one is on.
    const x = decodeMono(plan.outputPath!, { filter: 'bandpass=f=3000:width_type=h:w=300,bandpass=f=3000:width_type=h:w=300' });
    const rmsAt = (t: number) => {
      let s = 0;
      const a = Math.floor(t * 16000);
      for (let i = a; i < a + 4000; i++) s += x[i]! * x[i]!;
      return Math.sqrt(s / 4000);
    };
    const first = captions[0]!;
    const open = rmsAt(0.5);
    const under = rmsAt((first.startFrame + first.endFrame) / 2 / fps - 0.125);
    expect(open).toBeGreaterThan(0.005);
    expect(20 * Math.log10(under / open)).toBeLessThan(-6);
  }, 120_000);
});
