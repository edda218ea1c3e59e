import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packContext } from '../../../../src/main/engine/pipelines/packs/packContext';
import { generateVideo } from '../../../../src/main/engine/pipelines/packs/video';
import { writeVideoPack } from '../../../support/packs';
import { makeRuntime } from '../runtime/fixtures';

describe('video pack pipelines (flow-matching Euler, CFG) on synthetic transformer graphs', () => {
  const rt = makeRuntime();
  afterAll(() => rt.dispose());

  it('text-to-video: frames of the pack size, deterministic per seed, steered by the prompt', async () => {
    writeVideoPack(join(rt.packsDir, 't2v'), { id: 't2v', steps: 3, guidance: 3 });
    await rt.registry.scan();
    const ctx = packContext(rt.registry, rt.runtime, 't2v');
    const stages: string[] = [];
    const a = await generateVideo(ctx, { prompt: 'rain on a neon street', seed: 3, onProgress: (_f, s) => stages.push(s) });
    expect(a).toMatchObject({ width: 64, height: 48, fps: 8 });
    expect(a.frames).toHaveLength(5);
    expect(a.frames[0]!.length).toBe(64 * 48 * 4);
    expect(stages.filter((s) => s.startsWith('Denoising'))).toEqual([
      'Denoising, step 1 of 3',
      'Denoising, step 2 of 3',
      'Denoising, step 3 of 3',
    ]);
    const again = await generateVideo(ctx, { prompt: 'rain on a neon street', seed: 3 });
    expect(Buffer.from(again.frames[2]!).equals(Buffer.from(a.frames[2]!))).toBe(true);
    const other = await generateVideo(ctx, { prompt: 'a quiet desert at noon', seed: 3 });
    expect(Buffer.from(other.frames[2]!).equals(Buffer.from(a.frames[2]!))).toBe(false);
    // Frames differ from each other (the noise differs per latent frame).
    expect(Buffer.from(a.frames[0]!).equals(Buffer.from(a.frames[4]!))).toBe(false);
  }, 60_000);

  it('image-to-video: the first frame conditions the result, and is required', async () => {
    writeVideoPack(join(rt.packsDir, 'i2v'), { id: 'i2v', task: 'image-to-video', steps: 2, guidance: 1 });
    await rt.registry.scan();
    const ctx = packContext(rt.registry, rt.runtime, 'i2v');
    await expect(generateVideo(ctx, { prompt: 'x', seed: 1 })).rejects.toThrow(/makes video from an image/);
    const bright = new Float32Array(3 * 48 * 64).fill(0.9);
    const dark = new Float32Array(3 * 48 * 64).fill(-0.9);
    const a = await generateVideo(ctx, { prompt: 'x', seed: 1, image: bright });
    const b = await generateVideo(ctx, { prompt: 'x', seed: 1, image: dark });
    expect(a.frames).toHaveLength(5);
    // The synthetic transformer adds the condition's mean to its velocity: a brighter first frame, a brighter clip.
    const mean = (f: Uint8ClampedArray) => f.reduce((s, v, i) => (i % 4 === 3 ? s : s + v), 0) / ((f.length * 3) / 4);
    expect(mean(a.frames[0]!)).toBeGreaterThan(mean(b.frames[0]!));
  }, 60_000);
});
