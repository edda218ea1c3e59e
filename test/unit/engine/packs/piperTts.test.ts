import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { espeakPhonemes, stopEspeak } from '../../../../src/main/engine/pipelines/speech/espeakPhonemizer';
import { packContext } from '../../../../src/main/engine/pipelines/packs/packContext';
import { phonemeIds, synthesizePiper, wavFromSamples } from '../../../../src/main/engine/pipelines/packs/piperTts';
import { readWavMono } from '../../../../src/main/engine/pipelines/speech/fliteTts';
import { writeVoicePack } from '../../../support/packs';
import { makeRuntime } from '../runtime/fixtures';

describe('neural TTS voice packs (Piper/VITS layout) on a synthetic voice graph', () => {
  const rt = makeRuntime();
  afterAll(async () => {
    await stopEspeak();
    await rt.dispose();
  });

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

  it('phonemizes with espeak-ng (wasm from npm) as Piper does: IPA code points, clauses ended by a full stop', async () => {
    expect((await espeakPhonemes('Hello world')).join('')).toBe('həlˈoʊ wˈɜːld.'.normalize('NFD'));
    // Numbers and symbols are read out, not dropped.
    expect((await espeakPhonemes('It is 3:45 and I owe you $20')).join('')).toMatch(/θɹˈiː.*fˈaɪv.*dˈɑːlɚ/);
    writeVoicePack(join(rt.packsDir, 'espeak-voice'), { id: 'espeak-voice', phonemeType: 'espeak' });
    await rt.registry.scan();
    const a = await synthesizePiper(packContext(rt.registry, rt.runtime, 'espeak-voice'), 'Hello world');
    // 14 phonemes (h ə l ˈ o ʊ space w ˈ ɜ ː l d .) → BOS PAD + 14×2 + EOS = 31 ids of 64 samples.
    expect(a.samples.length).toBe(31 * 64);
  }, 30_000);

  it('refuses empty text with what to do', async () => {
    await expect(synthesizePiper(packContext(rt.registry, rt.runtime, 'voice'), '   ')).rejects.toThrow(/nothing this voice can speak/);
  }, 30_000);
});
