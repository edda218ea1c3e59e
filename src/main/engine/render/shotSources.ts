import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../../shared/domain';
import { AppError } from '../../../shared/result';
import { hasSpeakableText, lineSpeechSpec } from '../dialogue/lineSpeech';
import type { ModelRegistry } from '../runtime/registry';
import type { ShotRenderPayload } from './payloads';
import type { SpeechPayload } from './speechJob';

/*
 * Where a shot's pictures and voices come from, resolved when it is queued: the pack that draws it
 * (if any) and each spoken line's audio and phone timings.
 */

const PACK_TASKS = ['text-to-image', 'text-to-video', 'image-to-video'] as const;

export type TakePhones = (
  project: Project,
  line: { text: string; characterId: string; assetPath: string | null },
) => Promise<{ path: string } | null>;

/**
 * The shot's spoken lines: text-to-speech lines go through the speech cache (named by text and
 * voice; missing ones become jobs), recorded and imported takes play their own files.
 */
export async function planDialogue(
  project: Project,
  index: number,
  d: { mediaDir: string; takePhones: TakePhones },
): Promise<{ dialogue: ShotRenderPayload['dialogue']; speech: SpeechPayload[] }> {
  const shot = project.shots[index]!;
  const dialogue: ShotRenderPayload['dialogue'] = [];
  const speech: SpeechPayload[] = [];
  for (const line of shot.dialogue) {
    if (!line.text.trim() || line.offsetFrames + line.trimStartFrames >= shot.durationFrames) continue;
    if (line.source !== 'tts') {
      if (line.assetPath && existsSync(join(d.mediaDir, line.assetPath))) {
        const aligned = await d.takePhones(project, line).catch(() => null);
        dialogue.push({
          path: line.assetPath,
          startFrame: line.offsetFrames,
          characterId: line.characterId,
          phonesPath: aligned?.path ?? null,
          trimStartFrames: line.trimStartFrames,
          trimEndFrames: line.trimEndFrames,
        });
      }
      continue;
    }
    const character = project.characters.find((c) => c.id === line.characterId);
    // A line of symbols or emoji alone is a caption with nothing to say.
    if (!character || !hasSpeakableText(line.text)) continue;
    const spec = lineSpeechSpec(line.text, character.voice);
    dialogue.push({
      path: spec.wavPath,
      startFrame: line.offsetFrames,
      characterId: line.characterId,
      phonesPath: spec.phonesPath,
      trimStartFrames: line.trimStartFrames,
      trimEndFrames: line.trimEndFrames,
    });
    if (!existsSync(join(d.mediaDir, spec.wavPath))) {
      speech.push({ ...spec, label: `${character.name}: “${line.text.trim().slice(0, 40)}${line.text.trim().length > 40 ? '…' : ''}”` });
    }
  }
  return { dialogue, speech };
}

/** The installed pack a shot names, or a clear error saying what to do. */
export async function packFor(project: Project, index: number, registry: ModelRegistry) {
  const shot = project.shots[index]!;
  await registry.ensureScanned();
  const where = `Shot ${index + 1} "${shot.title || 'Untitled'}" uses the engine "${shot.engine}"`;
  const entry = registry.get(shot.engine);
  if (!entry)
    throw new AppError('NOT_FOUND', `${where}, which is not installed. Install the pack in the Models panel, or set the shot to Previz.`);
  if (entry.status !== 'ok' || !entry.manifest)
    throw new AppError('INVALID_FILE', `${where}, which cannot be used: ${entry.problem ?? entry.status}`);
  const m = entry.manifest;
  const task = m.task as (typeof PACK_TASKS)[number];
  if (!PACK_TASKS.includes(task))
    throw new AppError('INVALID_INPUT', `${where}, a ${m.task} model: it cannot draw shots. Pick an image or video pack.`);
  const w = Number(m.config.width ?? 512);
  const h = Number(m.config.height ?? 512);
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    task,
    files: m.files.map((f) => f.sha256),
    width: w - (w % 2),
    height: h - (h % 2),
    seed: (project.settings.seed + index * 7919) % 2147483647,
  };
}
