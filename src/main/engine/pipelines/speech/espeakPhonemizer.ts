import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { asarUnpacked } from '../../export/ffmpegPaths';

/*
 * espeak-ng (its Emscripten build from npm, GPL-3.0) turns text into IPA phonemes for Piper/VITS
 * voices. It runs in its own worker thread: the 24 MB voice data loads once, a crash costs the
 * thread, and the engine's event loop never waits on it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { default: Module } = await import(workerData.url);
  const m = await Module();
  const w = new m.eSpeakNGWorker();
  parentPort.on('message', ({ id, voice, text }) => {
    try {
      if (w.set_voice(voice, voice) !== 0) throw new Error('espeak-ng has no voice "' + voice + '"');
      const r = w.synthesize_ipa(text);
      if (r.code !== 0) throw new Error('espeak-ng could not phonemize the text (code ' + r.code + ')');
      parentPort.postMessage({ id, ipa: r.ipa });
    } catch (e) {
      parentPort.postMessage({ id, error: String(e && e.message || e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String(e && e.message || e) }));
`;

let worker: { w: Worker; ready: Promise<void>; pending: Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }> } | null =
  null;
let nextId = 1;

function start() {
  if (worker) return worker;
  const url = pathToFileURL(asarUnpacked(createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten'))).href;
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { url } });
  w.unref();
  const pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  const ready = new Promise<void>((resolve, reject) => {
    w.on('message', (m: { ready?: boolean; fatal?: string; id?: number; ipa?: string; error?: string }) => {
      if (m.ready) return resolve();
      if (m.fatal) return reject(new Error(`espeak-ng did not start: ${m.fatal}`));
      const p = pending.get(m.id!);
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.ipa ?? '');
    });
  });
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker = null;
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`espeak-ng stopped (exit ${code})`)));
  ready.catch(() => undefined);
  worker = { w, ready, pending };
  return worker;
}

/** IPA of the text, one line per clause, phonemes of a word joined by "_" (espeak-ng's trace form). */
export async function espeakIpa(text: string, voice = 'en-us'): Promise<string> {
  const s = start();
  await s.ready;
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    s.pending.set(id, { resolve, reject });
    s.w.postMessage({ id, voice, text });
  });
}

/**
 * Piper's phonemes for a text: espeak-ng IPA with the trace separators removed, words separated
 * by spaces and each clause ended by a full stop, split into code points (NFD), as Piper's
 * phonemizer feeds its voices.
 */
export async function espeakPhonemes(text: string, voice = 'en-us'): Promise<string[]> {
  const ipa = await espeakIpa(text, voice);
  const clauses = ipa
    .split('\n')
    .map((l) => l.replace(/_/g, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return [
    ...clauses
      .map((c) => `${c}.`)
      .join(' ')
      .normalize('NFD'),
  ];
}

/** Stops the worker thread (tests, shutdown). */
export async function stopEspeak(): Promise<void> {
  const w = worker?.w;
  worker = null;
  if (w) await w.terminate();
}
