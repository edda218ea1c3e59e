/**
 * Connected-word alignment over a slot grammar (one-pass DTW, as in classic template-based word
 * recognition): the recording is explained as one word per slot, in order, each word matched to one
 * of its reference templates (synthesised speech of that word). Every path advances one recording
 * frame per step (the template may hold, step or skip one frame), so all paths are exactly as long as
 * the recording and their costs compare directly.
 */

import { frameDistance } from '../../pipelines/lipsync/dtw';

export interface WordTemplate {
  word: string;
  /** Feature frames of the word (one vector per 10 ms hop). */
  frames: readonly Float64Array[];
}

export interface AlignedWord {
  word: string;
  /** Recording frames [start, end). */
  start: number;
  end: number;
}

export interface SlotAlignment {
  /** Mean frame distance along the best path; Infinity when no path fits (recording too short). */
  cost: number;
  words: AlignedWord[];
}

/**
 * The best path through `slots` (each a list of candidate templates) for the recording `x`.
 * A template can be compressed to half its length at most, so a slot needs ≥ half a template's frames.
 */
export function alignSlots(x: readonly Float64Array[], slots: readonly (readonly WordTemplate[])[]): SlotAlignment {
  const T = x.length;
  const S = slots.length;
  const INF = Number.POSITIVE_INFINITY;
  if (T === 0 || S === 0) return { cost: INF, words: [] };
  // Per slot, per template: the cost column (by template frame) and the start frame of each cell's word.
  const cost = slots.map((c) => c.map((t) => new Float64Array(t.frames.length).fill(INF)));
  const start = slots.map((c) => c.map((t) => new Int32Array(t.frames.length)));
  const next = slots.map((c) => c.map((t) => new Float64Array(t.frames.length)));
  const nextStart = slots.map((c) => c.map((t) => new Int32Array(t.frames.length)));
  // Best word end per slot per recording frame, with the template and the word's start (for backtracking).
  const endCost = slots.map(() => new Float64Array(T).fill(INF));
  const endTemplate = slots.map(() => new Int32Array(T).fill(-1));
  const endStart = slots.map(() => new Int32Array(T));

  for (let t = 0; t < T; t++) {
    const xt = x[t]!;
    for (let s = 0; s < S; s++) {
      // Entering slot s at frame t: from the start, or from slot s−1 ending at t−1.
      const enter = s === 0 ? (t === 0 ? 0 : INF) : t > 0 ? endCost[s - 1]![t - 1]! : INF;
      const cands = slots[s]!;
      for (let k = 0; k < cands.length; k++) {
        const frames = cands[k]!.frames;
        const L = frames.length;
        const prev = cost[s]![k]!;
        const prevStart = start[s]![k]!;
        const cur = next[s]![k]!;
        const curStart = nextStart[s]![k]!;
        for (let j = 0; j < L; j++) {
          let best = INF;
          let from = 0;
          if (j === 0) {
            if (enter < INF) {
              best = enter;
              from = t;
            }
            if (t > 0 && prev[0]! < best) {
              best = prev[0]!;
              from = prevStart[0]!;
            }
          } else if (t > 0) {
            if (prev[j]! < best) {
              best = prev[j]!;
              from = prevStart[j]!;
            }
            if (prev[j - 1]! < best) {
              best = prev[j - 1]!;
              from = prevStart[j - 1]!;
            }
            if (j > 1 && prev[j - 2]! < best) {
              best = prev[j - 2]!;
              from = prevStart[j - 2]!;
            }
          }
          if (best === INF) {
            cur[j] = INF;
            continue;
          }
          cur[j] = best + frameDistance(xt, frames[j]!);
          curStart[j] = from;
        }
        if (cur[L - 1]! < endCost[s]![t]!) {
          endCost[s]![t] = cur[L - 1]!;
          endTemplate[s]![t] = k;
          endStart[s]![t] = curStart[L - 1]!;
        }
      }
    }
    for (let s = 0; s < S; s++) {
      [cost[s], next[s]] = [next[s]!, cost[s]!];
      [start[s], nextStart[s]] = [nextStart[s]!, start[s]!];
    }
  }
  const total = endCost[S - 1]![T - 1]!;
  if (total === INF) return { cost: INF, words: [] };
  const words: AlignedWord[] = [];
  let end = T;
  for (let s = S - 1; s >= 0; s--) {
    const k = endTemplate[s]![end - 1]!;
    const from = endStart[s]![end - 1]!;
    words.unshift({ word: slots[s]![k]!.word, start: from, end });
    end = from;
  }
  return { cost: total / T, words };
}
