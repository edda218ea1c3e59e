import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, availableParallelism, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/result';
import { ensureSigningIdentity, type SigningIdentity } from './export/credentials';
import { asarUnpacked, resolveMediaTools } from './export/ffmpegPaths';
import { FfmpegRunner } from './export/ffmpegRunner';
import { RenderQueue } from './queue/renderQueue';
import type { EnqueueSpec } from './queue/jobTypes';
import type { JobRecord } from './queue/jobStore';
import { SqliteJobStore } from './queue/sqliteJobStore';
import { exportHandler } from './render/exportJob';
import { RenderService } from './render/renderService';
import { TakeCache } from './render/takeCache';
import { WORK_ANCHOR, workKey, workWeight } from './render/workWeight';
import { shotRenderHandler } from './render/shotRenderJob';
import { generateHandler } from './render/generateJob';
import { LipsyncService } from './dialogue/lipsyncService';
import type { PackVoice } from './dialogue/lineSpeech';
import { packContext } from './pipelines/packs/packContext';
import { synthesizePiper } from './pipelines/packs/piperTts';
import { resampleLinear } from './pipelines/speech/fliteTts';
import { LineAudioService } from './dialogue/lineAudioService';
import { TakeService } from './dialogue/takeService';
import { MusicService } from './sound/musicService';
import { speechHandler } from './render/speechJob';
import type { AppInfo } from '../../shared/ipc/contract';
import type { Project } from '../../shared/domain';
import { EventBus } from './events';
import { newId as defaultNewId } from './ids';
import { Dispatcher, type CallContext, type Handlers } from './ipc/dispatcher';
import { createFileLogger } from './logger';
import { libraryPaths } from './paths';
import { ProjectEditor } from './projects/projectEditor';
import { ProjectService } from './projects/projectService';
import { StoryboardService } from './projects/storyboardService';
import { openDatabase, type Db } from './store/db';
import { ProjectStore } from './store/projectStore';
import { analyzeHandler } from './runtime/analyzeJob';
import type { HashCache } from './runtime/fileHash';
import { ModelRuntime } from './runtime/modelRuntime';
import { ModelService } from './runtime/modelService';
import { packDownloadHandler } from './runtime/packDownloadJob';
import { ModelRegistry } from './runtime/registry';
import { forkWorker, InferenceWorkerHost } from './runtime/worker/workerHost';
import { CameoStore } from './cameo/cameoStore';
import { ConsentService } from './cameo/consentService';
import { CameoService } from './cameo/cameoService';
import { gateCameos } from './cameo/cameoGate';
import { HumanFaceModels } from './cameo/capture/humanFace';
import { cameoCutoutPicker } from './cameo/cutouts';
import { probeMedia } from './media/probe';
import { FeedService } from './feed/feedService';
import { uploadHandler } from './feed/uploadJob';
import { CameoShareService } from './cameo/cameoShare';
import { Profiles } from './cameo/profiles';
import { cameoAndFeedHandlers } from './ipc/cameoFeedHandlers';
import { renderHandlers } from './ipc/renderHandlers';
import { storyboardHandlers } from './ipc/storyboardHandlers';
import { blazeFaceConfig, detectFaces } from './pipelines/faces/blazeFace';
import { detectSpeech, vadConfig } from './pipelines/vad/sileroVad';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { userInfo } from 'node:os';

import { defaultModelsDir, type Engine, type EngineOptions } from './engineTypes';

