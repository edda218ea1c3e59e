import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DOCUMENT_EXTENSION,
  newProject,
  parseDocument,
  serializeDocument,
  type Project,
  type ProjectSummary,
} from '../../../shared/domain';
import type { ParsedInput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/result';
import { convertFrames } from '../../../shared/time';
import type { EventBus } from '../events';
import type { IdFactory } from '../ids';
import type { ProjectStore } from '../store/projectStore';
import type { Clock, EditContext, ProjectEditor } from './projectEditor';
import { buildSampleProject } from './sampleProject';

const SAMPLE_CREATED_KEY = 'sampleProjectCreated';

/** Project lifecycle: create, list, open, rename, duplicate, delete, and `.shotline` files. */
export class ProjectService {
  constructor(
    private readonly store: ProjectStore,
    private readonly editor: ProjectEditor,
    private readonly events: EventBus,
    private readonly newId: IdFactory,
    private readonly now: Clock,
    private readonly appVersion: string,
    /** Whether a library-relative file (a take) is on disk. */
    private readonly libraryFileExists: (path: string) => boolean = () => true,
  ) {}

  /** On the very first run the sample storyboard is created, once; deleting it later is respected. */
  ensureSampleProject(): Project | null {
    if (this.store.getState(SAMPLE_CREATED_KEY) !== null) return null;
    const project =
      this.store.count() === 0 ? this.editor.put(buildSampleProject(this.newId, this.now()), { origin: null }, { isNew: true }) : null;
    this.store.setState(SAMPLE_CREATED_KEY, this.now());
    return project;
  }

  list(): ProjectSummary[] {
    return this.store.list();
  }

  create(i: ParsedInput<'projects:create'>): Project {
    const now = this.now();
    if (i.template === 'sample') {
      const sample = buildSampleProject(this.newId, now);
      return this.editor.put({ ...sample, name: i.name }, { origin: null }, { isNew: true });
    }
    return this.editor.put(newProject(this.newId('proj'), i.name, now, i.fps ?? 24), { origin: null }, { isNew: true });
  }

  open(i: ParsedInput<'projects:open'>): Project {
    const project = this.store.load(i.projectId);
    this.store.markOpened(i.projectId, this.now());
    return project;
  }

  rename(i: ParsedInput<'projects:rename'>, ctx: EditContext): Project {
    const { project } = this.editor.edit(i.projectId, ctx, (p) => {
      p.name = i.name;
    });
    this.events.emit('onProjectsChanged', {});
    return project;
  }

  updateSettings(i: ParsedInput<'projects:updateSettings'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      if (i.patch.fps !== undefined && i.patch.fps !== p.settings.fps) retime(p, p.settings.fps, i.patch.fps);
      p.settings = { ...p.settings, ...i.patch };
    }).project;
  }

  duplicate(i: ParsedInput<'projects:duplicate'>): ProjectSummary {
    const source = this.store.load(i.projectId);
    const now = this.now();
    const copy = this.editor.put(
      { ...rekey(source, this.newId, { keepTakes: true }), name: `${source.name} (copy)`, createdAt: now, updatedAt: now },
      { origin: null },
      { isNew: true },
    );
    const summary = this.store.list().find((s) => s.id === copy.id);
    if (!summary) throw new AppError('INTERNAL', 'The copy was not stored.');
    return summary;
  }

  delete(i: ParsedInput<'projects:delete'>): { projectId: string } {
    if (!this.store.delete(i.projectId)) throw new AppError('NOT_FOUND', `No project with id "${i.projectId}". It may already be deleted.`);
    this.events.emit('onProjectsChanged', {});
    return { projectId: i.projectId };
  }

  /** Replaces a stored project with a complete document (undo/redo); the id must exist. */
  restore(i: ParsedInput<'projects:restore'>, ctx: EditContext): Project {
    if (!this.store.exists(i.project.id)) throw new AppError('NOT_FOUND', `No project with id "${i.project.id}" to restore into.`);
    // Takes belong to the render queue, not to the edit history: an undo keeps the takes rendered since.
    // So does the creator name, which the export dialog saves: it says who exports, not what the
    // storyboard is, and an undo that only took back the name would look like an undo that did nothing.
    const stored = this.store.load(i.project.id);
    // A shot the undo brings back keeps the takes it had, but not those removed from the cache since.
    const takes = new Map(stored.shots.map((s) => [s.id, s.takes]));
    const shots = i.project.shots.map((s) => ({
      ...s,
      takes: takes.get(s.id) ?? s.takes.filter((t) => this.libraryFileExists(t.path)),
    }));
    const settings = { ...i.project.settings, creator: stored.settings.creator };
    return this.editor.put({ ...i.project, shots, settings, updatedAt: this.now() }, ctx, { isNew: false });
  }

  exportDocument(i: ParsedInput<'projects:exportDocument'>): { fileName: string; text: string } {
    const project = this.store.load(i.projectId);
    return { fileName: safeFileName(project.name) + DOCUMENT_EXTENSION, text: serializeDocument(project, this.appVersion, this.now()) };
  }

  /** Imports as a new project with a fresh id (importing the same file twice never collides); takes are local renders and are not imported. */
  importDocument(i: ParsedInput<'projects:importDocument'>): { project: Project; migratedFrom: number } {
    const parsed = parseDocument(i.text);
    const now = this.now();
    const project = this.editor.put(
      { ...rekey(parsed.project, this.newId), createdAt: now, updatedAt: now },
      { origin: null },
      { isNew: true },
    );
    return { project, migratedFrom: parsed.fromVersion };
  }

  /** Marks a project as a remix of another creator's post (a link back to the original). */
  markRemix(projectId: string, remixOf: NonNullable<Project['remixOf']>): Project {
    return this.editor.edit(projectId, { origin: null }, (draft) => {
      draft.remixOf = remixOf;
    }).project;
  }

  /** Writes via a temporary file and a rename, so an existing file is never left half-written. */
  async exportFile(i: ParsedInput<'projects:exportFile'>): Promise<{ path: string; bytes: number }> {
    const { text } = this.exportDocument(i);
    const path = i.path.endsWith(DOCUMENT_EXTENSION) ? i.path : i.path + DOCUMENT_EXTENSION;
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, path);
    } catch (e) {
      throw new AppError('IO_ERROR', `Could not write ${path}: ${(e as Error).message}`);
    }
    return { path, bytes: Buffer.byteLength(text) };
  }

  /** Reads a file without ever modifying it; a bad file leaves the library as it was. */
  async importFile(i: ParsedInput<'projects:importFile'>): Promise<{ project: Project; migratedFrom: number }> {
    let text: string;
    try {
      const info = await stat(i.path);
      if (!info.isFile()) throw new AppError('INVALID_FILE', `${basename(i.path)} is not a file.`);
      text = await readFile(i.path, 'utf8');
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('IO_ERROR', `Could not read ${i.path}: ${(e as Error).message}`);
    }
    return this.importDocument({ text, fileName: basename(i.path) });
  }
}

