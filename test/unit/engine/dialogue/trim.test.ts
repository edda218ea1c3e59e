import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mouthTracks } from '../../../../src/main/engine/pipelines/lipsync/mouthTracks';
import { decodeMono, rmsWindows } from '../../../support/audio';
import { EngineHarness } from '../harness';

const WIN = 80; // 5 ms at 16 kHz

/** First and last 5 ms windows clearly louder than the quietest part of the take (the line's speech). */
function speechSpan(file: string): { start: number; end: number } {
  const rms = rmsWindows(decodeMono(file, { filter: 'highpass=f=300' }), WIN);
  const floor = [...rms].sort((a, b) => a - b)[Math.floor(rms.length * 0.2)]!;
  const peak = Math.max(...rms);
  const loud = (w: number) => rms[w]! > floor + (peak - floor) * 0.25;
  const first = rms.findIndex((_, w) => loud(w) && loud(w + 1) && loud(w + 2));
  let last = rms.length - 1;
  while (last > 0 && !(loud(last) && loud(last - 1) && loud(last - 2))) last--;
  return { start: (first * WIN) / 16000, end: ((last + 1) * WIN) / 16000 };
}

describe('trimming a dialogue line (dragging its region’s edges)', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('cuts the start and end of its sound in the take, where it stays anchored; the mouth rests there', async () => {
    const project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const index = project.shots.findIndex((s) => s.dialogue.length === 1 && s.sound.length > 0);
    const shot = project.shots[index]!;
    const line = shot.dialogue[0]!;
    const fps = project.settings.fps;
    // No other sound: the take's loudness is the line alone.
    for (const cue of shot.sound) await h.ok('sound:delete', { projectId: project.id, shotId: shot.id, cueId: cue.id });
    const render = async () => {
      const plan = await h.ok('render:shots', { projectId: project.id, shotIds: [shot.id], preset: '720p' });
      for (const id of plan.shotJobIds) expect((await h.engine.queue.waitFor(id)).error).toBeNull();
      const take = (await h.ok('projects:open', { projectId: project.id })).shots[index]!.takes.at(-1)!;
      return join(h.dataDir, take.path);
    };
    const whole = speechSpan(await render());
    const trim = 12;
    const trimmed = await h.ok('dialogue:update', {
      projectId: project.id,
      shotId: shot.id,
      lineId: line.id,
      patch: { trimStartFrames: trim, trimEndFrames: trim },
    });
    // A patch of something else keeps the trims.
    await h.ok('dialogue:update', { projectId: project.id, shotId: shot.id, lineId: line.id, patch: { offsetFrames: line.offsetFrames } });
    expect(trimmed.shots[index]!.dialogue[0]).toMatchObject({ trimStartFrames: trim, trimEndFrames: trim });
    const cut = speechSpan(await render());
    // The audio stays anchored at the offset: what is heard begins where the cut audio begins
    // (offset + trim; the speech had started inside the cut part, after flite's leading pause)
    // and ends where the shortened audio ends (its trailing pause goes first), ±1 frame.
    const { seconds } = await h.ok('dialogue:audio', { projectId: project.id, shotId: shot.id, lineId: line.id });
    const offset = line.offsetFrames / fps;
    const startAt = Math.max(whole.start, offset + trim / fps);
    const endAt = Math.min(whole.end, offset + seconds - trim / fps);
    expect(startAt).toBeGreaterThan(whole.start);
    expect(endAt).toBeLessThan(whole.end);
    expect(Math.abs(cut.start - startAt)).toBeLessThanOrEqual(1 / fps + 0.01);
    expect(Math.abs(cut.end - endAt)).toBeLessThanOrEqual(1 / fps + 0.03);

    // The mouth rests over the trimmed frames.
    const phones = [
      { phone: 'hh', start: 0, end: 0.2 },
      { phone: 'aa', start: 0.2, end: 0.8 },
      { phone: 'iy', start: 0.8, end: 1.2 },
    ];
    const full = mouthTracks([{ characterId: 'c', startFrame: 10, phones }], fps, 60).c!;
    const part = mouthTracks([{ characterId: 'c', startFrame: 10, phones, trimStartFrames: 6, trimEndFrames: 6 }], fps, 60).c!;
    expect(full.slice(10, 16)).not.toMatch(/^X+$/);
    expect(part.slice(0, 16)).toMatch(/^X+$/);
    expect(part.slice(10 + Math.ceil(1.2 * fps) - 6)).toMatch(/^X+$/);
    expect(part.slice(18, 30)).toBe(full.slice(18, 30));
  }, 180_000);
});
