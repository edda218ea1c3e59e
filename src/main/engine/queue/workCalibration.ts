import { isFinished, type JobKind } from '../../../shared/jobs';
import type { JobRecord } from './jobStore';

/** A guess of how much work a job is (relative units), and which jobs share a rate. */
export interface WorkGuess {
  weigh(kind: JobKind, payload: unknown): number;
  /** Jobs with the same key run at the same rate per unit of guess (one kind, one model). */
  key(kind: JobKind, payload: unknown): string;
  /**
   * The key whose work the guess's units measure (for Shotline, a previz frame): a key never seen
   * runs at its rate. Without it, or before it has run, at the median rate of the keys seen.
   */
  anchor?: string;
}

/** Newest finished jobs per key that the learned rate is the median of. */
const SAMPLES_PER_KEY = 20;

/**
 * The wall time each finished job had to itself: every stretch of time is shared equally by the
 * jobs that ran during it. Two shots that ran side by side for 10 s had 5 s each; an export that
 * ran alone for 10 s had 10. Weights in these seconds make a batch's fraction move at the pace of
 * the clock whatever runs in parallel, so its time left holds from the side-by-side shots to the
 * export that runs alone after them. Keyed by job id; jobs that never ran are absent.
 */
export function wallShares(history: Iterable<JobRecord>): Map<string, number> {
  const spans: { id: string; start: number; end: number }[] = [];
  for (const j of history) {
    if (!j.startedAt || !j.finishedAt) continue;
    const start = Date.parse(j.startedAt);
    const end = Date.parse(j.finishedAt);
    if (end >= start) spans.push({ id: j.id, start, end });
  }
  // The running count changes only at starts and ends; F(t) = ∫ 1/running dt up to t, at each change.
  const edges = spans.flatMap((sp) => [
    { t: sp.start, d: 1 },
    { t: sp.end, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  // Every span's start and end is one of the change times: F at each of them, by time.
  const integral = new Map<number, number>();
  let running = 0;
  let acc = 0;
  let last = edges[0]?.t ?? 0;
  for (const e of edges) {
    if (running > 0) acc += (e.t - last) / 1000 / running;
    last = e.t;
    running += e.d;
    integral.set(e.t, acc);
  }
  const at = (t: number) => integral.get(t)!;
  return new Map(spans.map((sp) => [sp.id, at(sp.end) - at(sp.start)]));
}

/**
 * The guess corrected by how long such jobs took on this machine: for each key, the median of
 * (wall seconds it had to itself ÷ guess, see `wallShares`) over its newest finished jobs. A key
 * never seen takes the anchor's rate (or the median of the keys seen); with no history at all the
 * guess stands as it is. Only jobs that ran once, start to end, teach: a resumed job's time covers
 * only its last part.
 *
 * So a model pack that needs minutes a shot weighs minutes in a bar over many jobs after its first
 * shot, instead of the few seconds a guess made before it ever ran would give it.
 *
 * `before` (an ISO time) keeps jobs that finished later out: the queue passes the creation of its
 * oldest unfinished job, so the weights hold still while a batch runs (a bar that moved backwards
 * when a job of the batch taught something would be worse than one a little off).
 */
export function calibrate(history: Iterable<JobRecord>, guess: WorkGuess, before?: string): (kind: JobKind, payload: unknown) => number {
  const byKey = new Map<string, { at: string; rate: number }[]>();
  const jobs = [...history];
  const shares = wallShares(jobs);
  for (const j of jobs) {
    if (j.state !== 'succeeded' || j.attempts !== 1 || !j.startedAt || !j.finishedAt) continue;
    if (before !== undefined && j.finishedAt > before) continue;
    const seconds = shares.get(j.id) ?? NaN;
    const units = guess.weigh(j.kind, j.payload);
    if (!(seconds >= 0) || !(units > 0)) continue;
    const key = guess.key(j.kind, j.payload);
    const list = byKey.get(key) ?? [];
    list.push({ at: j.finishedAt, rate: seconds / units });
    byKey.set(key, list);
  }
  const rates = new Map<string, number>();
  for (const [key, list] of byKey) {
    list.sort((a, b) => b.at.localeCompare(a.at));
    rates.set(key, median(list.slice(0, SAMPLES_PER_KEY).map((s) => s.rate)));
  }
  // A rate of 0 (a job that found its work done) must not make others weigh nothing.
  const known = [...rates.values()].filter((r) => r > 0);
  if (known.length === 0) return (kind, payload) => guess.weigh(kind, payload);
  const anchored = guess.anchor === undefined ? undefined : rates.get(guess.anchor);
  const fallback = anchored !== undefined && anchored > 0 ? anchored : median(known);
  return (kind, payload) => {
    const r = rates.get(guess.key(kind, payload));
    return guess.weigh(kind, payload) * (r !== undefined && r > 0 ? r : fallback);
  };
}

/**
 * `calibrate` as the queue's snapshot uses it: learning only from jobs that finished before the
 * oldest unfinished job was queued, so that the weights of a running batch hold still.
 */
export function weighByHistory(jobs: Iterable<JobRecord>, guess: WorkGuess): (kind: JobKind, payload: unknown) => number {
  const all = [...jobs];
  let batchStart: string | undefined;
  for (const j of all) if (!isFinished(j.state) && (batchStart === undefined || j.createdAt < batchStart)) batchStart = j.createdAt;
  return calibrate(all, guess, batchStart);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
