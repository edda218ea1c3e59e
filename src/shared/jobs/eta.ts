/**
 * Estimates the time left for a job from how fast its overall fraction (which already weights
 * every stage, encoding included) has moved in this run. A resumed job measures from where it
 * resumed, so time spent before a crash does not make it look faster than it is.
 */
export class EtaEstimator {
  private startedAt: number | null = null;
  private startFraction = 0;
  private smoothed: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns seconds left, or null while there is too little to go on. */
  update(fraction: number): number | null {
    const t = this.now();
    if (this.startedAt === null) {
      this.startedAt = t;
      this.startFraction = fraction;
      return null;
    }
    const done = fraction - this.startFraction;
    const elapsed = (t - this.startedAt) / 1000;
    if (done < 0.01 || elapsed < 0.5) return null;
    const raw = (elapsed / done) * (1 - fraction);
    // Exponential smoothing keeps the number from jumping between stages of different speed.
    this.smoothed = this.smoothed === null ? raw : this.smoothed * 0.7 + raw * 0.3;
    return Math.max(0, Math.round(this.smoothed * 10) / 10);
  }
}
