import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../harness';

describe('lipsync:report', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('measures every TTS line of the sample within ±25 ms and flags a recorded line that has no take', async () => {
    const project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const shot = project.shots[0]!;
    const { lineId } = await h.ok('dialogue:add', {
      projectId: project.id,
      shotId: shot.id,
      characterId: project.characters[0]!.id,
      text: 'A recorded take.',
    });
    await h.ok('dialogue:update', { projectId: project.id, shotId: shot.id, lineId, patch: { source: 'recorded' } });
    const r = await h.ok('lipsync:report', { projectId: project.id });
    expect(r.tolerance).toBe(25);
    const tts = r.lines.filter((l) => l.source === 'tts');
    expect(tts.length).toBe(project.shots.flatMap((s) => s.dialogue).filter((d) => d.source === 'tts').length);
    for (const l of tts) {
      expect(l.offsetMs, l.text).not.toBeNull();
      expect(Math.abs(l.offsetMs!), l.text).toBeLessThanOrEqual(25);
      expect(l.flagged).toBe(false);
    }
    const recorded = r.lines.find((l) => l.source === 'recorded')!;
    expect(recorded).toMatchObject({ offsetMs: null, flagged: true, note: expect.stringMatching(/no take yet/) });
  }, 60_000);
});
