import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Voice } from '../../../shared/domain';
import { FLITE_VOICES, synthesizeFliteTimed, type FliteVoice, type TimedPhone } from '../pipelines/speech/fliteTts';
import { contentHash } from '../render/contentHash';

/** Bumped when how a line is spoken changes: it is part of every spoken line's hash. */
export const SPEECH_VERSION = 'flite-1';

/** Typical fundamental frequency of each flite voice, the base of its pitch shift (Hz). */
const BASE_F0: Record<FliteVoice, number> = { kal: 105, kal16: 105, awb: 110, rms: 105, slt: 170 };

export interface LineSpeechSpec {
  text: string;
  voice: Voice;
  /** Library-relative WAV of the spoken line, and its phone timings beside it (JSON). */
  wavPath: string;
  phonesPath: string;
}

/** Where a TTS line's speech is cached: named by the hash of its text and voice. */
export function lineSpeechSpec(text: string, voice: Voice): LineSpeechSpec {
  const hash = contentHash({ v: SPEECH_VERSION, text: text.trim(), voice });
  return { text: text.trim(), voice, wavPath: `dialogue/${hash}.wav`, phonesPath: `dialogue/${hash}.phones.json` };
}

/** flite's options for a voice: its name, speaking rate (duration stretch) and pitch (target F0). */
export function fliteOptions(voice: Voice): { voice: FliteVoice; features: string[] } {
  const id = (FLITE_VOICES as readonly string[]).includes(voice.voiceId) ? (voice.voiceId as FliteVoice) : 'slt';
  const features = [`--setf`, `duration_stretch=${(1 / voice.rate).toFixed(4)}`];
  if (voice.pitch !== 0) features.push('--setf', `int_f0_target_mean=${(BASE_F0[id] * 2 ** (voice.pitch / 12)).toFixed(1)}`);
  return { voice: id, features };
}

/** Speaks one line with flite (procedural TTS) into the cache: WAV and phone timings, written atomically. */
export async function speakLine(spec: LineSpeechSpec, mediaDir: string, signal?: AbortSignal): Promise<{ phones: TimedPhone[] }> {
  if (spec.voice.engine !== 'flite') {
    throw new Error(`The voice engine "${spec.voice.engine}" is not installed; pick a flite voice or install the voice pack.`);
  }
  const o = fliteOptions(spec.voice);
  const { wav, phones } = await synthesizeFliteTimed(spec.text, { voice: o.voice, features: o.features, ...(signal ? { signal } : {}) });
  const wavFile = join(mediaDir, spec.wavPath);
  mkdirSync(dirname(wavFile), { recursive: true });
  writeFileSync(`${wavFile}.part`, wav);
  writeFileSync(`${join(mediaDir, spec.phonesPath)}.part`, JSON.stringify(phones));
  renameSync(`${join(mediaDir, spec.phonesPath)}.part`, join(mediaDir, spec.phonesPath));
  renameSync(`${wavFile}.part`, wavFile);
  return { phones };
}
