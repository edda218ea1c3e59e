import { describe, expect, it } from 'vitest';
import { alignSlots, type WordTemplate } from '../../../../src/main/engine/cameo/capture/slotAlign';

/** A "word": a run of frames drifting from one point to another in a 3-d feature space. */
function word(name: string, from: number[], to: number[], frames: number): WordTemplate {
  return {
    word: name,
    frames: Array.from({ length: frames }, (_, i) => Float64Array.from(from.map((f, k) => f + ((to[k]! - f) * i) / (frames - 1)))),
  };
}

const slot0 = [word('ah', [0, 0, 0], [1, 0, 0], 10), word('oh', [0, 5, 0], [0, 6, 0], 10)];
const slot1 = [word('ee', [5, 5, 5], [6, 5, 5], 8), word('oo', [0, 0, 5], [0, 1, 5], 8)];

/** `t`'s frames resampled to `n` frames (spoken faster or slower). */
function stretch(t: WordTemplate, n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => t.frames[Math.min(t.frames.length - 1, Math.round((i * (t.frames.length - 1)) / (n - 1)))]!);
}

describe('alignSlots (one-pass DTW over a slot grammar)', () => {
  it('recognises one word per slot and where each starts, whatever the pace', () => {
    const x = [...stretch(slot0[1]!, 15), ...stretch(slot1[0]!, 6)];
    const r = alignSlots(x, [slot0, slot1]);
    expect(r.words.map((w) => w.word)).toEqual(['oh', 'ee']);
    expect(r.words[0]).toMatchObject({ start: 0, end: 15 });
    expect(r.words[1]).toMatchObject({ start: 15, end: 21 });
    expect(r.cost).toBeCloseTo(0, 6);
  });

  it('costs more when forced to a phrase that was not said', () => {
    const x = [...stretch(slot0[0]!, 10), ...stretch(slot1[1]!, 8)];
    const free = alignSlots(x, [slot0, slot1]);
    const forced = alignSlots(x, [[slot0[0]!], [slot1[0]!]]);
    expect(free.words.map((w) => w.word)).toEqual(['ah', 'oo']);
    expect(forced.words.map((w) => w.word)).toEqual(['ah', 'ee']);
    expect(forced.cost).toBeGreaterThan(free.cost + 1);
  });

  it('finds no path when the recording is too short for the templates (each can shrink to half)', () => {
    const x = stretch(slot0[0]!, 6);
    expect(alignSlots(x, [slot0, slot1]).cost).toBe(Number.POSITIVE_INFINITY);
    expect(alignSlots([], [slot0]).words).toEqual([]);
  });
});
