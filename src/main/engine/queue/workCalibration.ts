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
 * The guess corrected by how long such jobs took on this machine: for each key, the median of
 * (seconds run ÷ guess) over its newest finished jobs. A key never seen takes the anchor's rate
 * (or the median of the keys seen); with no history at all the guess stands as it is. Only jobs that ran once,
 * start to end, teach: a resumed job's time covers only its last part.
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
  for (const j of history) {
    if (j.state !== 'succeeded' || j.attempts !== 1 || !j.startedAt || !j.finishedAt) continue;
    if (before !== undefined && j.finishedAt > before) continue;
    const seconds = (Date.parse(j.finishedAt) - Date.parse(j.startedAt)) / 1000;
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
