/**
 * Estimates the time left for a job from how fast its overall fraction (which already weights
 * every stage, encoding included) has moved in this run. A resumed job measures from where it
 * resumed, so time spent before a crash does not make it look faster than it is.
 */
export class EtaEstimator {
  private startedAt: number | null = null;
  private startFraction = 0;
  /** When the job should end (ms on the clock), smoothed. */
  private finishAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns seconds left, or null while there is too little to go on; 0 once the fraction is whole. */
  update(fraction: number): number | null {
    const t = this.now();
    if (fraction >= 1) {
      // Nothing is left, whatever the smoothing still remembers of earlier estimates.
      this.finishAt = t;
      return 0;
    }
    if (this.startedAt === null) {
      this.startedAt = t;
      this.startFraction = fraction;
      return null;
    }
    const done = fraction - this.startFraction;
    const elapsed = (t - this.startedAt) / 1000;
    if (done < 0.01 || elapsed < 0.5) return null;
    const raw = (elapsed / done) * (1 - fraction);
    // Exponential smoothing of the finish time keeps the number from jumping between stages of
    // different speed. Smoothing the finish time, not the seconds left, adds no lag at a steady
    // rate: the finish does not move, while seconds left fall and a smoothed count trails them.
    const finish = t + raw * 1000;
    this.finishAt = this.finishAt === null ? finish : this.finishAt * 0.7 + finish * 0.3;
    return Math.max(0, Math.round((this.finishAt - t) / 100) / 10);
  }
}
