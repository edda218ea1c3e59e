import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelManifest } from '../../../../shared/models';
import type { ModelRuntime, ModelSession } from '../../runtime/modelRuntime';
import type { ModelRegistry } from '../../runtime/registry';
import { ClipTokenizer } from './clipTokenizer';

/** What a pack pipeline gets: its manifest, its files, and sessions in the inference worker. */
export interface PackContext {
  manifest: ModelManifest;
  folder: string;
  session(role: string, signal?: AbortSignal): Promise<ModelSession>;
  readText(role: string): string;
}

export function packContext(registry: ModelRegistry, runtime: ModelRuntime, modelId: string): PackContext {
  const { manifest, folder } = registry.require(modelId);
  const file = (role: string) => {
    const f = manifest.files.find((x) => x.role === role);
    if (!f) throw new Error(`The pack "${manifest.name}" has no file with the role "${role}".`);
    return join(folder, f.path);
  };
  return {
    manifest,
    folder,
    session: (role, signal) => runtime.session(modelId, { role, ...(signal ? { signal } : {}) }),
    readText: (role) => readFileSync(file(role), 'utf8'),
  };
}

export function clipTokenizerOf(ctx: PackContext): ClipTokenizer {
  return new ClipTokenizer(JSON.parse(ctx.readText('tokenizer_vocab')) as Record<string, number>, ctx.readText('tokenizer_merges'));
}

/** A number from the pack's config, or a default. */
export function num(config: Record<string, unknown>, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Encodes a prompt with the pack's text encoder: [1, length, D] hidden states. */
export async function encodePrompt(ctx: PackContext, text: string, signal?: AbortSignal): Promise<{ data: Float32Array; dims: number[] }> {
  const length = num(ctx.manifest.config, 'textLength', 77);
  const ids = clipTokenizerOf(ctx).encodePadded(text, length);
  const enc = await ctx.session('text_encoder', signal);
  const out = await enc.run({ input_ids: { type: 'int32', dims: [1, length], data: ids } }, signal ? { signal } : {});
  const h = out.last_hidden_state ?? Object.values(out)[0];
  if (!h) throw new Error('The text encoder returned nothing.');
  return { data: h.data as Float32Array, dims: h.dims };
}

/** [-1, 1] planar RGB (C, H, W) → RGBA bytes. */
export function planarToRgba(data: Float32Array, width: number, height: number, offset = 0): Uint8ClampedArray {
  const plane = width * height;
  const out = new Uint8ClampedArray(plane * 4);
  for (let i = 0; i < plane; i++) {
    out[i * 4] = (data[offset + i]! + 1) * 127.5;
    out[i * 4 + 1] = (data[offset + plane + i]! + 1) * 127.5;
    out[i * 4 + 2] = (data[offset + 2 * plane + i]! + 1) * 127.5;
    out[i * 4 + 3] = 255;
  }
  return out;
}
