import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelManifestSchema, type ModelManifest } from '../../../shared/models';

export const MANIFEST_FILE = 'manifest.json';

export type ManifestRead = { ok: true; manifest: ModelManifest } | { ok: false; problem: string };

/**
 * Reads and validates `<folder>/manifest.json`. A bad manifest never throws: it comes back as a
 * problem that names each missing or wrong field, so the model manager can list it as invalid.
 */
export function readManifest(folder: string): ManifestRead {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: `${MANIFEST_FILE} is missing from ${folder}.` };
    return { ok: false, problem: `${MANIFEST_FILE} is not valid JSON (${(e as Error).message}).` };
  }
  const parsed = ModelManifestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  return { ok: false, problem: `${MANIFEST_FILE} is invalid: ${fields.slice(0, 6).join('; ')}${fields.length > 6 ? ' …' : ''}` };
}
