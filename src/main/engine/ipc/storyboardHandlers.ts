import type { ProjectService } from '../projects/projectService';
import type { StoryboardService } from '../projects/storyboardService';
import type { CallContext, Handlers } from './dispatcher';

type StoryboardChannel = Extract<
  keyof Handlers,
  | `projects:${string}`
  | `shots:${string}`
  | `characters:${string}`
  | `dialogue:${'add' | 'update' | 'delete'}`
  | `sound:${string}`
  | `continuity:${string}`
  | `locations:${string}`
>;

/** Edits carry the calling client, so its own change events can be told from other windows'. */
const origin = (ctx: CallContext) => ({ origin: ctx.origin });

/** The calls that read and edit projects and their storyboards, wired to their services. */
export function storyboardHandlers(d: { projects: ProjectService; storyboard: StoryboardService }): Pick<Handlers, StoryboardChannel> {
  return {
    'projects:list': () => d.projects.list(),
    'projects:create': (i) => d.projects.create(i),
    'projects:open': (i) => d.projects.open(i),
    'projects:rename': (i, ctx) => d.projects.rename(i, origin(ctx)),
    'projects:updateSettings': (i, ctx) => d.projects.updateSettings(i, origin(ctx)),
    'projects:duplicate': (i) => d.projects.duplicate(i),
    'projects:delete': (i) => d.projects.delete(i),
    'projects:restore': (i, ctx) => d.projects.restore(i, origin(ctx)),
    'projects:exportFile': (i) => d.projects.exportFile(i),
    'projects:importFile': (i) => d.projects.importFile(i),
    'projects:exportDocument': (i) => d.projects.exportDocument(i),
    'projects:importDocument': (i) => d.projects.importDocument(i),
    'shots:add': (i, ctx) => d.storyboard.addShot(i, origin(ctx)),
    'shots:update': (i, ctx) => d.storyboard.updateShot(i, origin(ctx)),
    'shots:duplicate': (i, ctx) => d.storyboard.duplicateShot(i, origin(ctx)),
    'shots:delete': (i, ctx) => d.storyboard.deleteShots(i, origin(ctx)),
    'shots:move': (i, ctx) => d.storyboard.moveShot(i, origin(ctx)),
    'characters:add': (i, ctx) => d.storyboard.addCharacter(i, origin(ctx)),
    'characters:update': (i, ctx) => d.storyboard.updateCharacter(i, origin(ctx)),
    'characters:delete': (i, ctx) => d.storyboard.deleteCharacter(i, origin(ctx)),
    'dialogue:add': (i, ctx) => d.storyboard.addLine(i, origin(ctx)),
    'dialogue:update': (i, ctx) => d.storyboard.updateLine(i, origin(ctx)),
    'dialogue:delete': (i, ctx) => d.storyboard.deleteLine(i, origin(ctx)),
    'sound:add': (i, ctx) => d.storyboard.addCue(i, origin(ctx)),
    'sound:update': (i, ctx) => d.storyboard.updateCue(i, origin(ctx)),
    'sound:delete': (i, ctx) => d.storyboard.deleteCue(i, origin(ctx)),
    'continuity:update': (i, ctx) => d.storyboard.updateContinuity(i, origin(ctx)),
    'locations:add': (i, ctx) => d.storyboard.addLocation(i, origin(ctx)),
    'locations:update': (i, ctx) => d.storyboard.updateLocation(i, origin(ctx)),
    'locations:delete': (i, ctx) => d.storyboard.deleteLocation(i, origin(ctx)),
  };
}
