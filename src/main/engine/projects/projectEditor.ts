import { describeIssues, ProjectSchema, type Project } from '../../../shared/domain';
import { AppError } from '../../../shared/result';
import type { EventBus } from '../events';
import type { ProjectStore } from '../store/projectStore';

export interface EditContext {
  /** Which client made the change, so it can ignore its own echo. */
  origin: string | null;
}

export type Clock = () => string;

/**
 * The one path by which a stored project changes: load, apply the edit to a copy, validate the
 * whole document, save in one transaction, tell every client. A rejected edit leaves the stored
 * project exactly as it was.
 */
export class ProjectEditor {
  constructor(
    private readonly store: ProjectStore,
    private readonly events: EventBus,
    private readonly now: Clock,
  ) {}

  load(projectId: string): Project {
    return this.store.load(projectId);
  }

  edit<R = void>(projectId: string, ctx: EditContext, mutate: (draft: Project) => R): { project: Project; result: R } {
    const draft = structuredClone(this.store.load(projectId));
    const result = mutate(draft);
    draft.updatedAt = this.now();
    const project = this.validate(draft);
    this.store.save(project);
    this.events.emit('onProjectChanged', { projectId, updatedAt: project.updatedAt, origin: ctx.origin });
    return { project, result };
  }

  /** Stores a complete document (a new project, an import, an undo step). */
  put(candidate: Project, ctx: EditContext, opts: { isNew: boolean }): Project {
    const project = this.validate(candidate);
    this.store.save(project);
    if (!opts.isNew) this.events.emit('onProjectChanged', { projectId: project.id, updatedAt: project.updatedAt, origin: ctx.origin });
    this.events.emit('onProjectsChanged', {});
    return project;
  }

  validate(candidate: Project): Project {
    const parsed = ProjectSchema.safeParse(candidate);
    if (!parsed.success)
      throw new AppError('INVALID_INPUT', describeIssues(parsed.error.issues), { issues: parsed.error.issues.slice(0, 20) });
    return parsed.data;
  }
}

/** Finds an item by id or fails with a NOT_FOUND naming what was looked for. */
export function findOr<T extends { id: string }>(items: readonly T[], id: string, what: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new AppError('NOT_FOUND', `No ${what} with id "${id}" in this project.`);
  return item;
}

export function indexOr<T extends { id: string }>(items: readonly T[], id: string, what: string): number {
  const index = items.findIndex((i) => i.id === id);
  if (index < 0) throw new AppError('NOT_FOUND', `No ${what} with id "${id}" in this project.`);
  return index;
}
