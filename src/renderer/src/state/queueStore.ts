import { create } from 'zustand';
import { isFinished, type JobProgress, type QueueSnapshot } from '../../../shared/jobs';
import { batchProgress } from '../../../shared/jobs/batch';
import { EtaEstimator } from '../../../shared/jobs/eta';

/** Where the current batch stands: everything queued since the queue was last idle, weighted by work. */
export interface Overall {
  fraction: number;
  /** Jobs of the batch not finished yet, and in all. */
  left: number;
  total: number;
  /** Seconds until the whole batch is done; null while estimating. */
  etaSeconds: number | null;
}

/** The render queue as the engine last reported it, plus live progress between snapshots. */
export interface QueueState {
  snapshot: QueueSnapshot | null;
  progress: Record<string, JobProgress>;
  open: boolean;
  /** Null while the queue is idle. */
  overall: Overall | null;
  setSnapshot(s: QueueSnapshot): void;
  setProgress(jobId: string, p: JobProgress): void;
  setOpen(open: boolean): void;
}

let batch = new Set<string>();
/** When the batch began: the creation time of its first job (jobs queued with it may already be done). */
let since: string | null = null;
let eta = new EtaEstimator();

function overallOf(snapshot: QueueSnapshot | null, progress: Record<string, JobProgress>): Overall | null {
  if (!snapshot || batch.size === 0) return null;
  const b = batchProgress(snapshot.jobs, batch, progress);
  if (b.left === 0) return null;
  return { ...b, etaSeconds: eta.update(b.fraction) };
}

export const useQueue = create<QueueState>()((set) => ({
  snapshot: null,
  progress: {},
  open: false,
  overall: null,
  setSnapshot: (snapshot) =>
    set((s) => {
      // Progress of jobs no longer running is dropped; the snapshot carries their final state.
      const running = new Set(snapshot.jobs.filter((j) => j.state === 'running').map((j) => j.id));
      const progress = Object.fromEntries(Object.entries(s.progress).filter(([id]) => running.has(id)));
      // A batch runs from the first job queued after an idle queue until nothing is left to do.
      const unfinished = snapshot.jobs.filter((j) => !isFinished(j.state) && j.state !== 'paused');
      if (unfinished.length === 0) {
        batch = new Set();
        since = null;
        eta = new EtaEstimator();
      } else {
        since ??= unfinished.reduce((m, j) => (j.createdAt < m ? j.createdAt : m), unfinished[0]!.createdAt);
        for (const j of snapshot.jobs) if (!isFinished(j.state) || j.createdAt >= since) batch.add(j.id);
      }
      return { snapshot, progress, overall: overallOf(snapshot, progress) };
    }),
  setProgress: (jobId, p) =>
    set((s) => {
      const progress = { ...s.progress, [jobId]: p };
      return { progress, overall: overallOf(s.snapshot, progress) };
    }),
  setOpen: (open) => set({ open }),
}));
