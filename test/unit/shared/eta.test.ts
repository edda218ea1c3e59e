import { describe, expect, it } from 'vitest';
import { EtaEstimator } from '../../../src/shared/jobs/eta';

/** An estimator on a clock the test moves. */
function clocked() {
  let t = 0;
  const eta = new EtaEstimator(() => t);
  return { eta, at: (ms: number, fraction: number) => ((t = ms), eta.update(fraction)) };
}

describe('EtaEstimator', () => {
  it('says nothing until there is enough to go on, then the time left at the rate so far', () => {
    const { at } = clocked();
    expect(at(0, 0)).toBeNull();
    expect(at(200, 0.02)).toBeNull(); // under half a second in
    // 10% a second, steadily: 5 s left at one half.
    let last: number | null = null;
    for (let s = 1; s <= 5; s++) last = at(s * 1000, s / 10);
    expect(last).toBeCloseTo(5, 1);
  });

  it('says 0 once the job is whole, not what the smoothing remembers', () => {
    const { at } = clocked();
    at(0, 0);
    // A slow start, then a stage that finishes at once: the smoothed estimate is still seconds.
    expect(at(4000, 0.2)).toBeCloseTo(16, 1);
    expect(at(4500, 0.9)! > 1).toBe(true);
    expect(at(4600, 1)).toBe(0);
  });

  it('measures a resumed job from where it resumed', () => {
    const { at } = clocked();
    expect(at(0, 0.5)).toBeNull();
    // From 50% to 60% in 2 s: 8 s for the remaining 40%.
    expect(at(2000, 0.6)).toBeCloseTo(8, 1);
  });
});
