import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelManifestSchema, type ModelManifest } from '../../../shared/models';
import { formatTimeLeft } from '../../../shared/time';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';
import type { JobHandler } from '../queue/jobTypes';
import { freeBytesAt } from '../fsUtil';
import { downloadFile } from './download';
import { MANIFEST_FILE } from './manifests';
import type { ModelRegistry } from './registry';

export const PackDownloadPayloadSchema = z.object({
  /** URL of the pack's manifest.json; its files are fetched from beside it. */
  manifestUrl: z.url(),
  manifest: ModelManifestSchema,
});
export type PackDownloadPayload = z.infer<typeof PackDownloadPayloadSchema>;

/** Fetches a small text (a manifest, a licence) over http(s). */
export async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(url, { ...(signal ? { signal } : {}) }).catch((e: unknown) => {
    throw new JobFailure('DOWNLOAD_FAILED', `Could not reach ${url}: ${e instanceof Error ? e.message : String(e)}`, true);
  });
  if (!res.ok) throw new JobFailure('DOWNLOAD_FAILED', `The server answered ${res.status} for ${url}.`, res.status >= 500);
  return res.text();
}

/** Reads and validates a pack's manifest from its URL. */
export async function fetchManifest(url: string): Promise<ModelManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fetchText(url));
  } catch (e) {
    if (e instanceof JobFailure) throw e;
    throw new JobFailure('INVALID_FILE', `${url} is not a pack manifest (not JSON).`);
  }
  const parsed = ModelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new JobFailure('INVALID_FILE', `The pack manifest at ${url} is invalid: ${fields.slice(0, 6).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Downloads a pack file by file into a staging folder beside the packs (kept across restarts, so
 * every file resumes from its `.part`), verifies each sha256, checks the whole pack, and only then
 * renames it into place. Progress is weighted by bytes, with the ETA of the transfer.
 */
export function packDownloadHandler(d: {
  registry: ModelRegistry;
  onInstalled: (id: string) => Promise<void>;
}): JobHandler<PackDownloadPayload> {
  return {
    kind: 'model.download',
    lane: 'cpu',
    payload: PackDownloadPayloadSchema,
    maxAttempts: 3,
    async run(ctx) {
      const { manifest, manifestUrl } = ctx.payload;
      const packsDir = d.registry.dirs.packsDir;
      const staging = join(packsDir, `.downloading-${manifest.id}`);
      mkdirSync(staging, { recursive: true });
      const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
      const free = freeBytesAt(packsDir);
      let done = 0;
      for (const f of manifest.files) {
        const dest = join(staging, f.path);
        if (existsSync(dest)) done += f.bytes;
        else if (existsSync(`${dest}.part`)) done += statSync(`${dest}.part`).size;
      }
      if (total - done > free) {
        throw new JobFailure(
          'DISK_FULL',
          `The pack needs ${Math.ceil((total - done) / 2 ** 20)} MiB more; ${Math.floor(free / 2 ** 20)} MiB are free. Free some space and retry.`,
        );
      }
      let before = 0;
      for (const f of manifest.files) {
        throwIfAborted(ctx.signal);
        const dest = join(staging, f.path);
        mkdirSync(join(dest, '..'), { recursive: true });
        if (!existsSync(dest)) {
          await downloadFile(
            { url: new URL(f.path, manifestUrl).toString(), dest, sha256: f.sha256, bytes: f.bytes },
            {
              signal: ctx.signal,
              onProgress: (p) => {
                const eta = p.etaSeconds === null ? '' : `, ${formatTimeLeft((total - before - p.received) / Math.max(1, p.rate))} left`;
                ctx.progress(
                  (0.97 * (before + p.received)) / total,
                  `Downloading ${f.path} (${mb(before + p.received)} of ${mb(total)} MB${eta})`,
                );
              },
            },
          );
        }
        before += f.bytes;
      }
      if (manifest.licence.file && !existsSync(join(staging, manifest.licence.file))) {
        writeFileSync(
          join(staging, manifest.licence.file),
          await fetchText(new URL(manifest.licence.file, manifestUrl).toString(), ctx.signal),
        );
      }
      writeFileSync(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
      ctx.progress(0.97, 'Verifying the pack');
      const checked = await d.registry.check(staging, 'pack', manifest.id);
      if (checked.status !== 'ok') throw new JobFailure('INVALID_FILE', `The downloaded pack did not verify: ${checked.problem}`);
      const target = join(packsDir, manifest.id);
      const old = join(packsDir, `.replaced-${manifest.id}-${Date.now()}`);
      if (existsSync(target)) renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
      await d.onInstalled(manifest.id);
      ctx.progress(1, 'Installed');
      return { id: manifest.id, bytes: total };
    },
  };
}

const mb = (b: number) => (b / 1e6).toFixed(1);
