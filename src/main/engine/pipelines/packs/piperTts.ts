import { throwIfAborted } from '../../queue/jobErrors';
import { espeakPhonemes } from '../speech/espeakPhonemizer';
import type { PackContext } from './packContext';

/** The voice's JSON config in the Piper layout (`<voice>.onnx.json`), as far as synthesis needs it. */
export interface PiperConfig {
  audio: { sample_rate: number };
  phoneme_type?: 'espeak' | 'text';
  espeak?: { voice?: string };
  phoneme_id_map: Record<string, number[]>;
  inference?: { noise_scale?: number; length_scale?: number; noise_w?: number };
  num_speakers?: number;
  speaker_id_map?: Record<string, number>;
}

export interface SpeechAudio {
  sampleRate: number;
  samples: Float32Array;
}

const BOS = '^';
const EOS = '$';
const PAD = '_';

export function readPiperConfig(ctx: PackContext): PiperConfig {
  let cfg: PiperConfig;
  try {
    cfg = JSON.parse(ctx.readText('config')) as PiperConfig;
  } catch (e) {
    throw new Error(`The voice's config file is not valid JSON (${(e as Error).message}).`, { cause: e });
  }
  if (!cfg.audio?.sample_rate || !cfg.phoneme_id_map) throw new Error('The voice config lacks audio.sample_rate or phoneme_id_map.');
  for (const s of [BOS, EOS, PAD]) if (!cfg.phoneme_id_map[s]) throw new Error(`The voice's phoneme_id_map has no "${s}".`);
  return cfg;
}

/**
 * Text → phonemes for a voice: espeak-ng IPA in the voice's language (the usual Piper voice), or
 * the text's own characters for character voices (`phoneme_type: "text"`).
 */
export async function phonemize(text: string, cfg: PiperConfig): Promise<string[]> {
  if ((cfg.phoneme_type ?? 'espeak') === 'text') return [...text.normalize('NFD').toLowerCase().replace(/\s+/g, ' ').trim()];
  return espeakPhonemes(text, cfg.espeak?.voice ?? 'en-us');
}

/** Piper's id sequence: BOS, PAD, then each phoneme's ids followed by PAD, then EOS. Unknown phonemes are skipped. */
export function phonemeIds(phonemes: readonly string[], map: Record<string, number[]>): { ids: number[]; skipped: string[] } {
  const ids = [...map[BOS]!, ...map[PAD]!];
  const skipped: string[] = [];
  for (const p of phonemes) {
    const m = map[p];
    if (!m) {
      skipped.push(p);
      continue;
    }
    ids.push(...m, ...map[PAD]!);
  }
  ids.push(...map[EOS]!);
  return { ids, skipped };
}

/** Speaks text with a Piper/VITS voice pack: phonemes → ids → the ONNX voice → float samples. */
export async function synthesizePiper(
  ctx: PackContext,
  text: string,
  o: { speaker?: string; lengthScale?: number; signal?: AbortSignal } = {},
): Promise<SpeechAudio> {
  const cfg = readPiperConfig(ctx);
  const { ids } = phonemeIds(await phonemize(text, cfg), cfg.phoneme_id_map);
  if (ids.length <= 3) throw new Error('There is nothing this voice can speak in the text.');
  throwIfAborted(o.signal);
  const inf = cfg.inference ?? {};
  const session = await ctx.session('model', o.signal);
  const feeds: Parameters<typeof session.run>[0] = {
    input: { type: 'int64', dims: [1, ids.length], data: BigInt64Array.from(ids.map(BigInt)) },
    input_lengths: { type: 'int64', dims: [1], data: BigInt64Array.from([BigInt(ids.length)]) },
    scales: {
      type: 'float32',
      dims: [3],
      data: Float32Array.from([inf.noise_scale ?? 0.667, o.lengthScale ?? inf.length_scale ?? 1, inf.noise_w ?? 0.8]),
    },
  };
  if ((cfg.num_speakers ?? 1) > 1) {
    const sid = o.speaker !== undefined ? (cfg.speaker_id_map?.[o.speaker] ?? Number(o.speaker)) : 0;
    if (!Number.isInteger(sid) || sid < 0 || sid >= cfg.num_speakers!) throw new Error(`This voice has no speaker "${o.speaker}".`);
    feeds.sid = { type: 'int64', dims: [1], data: BigInt64Array.from([BigInt(sid)]) };
  }
  const out = await session.run(feeds, o.signal ? { signal: o.signal } : {});
  const audio = out.output ?? Object.values(out)[0];
  if (!audio) throw new Error('The voice returned no audio.');
  return { sampleRate: cfg.audio.sample_rate, samples: audio.data as Float32Array };
}

/** 16-bit mono WAV bytes (clipped to [-1, 1]). */
export function wavFromSamples(a: SpeechAudio): Buffer {
  const n = a.samples.length;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(a.sampleRate, 24);
  b.writeUInt32LE(a.sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, a.samples[i]!)) * 32767), 44 + i * 2);
  return b;
}
