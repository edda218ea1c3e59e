import { dtwCost } from '../../pipelines/lipsync/dtw';
import { mfcc } from '../../pipelines/lipsync/mfcc';
import { readWavMono, resampleLinear, synthesizeFliteTimed, type FliteVoice } from '../../pipelines/speech/fliteTts';
import { decoyPhrases, seededRandom } from './challenge';

const RATE = 16000;
/** Reference voices: a low and a high one, so the comparison does not hinge on one speaker's timbre. */
const VOICES: FliteVoice[] = ['kal', 'slt'];
/**
 * The phrase must sound this much (relatively) closer than the closest decoy. Measured on flite
 * speech of 16 random phrases (voices awb and rms, none of them a reference voice): the phrase
 * itself scored 0.087–0.248, another random phrase −0.22–0.06 (the high ones share words with it).
 */
export const PHRASE_THRESHOLD = 0.06;

export interface PhraseCheck {
  passed: boolean;
  /** (closest decoy's cost − the phrase's cost) / closest decoy's cost: above 0 when the phrase fits best. */
  score: number;
  threshold: number;
  cost: number;
  decoyCosts: number[];
}

/** MFCCs without the energy coefficient (loudness is not what was said). */
function features(samples: Float32Array): Float64Array[] {
  return mfcc(samples, RATE).map((f) => f.subarray(1));
}

async function reference(text: string, voice: FliteVoice, signal?: AbortSignal): Promise<Float64Array[]> {
  const { wav, phones } = await synthesizeFliteTimed(text, { voice, ...(signal ? { signal } : {}) });
  const a = readWavMono(wav);
  const samples = resampleLinear(a.samples, a.sampleRate, RATE);
  const spoken = phones.filter((p) => p.phone !== 'pau');
  const t0 = spoken[0]?.start ?? 0;
  const t1 = spoken[spoken.length - 1]?.end ?? samples.length / RATE;
  return features(samples.subarray(Math.floor(t0 * RATE), Math.ceil(t1 * RATE)));
}

/**
 * Was `phrase` said in the recording? The speech is compared (MFCC + DTW, as in forced alignment)
 * with synthesized references of the phrase and of decoy phrases sharing none of its words; it
 * passes when the phrase fits clearly better than every decoy. A relative score needs no
 * calibration per microphone or speaker, and a recording of other words fits a decoy as well.
 */
export async function checkPhrase(o: {
  samples: Float32Array;
  speech: { start: number; end: number } | null;
  phrase: string;
  decoys?: number;
  threshold?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}): Promise<PhraseCheck> {
  const threshold = o.threshold ?? PHRASE_THRESHOLD;
  if (!o.speech || o.speech.end - o.speech.start < 0.3) {
    return { passed: false, score: 0, threshold, cost: Number.POSITIVE_INFINITY, decoyCosts: [] };
  }
  const take = features(o.samples.subarray(Math.floor(o.speech.start * RATE), Math.ceil(o.speech.end * RATE)));
  const seed = [...o.phrase].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
  const phrases = [o.phrase, ...decoyPhrases(o.phrase, o.decoys ?? 5, seededRandom(seed))];
  const costs: number[] = [];
  let done = 0;
  for (const text of phrases) {
    let best = Number.POSITIVE_INFINITY;
    for (const voice of VOICES) {
      best = Math.min(best, dtwCost(await reference(text, voice, o.signal), take));
      o.onProgress?.(++done / (phrases.length * VOICES.length));
    }
    costs.push(best);
  }
  const [cost, ...decoyCosts] = costs as [number, ...number[]];
  const closest = Math.min(...decoyCosts);
  const score = Math.round(((closest - cost) / closest) * 1000) / 1000;
  return { passed: score >= threshold, score, threshold, cost, decoyCosts };
}
