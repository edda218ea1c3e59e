import { mkdirSync } from 'node:fs';
import { arch, platform } from 'node:os';
import type { AppInfo } from '../../shared/ipc/contract';
import { EventBus } from './events';
import { newId as defaultNewId, type IdFactory } from './ids';
import { Dispatcher, type CallContext, type Handlers } from './ipc/dispatcher';
import { createFileLogger, type Logger } from './logger';
import { libraryPaths, type LibraryPaths } from './paths';
import { ProjectEditor, type Clock } from './projects/projectEditor';
import { ProjectService } from './projects/projectService';
import { StoryboardService } from './projects/storyboardService';
import { openDatabase, type Db } from './store/db';
import { ProjectStore } from './store/projectStore';

export interface EngineOptions {
  dataDir: string;
  appVersion: string;
  logger?: Logger;
  clock?: Clock;
  newId?: IdFactory;
  /** Create the sample project on first run (default true). */
  sample?: boolean;
}

export interface Engine {
  paths: LibraryPaths;
  events: EventBus;
  dispatcher: Dispatcher;
  projects: ProjectService;
  storyboard: StoryboardService;
  log: Logger;
  info(transport: AppInfo['transport'], clientId?: string | null): AppInfo;
  close(): void;
}

/**
 * Builds the whole engine for one data folder: database, stores, services and the dispatcher.
 * Electron main, server mode and the CLI all start here; nothing below holds global state.
 */
export function createEngine(opts: EngineOptions): Engine {
  const paths = libraryPaths(opts.dataDir);
  for (const dir of [paths.dataDir, paths.logDir, ...paths.libraryRoots]) mkdirSync(dir, { recursive: true });
  const log = opts.logger ?? createFileLogger(paths.logDir, { echo: true });
  const clock = opts.clock ?? (() => new Date().toISOString());
  const newId = opts.newId ?? defaultNewId;

  const db: Db = openDatabase(paths.dbFile);
  const events = new EventBus();
  const store = new ProjectStore(db);
  const editor = new ProjectEditor(store, events, clock);
  const projects = new ProjectService(store, editor, events, newId, clock, opts.appVersion);
  const storyboard = new StoryboardService(editor, newId);
  if (opts.sample !== false) projects.ensureSampleProject();

  const info = (transport: AppInfo['transport'], clientId: string | null = null): AppInfo => ({
    name: 'Shotline',
    version: opts.appVersion,
    transport,
    dataDir: paths.dataDir,
    logDir: paths.logDir,
    libraryRoots: paths.libraryRoots,
    node: process.versions.node,
    platform: `${platform()}-${arch()}`,
    clientId,
  });

  const ctxOrigin = (ctx: CallContext) => ({ origin: ctx.origin });
  const handlers: Handlers = {
    'app:info': (_i, ctx) => info(ctx.transport === 'electron' ? 'electron' : 'server', ctx.origin),
    'projects:list': () => projects.list(),
    'projects:create': (i) => projects.create(i),
    'projects:open': (i) => projects.open(i),
    'projects:rename': (i, ctx) => projects.rename(i, ctxOrigin(ctx)),
    'projects:updateSettings': (i, ctx) => projects.updateSettings(i, ctxOrigin(ctx)),
    'projects:duplicate': (i) => projects.duplicate(i),
    'projects:delete': (i) => projects.delete(i),
    'projects:restore': (i, ctx) => projects.restore(i, ctxOrigin(ctx)),
    'projects:exportFile': (i) => projects.exportFile(i),
    'projects:importFile': (i) => projects.importFile(i),
    'projects:exportDocument': (i) => projects.exportDocument(i),
    'projects:importDocument': (i) => projects.importDocument(i),
    'shots:add': (i, ctx) => storyboard.addShot(i, ctxOrigin(ctx)),
    'shots:update': (i, ctx) => storyboard.updateShot(i, ctxOrigin(ctx)),
    'shots:duplicate': (i, ctx) => storyboard.duplicateShot(i, ctxOrigin(ctx)),
    'shots:delete': (i, ctx) => storyboard.deleteShots(i, ctxOrigin(ctx)),
    'shots:move': (i, ctx) => storyboard.moveShot(i, ctxOrigin(ctx)),
    'characters:add': (i, ctx) => storyboard.addCharacter(i, ctxOrigin(ctx)),
    'characters:update': (i, ctx) => storyboard.updateCharacter(i, ctxOrigin(ctx)),
    'characters:delete': (i, ctx) => storyboard.deleteCharacter(i, ctxOrigin(ctx)),
    'dialogue:add': (i, ctx) => storyboard.addLine(i, ctxOrigin(ctx)),
    'dialogue:update': (i, ctx) => storyboard.updateLine(i, ctxOrigin(ctx)),
    'dialogue:delete': (i, ctx) => storyboard.deleteLine(i, ctxOrigin(ctx)),
    'sound:add': (i, ctx) => storyboard.addCue(i, ctxOrigin(ctx)),
    'sound:update': (i, ctx) => storyboard.updateCue(i, ctxOrigin(ctx)),
    'sound:delete': (i, ctx) => storyboard.deleteCue(i, ctxOrigin(ctx)),
    'continuity:update': (i, ctx) => storyboard.updateContinuity(i, ctxOrigin(ctx)),
    'locations:add': (i, ctx) => storyboard.addLocation(i, ctxOrigin(ctx)),
    'locations:update': (i, ctx) => storyboard.updateLocation(i, ctxOrigin(ctx)),
    'locations:delete': (i, ctx) => storyboard.deleteLocation(i, ctxOrigin(ctx)),
  };
  const dispatcher = new Dispatcher(handlers, log);
  log.info('engine started', { dataDir: paths.dataDir, version: opts.appVersion, node: process.versions.node });

  return {
    paths,
    events,
    dispatcher,
    projects,
    storyboard,
    log,
    info,
    close: () => {
      db.close();
      log.info('engine stopped');
    },
  };
}
