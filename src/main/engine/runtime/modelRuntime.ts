import { join } from 'node:path';
import type { ModelView, Provider, ProviderChoice, RuntimeView } from '../../../shared/models';
import type { Logger } from '../logger';
import { offeredProviders, providerOrder } from './providers';
import type { ModelRegistry } from './registry';
import type { LoadResult, RunResult, WireTensor, WorkerInfo } from './worker/protocol';
import type { InferenceWorkerHost } from './worker/workerHost';

/** A loaded model file that pipelines call; the session itself lives in the worker. */
export interface ModelSession {
  readonly modelId: string;
  readonly provider: Provider;
  run(feeds: Record<string, WireTensor>, opts?: { signal?: AbortSignal; fetches?: string[] }): Promise<Record<string, WireTensor>>;
}

export interface ModelRuntimeDeps {
  registry: ModelRegistry;
  host: InferenceWorkerHost;
  /** The user's provider setting. */
  choice: () => ProviderChoice;
  log: Logger;
  platform?: NodeJS.Platform;
  budgetMB: number;
}

/**
 * The on-device model runtime: resolves a model through the registry (only verified files load),
 * picks execution providers for this machine and the user's setting, and loads and runs sessions
 * in the inference worker. Remembers which provider each model actually runs on.
 */
export class ModelRuntime {
  private readonly providers = new Map<string, Provider>();
  private readonly failed = new Map<Provider, string>();

  constructor(private readonly d: ModelRuntimeDeps) {
    d.host.onCrash = () => this.providers.clear();
  }

  /** Loads (or finds loaded) one file of a model and returns a handle to run it. */
  async session(modelId: string, opts: { role?: string; signal?: AbortSignal } = {}): Promise<ModelSession> {
    const role = opts.role ?? 'model';
    const { manifest, folder } = this.d.registry.require(modelId);
    const file = manifest.files.find((f) => f.role === role);
    if (!file) throw new Error(`The model "${manifest.name}" has no file with the role "${role}".`);
    const key = `${modelId}/${role}`;
    const order = providerOrder({
      platform: this.d.platform ?? process.platform,
      offered: offeredProviders(await this.d.host.backends()),
      choice: this.d.choice(),
      modelProviders: manifest.providers,
    });
    const loaded = await this.d.host.request<LoadResult>(
      {
        op: 'load',
        key,
        file: join(folder, file.path),
        order,
        memoryMB: manifest.memoryMB,
        ...(file.inputs ? { inputs: file.inputs } : {}),
        ...(file.outputs ? { outputs: file.outputs } : {}),
      },
      opts.signal,
    );
    for (const f of loaded.failed) {
      if (!this.failed.has(f.provider)) this.d.log.info('execution provider unavailable', { provider: f.provider, message: f.message });
      this.failed.set(f.provider, f.message);
    }
    for (const k of loaded.evicted) this.providers.delete(k);
    this.providers.set(key, loaded.provider);
    const host = this.d.host;
    return {
      modelId,
      provider: loaded.provider,
      async run(feeds, o = {}) {
        const r = await host.request<RunResult>({ op: 'run', key, feeds, ...(o.fetches ? { fetches: o.fetches } : {}) }, o.signal);
        return r.outputs;
      },
    };
  }

  /** Releases every session (the queue's pause, low memory). */
  async releaseAll(): Promise<void> {
    if (!this.d.host.running) return;
    await this.d.host.request<WorkerInfo>({ op: 'release' });
    this.providers.clear();
  }

  /** What the Models panel lists. */
  models(): ModelView[] {
    return this.d.registry.list().map((e) => {
      const keys = [...this.providers.keys()].filter((k) => k.startsWith(`${e.id}/`));
      return {
        id: e.id,
        name: e.manifest?.name ?? e.id,
        task: e.manifest?.task ?? 'unknown',
        origin: e.origin,
        version: e.manifest?.version ?? '',
        status: e.status,
        problem: e.problem,
        bytes: e.bytes,
        memoryMB: e.manifest?.memoryMB ?? 0,
        licence: e.manifest?.licence.name ?? '',
        source: e.manifest?.source.name ?? '',
        folder: e.folder,
        provider: keys.length ? this.providers.get(keys[0]!)! : null,
        loaded: keys.length > 0,
      };
    });
  }

  async view(): Promise<RuntimeView> {
    // Asking the worker what its onnxruntime build offers starts it if it is not running.
    const offered = offeredProviders(await this.d.host.backends());
    const choice = this.d.choice();
    return {
      choice,
      order: providerOrder({ platform: this.d.platform ?? process.platform, offered, choice, modelProviders: offered }),
      failed: [...this.failed.entries()].map(([provider, message]) => ({ provider, message })),
      worker: { running: this.d.host.running, pid: this.d.host.pid, restarts: this.d.host.restarts, memoryBudgetMB: this.d.budgetMB },
    };
  }

  /** Forgets provider failures (after the user changes the setting, say). */
  resetProviders(): void {
    this.failed.clear();
  }
}
