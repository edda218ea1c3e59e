import type { ModelSession } from '../../runtime/modelRuntime';

/** Settings of the Silero VAD pipeline (from the model's manifest `config`, with these defaults). */
export interface VadConfig {
  sampleRate: number;
  /** Samples per window (512 at 16 kHz = 32 ms). */
  window: number;
  /** Samples of the previous window prepended to each one (v5 expects 64 at 16 kHz). */
  context: number;
  /** Speech starts above this probability and ends below it minus 0.15. */
  threshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  /** Padding added to both ends of every segment. */
  padMs: number;
}

export const DEFAULT_VAD: VadConfig = {
  sampleRate: 16000,
  window: 512,
  context: 64,
  threshold: 0.5,
  minSpeechMs: 250,
  minSilenceMs: 100,
  padMs: 30,
};

export interface SpeechSegment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
}

export interface VadResult {
  segments: SpeechSegment[];
  /** Speech probability per window, for drawing on the waveform. */
  probabilities: Float32Array;
  windowSeconds: number;
  /** Seconds of audio analysed per second of wall time. */
  realTimeFactor: number;
}

export function vadConfig(config: Record<string, unknown>): VadConfig {
  const out = { ...DEFAULT_VAD };
  for (const k of Object.keys(DEFAULT_VAD) as (keyof VadConfig)[]) {
    const v = config[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/**
 * Runs Silero VAD over 16 kHz mono samples, window by window, carrying the model's recurrent
 * state, and turns the probabilities into speech segments with hysteresis, a minimum speech
 * length, a minimum silence that splits segments, and padding.
 */
export async function detectSpeech(
  samples: Float32Array,
  session: ModelSession,
  cfg: VadConfig = DEFAULT_VAD,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<VadResult> {
  const { window: win, context: ctx, sampleRate } = cfg;
  const windows = Math.ceil(samples.length / win);
  const probabilities = new Float32Array(windows);
  let state: Float32Array = new Float32Array(2 * 128);
  const sr = BigInt64Array.from([BigInt(sampleRate)]);
  const input = new Float32Array(ctx + win);
  const t0 = performance.now();
  for (let w = 0; w < windows; w++) {
    // The last `ctx` samples of the previous window, then this window (zero-padded at the end).
    input.fill(0);
    const start = w * win;
    for (let i = 0; i < ctx; i++) {
      const s = start - ctx + i;
      input[i] = s >= 0 ? samples[s]! : 0;
    }
    input.set(samples.subarray(start, Math.min(samples.length, start + win)), ctx);
    const out = await session.run(
      {
        input: { type: 'float32', dims: [1, ctx + win], data: input.slice() },
        state: { type: 'float32', dims: [2, 1, 128], data: state },
        sr: { type: 'int64', dims: [], data: sr },
      },
      opts.signal ? { signal: opts.signal } : {},
    );
    probabilities[w] = (out.output!.data as Float32Array)[0]!;
    state = out.stateN!.data as Float32Array;
    if (w % 64 === 0) opts.onProgress?.(w / windows);
  }
  opts.onProgress?.(1);
  const seconds = samples.length / sampleRate;
  const wall = (performance.now() - t0) / 1000;
  return {
    segments: segmentsFrom(probabilities, cfg, seconds),
    probabilities,
    windowSeconds: win / sampleRate,
    realTimeFactor: wall > 0 ? seconds / wall : Infinity,
  };
}

/** Probabilities → segments (pure; Silero's own rules: hysteresis, min speech, min silence, padding). */
export function segmentsFrom(prob: Float32Array, cfg: VadConfig, totalSeconds: number): SpeechSegment[] {
  const step = cfg.window / cfg.sampleRate;
  const off = cfg.threshold - 0.15;
  const raw: SpeechSegment[] = [];
  let speaking = false;
  let start = 0;
  let silenceFrom: number | null = null;
  for (let w = 0; w < prob.length; w++) {
    const p = prob[w]!;
    const t = w * step;
    if (p >= cfg.threshold) {
      silenceFrom = null;
      if (!speaking) {
        speaking = true;
        start = t;
      }
    } else if (speaking && p < off) {
      silenceFrom ??= t;
      if (t + step - silenceFrom >= cfg.minSilenceMs / 1000) {
        raw.push({ start, end: silenceFrom });
        speaking = false;
        silenceFrom = null;
      }
    }
  }
  if (speaking) raw.push({ start, end: totalSeconds });
  const pad = cfg.padMs / 1000;
  const out: SpeechSegment[] = [];
  for (const s of raw) {
    if (s.end - s.start < cfg.minSpeechMs / 1000) continue;
    const seg = { start: Math.max(0, s.start - pad), end: Math.min(totalSeconds, s.end + pad) };
    const prev = out[out.length - 1];
    if (prev && seg.start <= prev.end) prev.end = Math.max(prev.end, seg.end);
    else out.push(seg);
  }
  return out.map((s) => ({ start: round3(s.start), end: round3(s.end) }));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
