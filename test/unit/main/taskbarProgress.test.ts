import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/engine/events';
import { followBatchProgress, type TaskbarState } from '../../../src/main/taskbarProgress';
import type { JobState, JobView } from '../../../src/shared/jobs';
import { jobView, queueSnapshot } from '../../support/jobView';

const job = (id: string, state: JobState, work = 100): JobView => jobView(id, 'shot.render', state, { work, createdAt: 't1' });
const snap = queueSnapshot;

describe('taskbar progress (the desktop app shows the batch outside its window)', () => {
  it('follows the batch from the engine events: a fraction while it runs, held while the queue is, cleared when done; only changes are shown', () => {
    const events = new EventBus();
    const shown: TaskbarState[] = [];
    const stop = followBatchProgress(events, (s) => shown.push(s));
    events.emit('onQueueChanged', snap([job('a', 'running'), job('b', 'queued', 300)]));
    events.emit('onJobProgress', { jobId: 'a', percent: 40, stage: 'Drawing', etaSeconds: null });
    // Less than a per cent more: the taskbar is not asked again.
    events.emit('onJobProgress', { jobId: 'a', percent: 41, stage: 'Drawing', etaSeconds: null });
    events.emit('onJobProgress', { jobId: 'a', percent: 80, stage: 'Encoding', etaSeconds: null });
    events.emit('onQueueChanged', snap([job('a', 'succeeded'), job('b', 'queued', 300)], true));
    events.emit('onQueueChanged', snap([job('a', 'succeeded'), job('b', 'succeeded', 300)]));
    expect(shown).toEqual([
      { fraction: 0, mode: 'normal' },
      { fraction: 0.1, mode: 'normal' },
      { fraction: 0.2, mode: 'normal' },
      { fraction: 0.25, mode: 'paused' },
      null,
    ]);
    stop();
    events.emit('onQueueChanged', snap([job('c', 'queued')]));
    expect(shown).toHaveLength(5);
  });
});
