import { z } from 'zod';

/**
 * Model manifests and what the studio shows about models. A manifest sits beside its files in
 * `models/<id>/manifest.json` (built-in) or in a pack folder; nothing is loaded that does not
 * match its manifest.
 */

/** What a model is for. The first two are built in; the rest come as user-supplied packs. */
export const MODEL_TASKS = ['vad', 'face-detection', 'tts', 'text-to-image', 'image-to-video', 'text-to-video'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

/** onnxruntime execution providers the studio knows, in its own names. */
export const PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const PROVIDER_LABELS: Record<Provider, string> = {
  cuda: 'CUDA (NVIDIA GPU)',
  dml: 'DirectML (Windows GPU)',
  coreml: 'Core ML (Apple)',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};
export const ProviderChoiceSchema = z.enum(['auto', ...PROVIDERS]);
export type ProviderChoice = z.infer<typeof ProviderChoiceSchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256');
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.split(/[\\/]/).includes('..') && !/^([a-zA-Z]:)?[\\/]/.test(p), 'must be a path inside the model folder');

export const TensorSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['float32', 'float16', 'int64', 'int32', 'uint8', 'bool']),
  /** Fixed sizes as numbers; symbolic sizes (batch, sequence …) as names. */
  shape: z.array(z.union([z.number().int().min(0), z.string().min(1)])),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

export const ModelFileSchema = z.object({
  /** Role of the file in its pipeline (`model`, `text_encoder`, `unet`, `vae_decoder`, `config` …). */
  role: z.string().min(1),
  path: fileName,
  sha256,
  bytes: z.number().int().min(1),
  /** Tensor contract of an ONNX file; checked against the session when it loads. */
  inputs: z.array(TensorSpecSchema).optional(),
  outputs: z.array(TensorSpecSchema).optional(),
  /** Where the install step copies a built-in file from (an npm package), when it is not vendored. */
  fromPackage: z.object({ name: z.string().min(1), path: z.string().min(1) }).optional(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

export const ModelManifestSchema = z.object({
  schema: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 characters of a–z, 0–9, . _ -'),
  name: z.string().min(1).max(120),
  task: z.enum(MODEL_TASKS),
  version: z.string().min(1).max(40),
  description: z.string().max(2000).default(''),
  licence: z.object({
    /** SPDX id or the licence's name. */
    name: z.string().min(1),
    /** The licence text's file beside the manifest. */
    file: fileName.optional(),
    url: z.string().optional(),
  }),
  source: z.object({ name: z.string().min(1), url: z.string().optional(), notes: z.string().optional() }),
  files: z.array(ModelFileSchema).min(1),
  /** Rough resident memory of a loaded session, for the session pool's budget. */
  memoryMB: z.number().min(1).max(200_000),
  /** Providers this model is known to run on, best first; the runtime intersects this with the machine's. */
  providers: z.array(z.enum(PROVIDERS)).min(1).default(['cpu']),
  /** Pipeline settings (sample rate, thresholds, scheduler …), read by the task's pipeline. */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

export const MODEL_STATUSES = ['ok', 'missing', 'broken', 'invalid'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const ModelViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: z.string(),
  origin: z.enum(['built-in', 'pack']),
  version: z.string(),
  status: z.enum(MODEL_STATUSES),
  /** What is wrong and what to do about it, when status is not ok. */
  problem: z.string().nullable(),
  bytes: z.number(),
  memoryMB: z.number(),
  licence: z.string(),
  source: z.string(),
  folder: z.string(),
  /** The provider its session actually runs on, once loaded this run; null before. */
  provider: z.enum(PROVIDERS).nullable(),
  loaded: z.boolean(),
});
export type ModelView = z.infer<typeof ModelViewSchema>;

export const RuntimeViewSchema = z.object({
  choice: ProviderChoiceSchema,
  /** Providers this machine's onnxruntime build offers, in the order the runtime tries them. */
  order: z.array(z.enum(PROVIDERS)),
  /** Providers that failed to initialise this run, with why. */
  failed: z.array(z.object({ provider: z.enum(PROVIDERS), message: z.string() })),
  worker: z.object({ running: z.boolean(), pid: z.number().nullable(), restarts: z.number(), memoryBudgetMB: z.number() }),
});
export type RuntimeView = z.infer<typeof RuntimeViewSchema>;
