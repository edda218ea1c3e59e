import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Project } from '../../../shared/domain';
import { AppError } from '../../../shared/result';
import type { FfmpegRunner } from '../export/ffmpegRunner';
import type { EditContext, ProjectEditor } from '../projects/projectEditor';
import { alignPhones } from '../pipelines/lipsync/align';
import { readWavMono, type TimedPhone } from '../pipelines/speech/fliteTts';
import { detectSpeech, vadConfig } from '../pipelines/vad/sileroVad';
import { contentHash, hashFile } from '../render/contentHash';
import type { ModelRuntime } from '../runtime/modelRuntime';
import type { ModelRegistry } from '../runtime/registry';
import { lineSpeechSpec, speakLine, type PackVoice } from './lineSpeech';

const RATE = 16000;
const MAX_TAKE_BYTES = 50 * 2 ** 20;

/**
 * Recorded and imported dialogue takes: any audio (or a video's sound) is normalised to 16 kHz mono
 * WAV in the library, checked for speech (Silero VAD), and the line's text is force-aligned to it
 * so the mouth follows the take. The original file is never changed.
 */
/** A take's speech may last this many times longer or shorter than the line spoken by its voice. */
const TAKE_LENGTH_FACTOR = 3;

type FliteVoiceSpec = ReturnType<typeof referenceVoice>;

/** The character's flite voice, or a neutral one when it speaks with another engine. */
function referenceVoice(project: Project, characterId: string) {
  const character = project.characters.find((c) => c.id === characterId);
  return character?.voice.engine === 'flite' ? character.voice : ({ engine: 'flite', voiceId: 'slt', rate: 1, pitch: 0 } as const);
}

export class TakeService {
  constructor(
    private readonly d: {
      editor: ProjectEditor;
      mediaDir: string;
      runner: FfmpegRunner;
      registry: ModelRegistry;
      runtime: ModelRuntime;
      packVoice?: PackVoice;
    },
  ) {}

  /** Imports a file from disk as a line's take (desktop app, CLI). */
  async importTake(i: { projectId: string; shotId: string; lineId: string; path: string }, ctx: EditContext): Promise<Project> {
    if (!existsSync(i.path)) throw new AppError('NOT_FOUND', `${i.path} does not exist.`);
    if (statSync(i.path).size === 0) throw new AppError('INVALID_FILE', `${i.path} is empty: there is no sound in it.`);
    return this.attach(i, i.path, 'imported', ctx);
  }

