import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../harness';

/** Lines with numbers, symbols and emoji are spoken (flite reads them out); a line of emoji alone says what to do. */
describe('dialogue text with numbers, symbols and emoji', () => {
  const h = new EngineHarness();
  afterAll(() => h.dispose());

  it('speaks times, prices and symbols, and explains a line with nothing to say', async () => {
    const project = await h.ok('projects:open', { projectId: (await h.ok('projects:list', {}))[0]!.id });
    const shot = project.shots[0]!;
    const characterId = project.characters[0]!.id;
    const add = async (text: string) => (await h.ok('dialogue:add', { projectId: project.id, shotId: shot.id, characterId, text })).lineId;
    const audio = async (lineId: string) => h.ok('dialogue:audio', { projectId: project.id, shotId: shot.id, lineId });

    const plain = await audio(await add('Meet me at the station.'));
    const busy = await audio(await add('Meet me at 3:45 p.m. and bring $20 🙂!'));
    // The numbers and the price are read out, so the line lasts clearly longer than the words alone.
    expect(busy.seconds).toBeGreaterThan(plain.seconds + 1);
    expect(new Set(busy.visemes.replace(/X/g, '')).size).toBeGreaterThan(3);

    const emoji = await add('🙂🙂 …');
    const before = JSON.stringify(await h.ok('projects:open', { projectId: project.id }));
    const none = await h.err('dialogue:audio', { projectId: project.id, shotId: shot.id, lineId: emoji });
    expect(none.code).toBe('INVALID_INPUT');
    expect(none.message).toMatch(/has nothing that can be spoken \(only symbols or emoji\)\. Write it in words/);
    // Asking for its sound changed nothing in the project.
    expect(JSON.stringify(await h.ok('projects:open', { projectId: project.id }))).toBe(before);
  }, 120_000);
});
