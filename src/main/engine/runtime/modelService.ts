import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractArchive, isArchive, packRoot } from './archive';
import { MANIFEST_FILE } from './manifests';
import type { z } from 'zod';
import type { PackInfoSchema } from '../../../shared/ipc/contract';
import { ProviderChoiceSchema, type ModelManifest, type ModelView, type ProviderChoice, type RuntimeView } from '../../../shared/models';
import { AppError } from '../../../shared/result';
import type { EventBus } from '../events';
import type { RenderQueue } from '../queue/renderQueue';
import type { AnalyzePayload } from './analyzeJob';
import { readManifest } from './manifests';
import { fetchManifest, fetchText, type PackDownloadPayload } from './packDownloadJob';
import type { ModelRuntime } from './modelRuntime';
import type { ModelRegistry } from './registry';
import { freeBytesAt } from '../fsUtil';

/** Small persistent settings (app_state). */
export interface SettingsStore {
  getState(key: string): string | null;
  setState(key: string, value: string): void;
}

export type PackInfo = z.infer<typeof PackInfoSchema>;

const PROVIDER_KEY = 'runtime.provider';
const licenceKey = (id: string, version: string) => `models.licence.${id}@${version}`;

/** The Models panel and `shotline models …`: list, verify, choose a provider, import packs, analyse media. */
export class ModelService {
  constructor(
    private readonly d: {
      registry: ModelRegistry;
      runtime: ModelRuntime;
      settings: SettingsStore;
      queue: RenderQueue;
      events: EventBus;
    },
  ) {}

  providerChoice(): ProviderChoice {
    const parsed = ProviderChoiceSchema.safeParse(this.d.settings.getState(PROVIDER_KEY));
    return parsed.success ? parsed.data : 'auto';
  }

  /** Installed models and packs; `rescan` re-reads manifests and re-checks files first. */
  async list(i: { rescan?: boolean } = {}): Promise<ModelView[]> {
    if (i.rescan) await this.d.registry.scan();
    else await this.d.registry.ensureScanned();
    return this.d.runtime.models();
  }

  runtimeView(): Promise<RuntimeView> {
    return this.d.runtime.view();
  }

  /** Sets the provider override; sessions are released so the next load uses it. */
  async setProvider(i: { choice: ProviderChoice }): Promise<RuntimeView> {
    this.d.settings.setState(PROVIDER_KEY, i.choice);
    await this.d.runtime.releaseAll();
    this.d.runtime.resetProviders();
    this.changed();
    return this.d.runtime.view();
  }

  /** Reads a pack folder without installing it: what it is, its size, and the licence to accept. */
  async inspectPack(i: { path: string }): Promise<PackInfo> {
    await this.d.registry.ensureScanned();
    const { folder, cleanup } = this.openPack(i.path);
    try {
      return this.inspectFolder(folder);
    } finally {
      cleanup();
    }
  }

