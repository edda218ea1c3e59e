import type { JobError, JobKind, JobProgress, JobState, Lane } from '../../../shared/jobs';

/** One job as the queue keeps it. Payload and checkpoint are opaque here; handlers validate them. */
export interface JobRecord {
  id: string;
  kind: JobKind;
  lane: Lane;
  state: JobState;
  label: string;
  projectId: string | null;
  payload: unknown;
  checkpoint: unknown;
  progress: JobProgress | null;
  result: Record<string, unknown> | null;
  error: JobError | null;
  attempts: number;
  maxAttempts: number;
  orderKey: number;
  /** Epoch ms before which a retried job must not start (backoff). */
  notBefore: number | null;
  dependsOn: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * Where jobs persist. The queue talks only to this interface, so a studio that outgrows one
 * machine can put the same job types on a distributed queue instead of SQLite.
 */
export interface JobStore {
  /** Inserts jobs and their dependencies atomically. */
  insert(jobs: readonly JobRecord[]): void;
  /** Writes a job's mutable fields (state, checkpoint, progress, result, error, attempts, order…). */
  update(job: JobRecord): void;
  /** Writes several jobs in one transaction. */
  updateMany(jobs: readonly JobRecord[]): void;
  loadAll(): JobRecord[];
  /** Deletes finished jobs beyond the newest `keep`, never one that an unfinished job waits for. */
  pruneFinished(keep: number): string[];
  getFlag(key: string): string | null;
  setFlag(key: string, value: string): void;
}
