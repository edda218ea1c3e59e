import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Project } from '../../../shared/domain';
import type { ExportRequest, RenderPlan } from '../../../shared/ipc/contract';
import { isFinished, PRESETS, type ExportPreset } from '../../../shared/jobs';
import { AppError } from '../../../shared/result';
import type { SigningIdentity } from '../export/credentials';
import { PREVIZ_VERSION, planShot, renderThumbnail } from '../pipelines/previz';
import type { FrameSize } from '../pipelines/previz/types';
import type { EditContext, ProjectEditor } from '../projects/projectEditor';
import { findOr } from '../projects/projectEditor';
import type { Logger } from '../logger';
import type { EnqueueSpec, RenderQueue } from '../queue/renderQueue';
import { layoutCut } from '../export/timeline';
import { contentHash } from './contentHash';
import { defaultExportStem, exportFileName, exportSpaceBound, refuseExisting, timelineCaptions, timelineKeepClear } from './exportTarget';
import type { ExportPayload, ShotRenderPayload } from './payloads';
import { freeBytesAt } from '../fsUtil';
import type { ShotTakeResult } from './shotRenderJob';
import { ConsentService } from '../cameo/consentService';
import { imageHashes, locationImage, planShots, type PlannedShot, type ShotPlannerDeps } from './shotPlanner';

const RENDER_ORIGIN: EditContext = { origin: 'render' };
const TAKES_KEPT = 20;

export interface RenderServiceDeps extends ShotPlannerDeps {
  editor: ProjectEditor;
  queue: RenderQueue;
  appVersion: string;
  newId: (prefix: string) => string;
  log: Logger;
  identity: () => Promise<SigningIdentity>;
}

/**
 * Turns a storyboard into queue jobs: a shot render per shot whose take is not cached (the take is
 * named by the content hash of everything that decides it), and an export that waits for them.
 */
export class RenderService {
  constructor(private readonly d: RenderServiceDeps) {}

  /** Queues takes for some or all shots; cached ones are skipped. */
  async renderShots(i: { projectId: string; shotIds?: string[]; preset?: ExportPreset }): Promise<RenderPlan> {
    const project = this.d.editor.load(i.projectId);
    const ids = i.shotIds ?? project.shots.map((s) => s.id);
    for (const id of ids) findOr(project.shots, id, 'shot');
    if (ids.length === 0) throw new AppError('INVALID_INPUT', 'This project has no shots to render. Add a shot first.');
    const profileId = this.d.consent.authorize(ConsentService.cameosIn(project, ids), 'render');
    const size = sizeOf(i.preset ?? previewPreset(project));
    const planned = await planShots(this.d, project, ids, size, profileId);
    const { jobIds, specs } = this.enqueueShots(project, planned);
    const created = specs.length ? this.d.queue.enqueue(specs) : [];
    return {
      ...planIds(jobIds, specs, created),
      cachedShots: planned.filter((p) => p.cached).length,
      damagedShots: planned.filter((p) => p.damaged).length,
      exportJobId: null,
      outputPath: null,
    };
  }

