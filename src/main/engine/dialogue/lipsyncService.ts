import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectEditor } from '../projects/projectEditor';
import { rawVisemeTrack, smoothVisemes } from '../pipelines/lipsync/visemes';
import { envelope, opennessCurve, SYNC_TOLERANCE_MS, syncOffsetMs } from '../pipelines/lipsync/syncOffset';
import { readWavMono, type TimedPhone } from '../pipelines/speech/fliteTts';
import { lineSpeechSpec, speakLine, type PackVoice } from './lineSpeech';
import type { TakeService } from './takeService';

export interface LineSyncReport {
  shotIndex: number;
  shotTitle: string;
  lineId: string;
  character: string;
  text: string;
  source: string;
  /** Mouth minus sound, in ms (positive: the mouth is late); null where it cannot be measured yet. */
  offsetMs: number | null;
  correlation: number | null;
  flagged: boolean;
  note: string | null;
}

/**
 * Measures lip-sync per line: the mouth track the renderer draws (visemes from the line's phone
 * timings) against the speech envelope of the line's audio, by cross-correlation. Lines beyond
 * ±25 ms are flagged.
 */
export class LipsyncService {
  constructor(private readonly d: { editor: ProjectEditor; mediaDir: string; takes: () => TakeService; packVoice?: PackVoice }) {}

  async report(i: { projectId: string; signal?: AbortSignal }): Promise<{ tolerance: number; lines: LineSyncReport[] }> {
    const project = this.d.editor.load(i.projectId);
    const fps = project.settings.fps;
    const lines: LineSyncReport[] = [];
    for (const [shotIndex, shot] of project.shots.entries()) {
      for (const line of shot.dialogue) {
        if (!line.text.trim()) continue;
        const character = project.characters.find((c) => c.id === line.characterId);
        const base = {
          shotIndex,
          shotTitle: shot.title || `Shot ${shotIndex + 1}`,
          lineId: line.id,
          character: character?.name ?? '(no character)',
          text: line.text,
          source: line.source,
        };
        if (line.source !== 'tts' && !line.assetPath) {
          lines.push({
            ...base,
            offsetMs: null,
            correlation: null,
            flagged: true,
            note: 'This line has no take yet: record one or import a file.',
          });
          continue;
        }
        if (!character) {
          lines.push({ ...base, offsetMs: null, correlation: null, flagged: true, note: 'The line has no speaker in the cast.' });
          continue;
        }
        try {
          let wavPath: string;
          let phonesPath: string;
          if (line.source === 'tts') {
            const spec = lineSpeechSpec(line.text, character.voice);
            if (!existsSync(join(this.d.mediaDir, spec.wavPath))) await speakLine(spec, this.d.mediaDir, i.signal, this.d.packVoice);
            wavPath = spec.wavPath;
            phonesPath = spec.phonesPath;
          } else {
            const aligned = await this.d.takes().phonesFor(project, line);
            if (!aligned) throw new Error('The take has no text to align: its mouth follows its loudness.');
            wavPath = line.assetPath!;
            phonesPath = aligned.path;
          }
          const phones = JSON.parse(readFileSync(join(this.d.mediaDir, phonesPath), 'utf8')) as TimedPhone[];
          const audio = readWavMono(readFileSync(join(this.d.mediaDir, wavPath)));
          const frames = Math.ceil((audio.samples.length / audio.sampleRate) * fps);
          const mouth = opennessCurve(smoothVisemes(rawVisemeTrack(phones, fps, frames)), fps);
          const r = syncOffsetMs(mouth, envelope(audio.samples, audio.sampleRate));
          lines.push({ ...base, ...r, flagged: Math.abs(r.offsetMs) > SYNC_TOLERANCE_MS, note: null });
        } catch (e) {
          lines.push({ ...base, offsetMs: null, correlation: null, flagged: true, note: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    return { tolerance: SYNC_TOLERANCE_MS, lines };
  }
}
