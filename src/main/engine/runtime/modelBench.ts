import type { ModelManifest } from '../../../shared/models';
import { readWavMono, synthesizeFlite } from '../pipelines/speech/fliteTts';
import { detectSpeech, vadConfig } from '../pipelines/vad/sileroVad';
import type { ModelRuntime } from './modelRuntime';
import type { ModelRegistry } from './registry';
import type { WireTensor } from './worker/protocol';

export interface ModelBenchRow {
  id: string;
  provider: string;
  loadMs: number;
  /** Median latency of one inference with the model's own input shape. */
  medianMs: number;
  runs: number;
  /** Silero VAD only: seconds of audio per second of wall time over a minute of speech. */
  realTimeFactor?: number;
}

/** Inputs of the declared shape (symbolic sizes → 1, or the model's config): what one inference costs. */
function syntheticFeeds(m: ModelManifest): Record<string, WireTensor> {
  const file = m.files.find((f) => f.role === 'model') ?? m.files[0]!;
  const feeds: Record<string, WireTensor> = {};
  for (const spec of file.inputs ?? []) {
    let dims = spec.shape.map((d) => (typeof d === 'number' ? d : 1));
    if (m.task === 'vad' && spec.name === 'input') dims = [1, 576];
    const n = dims.reduce((a, b) => a * b, 1);
    const data =
      spec.type === 'int64'
        ? BigInt64Array.from({ length: n }, () => (m.task === 'vad' ? 16000n : 1n))
        : spec.type === 'int32'
          ? new Int32Array(n)
          : spec.type === 'uint8' || spec.type === 'bool'
            ? new Uint8Array(n)
            : Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
    feeds[spec.name] = { type: spec.type, dims, data } as WireTensor;
  }
  return feeds;
}

/** A minute of real synthesized speech (flite) with pauses, at 16 kHz. */
export async function minuteOfSpeech(): Promise<Float32Array> {
  const rate = 16000;
  const out = new Float32Array(60 * rate);
  const lines = [
    'The storm rolls in over the harbour and the lights go out one by one',
    'She picks up the red umbrella and walks toward the lighthouse',
    'Nobody on the boat says a word until the engine starts',
  ];
  let at = rate / 2;
  for (let k = 0; at < out.length; k++) {
    const wav = readWavMono(await synthesizeFlite(lines[k % lines.length]!));
    const step = wav.sampleRate / rate;
    for (let i = 0; i * step < wav.samples.length && at + i < out.length; i++) out[at + i] = wav.samples[Math.floor(i * step)]!;
    at += Math.round(wav.samples.length / step) + rate;
  }
  return out;
}

/**
 * For each usable model: how long its session takes to load (in the worker, on the provider the
 * runtime picks) and the median latency of an inference; for Silero VAD also the real-time factor
 * over a minute of speech.
 */
export async function benchModels(
  registry: ModelRegistry,
  runtime: ModelRuntime,
  o: { runs?: number; log?: (line: string) => void } = {},
): Promise<ModelBenchRow[]> {
  const rows: ModelBenchRow[] = [];
  await registry.ensureScanned();
  for (const e of registry.list()) {
    if (e.status !== 'ok' || !e.manifest) {
      o.log?.(`${e.id}: skipped (${e.status}: ${e.problem ?? ''})`);
      continue;
    }
    await runtime.releaseAll();
    const t0 = performance.now();
    const session = await runtime.session(e.id);
    const loadMs = performance.now() - t0;
    const feeds = syntheticFeeds(e.manifest);
    const times: number[] = [];
    const runs = o.runs ?? 50;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const row: ModelBenchRow = { id: e.id, provider: session.provider, loadMs, medianMs: times[Math.floor(times.length / 2)]!, runs };
    if (e.manifest.task === 'vad') {
      const speech = await minuteOfSpeech();
      row.realTimeFactor = (await detectSpeech(speech, session, vadConfig(e.manifest.config))).realTimeFactor;
    }
    rows.push(row);
    o.log?.(formatBenchRow(row));
  }
  return rows;
}

export function formatBenchRow(r: ModelBenchRow): string {
  return `${r.id.padEnd(24)} ${r.provider.padEnd(7)} load ${r.loadMs.toFixed(0).padStart(5)} ms   inference ${r.medianMs.toFixed(2).padStart(7)} ms (median of ${r.runs})${r.realTimeFactor !== undefined ? `   VAD ${r.realTimeFactor.toFixed(1)}× real time over 60 s of speech` : ''}`;
}
