import { describe, expect, it } from 'vitest';
import { checkPhrase } from '../../../../src/main/engine/cameo/capture/phraseCheck';
import { challengePhrase, decoyPhrases, seededRandom } from '../../../../src/main/engine/cameo/capture/challenge';
import { readWavMono, resampleLinear, synthesizeFliteTimed, type FliteVoice } from '../../../../src/main/engine/pipelines/speech/fliteTts';

/** A person reading a text: flite's Scottish voice (not one of the reference voices), at 16 kHz. */
async function spoken(text: string, voice: FliteVoice = 'awb', stretch = 1) {
  const { wav, phones } = await synthesizeFliteTimed(text, { voice, features: ['--setf', `duration_stretch=${stretch}`] });
  const a = readWavMono(wav);
  const samples = resampleLinear(a.samples, a.sampleRate, 16000);
  const spokenPhones = phones.filter((p) => p.phone !== 'pau');
  return { samples, speech: { start: spokenPhones[0]!.start, end: spokenPhones[spokenPhones.length - 1]!.end } };
}

describe('challenge phrases', () => {
  it('are four words and decoys share none of them', () => {
    const r = seededRandom(42);
    const p = challengePhrase(r);
    expect(p.split(' ')).toHaveLength(4);
    const decoys = decoyPhrases(p, 5, r);
    expect(decoys).toHaveLength(5);
    for (const d of decoys) for (const w of d.split(' ')) expect(p.split(' ')).not.toContain(w);
  });
});

describe('checkPhrase', () => {
  it('passes when the phrase is said, by another voice at another pace', async () => {
    const phrase = 'purple river dances seven';
    const take = await spoken(phrase, 'awb', 1.2);
    const r = await checkPhrase({ ...take, phrase });
    expect(r.passed, JSON.stringify(r)).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(r.threshold);
  }, 60_000);

  it('fails when other words are said', async () => {
    const take = await spoken('golden castle sleeps forty', 'rms');
    const r = await checkPhrase({ ...take, phrase: 'purple river dances seven' });
    expect(r.passed, JSON.stringify(r)).toBe(false);
  }, 60_000);

  it('fails on silence', async () => {
    const r = await checkPhrase({ samples: new Float32Array(16000), speech: null, phrase: 'quiet tiger jumps twelve' });
    expect(r.passed).toBe(false);
  });
});
