import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeVoicePack } from '../../../support/packs';
import { EngineHarness } from '../harness';

describe('a neural voice pack speaks dialogue', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('a character with a voice pack gets its lines spoken by the pack, aligned for the mouth, and mixed into the take', async () => {
    const folder = writeVoicePack(join(mkdtempSync(join(tmpdir(), 'shotline-voice-')), 'synthetic-voice'), { id: 'synthetic-voice' });
    await h.ok('models:importPack', { path: folder, acceptLicence: true });
    const project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const index = project.shots.findIndex((s) => s.dialogue.length === 1);
    const shot = project.shots[index]!;
    const speaker = project.characters.find((c) => c.id === shot.dialogue[0]!.characterId)!;
    await h.ok('characters:update', {
      projectId: project.id,
      characterId: speaker.id,
      patch: { voice: { ...speaker.voice, engine: 'synthetic-voice', voiceId: 'default' } },
    });
    const audio = await h.ok('dialogue:audio', { projectId: project.id, shotId: shot.id, lineId: shot.dialogue[0]!.id });
    expect(audio.durationFrames).toBeGreaterThan(5);
    expect(audio.visemes.length).toBe(audio.durationFrames);
    const plan = await h.ok('render:shots', { projectId: project.id, shotIds: [shot.id] });
    for (const id of plan.shotJobIds) {
      const job = await h.engine.queue.waitFor(id);
      expect(job.error).toBeNull();
    }
  }, 90_000);
});
