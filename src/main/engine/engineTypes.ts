import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConsentService } from './cameo/consentService';
import type { EventBus } from './events';
import { asarUnpacked, type MediaTools } from './export/ffmpegPaths';
import type { FfmpegRunner } from './export/ffmpegRunner';
import type { IdFactory } from './ids';
import type { Dispatcher } from './ipc/dispatcher';
import type { Logger } from './logger';
import type { LibraryPaths } from './paths';
import type { Clock } from './projects/projectEditor';
import type { ProjectService } from './projects/projectService';
import type { StoryboardService } from './projects/storyboardService';
import type { RenderQueue } from './queue/renderQueue';
import type { RenderService } from './render/renderService';
import type { ModelRuntime } from './runtime/modelRuntime';
import type { ModelService } from './runtime/modelService';
import type { ModelRegistry } from './runtime/registry';
import type { InferenceWorkerHost, SpawnWorker } from './runtime/worker/workerHost';

// The engine's public shape: what createEngine takes and what it gives back.

export interface EngineOptions {
  dataDir: string;
  appVersion: string;
  logger?: Logger;
  clock?: Clock;
  newId?: IdFactory;
  /** Create the sample project on first run (default true). */
  sample?: boolean;
  /** Start the render queue (recovering interrupted jobs) at once (default true). */
  startQueue?: boolean | 'load-only';
  /** Concurrency of the queue's lanes (defaults: gpu 1, cpu cores−1 but at least 2, ffmpeg 1). */
  lanes?: { gpu?: number; cpu?: number; ffmpeg?: number };
  /** The renderer's recorder opened or closed (the desktop app grants camera and microphone only then). */
  onCapturing?: (capturing: boolean) => void;
  /** Shows a file in the system file manager (the desktop app passes Electron's shell). */
  revealFile?: (path: string) => void;
  /** Asks for a folder with the system's picker; null when closed (the desktop app passes Electron's dialog). */
  chooseFolder?: (o: { title?: string; defaultPath?: string }) => Promise<string | null>;
  mediaTools?: MediaTools;
  /** The app's built-in models folder (default: models/ of the app, unpacked from the asar). */
  builtInModelsDir?: string;
  /** How the inference worker starts (the desktop app passes an Electron utility process). */
  workerFactory?: (budgetMB: number) => SpawnWorker;
  /** How often a signed-in studio fetches its feed's notifications (default 5 min; 0: never). */
  feedSyncMs?: number;
  /** How often a queued upload tries again while its feed cannot be reached (default 15 s). */
  offlineRetryMs?: number;
  /** Memory the worker's sessions may hold (default: a quarter of RAM, at most 16 GiB). */
  workerBudgetMB?: number;
}

/** models/ of the app: found by walking up from this module to the folder that holds package.json and models/. */
export function defaultModelsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) return asarUnpacked(join(dir, 'models'));
    dir = dirname(dir);
  }
  return asarUnpacked(join(process.cwd(), 'models'));
}

export interface Engine {
  paths: LibraryPaths;
  events: EventBus;
  dispatcher: Dispatcher;
  projects: ProjectService;
  storyboard: StoryboardService;
  queue: RenderQueue;
  render: RenderService;
  ffmpeg: FfmpegRunner;
  models: ModelService;
  modelRuntime: ModelRuntime;
  modelRegistry: ModelRegistry;
  inference: InferenceWorkerHost;
  consent: ConsentService;
  log: Logger;
  info(transport: AppInfo['transport'], clientId?: string | null): AppInfo;
  /** Stops the queue gracefully (running jobs go back to queued with their checkpoints), then closes. */
  shutdown(): Promise<void>;
  /** Closes at once: live ffmpeg processes are killed; running jobs are recovered at the next start. */
  close(): void;
}