  /** Queues what is missing and the export that waits for it. */
  async export(req: ExportRequest): Promise<RenderPlan> {
    const project = this.d.editor.load(req.projectId);
    if (project.shots.length === 0) throw new AppError('INVALID_INPUT', 'This project has no shots to export. Add a shot first.');
    const preset = PRESETS[req.preset];
    const directory = resolve(req.directory ?? this.d.paths.exportsDir);
    if (!existsSync(directory)) throw new AppError('NOT_FOUND', `The folder ${directory} does not exist. Choose another destination.`);
    const fileName = exportFileName(req.fileName);
    const outputPath = join(directory, fileName);
    const writer = this.exportWriting(outputPath);
    if (writer) {
      throw new AppError(
        'CONFLICT',
        `${writer} in the queue already writes ${fileName} in ${directory}. Choose another file name, or cancel that export.`,
        { reason: 'queued', path: outputPath },
      );
    }
    // Neither the MP4 nor the files written beside it are replaced silently.
    if (!req.overwrite) refuseExisting(outputPath, directory, { srt: req.srt ?? false, fcpxml: req.fcpxml ?? false });
    const cameos = ConsentService.cameosIn(project);
    const profileId = this.d.consent.authorize(cameos, 'export');
    const planned = await planShots(
      this.d,
      project,
      project.shots.map((s) => s.id),
      { width: preset.width, height: preset.height },
      profileId,
      req.titleCards ?? false,
    );
    const { jobIds, specs } = this.enqueueShots(project, planned);
    const cut = layoutCut(project.shots.map((s) => ({ title: s.title, durationFrames: s.durationFrames, transition: s.transition })));
    const payload: ExportPayload = {
      projectId: project.id,
      projectName: project.name,
      preset: req.preset,
      width: preset.width,
      height: preset.height,
      fps: project.settings.fps,
      shots: planned.map((p, idx) => {
        const shot = project.shots[idx]!;
        return {
          shotId: shot.id,
          title: shot.title || `Shot ${idx + 1}`,
          contentHash: p.payload.contentHash,
          takePath: p.payload.takePath,
          durationFrames: shot.durationFrames,
          transition: shot.transition,
          engine: p.payload.engine,
        };
      }),
      captions: timelineCaptions(project, cut),
      keepClear: timelineKeepClear(planned, cut),
      outputPath,
      creator: req.creator,
      srt: req.srt ?? false,
      fcpxml: req.fcpxml ?? false,
      appVersion: this.d.appVersion,
      loudnessLufs: -14,
      music: project.music
        ? {
            path: project.music.assetPath,
            gainDb: project.music.gainDb,
            fadeInFrames: project.music.fadeInFrames,
            fadeOutFrames: project.music.fadeOutFrames,
          }
        : null,
      cameos,
      profileId,
    };
    const deps = jobIds.filter((j): j is string => j !== null);
    const all = this.d.queue.enqueue([
      ...specs,
      {
        kind: 'export.mp4',
        label: `Export "${project.name}" (${preset.label})`,
        projectId: project.id,
        payload,
        dependsOn: [...deps.filter((d) => !specs.some((s) => s.ref === d)), ...specs.map((s) => ({ ref: s.ref! }))],
      },
    ]);
    const exportJob = all[all.length - 1]!;
    return {
      ...planIds(jobIds, specs, all.slice(0, -1)),
      cachedShots: planned.filter((p) => p.cached).length,
      damagedShots: planned.filter((p) => p.damaged).length,
      exportJobId: exportJob.id,
      outputPath,
    };
  }

  /** Draws (or finds) the previz thumbnail of a shot. */
  async thumbnail(i: {
    projectId: string;
    shotId: string;
    frame?: 'first' | 'middle' | 'last';
  }): Promise<{ path: string; contentHash: string }> {
    const project = this.d.editor.load(i.projectId);
    const index = project.shots.findIndex((s) => s.id === i.shotId);
    if (index < 0) throw new AppError('NOT_FOUND', `No shot with id "${i.shotId}" in this project.`);
    const size = project.settings.aspect === '9:16' ? { width: 216, height: 384 } : { width: 384, height: 216 };
    const plan = planShot(project, index, {
      size,
      locationImage: (id) => locationImage(this.d.paths.mediaDir, project, id),
      cameo: this.d.cameoCutouts,
    });
    const frames = plan.durationFrames;
    const frame = i.frame === 'first' ? 0 : i.frame === 'last' ? frames - 1 : Math.floor(frames / 2);
    const hash = contentHash({ pipeline: PREVIZ_VERSION, plan, frame, image: await imageHashes(this.d.paths.mediaDir, project) });
    const rel = `thumbs/sketch-${hash}.jpg`;
    const file = join(this.d.paths.mediaDir, rel);
    if (!existsSync(file)) {
      let jpeg: Buffer;
      try {
        jpeg = await renderThumbnail(plan, frame, 'jpeg');
      } catch (e) {
        throw new AppError('INVALID_FILE', e instanceof Error ? e.message : String(e));
      }
      mkdirSync(join(this.d.paths.mediaDir, 'thumbs'), { recursive: true });
      writeFileSync(`${file}.part`, jpeg);
      renameSync(`${file}.part`, file);
    }
    return { path: `media/${rel}`, contentHash: hash };
  }

