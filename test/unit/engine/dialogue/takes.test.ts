import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import { synthesizeFlite } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import type { Project } from '../../../../src/shared/domain';
import { EngineHarness } from '../harness';

const { ffmpeg } = resolveMediaTools();
const TEXT = 'Then we shoot the rooftop scene tonight.';

describe('recorded and imported dialogue takes', () => {
  const h = new EngineHarness();
  let project: Project;
  let base: { projectId: string; shotId: string; lineId: string };
  let speech: string;
  beforeAll(async () => {
    project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const shot = project.shots[0]!;
    const { lineId } = await h.ok('dialogue:add', {
      projectId: project.id,
      shotId: shot.id,
      characterId: project.characters[0]!.id,
      text: TEXT,
    });
    base = { projectId: project.id, shotId: shot.id, lineId };
    speech = join(h.dataDir, 'speech.wav');
    writeFileSync(speech, await synthesizeFlite(TEXT, { voice: 'awb' }));
  }, 60_000);
  afterAll(() => h.dispose());

  const variant = (name: string, args: string[]) => {
    const out = join(h.dataDir, name);
    execFileSync(ffmpeg, ['-v', 'error', '-y', '-i', speech, ...args, out]);
    return out;
  };

  it('imports a stereo 44.1 kHz file with a leading silence: normalised, aligned, measured in sync', async () => {
    const file = variant('take-44k-stereo.wav', ['-af', 'adelay=700|700,apad=pad_len=8000', '-ar', '44100', '-ac', '2']);
    const before = readFileSync(file);
    const p = await h.ok('dialogue:importTake', { ...base, path: file });
    const line = p.shots[0]!.dialogue.find((l) => l.id === base.lineId)!;
    expect(line).toMatchObject({ source: 'imported', assetPath: expect.stringMatching(/^dialogue\/takes\/[0-9a-f]+\.wav$/) });
    expect(readFileSync(file).equals(before)).toBe(true);
    const audio = await h.ok('dialogue:audio', base);
    expect(audio.engine).toMatch(/force-aligned/);
    expect(audio.visemes.slice(0, 14)).toMatch(/^X+$/);
    expect(new Set(audio.visemes).size).toBeGreaterThan(4);
    const report = await h.ok('lipsync:report', { projectId: project.id });
    const r = report.lines.find((l) => l.lineId === base.lineId)!;
    expect(r.offsetMs).not.toBeNull();
    expect(Math.abs(r.offsetMs!)).toBeLessThanOrEqual(25);
  }, 60_000);

  it('accepts 8 kHz and 96 kHz takes and uploaded recordings', async () => {
    for (const rate of ['8000', '96000']) {
      const p = await h.ok('dialogue:importTake', { ...base, path: variant(`take-${rate}.wav`, ['-ar', rate]) });
      expect(p.shots[0]!.dialogue.find((l) => l.id === base.lineId)!.source).toBe('imported');
    }
    const ogg = variant('take.ogg', ['-c:a', 'libvorbis']);
    const p = await h.ok('dialogue:uploadTake', { ...base, fileName: 'take.ogg', base64: readFileSync(ogg).toString('base64') });
    expect(p.shots[0]!.dialogue.find((l) => l.id === base.lineId)!.source).toBe('recorded');
  }, 60_000);

  it('bad takes get a clear error and change nothing', async () => {
    const stored = JSON.stringify((await h.ok('projects:open', { projectId: project.id })).shots[0]!.dialogue);
    const corrupt = join(h.dataDir, 'corrupt.wav');
    writeFileSync(corrupt, Buffer.concat([readFileSync(speech).subarray(0, 20), Buffer.from('garbage'.repeat(50))]));
    expect((await h.err('dialogue:importTake', { ...base, path: corrupt })).message).toMatch(
      /not audio this studio can read.*Nothing was changed/,
    );
    const silent = join(h.dataDir, 'silent.wav');
    execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '2', silent]);
    expect((await h.err('dialogue:importTake', { ...base, path: silent })).message).toMatch(/No speech was found/);
    expect((await h.err('dialogue:uploadTake', { ...base, fileName: 'x.webm', base64: '' })).message).toMatch(/recording is empty/);
    expect((await h.err('dialogue:importTake', { ...base, path: join(h.dataDir, 'nope.wav') })).code).toBe('NOT_FOUND');
    // A take much shorter than its line (one word of it) or much longer (the line said four times over).
    const short = join(h.dataDir, 'short.wav');
    writeFileSync(short, await synthesizeFlite('Well.', { voice: 'awb' }));
    const tooShort = await h.err('dialogue:importTake', { ...base, path: short });
    expect(tooShort.code).toBe('INVALID_INPUT');
    expect(tooShort.message).toMatch(/only \d+\.\d s of speech, but ".*" takes about \d+\.\d s to say: it looks cut off/);
    const long = join(h.dataDir, 'long.wav');
    writeFileSync(long, await synthesizeFlite(`${TEXT} ${TEXT} ${TEXT} ${TEXT}`, { voice: 'awb' }));
    expect((await h.err('dialogue:importTake', { ...base, path: long })).message).toMatch(/looks like more than this line/);
    expect(JSON.stringify((await h.ok('projects:open', { projectId: project.id })).shots[0]!.dialogue)).toBe(stored);
  }, 60_000);
});
