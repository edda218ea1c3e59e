import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { dialogueSpans, type Project } from '../../../shared/domain';
import { ExportFileNameSchema } from '../../../shared/ipc/contract';
import { PRESETS, type ExportPreset } from '../../../shared/jobs';
import { AppError } from '../../../shared/result';
import { sidecarPaths } from '../export/sidecars';
import type { Cut } from '../export/timeline';
import { planCaptionBands, planLetterbox, planTitleBand } from '../pipelines/previz';
import type { ExportPayload } from './payloads';
import type { PlannedShot } from './shotPlanner';

/**
 * Where an export goes and what its timeline carries besides the pictures: the file name rules
 * (length on disk, a default made from the project name, nothing replaced silently) and the
 * dialogue captions and caption bands, in the export's frames.
 */

/**
 * The longest export file name, in UTF-8 bytes with ".mp4": most file systems allow 255, and the
 * export's temp files beside it add "." + "." + the job id + ".a1.signed.part.mp4" (about 42).
 */
export const MAX_FILE_NAME_BYTES = 210;

/** `s` cut (at a character, not inside one) to at most `max` UTF-8 bytes. */
function fitBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out.trim() || 'Shotline export';
}

/** The requested name with ".mp4", refused when the disk could not hold it with the temp files' suffix. */
export function exportFileName(requested: string): string {
  const fileName = /\.mp4$/i.test(requested) ? requested : `${requested}.mp4`;
  const bytes = Buffer.byteLength(fileName);
  if (bytes > MAX_FILE_NAME_BYTES) {
    throw new AppError(
      'INVALID_INPUT',
      `The file name is too long for the disk: ${bytes} bytes in UTF-8 with ".mp4", at most ${MAX_FILE_NAME_BYTES} (accented and non-Latin letters take 2–4 bytes each). Choose a shorter name.`,
    );
  }
  return fileName;
}

/**
 * A name the export accepts (ExportFileNameSchema) made from the project name, with room for
 * " (9999)": characters file systems refuse become "-", trailing dots go, and a name Windows
 * reserves for a device gets a suffix.
 */
export function defaultExportStem(projectName: string): string {
  const cleaned = [...projectName]
    .map((c) => (c.charCodeAt(0) < 32 ? '-' : c))
    .join('')
    .replace(/[/\\:*?"<>|]+/g, '-')
    .trim()
    .replace(/[.\s]+$/, '');
  const base = !cleaned ? 'Shotline export' : ExportFileNameSchema.safeParse(cleaned).success ? cleaned : `${cleaned} (export)`;
  return fitBytes(base, MAX_FILE_NAME_BYTES - Buffer.byteLength(' (9999).mp4'));
}

/** Refuses (CONFLICT, reason "exists") when the MP4 or a file written beside it is there already. */
export function refuseExisting(outputPath: string, directory: string, sidecars: { srt: boolean; fcpxml: boolean }): void {
  const taken = [outputPath, ...Object.values(sidecarPaths(outputPath, sidecars))].find((f): f is string => f !== null && existsSync(f));
  if (taken) {
    throw new AppError('CONFLICT', `${basename(taken)} already exists in ${directory}. Choose another file name, or replace it.`, {
      reason: 'exists',
      path: taken,
    });
  }
}

/** The spoken lines on the export's timeline (for the SRT and the music's ducking). */
export function timelineCaptions(project: Project, cut: Cut): ExportPayload['captions'] {
  const names = new Map(project.characters.map((c) => [c.id, c.name]));
  return project.shots.flatMap((s, si) =>
    dialogueSpans(s).map(({ line, start, end }) => ({
      startFrame: cut.clips[si]!.startFrame + start,
      endFrame: cut.clips[si]!.startFrame + end,
      speaker: names.get(line.characterId) ?? '',
      text: line.text,
    })),
  );
}

/**
 * Where the previz burned captions, title cards and letterbox bars into its frames (a pack's clip
 * has none of them): the watermark rises above the captions and keeps below the title cards while
 * they show, and inside the bars.
 */
export function timelineKeepClear(planned: readonly PlannedShot[], cut: Cut): ExportPayload['keepClear'] {
  return planned.flatMap((p, si) => {
    if (p.payload.source?.kind === 'video') return [];
    const clip = cut.clips[si]!;
    const at = clip.startFrame;
    const title = planTitleBand(p.payload.plan);
    const bars = planLetterbox(p.payload.plan);
    return [
      ...planCaptionBands(p.payload.plan).map((b) => ({ startFrame: at + b.startFrame, endFrame: at + b.endFrame, top: b.top })),
      ...(title ? [{ startFrame: at + title.startFrame, endFrame: at + title.endFrame, bottom: title.bottom }] : []),
      ...(bars > 0 ? [{ startFrame: at, endFrame: at + clip.durationFrames, bars }] : []),
    ];
  });
}

/**
 * Bits per pixel per frame that an export's picture stays under at crf 19 (the full-HD presets),
 * halving every 6 crf as x264's rate does. The most measured (npm run bench:takes): noir's heavy
 * grain at 1080p, 0.35; the cinematic sample at 720p (crf 23) takes 0.011.
 */
const VIDEO_BITS_PER_PIXEL_AT_CRF_19 = 0.5;

/**
 * The most an export of `seconds` may take on the disk where it is written: the MP4 at that bound
 * plus its sound, twice (the signed copy is written beside the encoded one before the rename).
 */
export function exportSpaceBound(preset: ExportPreset, fps: number, seconds: number): number {
  const p = PRESETS[preset];
  const bitsPerPixel = VIDEO_BITS_PER_PIXEL_AT_CRF_19 * 2 ** ((19 - p.crf) / 6);
  const videoBitsPerSecond = bitsPerPixel * p.width * p.height * fps;
  const audioBitsPerSecond = parseInt(p.audioBitrate, 10) * 1000;
  return Math.ceil((2 * seconds * (videoBitsPerSecond + audioBitsPerSecond)) / 8);
}
