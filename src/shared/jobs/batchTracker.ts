import { batchProgress } from './batch';
import { EtaEstimator } from './eta';
import { isFinished, type JobProgress, type QueueSnapshot } from './index';

/** Where the current batch stands: everything queued since the queue was last idle, weighted by work. */
export interface Overall {
  fraction: number;
  /** Jobs of the batch not finished yet, and in all. */
  left: number;
  total: number;
  /** Seconds until the whole batch is done; null while estimating, and while held. */
  etaSeconds: number | null;
  /**
   * Nothing runs because the queue or a job of the batch is held: the batch waits for a resume.
   * No time left is given then (it would count down a wait nobody knows the end of).
   */
  held: boolean;
}

/**
 * Follows the queue's snapshots and live progress events and says how far the current batch is.
 * A batch runs from the first job queued after an idle queue until nothing is left to do (held
 * jobs alone count as idle). The studio's queue bar and the desktop app's taskbar progress both
 * read it, so they always agree.
 */
export class BatchTracker {
  private batch = new Set<string>();
  /** When the batch began: the creation time of its first job (jobs queued with it may already be done). */
  private since: string | null = null;
  private eta: EtaEstimator;
  private snapshot: QueueSnapshot | null = null;
  private live: Record<string, JobProgress> = {};
  private wasHeld = false;

  constructor(private readonly now: () => number = Date.now) {
    this.eta = new EtaEstimator(now);
  }

  /** Live progress of the running jobs, as last reported (dropped when a job stops running). */
  get progress(): Readonly<Record<string, JobProgress>> {
    return this.live;
  }

  onSnapshot(snapshot: QueueSnapshot): void {
    this.snapshot = snapshot;
    // Progress of jobs no longer running is dropped; the snapshot carries their final state.
    const running = new Set(snapshot.jobs.filter((j) => j.state === 'running').map((j) => j.id));
    this.live = Object.fromEntries(Object.entries(this.live).filter(([id]) => running.has(id)));
    const unfinished = snapshot.jobs.filter((j) => !isFinished(j.state) && j.state !== 'paused');
    if (unfinished.length === 0) {
      this.batch = new Set();
      this.since = null;
      this.eta = new EtaEstimator(this.now);
      this.wasHeld = false;
      return;
    }
    this.since ??= unfinished.reduce((m, j) => (j.createdAt < m ? j.createdAt : m), unfinished[0]!.createdAt);
    for (const j of snapshot.jobs) if (!isFinished(j.state) || j.createdAt >= this.since) this.batch.add(j.id);
  }

  onProgress(jobId: string, p: JobProgress): void {
    this.live = { ...this.live, [jobId]: p };
  }

  /** Null while the queue is idle. Call once per change: each call feeds the batch's ETA. */
  overall(): Overall | null {
    if (!this.snapshot || this.batch.size === 0) return null;
    const b = batchProgress(this.snapshot.jobs, this.batch, this.live);
    if (b.left === 0) return null;
    const jobs = this.snapshot.jobs.filter((j) => this.batch.has(j.id));
    const held = !jobs.some((j) => j.state === 'running') && (this.snapshot.paused || jobs.some((j) => j.state === 'paused'));
    if (held) {
      this.wasHeld = true;
      return { ...b, etaSeconds: null, held };
    }
    // Time spent held is no measure of speed: the ETA measures again from the resume.
    if (this.wasHeld) {
      this.wasHeld = false;
      this.eta = new EtaEstimator(this.now);
    }
    return { ...b, etaSeconds: this.eta.update(b.fraction), held };
  }
}
