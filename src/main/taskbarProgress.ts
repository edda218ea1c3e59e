import type { Disposer } from '../shared/ipc/api';
import type { JobProgress, QueueSnapshot } from '../shared/jobs';
import { BatchTracker } from '../shared/jobs/batchTracker';
import type { EventBus } from './engine/events';

/** What the taskbar or dock shows: a fraction of the batch, held (paused), or nothing. */
export type TaskbarState = { fraction: number; mode: 'normal' | 'paused' } | null;

/**
 * Feeds the batch's progress to the taskbar (Windows), dock (macOS) or launcher (Unity) while the
 * queue works, so a long render can be followed from outside the window: the same batch and
 * weights as the studio's queue bar. `show` receives a change only when what is shown changes.
 */
export function followBatchProgress(events: EventBus, show: (state: TaskbarState) => void): Disposer {
  const tracker = new BatchTracker();
  let last: string | null = null;
  const update = () => {
    const o = tracker.overall();
    const state: TaskbarState = o ? { fraction: Math.min(1, Math.max(0, o.fraction)), mode: o.held ? 'paused' : 'normal' } : null;
    // A per cent is as fine as a taskbar can show.
    const key = state ? `${state.mode}:${Math.round(state.fraction * 100)}` : 'none';
    if (key === last) return;
    last = key;
    show(state);
  };
  return events.subscribe((name, payload) => {
    if (name === 'onQueueChanged') {
      tracker.onSnapshot(payload as QueueSnapshot);
      update();
    } else if (name === 'onJobProgress') {
      const { jobId, ...p } = payload as JobProgress & { jobId: string };
      tracker.onProgress(jobId, p);
      update();
    }
  });
}