  /** Free space where an export of the project would go, and the most it may need there. */
  space(i: { projectId: string; preset: ExportPreset; directory?: string }): {
    directory: string;
    exists: boolean;
    freeBytes: number | null;
    mayNeedBytes: number;
  } {
    const project = this.d.editor.load(i.projectId);
    const fps = project.settings.fps;
    const seconds = layoutCut(project.shots).totalFrames / fps;
    const directory = resolve(i.directory ?? this.d.paths.exportsDir);
    let exists: boolean;
    try {
      exists = statSync(directory).isDirectory();
    } catch {
      exists = false;
    }
    return { directory, exists, freeBytes: exists ? freeBytesAt(directory) : null, mayNeedBytes: exportSpaceBound(i.preset, fps, seconds) };
  }

  async defaults(i: { projectId: string }): Promise<{
    exportsDir: string;
    fileName: string;
    creator: string;
    credentials: { selfSigned: boolean; subject: string; fingerprint: string };
  }> {
    const project = this.d.editor.load(i.projectId);
    const id = await this.d.identity();
    // The first name that neither an earlier export nor one in the queue has taken: "Name (2)", …
    const taken = (name: string) => {
      const path = join(this.d.paths.exportsDir, `${name}.mp4`);
      return existsSync(path) || this.exportWriting(path) !== null;
    };
    const stem = defaultExportStem(project.name);
    let fileName = stem;
    for (let n = 2; taken(fileName) && n < 10_000; n++) fileName = `${stem} (${n})`;
    return {
      exportsDir: this.d.paths.exportsDir,
      fileName,
      creator: project.settings.creator,
      credentials: { selfSigned: id.selfSigned, subject: id.subject, fingerprint: id.fingerprint },
    };
  }

  /**
   * The file a finished export wrote, if it is still there as a file: what the desktop app plays
   * from outside the library (an export to a folder the user chose). Null for any other job.
   */
  finishedExportFile(jobId: string): string | null {
    const j = this.d.queue.get(jobId);
    if (!j || j.kind !== 'export.mp4' || j.state !== 'succeeded') return null;
    const path = (j.result as { outputPath?: unknown } | null)?.outputPath;
    if (typeof path !== 'string' || !/\.mp4$/i.test(path)) return null;
    try {
      return statSync(path).isFile() ? path : null;
    } catch {
      return null;
    }
  }

  /** The label of an unfinished export job that writes `outputPath`, or null. */
  private exportWriting(outputPath: string): string | null {
    for (const j of this.d.queue.snapshot().jobs) {
      if (j.kind !== 'export.mp4' || isFinished(j.state)) continue;
      const payload = this.d.queue.get(j.id)?.payload as { outputPath?: string } | undefined;
      if (payload?.outputPath && resolve(payload.outputPath) === resolve(outputPath)) return `The export "${j.label}"`;
    }
    return null;
  }

