import type { z } from 'zod';
import type { JobKind, Lane } from '../../../shared/jobs';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { JobRecord, JobStore } from './jobStore';

/** What a handler gets while it runs one job. */
export interface JobContext<P> {
  readonly job: Readonly<JobRecord>;
  readonly payload: P;
  /** What the last run saved with `saveCheckpoint`, or null on a first run. */
  readonly checkpoint: unknown;
  /** Aborted on cancel, pause or shutdown; its reason is a `JobStopped`. */
  readonly signal: AbortSignal;
  /** A folder of this job's own; kept across pause and crash (checkpoints live here), removed when the job ends. */
  readonly tempDir: string;
  /** Overall fraction 0..1, weighted over every stage of the job, and the stage in words. */
  progress(fraction: number, stage: string): void;
  /** Persists how far the job got, so a crash or pause loses at most the step in flight. */
  saveCheckpoint(checkpoint: unknown): void;
  /** The results of the jobs this one depends on, by job id. */
  readonly dependencyResults: Record<string, Record<string, unknown> | null>;
}

export interface JobHandler<P = unknown> {
  kind: JobKind;
  lane: Lane;
  /** Validates the payload at enqueue and again whenever a stored job is loaded. */
  payload: z.ZodType<P>;
  maxAttempts: number;
  run(ctx: JobContext<P>): Promise<Record<string, unknown>>;
  /**
   * For a retryable failure that means waiting on something outside the studio (a feed that cannot
   * be reached): how long to wait before trying again, without counting an attempt. Null: a normal retry.
   */
  waitAfter?(error: { code: string; message: string }): number | null;
  /** Called once after success (e.g. to attach a take to its shot); errors are logged, not fatal. */
  onSucceeded?(job: JobRecord, result: Record<string, unknown>): void;
}

/** A handler of any payload type (each validates its own payload with its schema). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobHandler = JobHandler<any>;

export interface EnqueueSpec {
  /** A name other specs of the same call can depend on. */
  ref?: string;
  kind: JobKind;
  label: string;
  projectId: string | null;
  payload: unknown;
  /** Existing job ids or `{ ref }` of a spec in the same call. */
  dependsOn?: (string | { ref: string })[];
}

export interface QueueOptions {
  store: JobStore;
  handlers: readonly AnyJobHandler[];
  tempRoot: string;
  events?: EventBus;
  log: Logger;
  lanes?: Partial<Record<Lane, number>>;
  /** Finished jobs kept in history (older ones are deleted). */
  historyLimit?: number;
  newId: () => string;
  clock?: () => string;
  /** Releases model sessions and other memory when the queue is paused. */
  releaseResources?: () => void | Promise<void>;
  /** Base of the retry backoff in ms (doubles each attempt). */
  retryBaseMs?: number;
  /** How much work a job is, shown in the snapshot (1 for every job when not given). */
  weigh?: (kind: JobKind, payload: unknown) => number;
  /**
   * Which jobs run at the same rate per unit of `weigh` (default: their kind). The snapshot's work is
   * `weigh` corrected by the rates finished jobs showed (see workCalibration.ts).
   */
  workKey?: (kind: JobKind, payload: unknown) => string;
  /** The `workKey` whose work `weigh`'s units measure: unseen keys run at its rate (see workCalibration.ts). */
  workAnchor?: string;
}
