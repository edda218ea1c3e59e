/*
 * Messages between the engine and the inference worker process. Tensors travel as typed arrays
 * (structured clone: `serialization: 'advanced'` for a forked child, postMessage for an Electron
 * utility process). This file holds types only, so the worker can import it with `import type`.
 */

export type Provider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'bool';

export interface WireTensor {
  type: TensorType;
  dims: number[];
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array;
}

export interface WireSpec {
  name: string;
  type: TensorType;
  shape: (number | string)[];
}

export type WorkerRequest =
  | {
      id: number;
      op: 'load';
      /** Pool key: the model id and the file's role. */
      key: string;
      file: string;
      /** Providers to try, best first; the first that initialises is used. */
      order: Provider[];
      memoryMB: number;
      inputs?: WireSpec[];
      outputs?: WireSpec[];
    }
  | { id: number; op: 'run'; key: string; feeds: Record<string, WireTensor>; fetches?: string[] }
  | { id: number; op: 'release'; key?: string }
  | { id: number; op: 'info' };

export interface LoadResult {
  provider: Provider;
  loadMs: number;
  /** Providers tried before this one, and why each failed. */
  failed: { provider: Provider; message: string }[];
  /** Sessions released to make room under the memory budget. */
  evicted: string[];
}

export interface RunResult {
  outputs: Record<string, WireTensor>;
  ms: number;
}

export interface WorkerInfo {
  pid: number;
  budgetMB: number;
  usedMB: number;
  sessions: { key: string; provider: Provider; memoryMB: number; lastUsed: number }[];
}

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { id: 0; ready: true; pid: number; backends: { name: string; bundled: boolean }[] };
