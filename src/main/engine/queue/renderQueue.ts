import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isFinished, LANES, type JobKind, type JobProgress, type Lane, type QueueSnapshot } from '../../../shared/jobs';
import { AppError } from '../../../shared/result';
import { EtaEstimator } from '../../../shared/jobs/eta';
import { JobStopped, toJobError, type StopReason } from './jobErrors';
import { dependenciesMet, dependentsOf, failedDependency, orderKeyBefore, retrySet } from './jobGraph';
import type { JobRecord } from './jobStore';
import type { EnqueueSpec, JobContext, JobHandler, QueueOptions } from './jobTypes';
import { removeOrphanTempDirs, pruneHistory } from './housekeeping';
import { afterFailure, afterStop, blockedFromTheStart, dependentEnding, payloadProblem, REQUEUED } from './jobOutcomes';
import { buildJobRecords } from './newJobs';
import { buildSnapshot } from './queueView';

export type { AnyJobHandler, EnqueueSpec, JobContext, JobHandler, QueueOptions } from './jobTypes';

interface Running {
  controller: AbortController;
  done: Promise<void>;
  eta: EtaEstimator;
  lastProgressEmit: number;
}

const PROGRESS_EVENT_MS = 200;

/**
 * The persistent render queue: jobs in a store, a DAG of dependencies, lanes that bound
 * concurrency, pause/resume/cancel/retry/reorder, crash recovery with checkpoints, and a
 * snapshot event on every change.
 */
