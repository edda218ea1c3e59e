import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PREVIZ_ENGINE, type Project } from '../../../shared/domain';
import type { LibraryPaths } from '../paths';
import { PREVIZ_VERSION, planShot } from '../pipelines/previz';
import type { FrameSize, PlanOptions } from '../pipelines/previz/types';
import type { ModelRegistry } from '../runtime/registry';
import { ConsentService } from '../cameo/consentService';
import { contentHash, hashFile } from './contentHash';
import { checkTake } from './takeSeal';
import type { GeneratePayload } from './generateJob';
import type { ShotRenderPayload } from './payloads';
import { packFor, planDialogue } from './shotSources';
import type { SpeechPayload } from './speechJob';

/**
 * Plans the takes of a storyboard's shots: each shot's previz plan, pack work, sound and lines,
 * and the content hash that names its take (everything that decides its pixels and sound).
 */

/** Bumped when how a take is encoded (not drawn) changes: it is part of every take's hash. */
export const TAKE_ENCODING_VERSION = 'take-4';

export interface ShotPlannerDeps {
  paths: LibraryPaths;
  registry: ModelRegistry;
  /** Aligned phone timings of a recorded or imported take (null without text or take). */
  takePhones: (project: Project, line: { text: string; characterId: string; assetPath: string | null }) => Promise<{ path: string } | null>;
  /** Who may use which cameo: checked before anything is queued (and again when each job runs). */
  consent: ConsentService;
  /** Cut-outs of the cameo bound to a character, for previz (null when it has none). */
  cameoCutouts: PlanOptions['cameo'];
}

export interface PlannedShot {
  payload: ShotRenderPayload;
  cached: boolean;
  /** The take's file is there but is not the one rendered (cut short, changed): it is made again. */
  damaged: boolean;
  /** A pack's work this shot waits for (absent when it is done already or the shot is previz). */
  generate: GeneratePayload | null;
  /** Spoken lines not yet in the speech cache. */
  speech: SpeechPayload[];
}

/** The planned take of each shot in `ids`, and whether it is cached already (intact, and not marked by a revocation). */
export async function planShots(
  d: ShotPlannerDeps,
  project: Project,
  ids: readonly string[],
  size: FrameSize,
  profileId: string,
  titleCards = false,
): Promise<PlannedShot[]> {
  const images = await imageHashes(d.paths.mediaDir, project);
  const out: PlannedShot[] = [];
  for (const id of ids) {
    const index = project.shots.findIndex((s) => s.id === id);
    const shot = project.shots[index]!;
    const pack = shot.engine === PREVIZ_ENGINE ? null : await packFor(project, index, d.registry);
    const plateOf = (lid: string) => locationImage(d.paths.mediaDir, project, lid);
    let generate: GeneratePayload | null = null;
    let source: ShotRenderPayload['source'] = null;
    let engine = 'Previz';
    if (pack) {
      const firstFrame =
        pack.task === 'image-to-video'
          ? planShot(project, index, { size: { width: pack.width, height: pack.height }, locationImage: plateOf })
          : null;
      const genHash = contentHash({
        pack: pack.id,
        version: pack.version,
        files: pack.files,
        task: pack.task,
        prompt: shot.prompt,
        seed: pack.seed,
        firstFrame,
        images,
      });
      const outputPath = `generated/${genHash}.${pack.task === 'text-to-image' ? 'png' : 'mp4'}`;
      source = { kind: pack.task === 'text-to-image' ? 'keyframe' : 'video', path: outputPath };
      engine = pack.name;
      // A pack's picture or clip is made again when missing or damaged; one from before seals existed
      // (unsealed) is kept: making it again can take minutes on a GPU.
      if (!['intact', 'unsealed'].includes(await checkTake(join(d.paths.mediaDir, outputPath)))) {
        generate = {
          modelId: pack.id,
          task: pack.task,
          prompt: shot.prompt,
          seed: pack.seed,
          shotTitle: shot.title || `Shot ${index + 1}`,
          outputPath,
          firstFrame,
        };
      }
    }
    const plan = planShot(project, index, {
      size,
      titleCard: titleCards,
      locationImage: plateOf,
      cameo: d.cameoCutouts,
      ...(source?.kind === 'keyframe' ? { plate: join(d.paths.mediaDir, source.path) } : {}),
    });
    const cues = shot.sound.map((cue) => ({ cue, file: cue.assetPath ? join(d.paths.mediaDir, cue.assetPath) : null }));
    const { dialogue, speech } = await planDialogue(project, index, { mediaDir: d.paths.mediaDir, takePhones: d.takePhones });
    const cueHashes = await Promise.all(
      cues.map((c) => (c.file && existsSync(c.file) ? hashFile(c.file) : Promise.resolve(c.file ? 'missing' : null))),
    );
    const hash = contentHash({
      pipeline: PREVIZ_VERSION,
      encoding: TAKE_ENCODING_VERSION,
      plan,
      cues: shot.sound,
      cueHashes,
      seed: project.settings.seed,
      images,
      source,
      dialogue,
    });
    const payload: ShotRenderPayload = {
      projectId: project.id,
      shotId: shot.id,
      shotIndex: index,
      shotTitle: shot.title || `Shot ${index + 1}`,
      engine,
      source,
      contentHash: hash,
      plan,
      cues,
      dialogue,
      seed: project.settings.seed,
      takePath: `takes/${hash}.mp4`,
      thumbPath: `thumbs/take-${hash}.jpg`,
      cameos: ConsentService.cameosIn(project, [shot.id]),
      profileId,
    };
    // A take is reused only with the bytes it was sealed with; one marked by a revocation is made
    // again (once allowed again) rather than reused.
    const take = await checkTake(join(d.paths.mediaDir, payload.takePath));
    const cached = take === 'intact' && !d.consent.outputRevoked(payload.takePath);
    out.push({ payload, cached, damaged: take === 'damaged', generate, speech });
  }
  return out;
}

/** The imported plate of a location, as a file path (null when it has none). */
export function locationImage(mediaDir: string, project: Project, locationId: string): string | null {
  const loc = project.continuity.locations.find((l) => l.id === locationId);
  return loc?.imagePath ? join(mediaDir, loc.imagePath) : null;
}

/** Hashes of imported plates (a replaced file must re-render the shots that use it). */
export async function imageHashes(mediaDir: string, project: Project): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const l of project.continuity.locations) {
    if (!l.imagePath) continue;
    const file = join(mediaDir, l.imagePath);
    out[l.id] = existsSync(file) ? await hashFile(file) : 'missing';
  }
  return out;
}
