import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/result';
import type { ProjectEditor } from '../projects/projectEditor';
import { rawVisemeTrack, smoothVisemes, visemesFromLoudness } from '../pipelines/lipsync/visemes';
import { readWavMono, type TimedPhone } from '../pipelines/speech/fliteTts';
import { hasSpeakableText, lineSpeechSpec, speakLine, type PackVoice } from './lineSpeech';
import type { TakeService } from './takeService';

/** Peaks per second of audio: enough for a timeline zoomed to single frames. */
export const PEAKS_PER_SECOND = 200;

export interface LineAudio {
  /** Library-relative path of the line's audio (playable through media://). */
  path: string;
  durationFrames: number;
  seconds: number;
  /** Max |sample| per 1/200 s, 0..1, for drawing the waveform. */
  peaks: number[];
  /** One viseme letter per frame of the line (empty when the timings are unknown). */
  visemes: string;
  engine: string;
}

/** Peak envelope of samples: max |x| per window (pure). */
export function peaksOf(samples: Float32Array, sampleRate: number, perSecond = PEAKS_PER_SECOND): number[] {
  const win = Math.max(1, Math.round(sampleRate / perSecond));
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += win) {
    let m = 0;
    for (let k = i; k < Math.min(samples.length, i + win); k++) m = Math.max(m, Math.abs(samples[k]!));
    out.push(Math.round(m * 1000) / 1000);
  }
  return out;
}

/**
 * A dialogue line's audio for the timeline: spoken (and cached) when it is a TTS line, with its
 * waveform peaks (computed here, cached beside the audio) and its mouth shapes per frame.
 */
export class LineAudioService {
  constructor(private readonly d: { editor: ProjectEditor; mediaDir: string; takes: TakeService; packVoice?: PackVoice }) {}

  /** Waveform peaks of an audio file, computed once and kept beside it. */
  private cachedPeaks(wavFile: string, audio: { samples: Float32Array; sampleRate: number }): number[] {
    const peaksFile = wavFile.replace(/\.wav$/, '.peaks.json');
    if (existsSync(peaksFile)) return JSON.parse(readFileSync(peaksFile, 'utf8')) as number[];
    const peaks = peaksOf(audio.samples, audio.sampleRate);
    writeFileSync(peaksFile, JSON.stringify(peaks));
    return peaks;
  }

  /** A recorded or imported take: its own sound, the text force-aligned to it, or loudness when there is no text. */
  private async takeAudio(
    project: Parameters<TakeService['phonesFor']>[0],
    line: { text: string; characterId: string; assetPath: string | null },
    fps: number,
  ): Promise<LineAudio> {
    if (!line.assetPath || !existsSync(join(this.d.mediaDir, line.assetPath))) {
      throw new AppError('NOT_FOUND', 'This line has no take yet: record one or import a file.');
    }
    const wavFile = join(this.d.mediaDir, line.assetPath);
    const audio = readWavMono(readFileSync(wavFile));
    const seconds = audio.samples.length / audio.sampleRate;
    const durationFrames = Math.max(1, Math.ceil(seconds * fps));
    const aligned = await this.d.takes.phonesFor(project, line);
    const visemes = aligned
      ? smoothVisemes(
          rawVisemeTrack(JSON.parse(readFileSync(join(this.d.mediaDir, aligned.path), 'utf8')) as TimedPhone[], fps, durationFrames),
        )
      : visemesFromLoudness(audio.samples, audio.sampleRate, fps);
    return {
      path: `media/${line.assetPath}`,
      durationFrames,
      seconds,
      peaks: this.cachedPeaks(wavFile, audio),
      visemes: visemes.join(''),
      engine: aligned ? 'recorded take, text force-aligned' : 'recorded take, mouth from loudness (no text to align)',
    };
  }

  async lineAudio(i: { projectId: string; shotId: string; lineId: string }): Promise<LineAudio> {
    const project = this.d.editor.load(i.projectId);
    const shot = project.shots.find((s) => s.id === i.shotId);
    const line = shot?.dialogue.find((l) => l.id === i.lineId);
    if (!shot || !line) throw new AppError('NOT_FOUND', 'That dialogue line no longer exists.');
    if (!line.text.trim() && line.source === 'tts') throw new AppError('INVALID_INPUT', 'The line has no text to speak yet.');
    if (line.source === 'tts' && !hasSpeakableText(line.text))
      throw new AppError(
        'INVALID_INPUT',
        `The line “${line.text.trim().slice(0, 40)}” has nothing that can be spoken (only symbols or emoji). Write it in words, or record a take. It still shows as a caption.`,
      );
    const fps = project.settings.fps;
    if (line.source !== 'tts') return this.takeAudio(project, line, fps);
    const character = project.characters.find((c) => c.id === line.characterId);
    if (!character) throw new AppError('NOT_FOUND', 'The line’s speaker is no longer in the cast.');
    const spec = lineSpeechSpec(line.text, character.voice);
    const wavFile = join(this.d.mediaDir, spec.wavPath);
    if (!existsSync(wavFile)) {
      try {
        await speakLine(spec, this.d.mediaDir, undefined, this.d.packVoice);
      } catch (e) {
        throw new AppError('INVALID_INPUT', `Could not speak the line: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const audio = readWavMono(readFileSync(wavFile));
    const peaks = this.cachedPeaks(wavFile, audio);
    const seconds = audio.samples.length / audio.sampleRate;
    const durationFrames = Math.max(1, Math.ceil(seconds * fps));
    const phones = JSON.parse(readFileSync(join(this.d.mediaDir, spec.phonesPath), 'utf8')) as TimedPhone[];
    return {
      path: `media/${spec.wavPath}`,
      durationFrames,
      seconds,
      peaks,
      visemes: smoothVisemes(rawVisemeTrack(phones, fps, durationFrames)).join(''),
      engine: 'flite (procedural TTS)',
    };
  }
}
