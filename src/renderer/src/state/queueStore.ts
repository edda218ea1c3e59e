import { create } from 'zustand';
import type { JobProgress, QueueSnapshot } from '../../../shared/jobs';
import { BatchTracker, type Overall } from '../../../shared/jobs/batchTracker';

export type { Overall } from '../../../shared/jobs/batchTracker';

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

const tracker = new BatchTracker();

export const useQueue = create<QueueState>()((set) => ({
  snapshot: null,
  progress: {},
  open: false,
  overall: null,
  setSnapshot: (snapshot) => {
    tracker.onSnapshot(snapshot);
    set({ snapshot, progress: { ...tracker.progress }, overall: tracker.overall() });
  },
  setProgress: (jobId, p) => {
    tracker.onProgress(jobId, p);
    set({ progress: { ...tracker.progress }, overall: tracker.overall() });
  },
  setOpen: (open) => set({ open }),
}));
