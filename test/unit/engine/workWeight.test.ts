import { describe, expect, it } from 'vitest';
import { workWeight } from '../../../src/main/engine/render/workWeight';

describe('workWeight (how much of a multi-job bar each job is)', () => {
  const shot = (frames: number) => workWeight('shot.render', { plan: { durationFrames: frames } });
  const shots = [96, 120, 108, 144];
  const exportJob = workWeight('export.mp4', { shots: shots.map((durationFrames) => ({ durationFrames })) });

  it('weighs shots by their frames, and the export as a large part of the whole, not one job among many', () => {
    expect(shot(144)).toBeGreaterThan(shot(96));
    const renders = shots.reduce((s, f) => s + shot(f), 0);
    // The sample: export about 2.5 s against 6.5 s of shot renders on two cores.
    expect(exportJob / (renders + exportJob)).toBeGreaterThan(0.2);
    expect(exportJob / (renders + exportJob)).toBeLessThan(0.4);
    // Twenty lines to speak are still less than the four shots.
    expect(20 * workWeight('dialogue.tts', {})).toBeLessThan(renders);
  });

  it('never weighs nothing, even for a payload it cannot read', () => {
    expect(workWeight('shot.render', null)).toBeGreaterThan(0);
    expect(workWeight('export.mp4', { shots: [] })).toBeGreaterThan(0);
  });
});
