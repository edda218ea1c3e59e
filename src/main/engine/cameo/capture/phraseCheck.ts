import { AppError } from '../../../../shared/result';
import { frameMean, mfcc, mfccFrameAt } from '../../pipelines/lipsync/mfcc';
import { readWavMono, resampleLinear, synthesizeFliteTimed, type FliteVoice } from '../../pipelines/speech/fliteTts';
import { CHALLENGE_WORDS } from './challenge';
import { alignSlots, type WordTemplate } from './slotAlign';

const RATE = 16000;
/** Reference voices: a low and a high one, so the alignment does not hinge on one speaker's timbre. */
const VOICES: FliteVoice[] = ['kal', 'slt'];
/**
 * The challenge phrase's forced alignment may cost at most this much more than the best alignment of
 * any phrase of the grammar: match = best cost / forced cost ≥ 0.93. `npm run bench:phrase` measures
 * it on flite speech by voices that are not reference voices (awb, rms, at two paces). Seeds 1, 4 and
 * 5, 60 readings each: the phrase itself was never refused (lowest score 0.944); another random
 * phrase read instead passed 0, 1 and 1 times (highest 0.936); a phrase sharing two of the four words
 * passed 5, 10 and 8 times. 0.94 would refuse those two and 9 of the 23 two-shared passes, but leave
 * almost no margin below the phrase's own lowest score, and real voices are farther from the
 * templates than flite's.
 */
export const PHRASE_THRESHOLD = 0.93;

export interface PhraseCheck {
  passed: boolean;
  /** best alignment's cost / the challenge's forced alignment cost: 1 when the challenge explains the speech best. */
  score: number;
  threshold: number;
  /** What the recogniser heard: the grammar's best phrase for the speech. */
  heard: string;
  /** Mean frame distance of the challenge's forced alignment, and of the best alignment. */
  cost: number;
  bestCost: number;
}

/** MFCCs without the energy coefficient (loudness is not what was said). */
function features(samples: Float32Array): Float64Array[] {
  return mfcc(samples, RATE).map((f) => f.subarray(1));
}

let templatesOnce: Promise<WordTemplate[][]> | null = null;

/**
 * Word templates of the challenge grammar: each slot's words read by each reference voice as a list
 * ("purple, golden, …"), cut at flite's pauses. Made once per process (8 syntheses, about a second).
 */
export function challengeTemplates(signal?: AbortSignal): Promise<WordTemplate[][]> {
  templatesOnce ??= (async () => {
    const slots: WordTemplate[][] = CHALLENGE_WORDS.map(() => []);
    for (const voice of VOICES) {
      for (const [s, list] of CHALLENGE_WORDS.entries()) {
        const { wav, phones } = await synthesizeFliteTimed(list.join(', '), { voice, ...(signal ? { signal } : {}) });
        const a = readWavMono(wav);
        const samples = resampleLinear(a.samples, a.sampleRate, RATE);
        // Each word is the run of phones between two pauses.
        const words: { start: number; end: number }[] = [];
        let inWord = false;
        for (const p of phones) {
          if (p.phone === 'pau') inWord = false;
          else if (inWord) words[words.length - 1]!.end = p.end;
          else {
            words.push({ start: p.start, end: p.end });
            inWord = true;
          }
        }
        if (words.length !== list.length) {
          throw new Error(`The reference voice ${voice} read ${words.length} words of ${list.length}; the phrase check cannot be set up.`);
        }
        // Features of the whole reading, normalised by the mean of its spoken frames (as a recording
        // of the phrase is, over its speech): a word cut out first would lose its own average colour.
        const all = features(samples);
        const frameAt = (t: number) => Math.max(0, Math.min(all.length, mfccFrameAt(t, RATE)));
        const spans = words.map((w) => all.slice(frameAt(w.start), frameAt(w.end)));
        const mean = frameMean(spans.flat(), all[0]?.length);
        spans.forEach((frames, i) => slots[s]!.push({ word: list[i]!, frames: frames.map((f) => f.map((v, k) => v - mean[k]!)) }));
      }
    }
    return slots;
  })();
  // A failed or aborted set-up is not kept: the next check tries again.
  templatesOnce.catch(() => (templatesOnce = null));
  return templatesOnce;
}

/**
 * Was `phrase` said in the recording? The speech is force-aligned to the challenge phrase (one word
 * per slot, each matched to synthesised templates of that word: one-pass DTW) and, separately,
 * aligned to the best phrase of the whole grammar (10⁴ phrases). It passes when the challenge is
 * (nearly) the best explanation of the speech. A relative score needs no calibration per microphone
 * or speaker, and a recording of other words is explained better by other phrases.
 */
export async function checkPhrase(o: {
  samples: Float32Array;
  speech: { start: number; end: number } | null;
  phrase: string;
  threshold?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}): Promise<PhraseCheck> {
  const threshold = o.threshold ?? PHRASE_THRESHOLD;
  const words = o.phrase.toLowerCase().trim().split(/\s+/);
  if (words.length !== CHALLENGE_WORDS.length || words.some((w, s) => !(CHALLENGE_WORDS[s] as readonly string[]).includes(w))) {
    throw new AppError('INVALID_INPUT', `"${o.phrase}" is not a challenge phrase shown by this app; show a new phrase and record again.`);
  }
  const none = { passed: false, score: 0, threshold, heard: '', cost: Number.POSITIVE_INFINITY, bestCost: Number.POSITIVE_INFINITY };
  if (!o.speech || o.speech.end - o.speech.start < 0.3) return none;
  const slots = await challengeTemplates(o.signal);
  o.onProgress?.(0.5);
  const take = features(o.samples.subarray(Math.floor(o.speech.start * RATE), Math.ceil(o.speech.end * RATE)));
  const forced = alignSlots(
    take,
    slots.map((cands, s) => cands.filter((t) => t.word === words[s])),
  );
  const best = alignSlots(take, slots);
  o.onProgress?.(1);
  if (!Number.isFinite(forced.cost) || !Number.isFinite(best.cost)) return none;
  const score = Math.round((best.cost / forced.cost) * 1000) / 1000;
  return {
    passed: score >= threshold,
    score,
    threshold,
    heard: best.words.map((w) => w.word).join(' '),
    cost: forced.cost,
    bestCost: best.cost,
  };
}