  /** Attaches a finished take to its shot (if the shot still exists and has not got it already). */
  attachTake(p: ShotRenderPayload, r: ShotTakeResult): void {
    try {
      this.d.editor.edit(p.projectId, RENDER_ORIGIN, (draft) => {
        const shot = draft.shots.find((s) => s.id === p.shotId);
        if (!shot || shot.takes.some((t) => t.contentHash === r.contentHash)) return;
        for (const t of shot.takes) if (t.status === 'ok') t.status = 'stale';
        shot.takes.push({
          id: this.d.newId('take'),
          createdAt: new Date().toISOString(),
          engine: r.engine,
          contentHash: r.contentHash,
          path: `media/${r.takePath}`,
          durationFrames: r.durationFrames,
          status: 'ok',
        });
        if (shot.takes.length > TAKES_KEPT) shot.takes.splice(0, shot.takes.length - TAKES_KEPT);
      });
    } catch (e) {
      this.d.log.warn('could not attach take', {
        project: p.projectId,
        shot: p.shotId,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /**
   * Builds the job specs for shots that need rendering. A shot whose take is cached needs no job;
   * one whose take is already being rendered by an unfinished job reuses that job.
   */
  private enqueueShots(project: Project, planned: readonly PlannedShot[]): { jobIds: (string | null)[]; specs: EnqueueSpec[] } {
    const specs: EnqueueSpec[] = [];
    const inFlight = new Map<string, string>();
    for (const j of this.d.queue.snapshot().jobs) {
      if ((j.kind === 'shot.render' || j.kind === 'shot.generate' || j.kind === 'dialogue.tts') && !isFinished(j.state)) {
        const job = this.d.queue.get(j.id);
        const key = (job?.payload as { contentHash?: string; outputPath?: string; wavPath?: string } | undefined) ?? {};
        const hash = j.kind === 'shot.render' ? key.contentHash : j.kind === 'shot.generate' ? key.outputPath : key.wavPath;
        if (hash) inFlight.set(hash, j.id);
      }
    }
    const jobIds = planned.map((p) => {
      if (p.cached) {
        this.attachTake(p.payload, {
          takePath: p.payload.takePath,
          thumbPath: p.payload.thumbPath,
          contentHash: p.payload.contentHash,
          durationFrames: p.payload.plan.durationFrames,
          engine: p.payload.engine,
        });
        return null;
      }
      const existing = inFlight.get(p.payload.contentHash);
      if (existing) return existing;
      const ref = `shot-${p.payload.contentHash}`;
      let genDep: string | { ref: string } | null = null;
      if (p.generate) {
        const g = p.generate;
        genDep = inFlight.get(g.outputPath) ?? { ref: `gen-${g.outputPath}` };
        if (typeof genDep !== 'string' && !specs.some((s) => s.ref === `gen-${g.outputPath}`)) {
          specs.push({
            ref: `gen-${g.outputPath}`,
            kind: 'shot.generate',
            label: `Generate shot ${p.payload.shotIndex + 1} "${p.payload.shotTitle}" · ${p.payload.engine}`,
            projectId: project.id,
            payload: g,
          });
        }
      }
      const speechDeps: (string | { ref: string })[] = [];
      for (const sp of p.speech) {
        const sref = `tts-${sp.wavPath}`;
        const running = inFlight.get(sp.wavPath);
        if (running) speechDeps.push(running);
        else {
          speechDeps.push({ ref: sref });
          if (!specs.some((s) => s.ref === sref)) {
            specs.push({ ref: sref, kind: 'dialogue.tts', label: `Speak ${sp.label}`, projectId: project.id, payload: sp });
          }
        }
      }
      if (!specs.some((s) => s.ref === ref)) {
        specs.push({
          ref,
          kind: 'shot.render',
          label: `Shot ${p.payload.shotIndex + 1} "${p.payload.shotTitle}" · ${p.payload.plan.size.width}×${p.payload.plan.size.height}`,
          projectId: project.id,
          payload: p.payload,
          ...(genDep || speechDeps.length ? { dependsOn: [...(genDep ? [genDep] : []), ...speechDeps] } : {}),
        });
      }
      return ref;
    });
    return { jobIds, specs };
  }
}

function previewPreset(project: Project): ExportPreset {
  return project.settings.aspect === '9:16' ? 'vertical' : '720p';
}

function sizeOf(preset: ExportPreset): FrameSize {
  const p = PRESETS[preset];
  return { width: p.width, height: p.height };
}

/**
 * The plan's job ids: the shot renders it waits for (one per shot that is not cached, queued now or
 * already running), and every job it waits for besides the export (lines to speak and pack clips too).
 * `created` are the queued jobs of `specs`, in order; a shot's ref is a spec's ref or a running job's id.
 */
function planIds(
  shotRefs: readonly (string | null)[],
  specs: readonly EnqueueSpec[],
  created: readonly { id: string }[],
): { shotJobIds: string[]; jobIds: string[] } {
  const ids = new Map(specs.map((s, k) => [s.ref!, created[k]!.id]));
  const id = (r: string) => ids.get(r) ?? r;
  const shotJobIds = [...new Set(shotRefs.filter((r): r is string => r !== null).map(id))];
  return { shotJobIds, jobIds: [...new Set([...specs.map((s) => id(s.ref!)), ...shotJobIds])] };
}
