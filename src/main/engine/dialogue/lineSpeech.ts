import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Voice } from '../../../shared/domain';
import { FLITE_F0 } from '../../../shared/cameos';
import { alignPhones } from '../pipelines/lipsync/align';
import { wavFromSamples } from '../pipelines/packs/piperTts';
import {
  FLITE_VOICES,
  readWavMono,
  resampleLinear,
  synthesizeFliteTimed,
  type FliteVoice,
  type TimedPhone,
} from '../pipelines/speech/fliteTts';
import { contentHash } from '../render/contentHash';
import { shiftFormants } from '../pipelines/speech/formantShift';

/** Bumped when how a line is spoken changes: it is part of every spoken line's hash. */
export const SPEECH_VERSION = 'flite-1';

/** Typical fundamental frequency of each flite voice, the base of its pitch shift (Hz). */
const BASE_F0: Record<FliteVoice, number> = { ...FLITE_F0, kal16: FLITE_F0.kal };

export interface LineSpeechSpec {
  text: string;
  voice: Voice;
  /** Library-relative WAV of the spoken line, and its phone timings beside it (JSON). */
  wavPath: string;
  phonesPath: string;
}

/** Where a TTS line's speech is cached: named by the hash of its text and voice. */
/** Whether text-to-speech has anything to say in a line: a letter or a digit (not only symbols and emoji). */
export function hasSpeakableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function lineSpeechSpec(text: string, voice: Voice): LineSpeechSpec {
  const hash = contentHash({ v: SPEECH_VERSION, text: text.trim(), voice });
  return { text: text.trim(), voice, wavPath: `dialogue/${hash}.wav`, phonesPath: `dialogue/${hash}.phones.json` };
}

/** flite's options for a voice: its name, speaking rate (duration stretch) and pitch (target F0). */
export function fliteOptions(voice: Voice): { voice: FliteVoice; features: string[] } {
  const id = (FLITE_VOICES as readonly string[]).includes(voice.voiceId) ? (voice.voiceId as FliteVoice) : 'slt';
  const features = [`--setf`, `duration_stretch=${(1 / voice.rate).toFixed(4)}`];
  // A formant shift moves the pitch with it (see shiftFormants): flite is asked for as much lower.
  const shift = voice.pitch - (voice.formant ?? 0);
  if (shift !== 0) features.push('--setf', `int_f0_target_mean=${(BASE_F0[id] * 2 ** (shift / 12)).toFixed(1)}`);
  return { voice: id, features };
}

/**
 * A neural voice pack speaking a line: its audio at 16 kHz. The composition root supplies it (the
 * pack runs in the inference worker); without it, only flite voices speak.
 */
export type PackVoice = (engine: string, voice: Voice, text: string, signal?: AbortSignal) => Promise<Float32Array>;

/**
 * Speaks one line into the cache: WAV and phone timings, written atomically. flite gives its own
 * phone timings; a neural voice pack's speech gets them by force-aligning the text to it against a
 * flite reference.
 */
export async function speakLine(
  spec: LineSpeechSpec,
  mediaDir: string,
  signal?: AbortSignal,
  packVoice?: PackVoice,
): Promise<{ phones: TimedPhone[] }> {
  let wav: Buffer;
  let phones: TimedPhone[];
  if (spec.voice.engine === 'flite') {
    const o = fliteOptions(spec.voice);
    ({ wav, phones } = await synthesizeFliteTimed(spec.text, { voice: o.voice, features: o.features, ...(signal ? { signal } : {}) }));
    if (spec.voice.formant) {
      const a = readWavMono(wav);
      wav = wavFromSamples({ samples: shiftFormants(a.samples, a.sampleRate, spec.voice.formant), sampleRate: a.sampleRate });
    }
  } else {
    if (!packVoice) throw new Error(`The voice "${spec.voice.engine}" needs the model runtime; pick a flite voice.`);
    const samples = await packVoice(spec.voice.engine, spec.voice, spec.text, signal);
    const ref = await synthesizeFliteTimed(spec.text, { voice: 'slt', ...(signal ? { signal } : {}) });
    const refAudio = readWavMono(ref.wav);
    phones = alignPhones({
      reference: { samples: resampleLinear(refAudio.samples, refAudio.sampleRate, 16000), sampleRate: 16000, phones: ref.phones },
      take: { samples, sampleRate: 16000 },
    });
    wav = wavFromSamples({ samples, sampleRate: 16000 });
  }
  const wavFile = join(mediaDir, spec.wavPath);
  mkdirSync(dirname(wavFile), { recursive: true });
  writeFileSync(`${wavFile}.part`, wav);
  writeFileSync(`${join(mediaDir, spec.phonesPath)}.part`, JSON.stringify(phones));
  renameSync(`${join(mediaDir, spec.phonesPath)}.part`, join(mediaDir, spec.phonesPath));
  renameSync(`${wavFile}.part`, wavFile);
  return { phones };
}