export type { Engine, EngineOptions } from './engineTypes';
export { defaultModelsDir } from './engineTypes';

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
  const projects = new ProjectService(store, editor, events, newId, clock, opts.appVersion, (path) =>
    existsSync(join(paths.dataDir, path)),
  );
  const storyboard = new StoryboardService(editor, newId);
  if (opts.sample !== false) projects.ensureSampleProject();

  const tools = opts.mediaTools ?? resolveMediaTools();
  const ffmpeg = new FfmpegRunner(tools.ffmpeg);
  let identity: Promise<SigningIdentity> | null = null;
  const signingIdentity = () => (identity ??= ensureSigningIdentity(join(paths.dataDir, 'credentials')));
  const fontFile = asarUnpacked(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  const hashCache: HashCache = { get: (k) => store.getState(`models.${k}`), set: (k, v) => store.setState(`models.${k}`, v) };
  const registry = new ModelRegistry(
    { builtInDir: opts.builtInModelsDir ?? defaultModelsDir(), packsDir: join(paths.dataDir, 'models', 'packs') },
    hashCache,
  );
  mkdirSync(registry.dirs.packsDir, { recursive: true });
  const budgetMB = opts.workerBudgetMB ?? Math.min(16384, Math.round(totalmem() / 2 ** 20 / 4));
  const inference = new InferenceWorkerHost(opts.workerFactory?.(budgetMB) ?? forkWorker({ budgetMB, log }), log);
  let models: ModelService | null = null;
  const modelRuntime = new ModelRuntime({ registry, host: inference, choice: () => models?.providerChoice() ?? 'auto', log, budgetMB });
  // Cameos: who may use which, checked when work is queued and again when it runs.
  const cameoStore = new CameoStore(db);
  const profiles = new Profiles({
    store: cameoStore,
    settings: store,
    newId,
    clock,
    firstProfileName: safeUserName(),
    onChanged: () => consent.changed(),
  });
  const consent: ConsentService = new ConsentService({
    store: cameoStore,
    profiles,
    events,
    clock,
    mediaDir: paths.mediaDir,
    onPolicyChanged: (cameoId) => void feed.syncCameo(cameoId),
    onOutputsRevoked: (revoked) => {
      const marked = new Set(revoked.map((r) => `media/${r}`));
      for (const summary of store.list()) {
        const doc = editor.load(summary.id);
        if (!doc.shots.some((sh) => sh.takes.some((t) => marked.has(t.path) && t.status !== 'revoked'))) continue;
        editor.edit(summary.id, { origin: 'consent' }, (draft) => {
          for (const sh of draft.shots) for (const t of sh.takes) if (marked.has(t.path)) t.status = 'revoked';
        });
      }
    },
  });
  const faceModels = new HumanFaceModels();
  const frameImage = (f: { data: Uint8Array; width: number; height: number }) => {
    const c = createCanvas(f.width, f.height);
    c.getContext('2d').putImageData(
      new ImageData(new Uint8ClampedArray(f.data.buffer, f.data.byteOffset, f.data.byteLength), f.width, f.height),
      0,
      0,
    );
    return c;
  };
  const cameos = new CameoService({
    store: cameoStore,
    consent,
    enqueue: (specs: readonly EnqueueSpec[]): JobRecord[] => queue.enqueue(specs),
    mediaDir: paths.mediaDir,
    inboxDir: join(paths.dataDir, 'tmp', 'captures'),
    newId,
    clock,
    probe: (f, signal) => probeMedia(tools.ffprobe, f, signal),
    tools: async () => {
      await registry.ensureScanned();
      const faceCfg = blazeFaceConfig(registry.require('blazeface-short-range').manifest.config);
      const vadCfg = vadConfig(registry.require('silero-vad').manifest.config);
      return {
        runner: ffmpeg,
        probe: (f, signal) => probeMedia(tools.ffprobe, f, signal),
        detectFaces: async (frame, signal) =>
          (await detectFaces(frameImage(frame), await modelRuntime.session('blazeface-short-range', { signal }), faceCfg, { signal }))
            .faces,
        detectSpeech: async (samples, signal) =>
          (await detectSpeech(samples, await modelRuntime.session('silero-vad', { signal }), vadCfg, { signal })).segments,
        face: faceModels,
      };
    },
  });
  // The render service and the shot handler need each other (a finished take is attached to its shot).
  let render: RenderService | null = null;
  const feed: FeedService = new FeedService({
    cameos: cameoStore,
    log,
    settings: store,
    projects,
    load: (id) => editor.load(id),
    enqueue: (specs) => queue.enqueue(specs),
    consent,
    events,
    mediaDir: paths.mediaDir,
    exportsDir: paths.exportsDir,
    syncShared: () => shared.sync(),
  });
  // Cameos shared between studios: the feed decides, this studio keeps the owner's signed grant.
  const shared = new CameoShareService({
    store: cameoStore,
    consent,
    account: () => feed.account(),
    mediaDir: paths.mediaDir,
    exportsDir: paths.exportsDir,
    newId,
    clock,
  });
  const queue = new RenderQueue({
    store: new SqliteJobStore(db),
    handlers: [
      gateCameos(
        shotRenderHandler({ runner: ffmpeg, mediaDir: paths.mediaDir, onTake: (p, r) => render?.attachTake(p, r) }),
        () => consent,
        {
          use: 'render',
          detail: (p) => `shot ${p.shotIndex + 1} "${p.shotTitle}" of project ${editor.load(p.projectId).name}`,
          output: (p) => ({ path: p.takePath, kind: 'take' }),
        },
      ),
      gateCameos(exportHandler({ runner: ffmpeg, mediaDir: paths.mediaDir, fontFile, identity: signingIdentity }), () => consent, {
        use: 'export',
        detail: (p) => `export of "${p.projectName}" to ${p.outputPath}`,
        output: (p) => ({ path: p.outputPath, kind: 'export' }),
        inputs: (p) => p.shots.map((sh) => sh.takePath),
      }),
      cameos.handler(),
      uploadHandler({
        account: () => feed.account(),
        ...(opts.offlineRetryMs !== undefined ? { offlineRetryMs: opts.offlineRetryMs } : {}),
        storyboard: (projectId) => projects.exportDocument({ projectId }).text,
        // A cleared URL is stored as '' and read back as none (tus would try to resume from '').
        urls: { get: (k) => store.getState(k) || null, set: (k, v) => store.setState(k, v ?? '') },
        beforeUpload: (path, profileId) => consent.assertOutputUsable(path, 'upload', profileId ?? consent.activeProfile().id),
        afterUpload: (path, used, postId, projectId, profileId) =>
          used.length &&
          consent.recordUse(used, profileId ?? consent.activeProfile().id, 'upload', { projectId, detail: `post ${postId} (${path})` }),
      }),
      analyzeHandler({ runtime: modelRuntime, registry, runner: ffmpeg }),
      speechHandler({ mediaDir: paths.mediaDir, packVoice: (...a) => packVoice(...a) }),
      generateHandler({ registry, runtime: modelRuntime, runner: ffmpeg, mediaDir: paths.mediaDir }),
      packDownloadHandler({ registry, onInstalled: () => models?.installed() ?? Promise.resolve() }),
    ],
    // Pausing the whole queue gives the models' memory back.
    releaseResources: () => modelRuntime.releaseAll(),
    tempRoot: join(paths.dataDir, 'tmp', 'jobs'),
    events,
    log,
    // At least two cpu jobs: while one shot's last segment is encoded and its take muxed, the next
    // shot's layers are prepared and drawn (bench:export at 720p on two cores: median 16.0 s
    // against 18.2 s with one, five runs each).
    lanes: { cpu: Math.max(2, availableParallelism() - 1), ffmpeg: 1, ...opts.lanes },
    newId: () => newId('job'),
    weigh: workWeight,
    workKey,
    workAnchor: WORK_ANCHOR,
    clock,
  });
  const takePhones = (p: Project, l: Parameters<TakeService['phonesFor']>[1]) => takeService?.phonesFor(p, l) ?? Promise.resolve(null);
  let takeService: TakeService | null = null;
  render = new RenderService({
    editor,
    queue,
    paths,
    appVersion: opts.appVersion,
    newId,
    log,
    identity: signingIdentity,
    registry,
    takePhones,
    consent,
    cameoCutouts: cameoCutoutPicker(cameoStore, paths.mediaDir),
  });
  const renderService = render;
  const takeCache = new TakeCache({
    mediaDir: paths.mediaDir,
    projects: () => store.list(),
    load: (id) => editor.load(id),
    edit: (id, ctx, mutate) => editor.edit(id, ctx, mutate),
    jobs: () => queue.snapshot().jobs,
    payload: (id) => queue.get(id)?.payload,
    log,
  });
  // Neural voice packs speak dialogue through the model runtime.
  const packVoice: PackVoice = async (engine, voice, text, signal) => {
    await registry.ensureScanned();
    const a = await synthesizePiper(packContext(registry, modelRuntime, engine), text, {
      ...(voice.voiceId && voice.voiceId !== 'default' ? { speaker: voice.voiceId } : {}),
      lengthScale: 1 / voice.rate,
      ...(signal ? { signal } : {}),
    });
    return resampleLinear(a.samples, a.sampleRate, 16000);
  };
  const lipsync = new LipsyncService({ editor, mediaDir: paths.mediaDir, takes: () => takes, packVoice });
  const music = new MusicService({ editor, mediaDir: paths.mediaDir, runner: ffmpeg, fps: (id) => editor.load(id).settings.fps });
  const takes = new TakeService({ editor, mediaDir: paths.mediaDir, runner: ffmpeg, registry, runtime: modelRuntime, packVoice });
  takeService = takes;
  const lineAudio = new LineAudioService({ editor, mediaDir: paths.mediaDir, takes, packVoice });
  models = new ModelService({ registry, runtime: modelRuntime, settings: store, queue, events });
  const modelService = models;
  if (opts.startQueue !== false) queue.start({ schedule: opts.startQueue !== 'load-only' });
  // While signed in to a feed, its notifications (takedowns, cameo requests) are fetched now and then.
  const feedSync = opts.feedSyncMs === 0 ? null : setInterval(() => void feed.sync(), opts.feedSyncMs ?? 5 * 60_000);
  feedSync?.unref();

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
    ...storyboardHandlers({ projects, storyboard }),
    ...renderHandlers({ render: renderService, cache: takeCache, queue, exportsDir: paths.exportsDir }),
    'lipsync:report': (i) => lipsync.report(i),
    'dialogue:audio': (i) => lineAudio.lineAudio(i),
    'dialogue:importTake': (i, ctx) => takes.importTake(i, ctxOrigin(ctx)),
    'music:import': (i, ctx) => music.importMusic(i, ctxOrigin(ctx)),
    'music:upload': (i, ctx) => music.uploadMusic(i, ctxOrigin(ctx)),
    'music:update': (i, ctx) => music.update(i, ctxOrigin(ctx)),
    'dialogue:uploadTake': (i, ctx) => takes.uploadTake(i, ctxOrigin(ctx)),
    'models:list': (i) => modelService.list(i),
    'models:runtime': () => modelService.runtimeView(),
    'models:setProvider': (i) => modelService.setProvider(i),
    'models:inspectPack': (i) => modelService.inspectPack(i),
    'models:importPack': (i) => modelService.importPack(i),
    'models:analyze': (i) => modelService.analyze(i),
    'models:inspectUrl': (i) => modelService.inspectUrl(i),
    'models:downloadPack': (i) => modelService.downloadPack(i),
    'app:setCapturing': (i) => (opts.onCapturing?.(i.capturing), { capturing: i.capturing }),
    ...cameoAndFeedHandlers({ profiles, consent, cameos, shared, feed, exportsDir: paths.exportsDir }),
    'files:showInFolder': (i) => {
      if (!existsSync(i.path)) throw new AppError('NOT_FOUND', `${i.path} no longer exists. It may have been moved or deleted.`);
      if (!opts.revealFile) throw new AppError('PERMISSION_DENIED', `Showing files needs the desktop app. The file is at ${i.path}.`);
      opts.revealFile(i.path);
      return {};
    },
    'files:chooseFolder': async (i) => {
      if (!opts.chooseFolder)
        throw new AppError('PERMISSION_DENIED', "Choosing a folder needs the desktop app. Type the folder's path instead.");
      return { path: await opts.chooseFolder(i) };
    },
  };
  const dispatcher = new Dispatcher(handlers, log);
  log.info('engine started', { dataDir: paths.dataDir, version: opts.appVersion, node: process.versions.node });

  return {
    paths,
    events,
    dispatcher,
    projects,
    storyboard,
    queue,
    render: renderService,
    ffmpeg,
    models: modelService,
    modelRuntime,
    modelRegistry: registry,
    inference,
    log,
    info,
    consent,
    shutdown: async () => {
      if (feedSync) clearInterval(feedSync);
      await queue.stop();
      await faceModels.close();
      await inference.stop();
      db.close();
      log.info('engine stopped');
    },
    close: () => {
      if (feedSync) clearInterval(feedSync);
      queue.halt();
      void faceModels.close();
      ffmpeg.killAll();
      void inference.stop();
      db.close();
      log.info('engine stopped');
    },
  };
}

/** The OS user's name for the first profile ("Me" where it cannot be read). */
function safeUserName(): string {
  try {
    const n = userInfo().username.trim();
    return n ? n.charAt(0).toUpperCase() + n.slice(1) : 'Me';
  } catch {
    return 'Me';
  }
}
