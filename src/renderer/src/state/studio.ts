import type { Project } from '../../../shared/domain';
import type { ShotlineApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/result';
import type { Connection } from '../api/connect';
import { history, useDocument } from './documentStore';
import { useSession } from './sessionStore';

type Edit = Result<Project | { project: Project }>;
const LAST_PROJECT_KEY = 'shotline.lastProject';

/**
 * Everything the UI does to the studio goes through here. Edits run one at a time in order, each
 * saved by the engine before the next starts; the answer becomes the new document (an undo step).
 */
export class Studio {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly conn: Connection) {}

  get api(): ShotlineApi {
    return this.conn.api;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const session = useSession.getState();
    session.set({ pendingEdits: session.pendingEdits + 1, saveState: 'saving' });
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run.finally(() => {
      const s = useSession.getState();
      const left = s.pendingEdits - 1;
      s.set({ pendingEdits: left, saveState: s.saveState === 'error' ? 'error' : left > 0 ? 'saving' : 'saved' });
    });
  }

  /**
   * Runs one document edit; returns the id the call created (for adds) or true; null on failure.
   * With `optimistic`, that document is shown at once as the undo step and the engine's answer
   * then replaces it silently; a refusal rolls it back.
   */
  edit(call: (api: ShotlineApi) => Promise<Edit>, opts: { optimistic?: Project } = {}): Promise<string | true | null> {
    if (opts.optimistic) useDocument.getState().setProject(opts.optimistic);
    return this.enqueue(async () => {
      const r = await call(this.api);
      if (!r.ok) {
        useSession.getState().toast('error', r.error.message);
        if (opts.optimistic) {
          history().undo();
          useDocument.temporal.setState({ futureStates: [] });
        }
        // The stored project did not change; nothing else to roll back.
        useSession.getState().set({ saveState: 'saved' });
        return null;
      }
      const value = r.value;
      const project = 'project' in value && !('shots' in value) ? value.project : (value as Project);
      if (opts.optimistic) this.replaceSilently(project);
      else useDocument.getState().setProject(project);
      const created = Object.entries(value).find(([k]) => k.endsWith('Id') && k !== 'projectId');
      return created ? (created[1] as string) : true;
    });
  }

  /**
   * Saves the creator name the export dialog was given, without an undo step: like takes, it is
   * not part of the storyboard's edit history (the engine's restore keeps it too).
   */
  saveCreator(projectId: string, creator: string): Promise<void> {
    return this.enqueue(async () => {
      const r = await this.api.projects.updateSettings({ projectId, patch: { creator } });
      if (!r.ok) return useSession.getState().toast('error', `Could not save the creator name: ${r.error.message}`);
      const current = useDocument.getState().project;
      if (current?.id === projectId) this.replaceSilently({ ...current, settings: { ...current.settings, creator } });
    });
  }

  /** Shows a changed document without making an undo step (the history stays as it was). */
  private replaceSilently(project: Project): void {
    history().pause();
    useDocument.getState().setProject(project);
    history().resume();
  }

  /** Shows a project without making an undo step; clears the history. */
  show(project: Project | null): void {
    useDocument.getState().setProject(project);
    history().clear();
  }

  undo(): void {
    this.travel('undo');
  }

  redo(): void {
    this.travel('redo');
  }

  private travel(direction: 'undo' | 'redo'): void {
    const h = history();
    if (direction === 'undo' ? h.pastStates.length === 0 : h.futureStates.length === 0) return;
    const creator = useDocument.getState().project?.settings.creator;
    h[direction]();
    let project = useDocument.getState().project;
    if (!project) return;
    if (creator !== undefined && project.settings.creator !== creator) {
      project = { ...project, settings: { ...project.settings, creator } };
      this.replaceSilently(project);
    }
    const shotIds = new Set(project.shots.map((s) => s.id));
    const session = useSession.getState();
    if (session.selectedShotId && !shotIds.has(session.selectedShotId)) session.set({ selectedShotId: project.shots[0]?.id ?? null });
    void this.enqueue(async () => {
      const r = await this.api.projects.restore({ project });
      if (!r.ok) {
        useSession.getState().toast('error', `Could not ${direction}: ${r.error.message}`);
        useSession.getState().set({ saveState: 'error' });
        return;
      }
      // The step's takes are those of its time: the stored ones are what the shots have now.
      this.adoptTakes(r.value);
    });
  }

  async refreshProjects(): Promise<void> {
    const r = await this.api.projects.list({});
    if (r.ok) useSession.getState().set({ projects: r.value });
    else useSession.getState().toast('error', r.error.message);
  }

  async openProject(projectId: string): Promise<boolean> {
    const r = await this.api.projects.open({ projectId });
    if (!r.ok) {
      useSession.getState().toast('error', r.error.message);
      return false;
    }
    this.show(r.value);
    useSession.getState().set({ view: 'storyboard', selectedShotId: r.value.shots[0]?.id ?? null });
    localStorage.setItem(LAST_PROJECT_KEY, projectId);
    return true;
  }

  /** Reopens the project that was open when the window was last closed or reloaded. */
  async reopenLast(): Promise<void> {
    const last = localStorage.getItem(LAST_PROJECT_KEY);
    if (last && useSession.getState().projects?.some((p) => p.id === last)) await this.openProject(last);
  }

  closeProject(): void {
    localStorage.removeItem(LAST_PROJECT_KEY);
    this.show(null);
    useSession.getState().set({ view: 'projects', selectedShotId: null });
    void this.refreshProjects();
  }

  /** A render attached a take: show it without an undo step and without touching the edit history. */
  private async mergeTakes(projectId: string): Promise<void> {
    const r = await this.api.projects.open({ projectId });
    if (r.ok) this.adoptTakes(r.value);
  }

  /** Shows the stored takes of the open project's shots (takes are not part of the edit history). */
  private adoptTakes(stored: Project): void {
    const current = useDocument.getState().project;
    if (!current || current.id !== stored.id) return;
    const takes = new Map(stored.shots.map((s) => [s.id, s.takes]));
    this.replaceSilently({ ...current, shots: current.shots.map((s) => ({ ...s, takes: takes.get(s.id) ?? s.takes })) });
  }

  /** Another window or browser changed the open project: reload it (history no longer applies). */
  async onRemoteChange(projectId: string, origin: string | null): Promise<void> {
    const current = useDocument.getState().project;
    const self = useSession.getState().info?.clientId ?? this.conn.clientId();
    if (!current || current.id !== projectId || origin === self) return;
    if (origin === 'render') return this.mergeTakes(projectId);
    const r = await this.api.projects.open({ projectId });
    if (r.ok) {
      this.show(r.value);
      useSession.getState().toast('info', 'This project was changed in another window; showing the latest version.');
    }
  }
}