  /** A take recorded in the app (or uploaded from a browser): the bytes of the recording. */
  async uploadTake(
    i: { projectId: string; shotId: string; lineId: string; base64: string; fileName: string },
    ctx: EditContext,
  ): Promise<Project> {
    const bytes = Buffer.from(i.base64, 'base64');
    if (bytes.length === 0)
      throw new AppError('INVALID_FILE', 'The recording is empty: nothing was captured. Check the microphone and record again.');
    if (bytes.length > MAX_TAKE_BYTES) throw new AppError('INVALID_INPUT', 'The recording is over 50 MB; keep a take to one line.');
    const tmp = join(this.d.mediaDir, 'dialogue', 'incoming', `${Date.now()}-${i.fileName.replace(/[^a-zA-Z0-9._-]/g, '_')}`);
    mkdirSync(dirname(tmp), { recursive: true });
    writeFileSync(tmp, bytes);
    try {
      return await this.attach(i, tmp, 'recorded', ctx);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** Phone timings of a recorded line (aligned and cached), or null when the line has no text. */
  async phonesFor(
    project: Project,
    line: { text: string; characterId: string; assetPath: string | null },
  ): Promise<{ path: string } | null> {
    if (!line.assetPath || !line.text.trim()) return null;
    const take = join(this.d.mediaDir, line.assetPath);
    if (!existsSync(take)) return null;
    const voice = referenceVoice(project, line.characterId);
    const rel = `dialogue/takes/${contentHash({ take: line.assetPath, text: line.text.trim(), v: 'align-1' })}.phones.json`;
    const file = join(this.d.mediaDir, rel);
    if (existsSync(file)) return { path: rel };
    const audio = readWavMono(readFileSync(take));
    const { samples: refSamples, phones: refPhones } = await this.reference(line.text, voice);
    const span = await this.speechSpan(audio.samples);
    const phones = alignPhones({
      reference: { samples: refSamples, sampleRate: RATE, phones: refPhones },
      take: { samples: audio.samples, sampleRate: RATE },
      speech: span,
    });
    writeFileSync(`${file}.part`, JSON.stringify(phones));
    renameSync(`${file}.part`, file);
    return { path: rel };
  }

  private async attach(
    i: { projectId: string; shotId: string; lineId: string },
    source: string,
    kind: 'recorded' | 'imported',
    ctx: EditContext,
  ): Promise<Project> {
    const project = this.d.editor.load(i.projectId);
    const line = project.shots.find((s) => s.id === i.shotId)?.dialogue.find((l) => l.id === i.lineId);
    if (!line) throw new AppError('NOT_FOUND', 'That dialogue line no longer exists.');
    const hash = await hashFile(source);
    const rel = `dialogue/takes/${hash}.wav`;
    const out = join(this.d.mediaDir, rel);
    if (!existsSync(out)) {
      mkdirSync(dirname(out), { recursive: true });
      try {
        await this.d.runner.run(['-i', source, '-vn', '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_s16le', '-f', 'wav', `${out}.part`], {
          label: 'reading the take',
        }).done;
      } catch {
        rmSync(`${out}.part`, { force: true });
        throw new AppError(
          'INVALID_FILE',
          `${source.split(/[\\/]/).pop()} is not audio this studio can read (it may be corrupt). Nothing was changed.`,
        );
      }
      const audio = readWavMono(readFileSync(`${out}.part`));
      if (audio.samples.length < RATE * 0.2) {
        rmSync(`${out}.part`, { force: true });
        throw new AppError('INVALID_FILE', 'The take is shorter than a fifth of a second: there is nothing to use. Record it again.');
      }
      const span = await this.speechSpan(audio.samples);
      if (!span) {
        rmSync(`${out}.part`, { force: true });
        throw new AppError(
          'INVALID_FILE',
          'No speech was found in the take (it is silent or only noise). Record it again closer to the microphone.',
        );
      }
      const problem = line.text.trim() ? await this.lengthProblem(project, line, span) : null;
      if (problem) {
        rmSync(`${out}.part`, { force: true });
        throw new AppError('INVALID_INPUT', problem);
      }
      renameSync(`${out}.part`, out);
    }
    const updated = this.d.editor.edit(i.projectId, ctx, (p) => {
      const l = p.shots.find((s) => s.id === i.shotId)?.dialogue.find((x) => x.id === i.lineId);
      if (l) {
        l.source = kind;
        l.assetPath = rel;
      }
    }).project;
    // Align now, so the timeline and the render have the mouth at once (the text may be empty: no alignment).
    await this.phonesFor(updated, { ...line, assetPath: rel });
    return updated;
  }

  /**
   * Why a take cannot be this line's, or null: speech far shorter or longer than the line takes to
   * say (a cut-off recording, or another text) would be force-aligned into nonsense mouth shapes.
   */
  private async lengthProblem(
    project: Project,
    line: { text: string; characterId: string },
    span: { start: number; end: number },
  ): Promise<string | null> {
    const { phones } = await this.reference(line.text, referenceVoice(project, line.characterId));
    const spoken = phones.filter((p) => p.phone !== 'pau');
    if (!spoken.length) return null;
    const expected = spoken.at(-1)!.end - spoken[0]!.start;
    const heard = span.end - span.start;
    const ratio = heard / expected;
    if (ratio >= 1 / TAKE_LENGTH_FACTOR && ratio <= TAKE_LENGTH_FACTOR) return null;
    const say = `"${line.text.trim().slice(0, 60)}${line.text.trim().length > 60 ? '…' : ''}" takes about ${expected.toFixed(1)} s to say`;
    return ratio < 1
      ? `The take has only ${heard.toFixed(1)} s of speech, but ${say}: it looks cut off or like another line. Record the whole line again, or change the text to what was said. Nothing was changed.`
      : `The take has ${heard.toFixed(1)} s of speech, but ${say}: it looks like more than this line. Trim the recording to the line, record it again, or change the text to what was said. Nothing was changed.`;
  }

  /** The line spoken by the character's flite voice (cached): the reference for alignment and length checks. */
  private async reference(text: string, voice: FliteVoiceSpec): Promise<{ samples: Float32Array; phones: TimedPhone[] }> {
    const spec = lineSpeechSpec(text, voice);
    if (!existsSync(join(this.d.mediaDir, spec.wavPath))) await speakLine(spec, this.d.mediaDir, undefined, this.d.packVoice);
    const ref = readWavMono(readFileSync(join(this.d.mediaDir, spec.wavPath)));
    const phones = JSON.parse(readFileSync(join(this.d.mediaDir, spec.phonesPath), 'utf8')) as TimedPhone[];
    const samples = ref.sampleRate === RATE ? ref.samples : await this.resample(join(this.d.mediaDir, spec.wavPath));
    return { samples, phones };
  }

  private async speechSpan(samples: Float32Array): Promise<{ start: number; end: number } | undefined> {
    await this.d.registry.ensureScanned();
    const { manifest } = this.d.registry.require('silero-vad');
    const r = await detectSpeech(samples, await this.d.runtime.session('silero-vad'), vadConfig(manifest.config));
    return r.segments.length ? { start: r.segments[0]!.start, end: r.segments.at(-1)!.end } : undefined;
  }

  private async resample(file: string): Promise<Float32Array> {
    const out = `${file}.16k.wav`;
    if (!existsSync(out)) {
      await this.d.runner.run(['-i', file, '-ac', '1', '-ar', String(RATE), '-c:a', 'pcm_s16le', '-f', 'wav', out], {
        label: 'resampling the reference',
      }).done;
    }
    return readWavMono(readFileSync(out)).samples;
  }
}
