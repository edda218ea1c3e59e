import { loadImage } from '@napi-rs/canvas';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipTokenizer } from '../../../../src/main/engine/pipelines/packs/clipTokenizer';
import { packContext } from '../../../../src/main/engine/pipelines/packs/packContext';
import { generateKeyframe } from '../../../../src/main/engine/pipelines/packs/textToImage';
import { byteLevelVocab, writeKeyframePack } from '../../../support/packs';
import { makeRuntime } from '../runtime/fixtures';

describe('CLIP tokenizer', () => {
  it('applies merges in rank order, marks word ends, adds BOS/EOS and pads', () => {
    const t = byteLevelVocab(['r a', 'ra i', 'rai n</w>']);
    const tok = new ClipTokenizer(t.vocab, t.merges);
    expect(tok.encode('Rain')).toEqual([t.vocab['rain</w>']]);
    expect(tok.encode('rain, rain')).toEqual([t.vocab['rain</w>'], t.vocab[',</w>'], t.vocab['rain</w>']]);
    expect(tok.encode('ai')).toEqual([t.vocab.a, t.vocab['i</w>']]);
    const padded = tok.encodePadded('rain', 6);
    expect([...padded]).toEqual([tok.bos, t.vocab['rain</w>'], tok.eos, tok.eos, tok.eos, tok.eos]);
    expect(tok.encodePadded('a b c d e f g h', 5)[4]).toBe(tok.eos);
  });
});

describe('text-to-image pack pipeline (diffusers-ONNX layout) on synthetic graphs', () => {
  const rt = makeRuntime();
  afterAll(() => rt.dispose());

  async function keyframe(id: string, scheduler: 'euler' | 'lcm' | 'turbo', steps: number, guidance: number, prompt: string, seed = 7) {
    writeKeyframePack(join(rt.packsDir, id), { id, scheduler, steps, guidance });
    await rt.registry.scan();
    const stages: string[] = [];
    const k = await generateKeyframe(packContext(rt.registry, rt.runtime, id), { prompt, seed, onProgress: (_f, s) => stages.push(s) });
    return { k, stages };
  }

  it('runs text encoder, UNet loop and VAE decoder end to end for LCM, Euler and turbo', async () => {
    for (const [scheduler, steps, guidance] of [
      ['lcm', 2, 1.5],
      ['euler', 3, 7.5],
      ['turbo', 1, 1],
    ] as const) {
      const { k, stages } = await keyframe(`kf-${scheduler}`, scheduler, steps, guidance, 'rain on a neon street');
      expect(k).toMatchObject({ width: 64, height: 64, scheduler, steps });
      const img = await loadImage(k.png);
      expect([img.width, img.height]).toEqual([64, 64]);
      expect(stages.filter((s) => s.startsWith('Denoising'))).toHaveLength(steps);
      expect(stages.at(-1)).toBe('Done');
    }
  }, 60_000);

  it('is deterministic for a seed, and the prompt and the seed change the picture', async () => {
    const a = (await keyframe('kf-a', 'lcm', 2, 1.5, 'rain on a neon street')).k.png;
    const again = (await keyframe('kf-a', 'lcm', 2, 1.5, 'rain on a neon street')).k.png;
    const otherPrompt = (await keyframe('kf-a', 'lcm', 2, 1.5, 'a quiet desert at noon')).k.png;
    const otherSeed = (await keyframe('kf-a', 'lcm', 2, 1.5, 'rain on a neon street', 8)).k.png;
    expect(again.equals(a)).toBe(true);
    expect(otherPrompt.equals(a)).toBe(false);
    expect(otherSeed.equals(a)).toBe(false);
  }, 60_000);
});
