import { create } from 'zustand';
import type { JobProgress, QueueSnapshot } from '../../../shared/jobs';

/** The render queue as the engine last reported it, plus live progress between snapshots. */
export interface QueueState {
  snapshot: QueueSnapshot | null;
  progress: Record<string, JobProgress>;
  open: boolean;
  setSnapshot(s: QueueSnapshot): void;
  setProgress(jobId: string, p: JobProgress): void;
  setOpen(open: boolean): void;
}

export const useQueue = create<QueueState>()((set) => ({
  snapshot: null,
  progress: {},
  open: false,
  setSnapshot: (snapshot) =>
    set((s) => {
      // Progress of jobs no longer running is dropped; the snapshot carries their final state.
      const running = new Set(snapshot.jobs.filter((j) => j.state === 'running').map((j) => j.id));
      return { snapshot, progress: Object.fromEntries(Object.entries(s.progress).filter(([id]) => running.has(id))) };
    }),
  setProgress: (jobId, p) => set((s) => ({ progress: { ...s.progress, [jobId]: p } })),
  setOpen: (open) => set({ open }),
}));
