/**
 * npm run bench:phrase — how well the challenge-phrase check tells the phrase from other speech.
 * Speakers are flite voices that are not the check's reference voices (awb, rms), at two paces.
 * For N random challenge phrases it scores: the phrase itself (should pass), another random phrase
 * read instead (should fail), and a phrase sharing two of the four words (should fail), and prints
 * the error rates at the shipped threshold and at neighbouring ones. Options: N=30 SEED=1.
 */
import { CHALLENGE_WORDS, challengePhrase, seededRandom } from '../src/main/engine/cameo/capture/challenge';
import { challengeTemplates, checkPhrase, PHRASE_THRESHOLD } from '../src/main/engine/cameo/capture/phraseCheck';
import { readWavMono, resampleLinear, synthesizeFliteTimed, type FliteVoice } from '../src/main/engine/pipelines/speech/fliteTts';

const N = Number(process.env.N ?? 30);
const SEED = Number(process.env.SEED ?? 1);

async function reading(text: string, voice: FliteVoice, stretch: number) {
  const { wav, phones } = await synthesizeFliteTimed(text, { voice, features: ['--setf', `duration_stretch=${stretch}`] });
  const a = readWavMono(wav);
  const spoken = phones.filter((p) => p.phone !== 'pau');
  return {
    samples: resampleLinear(a.samples, a.sampleRate, 16000),
    speech: { start: spoken[0]!.start, end: spoken[spoken.length - 1]!.end },
  };
}

/** `phrase` with the words of slots 2 and 3 replaced by other words of their lists. */
function twoShared(phrase: string, random: () => number): string {
  return phrase
    .split(' ')
    .map((w, s) => {
      if (s < 2) return w;
      const others = CHALLENGE_WORDS[s]!.filter((x) => x !== w);
      return others[Math.floor(random() * others.length)]!;
    })
    .join(' ');
}

const shared = (a: string, b: string) => a.split(' ').filter((w, s) => b.split(' ')[s] === w).length;

async function main(): Promise<void> {
  const t0 = performance.now();
  await challengeTemplates();
  const setup = (performance.now() - t0) / 1000;
  const random = seededRandom(SEED);
  const genuine: number[] = [];
  const other: { score: number; shared: number }[] = [];
  const two: number[] = [];
  let checks = 0;
  let checkSeconds = 0;
  for (let i = 0; i < N; i++) {
    const phrase = challengePhrase(random);
    const unrelated = challengePhrase(random);
    const near = twoShared(phrase, random);
    for (const voice of ['awb', 'rms'] as const) {
      const take = await reading(phrase, voice, i % 2 ? 1.25 : 1);
      const c0 = performance.now();
      genuine.push((await checkPhrase({ ...take, phrase })).score);
      other.push({ score: (await checkPhrase({ ...take, phrase: unrelated })).score, shared: shared(phrase, unrelated) });
      two.push((await checkPhrase({ ...take, phrase: near })).score);
      checks += 3;
      checkSeconds += (performance.now() - c0) / 1000;
    }
  }
  const q = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (f: number) => s[Math.min(s.length - 1, Math.floor(f * (s.length - 1)))]!.toFixed(3);
    return `min ${at(0)}  p10 ${at(0.1)}  median ${at(0.5)}  p90 ${at(0.9)}  max ${at(1)}`;
  };
  console.log(`bench:phrase — ${N} phrases × voices awb, rms (paces 1 and 1.25), seed ${SEED}`);
  console.log(`  templates set up in ${setup.toFixed(2)} s; one check takes ${((checkSeconds / checks) * 1000).toFixed(0)} ms`);
  console.log(`  the phrase itself          ${q(genuine)}`);
  console.log(`  another random phrase      ${q(other.map((o) => o.score))}`);
  console.log(`  two of four words shared   ${q(two)}`);
  for (const th of [0.91, 0.92, PHRASE_THRESHOLD, 0.94, 0.95]) {
    const rate = (xs: number[], pass: boolean) => `${xs.filter((s) => s >= th === pass).length}/${xs.length}`;
    console.log(
      `  threshold ${th.toFixed(2)}${th === PHRASE_THRESHOLD ? ' (shipped)' : '          '}  phrase refused ${rate(genuine, false)}, ` +
        `other phrase passed ${rate(
          other.map((o) => o.score),
          true,
        )} (${other.filter((o) => o.score >= th && o.shared > 0).length} of them share words), two-shared passed ${rate(two, true)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
