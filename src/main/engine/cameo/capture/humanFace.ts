import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cosineSimilarity, type FaceModels, type FaceReading, type RgbaFrame } from './faceModels';

/** The worker's script: built beside the bundle (app, CLI), or the TypeScript source (tests). */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'human-worker.js'), join(here, '..', 'human-worker.js'), join(here, 'humanWorker.mts')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`The face-analysis worker is missing (looked for ${candidates.join(', ')}).`);
  return found;
}

/**
 * Face mesh, identity embedding, anti-spoofing and segmentation from `@vladmandic/human` on the
 * tfjs WASM backend, in a worker thread (a frame takes a few hundred ms; the engine's thread stays
 * free). Started on first use; `close()` ends it.
 */
export class HumanFaceModels implements FaceModels {
  readonly name = 'face mesh (human 3.3, tfjs-wasm): nose tip against the face outline';
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerScript(), { execArgv: ['--no-warnings'] });
    w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`Face analysis failed: ${m.error}`));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = null;
    };
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => fail(new Error(`The face-analysis worker stopped (exit ${code}).`)));
    this.worker = w;
    return w;
  }

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    const w = this.start();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, ...msg });
    });
  }

  async readFace(frame: RgbaFrame, o: { embedding: boolean }): Promise<FaceReading | null> {
    const r = await this.call<(Omit<FaceReading, 'embedding'> & { embedding: number[] | null }) | null>({
      op: 'read',
      data: frame.data,
      width: frame.width,
      height: frame.height,
      embedding: o.embedding,
    });
    return r ? { ...r, embedding: r.embedding ? Float32Array.from(r.embedding) : null } : null;
  }

  segment(frame: RgbaFrame): Promise<Uint8Array> {
    return this.call<Uint8Array>({ op: 'segment', data: frame.data, width: frame.width, height: frame.height });
  }

  similarity(a: Float32Array, b: Float32Array): number {
    return cosineSimilarity(a, b);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