/** Re-expresses every frame count of a project at a new fps, keeping wall-clock timing. */
export function retime(p: Project, fromFps: number, toFps: number): void {
  const c = (f: number) => convertFrames(f, fromFps, toFps);
  for (const s of p.shots) {
    s.durationFrames = Math.max(1, c(s.durationFrames));
    s.transition.durationFrames = c(s.transition.durationFrames);
    for (const d of s.dialogue) d.offsetFrames = Math.min(c(d.offsetFrames), s.durationFrames - 1);
    for (const q of s.sound) {
      q.startFrame = c(q.startFrame);
      q.lengthFrames = Math.max(1, c(q.lengthFrames));
      q.fadeInFrames = c(q.fadeInFrames);
      q.fadeOutFrames = c(q.fadeOutFrames);
    }
    for (const t of s.takes) t.durationFrames = Math.max(1, c(t.durationFrames));
  }
}

/** A copy of a project under a fresh project id (for duplicates and imports). */
export function rekey(project: Project, newId: IdFactory, opts: { keepTakes?: boolean } = {}): Project {
  // Shot, character and location ids are scoped to their project (the store keys them by project),
  // so only the project needs a fresh id. Keeping the rest keeps previz looks and cached takes,
  // which are derived from those ids, the same in a copy or an imported file.
  return {
    ...project,
    id: newId('proj'),
    shots: opts.keepTakes ? project.shots : project.shots.map((s) => ({ ...s, takes: [] })),
  };
}

// Control characters are exactly what must go from a file name.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]+/g;

export function safeFileName(name: string): string {
  const cleaned = name.replace(UNSAFE_IN_FILE_NAMES, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || 'project').slice(0, 120);
}
