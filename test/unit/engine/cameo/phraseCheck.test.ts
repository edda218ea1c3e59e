import { describe, expect, it } from 'vitest';
import { checkPhrase } from '../../../../src/main/engine/cameo/capture/phraseCheck';
import { CHALLENGE_WORDS, challengePhrase, seededRandom } from '../../../../src/main/engine/cameo/capture/challenge';
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
  it('are one word from each of the four lists, reproducible from a seed', () => {
    const p = challengePhrase(seededRandom(42));
    expect(p).toBe(challengePhrase(seededRandom(42)));
    const words = p.split(' ');
    expect(words).toHaveLength(4);
    words.forEach((w, s) => expect(CHALLENGE_WORDS[s]).toContain(w));
  });
});

describe('checkPhrase', () => {
  it('passes when the phrase is said, by another voice at another pace', async () => {
    const phrase = 'purple river dances seven';
    const take = await spoken(phrase, 'awb', 1.2);
    const r = await checkPhrase({ ...take, phrase });
    expect(r.passed, JSON.stringify(r)).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(r.threshold);
    expect(r.heard).toBe(phrase);
  }, 60_000);

  it('fails when other words are said', async () => {
    const take = await spoken('golden castle sleeps forty', 'rms');
    const r = await checkPhrase({ ...take, phrase: 'purple river dances seven' });
    expect(r.passed, JSON.stringify(r)).toBe(false);
    expect(r.score).toBeLessThan(r.threshold);
    expect(r.heard).not.toBe('purple river dances seven');
  }, 60_000);

  it('refuses a phrase that is not from the challenge lists', async () => {
    const take = await spoken('purple river dances seven', 'awb');
    await expect(checkPhrase({ ...take, phrase: 'purple river dances eighty' })).rejects.toThrow(/not a challenge phrase/);
  }, 60_000);

  it('fails on silence', async () => {
    const r = await checkPhrase({ samples: new Float32Array(16000), speech: null, phrase: 'quiet tiger jumps twelve' });
    expect(r.passed).toBe(false);
  });
});
