import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packContext } from '../../../../src/main/engine/pipelines/packs/packContext';
import { phonemeIds, synthesizePiper, wavFromSamples } from '../../../../src/main/engine/pipelines/packs/piperTts';
import { readWavMono } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import { writeVoicePack } from '../../../support/packs';
import { makeRuntime } from '../runtime/fixtures';

describe('neural TTS voice packs (Piper/VITS layout) on a synthetic voice graph', () => {
  const rt = makeRuntime();
  afterAll(() => rt.dispose());

  it("builds Piper's id sequence: BOS, PAD, each phoneme then PAD, EOS", () => {
    const map = { _: [0], '^': [1], $: [2], a: [5], b: [6, 7] };
    expect(phonemeIds(['a', 'b', 'x'], map)).toEqual({ ids: [1, 0, 5, 0, 6, 7, 0, 2], skipped: ['x'] });
  });

  it('speaks text end to end: ids in, samples of the declared rate out, as a WAV', async () => {
    writeVoicePack(join(rt.packsDir, 'voice'), { id: 'voice' });
    await rt.registry.scan();
    const ctx = packContext(rt.registry, rt.runtime, 'voice');
    const a = await synthesizePiper(ctx, 'Hi, Ana!');
    // "hi, ana!" = 8 phonemes → BOS PAD + 8×2 + EOS = 19 ids, 64 samples each.
    expect(a.sampleRate).toBe(16000);
    expect(a.samples.length).toBe(19 * 64);
    // The first id is BOS (1): sin(1)·0.5·0.667.
    expect(a.samples[0]).toBeCloseTo(Math.sin(1) * 0.5 * 0.667, 5);
    const wav = readWavMono(wavFromSamples(a));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.samples.length).toBe(a.samples.length);
  }, 30_000);

  it('refuses an espeak voice and empty text with what to do', async () => {
    writeVoicePack(join(rt.packsDir, 'espeak-voice'), { id: 'espeak-voice', phonemeType: 'espeak' });
    await rt.registry.scan();
    await expect(synthesizePiper(packContext(rt.registry, rt.runtime, 'espeak-voice'), 'hello')).rejects.toThrow(
      /espeak-ng phonemes.*character-based/,
    );
    await expect(synthesizePiper(packContext(rt.registry, rt.runtime, 'voice'), '   ')).rejects.toThrow(/nothing this voice can speak/);
  }, 30_000);
});
