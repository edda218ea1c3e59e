import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { silentLogger } from '../../../../src/main/engine/logger';
import { memoryHashCache } from '../../../../src/main/engine/runtime/fileHash';
import { ModelRuntime } from '../../../../src/main/engine/runtime/modelRuntime';
import { ModelRegistry } from '../../../../src/main/engine/runtime/registry';
import { forkWorker, InferenceWorkerHost } from '../../../../src/main/engine/runtime/worker/workerHost';
import { readWavMono, resampleLinear, synthesizeFlite } from '../../../../src/main/engine/pipelines/speech/fliteTts';

export const repoModels = resolve(__dirname, '../../../../models');
export const fixtureImage = (name: string) => readFileSync(resolve(__dirname, '../../../fixtures/images', name));

/** A registry over the repo's built-in models and a fresh packs folder, a real worker, a runtime. */
export function makeRuntime(o: { budgetMB?: number } = {}) {
  const packsDir = mkdtempSync(join(tmpdir(), 'shotline-packs-'));
  const registry = new ModelRegistry({ builtInDir: repoModels, packsDir }, memoryHashCache());
  const budgetMB = o.budgetMB ?? 1024;
  const host = new InferenceWorkerHost(forkWorker({ budgetMB }), silentLogger);
  const runtime = new ModelRuntime({ registry, host, choice: () => 'auto', log: silentLogger, budgetMB });
  return {
    packsDir,
    registry,
    host,
    runtime,
    /** Copies a built-in model into the packs folder under a new id, optionally editing it. */
    copyAsPack(from: string, id: string, edit?: (folder: string, manifest: Record<string, unknown>) => void) {
      const folder = join(packsDir, id);
      cpSync(join(repoModels, from), folder, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      manifest.id = id;
      edit?.(folder, manifest);
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
      return folder;
    },
    async dispose() {
      await host.stop();
      rmSync(packsDir, { recursive: true, force: true });
    },
  };
}

/** Resamples by linear interpolation (flite speaks at 8 or 16 kHz). */
export const resample = resampleLinear;

/** Where a clip is loud: the first and last 10 ms window above −40 dBFS RMS, in seconds. */
export function voicedSpan(x: Float32Array, rate: number): { start: number; end: number } {
  const win = Math.round(rate / 100);
  let first = -1;
  let last = -1;
  for (let w = 0; w * win < x.length; w++) {
    let sum = 0;
    for (let i = w * win; i < Math.min(x.length, (w + 1) * win); i++) sum += x[i]! * x[i]!;
    if (Math.sqrt(sum / win) > 0.01) {
      if (first < 0) first = w;
      last = w;
    }
  }
  return { start: first / 100, end: (last + 1) / 100 };
}

/**
 * A test recording: real synthesized speech (flite) at known places in 16 kHz mono with quiet
 * noise between phrases. Returns the samples and where the speech really is.
 */
export async function speechRecording(phrases: { text: string; at: number }[], seconds: number) {
  const rate = 16000;
  const out = new Float32Array(seconds * rate);
  let seed = 7;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = ((seed / 0x7fffffff) * 2 - 1) * 0.002;
  }
  const truth: { start: number; end: number }[] = [];
  for (const p of phrases) {
    const wav = readWavMono(await synthesizeFlite(p.text));
    const speech = resample(wav.samples, wav.sampleRate, rate);
    const offset = Math.round(p.at * rate);
    for (let i = 0; i < speech.length && offset + i < out.length; i++) out[offset + i] = out[offset + i]! + speech[i]!;
    const span = voicedSpan(speech, rate);
    truth.push({ start: p.at + span.start, end: p.at + span.end });
  }
  return { samples: out, rate, truth };
}

/** 16-bit mono WAV bytes of float samples. */
export function wavBytes(samples: Float32Array, rate: number): Buffer {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  return b;
}