export class RenderQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly running = new Map<string, Running>();
  private readonly handlers = new Map<JobKind, JobHandler<unknown>>();
  private readonly capacity: Record<Lane, number>;
  private readonly waiters = new Map<string, ((j: JobRecord) => void)[]>();
  private paused = false;
  private started = false;
  private stopping = false;
  private halted = false;
  private snapshotScheduled = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly clock: () => string;

  constructor(private readonly opts: QueueOptions) {
    for (const h of opts.handlers) this.handlers.set(h.kind, h as JobHandler<unknown>);
    this.capacity = { gpu: 1, cpu: 1, ffmpeg: 1, net: 2, ...opts.lanes };
    this.clock = opts.clock ?? (() => new Date().toISOString());
  }

  /**
   * Loads the stored jobs, recovers the ones a crash left `running` (they resume from their
   * checkpoint), fails those whose stored payload no longer validates, and starts scheduling.
   */
  start(opts: { schedule?: boolean } = {}): { recovered: number; invalid: number } {
    let recovered = 0;
    let invalid = 0;
    const changed: JobRecord[] = [];
    for (const job of this.opts.store.loadAll()) {
      this.jobs.set(job.id, job);
      if (isFinished(job.state)) continue;
      if (job.state === 'running') {
        job.state = 'queued';
        recovered++;
        changed.push(job);
      }
      const problem = payloadProblem(this.handlers, job);
      if (problem) {
        invalid++;
        this.finish(job, 'failed', problem, changed);
      }
    }
    if (changed.length) this.opts.store.updateMany(changed);
    this.paused = this.opts.store.getFlag('paused') === '1';
    removeOrphanTempDirs(this.opts.tempRoot, this.jobs);
    // Loading without scheduling lets a listing command read the queue without running it.
    this.started = opts.schedule !== false;
    if (recovered) this.opts.log.info('queue recovered interrupted jobs', { recovered });
    this.changed();
    return { recovered, invalid };
  }

  /** Aborts running jobs without failing them: they stay queued and resume on the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const runs = [...this.running.values()];
    for (const r of runs) r.controller.abort(new JobStopped('shutdown'));
    await Promise.allSettled(runs.map((r) => r.done));
  }

  /** Stops scheduling and writing at once (the database is about to close); running jobs are recovered at the next start. */
  halt(): void {
    this.stopping = true;
    this.halted = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const r of this.running.values()) r.controller.abort(new JobStopped('shutdown'));
  }

  /** Adds jobs (and their dependencies) atomically. Payloads are validated first; nothing is stored if one is bad. */
  enqueue(specs: readonly EnqueueSpec[]): JobRecord[] {
    const records = buildJobRecords(specs, { jobs: this.jobs, handlers: this.handlers, newId: this.opts.newId, now: this.clock() });
    this.opts.store.insert(records);
    for (const r of records) this.jobs.set(r.id, r);
    // A dependency that already failed dooms the new job at once, rather than leaving it waiting forever.
    const changed: JobRecord[] = [];
    for (const r of records) this.failIfDependencyFailed(r, changed);
    if (changed.length) this.opts.store.updateMany(changed);
    this.changed();
    return records;
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when the job reaches succeeded, failed or canceled. */
  waitFor(id: string): Promise<JobRecord> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new AppError('NOT_FOUND', `No job ${id}.`));
    if (isFinished(job.state)) return Promise.resolve(job);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /** Pauses one job: a running one is stopped at once and keeps its checkpoint. */
  pause(id: string): void {
    const job = this.require(id);
    if (job.state === 'running') {
      this.running.get(id)?.controller.abort(new JobStopped('pause'));
      return;
    }
    if (job.state !== 'queued')
      throw new AppError('CONFLICT', `"${job.label}" is ${job.state}; only a queued or running job can be paused.`);
    this.setState(job, 'paused');
  }

  resume(id: string): void {
    const job = this.require(id);
    if (job.state !== 'paused') throw new AppError('CONFLICT', `"${job.label}" is ${job.state}, not paused.`);
    this.setState(job, 'queued');
  }

  /** Cancels a job and every job waiting for it; a running one is aborted (its ffmpeg is killed, temp files removed). */
  cancel(id: string): void {
    const job = this.require(id);
    if (isFinished(job.state)) return;
    if (job.state === 'running') {
      this.running.get(id)?.controller.abort(new JobStopped('cancel'));
      return;
    }
    const changed: JobRecord[] = [];
    this.finish(job, 'canceled', null, changed);
    this.opts.store.updateMany(changed);
    this.changed();
  }

  /** Puts a failed or canceled job back in the queue, with the dependencies and dependents it took down with it. */
  retry(id: string): void {
    const job = this.require(id);
    if (job.state !== 'failed' && job.state !== 'canceled') {
      throw new AppError('CONFLICT', `"${job.label}" is ${job.state}; only a failed or canceled job can be retried.`);
    }
    const changed = retrySet(this.jobs, job);
    for (const j of changed) Object.assign(j, REQUEUED);
    this.opts.store.updateMany(changed);
    this.changed();
  }

  /** Moves a waiting job before another one (or to the end when `beforeId` is null). */
  move(id: string, beforeId: string | null): void {
    const job = this.require(id);
    if (job.state !== 'queued' && job.state !== 'paused')
      throw new AppError('CONFLICT', `"${job.label}" is ${job.state}; it cannot be moved.`);
    const key = orderKeyBefore(this.jobs, id, beforeId);
    if (key === null) throw new AppError('NOT_FOUND', `No job ${beforeId} to move before.`);
    job.orderKey = key;
    this.opts.store.update(job);
    this.changed();
  }

  /** Holds the whole queue: running jobs pause (keeping checkpoints) and model memory is released. */
  async pauseAll(): Promise<void> {
    this.paused = true;
    this.opts.store.setFlag('paused', '1');
    const runs = [...this.running.values()];
    for (const r of runs) r.controller.abort(new JobStopped('pause'));
    await Promise.allSettled(runs.map((r) => r.done));
    await this.opts.releaseResources?.();
    this.changed();
  }

  resumeAll(): void {
    this.paused = false;
    this.opts.store.setFlag('paused', '0');
    this.changed();
  }

  /** Deletes finished jobs from the history. */
  clearFinished(): number {
    const removed = this.opts.store.pruneFinished(0);
    for (const id of removed) this.jobs.delete(id);
    this.changed();
    return removed.length;
  }

  snapshot(): QueueSnapshot {
    const { weigh = () => 1, workKey = (kind: JobKind) => kind, workAnchor } = this.opts;
    return buildSnapshot(this.jobs, this.capacity, this.paused, this.opts.historyLimit ?? 200, { weigh, key: workKey, anchor: workAnchor });
  }

  /** Scheduling: start what may run, in queue order, within each lane's capacity. */
  private pumping = false;

  private pump(): void {
    if (!this.started || this.stopping || this.paused || this.pumping) return;
    this.pumping = true;
    try {
      this.pumpOnce();
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce(): void {
    const now = Date.now();
    let nextWake: number | null = null;
    const waiting = [...this.jobs.values()].filter((j) => j.state === 'queued').sort((a, b) => a.orderKey - b.orderKey);
    for (const lane of LANES) {
      let free = this.capacity[lane] - [...this.running.keys()].filter((id) => this.jobs.get(id)?.lane === lane).length;
      for (const job of waiting) {
        if (free <= 0) break;
        if (job.lane !== lane || job.state !== 'queued' || !dependenciesMet(this.jobs, job)) continue;
        if (job.notBefore !== null && job.notBefore > now) {
          nextWake = Math.min(nextWake ?? Infinity, job.notBefore);
          continue;
        }
        free--;
        this.launch(job);
      }
    }
    if (nextWake !== null) {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = setTimeout(() => this.pump(), Math.max(10, nextWake - now));
      this.wakeTimer.unref?.();
    }
  }

  private launch(job: JobRecord): void {
    const handler = this.handlers.get(job.kind)!;
    const problem = payloadProblem(this.handlers, job);
    if (problem) {
      const changed: JobRecord[] = [];
      this.finish(job, 'failed', problem, changed);
      this.opts.store.updateMany(changed);
      this.changed();
      return;
    }
    const controller = new AbortController();
    const tempDir = join(this.opts.tempRoot, job.id);
    mkdirSync(tempDir, { recursive: true });
    job.state = 'running';
    job.attempts += 1;
    job.startedAt = this.clock();
    job.error = null;
    this.opts.store.update(job);
    const run: Running = { controller, done: Promise.resolve(), eta: new EtaEstimator(), lastProgressEmit: 0 };
    this.running.set(job.id, run);
    const depResults = Object.fromEntries(job.dependsOn.map((d) => [d, this.jobs.get(d)?.result ?? null]));
    const ctx: JobContext<unknown> = {
      job,
      payload: handler.payload.parse(job.payload),
      checkpoint: job.checkpoint,
      signal: controller.signal,
      tempDir,
      dependencyResults: depResults,
      progress: (fraction, stage) => this.onProgress(job, run, fraction, stage),
      saveCheckpoint: (cp) => {
        job.checkpoint = cp;
        if (!this.halted) this.opts.store.update(job);
      },
    };
    run.done = (async () => {
      try {
        const result = await handler.run(ctx);
        if (controller.signal.aborted) throw controller.signal.reason;
        if (!this.halted) this.succeed(job, handler, result);
      } catch (e) {
        if (!this.halted) this.onRunError(job, e, controller.signal);
      } finally {
        this.running.delete(job.id);
        if (!this.halted) this.changed();
      }
    })();
    this.changed();
  }

  private onProgress(job: JobRecord, run: Running, fraction: number, stage: string): void {
    const f = Math.min(1, Math.max(0, fraction));
    const progress: JobProgress = { percent: Math.round(f * 1000) / 10, stage, etaSeconds: run.eta.update(f) };
    job.progress = progress;
    const t = Date.now();
    if (t - run.lastProgressEmit >= PROGRESS_EVENT_MS || f >= 1) {
      run.lastProgressEmit = t;
      this.opts.events?.emit('onJobProgress', { jobId: job.id, ...progress });
    }
  }

  private succeed(job: JobRecord, handler: JobHandler<unknown>, result: Record<string, unknown>): void {
    job.result = result;
    job.progress = { percent: 100, stage: 'Done', etaSeconds: 0 };
    job.checkpoint = null;
    const changed: JobRecord[] = [];
    this.finish(job, 'succeeded', null, changed);
    this.opts.store.updateMany(changed);
    try {
      handler.onSucceeded?.(job, result);
    } catch (e) {
      this.opts.log.warn('job follow-up failed', { job: job.id, message: e instanceof Error ? e.message : String(e) });
    }
    pruneHistory(this.jobs, this.opts.store, this.opts.historyLimit ?? 200);
  }

  private onRunError(job: JobRecord, e: unknown, signal: AbortSignal): void {
    const reason: StopReason | null = signal.aborted && signal.reason instanceof JobStopped ? signal.reason.reason : null;
    const changed: JobRecord[] = [];
    if (reason === 'cancel') this.finish(job, 'canceled', null, changed);
    else if (reason) {
      Object.assign(job, afterStop(job, reason, this.paused));
      changed.push(job);
    } else {
      const error = toJobError(e);
      this.opts.log.warn('job failed', { job: job.id, kind: job.kind, code: error.code, message: error.message, attempt: job.attempts });
      // Waiting for something outside (the feed is offline) is not a failed attempt: it waits as long as it takes.
      const waitMs = error.retryable ? (this.handlers.get(job.kind)?.waitAfter?.(error) ?? null) : null;
      const next = afterFailure(job, error, { waitMs, retryBaseMs: this.opts.retryBaseMs ?? 1000, now: Date.now() });
      if (next) {
        Object.assign(job, next);
        changed.push(job);
      } else this.finish(job, 'failed', error, changed);
    }
    this.opts.store.updateMany(changed);
  }

  /** Ends a job and cascades to everything waiting on it. */
  private finish(job: JobRecord, state: 'succeeded' | 'failed' | 'canceled', error: JobRecord['error'], changed: JobRecord[]): void {
    job.state = state;
    job.error = error;
    job.finishedAt = this.clock();
    if (state !== 'succeeded') job.checkpoint = null;
    changed.push(job);
    rmSync(join(this.opts.tempRoot, job.id), { recursive: true, force: true });
    const waiters = this.waiters.get(job.id);
    if (waiters) {
      this.waiters.delete(job.id);
      queueMicrotask(() => waiters.forEach((w) => w(job)));
    }
    if (state === 'succeeded') return;
    for (const dependent of dependentsOf(this.jobs, job.id, false)) {
      if (dependent.state === 'running') {
        this.running.get(dependent.id)?.controller.abort(new JobStopped('cancel'));
        continue;
      }
      const ending = dependentEnding(job, state, error);
      this.finish(dependent, ending.state, ending.error, changed);
    }
  }

  private failIfDependencyFailed(job: JobRecord, changed: JobRecord[]): void {
    const dep = failedDependency(this.jobs, job);
    if (!dep) return;
    this.finish(job, 'failed', blockedFromTheStart(dep), changed);
  }

  private setState(job: JobRecord, state: JobRecord['state']): void {
    job.state = state;
    this.opts.store.update(job);
    this.changed();
  }

  private require(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `No job ${id} in the queue (it may have been cleared from the history).`);
    return job;
  }

  /** Schedules more work and one coalesced snapshot event. */
  private changed(): void {
    this.pump();
    if (this.snapshotScheduled || !this.opts.events) return;
    this.snapshotScheduled = true;
    setImmediate(() => {
      this.snapshotScheduled = false;
      this.opts.events?.emit('onQueueChanged', this.snapshot());
    });
  }
}