  /** A pack folder, or an archive (.zip, .tar, .tar.gz) unpacked into a temp folder. */
  private openPack(path: string): { folder: string; cleanup: () => void } {
    const src = resolve(path);
    if (!existsSync(src)) throw new AppError('NOT_FOUND', `${src} does not exist. Choose the pack's folder or archive.`);
    if (statSync(src).isDirectory()) return { folder: src, cleanup: () => undefined };
    if (!isArchive(src))
      throw new AppError('INVALID_FILE', `${src} is not a pack: choose its folder (with manifest.json) or a .zip / .tar.gz of it.`);
    const tmp = mkdtempSync(join(tmpdir(), 'shotline-pack-'));
    try {
      extractArchive(src, tmp);
      const folder = packRoot(
        tmp,
        (f) => existsSync(join(f, MANIFEST_FILE)),
        (f) => readdirSync(f),
      );
      return { folder, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  private inspectFolder(folder: string): PackInfo {
    const read = readManifest(folder);
    if (!read.ok) throw new AppError('INVALID_FILE', `This is not a usable model pack: ${read.problem}`);
    const m = read.manifest;
    let text: string | null = null;
    if (m.licence.file) {
      try {
        text = readFileSync(join(folder, m.licence.file), 'utf8').slice(0, 200_000);
      } catch {
        throw new AppError('INVALID_FILE', `The pack names its licence file ${m.licence.file}, but it is not in the folder.`);
      }
    }
    return this.packInfo(m, text);
  }

  /** What the user sees before installing: the pack, its size, its licence and whether it was accepted. */
  private packInfo(m: ModelManifest, licenceText: string | null): PackInfo {
    return {
      id: m.id,
      name: m.name,
      task: m.task,
      version: m.version,
      bytes: m.files.reduce((s, f) => s + f.bytes, 0),
      licence: { name: m.licence.name, text: licenceText, accepted: this.d.settings.getState(licenceKey(m.id, m.version)) === 'yes' },
      source: m.source.name,
      alreadyInstalled: this.d.registry.get(m.id)?.origin === 'pack',
    };
  }

  /**
   * Installs a pack folder: copied beside the packs under a temp name, every file checked against
   * the manifest, then renamed into place. An installed pack with the same id is replaced only
   * after the new one verified; a failure leaves what was installed as it was.
   */
  async importPack(i: { path: string; acceptLicence: boolean }): Promise<ModelView> {
    await this.d.registry.ensureScanned();
    const { folder: source, cleanup } = this.openPack(i.path);
    try {
      return await this.importFolder(source, i.acceptLicence);
    } finally {
      cleanup();
    }
  }

  private async importFolder(source: string, acceptLicence: boolean): Promise<ModelView> {
    const info = this.inspectFolder(source);
    if (this.d.registry.get(info.id)?.origin === 'built-in') {
      throw new AppError('CONFLICT', `"${info.id}" is a built-in model's id; a pack cannot replace it.`);
    }
    if (!info.licence.accepted && !acceptLicence) {
      throw new AppError('PERMISSION_DENIED', `Accept the licence of "${info.name}" (${info.licence.name}) to install it.`);
    }
    const packsDir = this.d.registry.dirs.packsDir;
    const target = join(packsDir, info.id);
    const staging = join(packsDir, `.importing-${info.id}-${Date.now()}`);
    const old = join(packsDir, `.replaced-${info.id}-${Date.now()}`);
    try {
      cpSync(source, staging, { recursive: true, errorOnExist: true });
      const checked = await this.d.registry.check(staging, 'pack', info.id);
      if (checked.status !== 'ok') throw new AppError('INVALID_FILE', `The pack "${info.name}" did not verify: ${checked.problem}`);
      if (existsSync(target)) renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } catch (e) {
      if (!existsSync(target) && existsSync(old)) renameSync(old, target);
      throw e instanceof AppError
        ? e
        : (e as NodeJS.ErrnoException).code === 'ENOSPC'
          ? new AppError(
              'IO_ERROR',
              `The disk is full: the pack needs ${Math.ceil(info.bytes / 2 ** 20)} MiB. Free some space and try again.`,
            )
          : e;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    this.d.settings.setState(licenceKey(info.id, info.version), 'yes');
    await this.d.registry.scan();
    this.changed();
    return this.d.runtime.models().find((m) => m.id === info.id)!;
  }

  /** Reads a pack's manifest and licence from a URL, before anything is downloaded. */
  async inspectUrl(i: { url: string }): Promise<PackInfo & { freeBytes: number }> {
    await this.d.registry.ensureScanned();
    const m = await fetchManifest(i.url);
    const text = m.licence.file ? (await fetchText(new URL(m.licence.file, i.url).toString())).slice(0, 200_000) : null;
    return { ...this.packInfo(m, text), freeBytes: freeBytesAt(this.d.registry.dirs.packsDir) };
  }

  /** Queues the download of a pack (resumable; verified; installed only when complete). */
  async downloadPack(i: { url: string; acceptLicence: boolean }): Promise<{ jobId: string }> {
    await this.d.registry.ensureScanned();
    const manifest = await fetchManifest(i.url);
    if (this.d.registry.get(manifest.id)?.origin === 'built-in') {
      throw new AppError('CONFLICT', `"${manifest.id}" is a built-in model's id; a pack cannot replace it.`);
    }
    const key = licenceKey(manifest.id, manifest.version);
    if (this.d.settings.getState(key) !== 'yes' && !i.acceptLicence) {
      throw new AppError('PERMISSION_DENIED', `Accept the licence of "${manifest.name}" (${manifest.licence.name}) to download it.`);
    }
    this.d.settings.setState(key, 'yes');
    const [job] = this.d.queue.enqueue([
      {
        kind: 'model.download',
        label: `Download ${manifest.name} (${(manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(0)} MB)`,
        projectId: null,
        payload: { manifestUrl: i.url, manifest } satisfies PackDownloadPayload,
      },
    ]);
    return { jobId: job!.id };
  }

  /** After a pack was installed by a job. */
  async installed(): Promise<void> {
    await this.d.registry.scan();
    this.changed();
  }

  /** Queues an analysis of a recording (speech) or image (faces) with a built-in model. */
  async analyze(i: { task: AnalyzePayload['task']; path: string; modelId?: string }): Promise<{ jobId: string }> {
    await this.d.registry.ensureScanned();
    const modelId = i.modelId ?? (i.task === 'speech' ? 'silero-vad' : 'blazeface-short-range');
    this.d.registry.require(modelId);
    const [job] = this.d.queue.enqueue([
      {
        kind: 'media.analyze',
        label: `${i.task === 'speech' ? 'Find speech in' : 'Find faces in'} ${i.path.split(/[\\/]/).pop()}`,
        projectId: null,
        payload: { task: i.task, path: resolve(i.path), modelId } satisfies AnalyzePayload,
      },
    ]);
    return { jobId: job!.id };
  }

  private changed(): void {
    this.d.events.emit('onModelsChanged', {});
  }
}
