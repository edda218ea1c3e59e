import { describe, expect, it } from 'vitest';
import type { JobState, JobView } from '../../../src/shared/jobs';
import { BatchTracker } from '../../../src/shared/jobs/batchTracker';
import { jobView, queueSnapshot } from '../../support/jobView';

const job = (id: string, state: JobState, createdAt: string, work = 100): JobView => jobView(id, 'shot.render', state, { work, createdAt });
const snap = queueSnapshot;

describe('BatchTracker (the queue bar and the taskbar progress)', () => {
  it('a batch is what was queued since the queue was idle: older history is left out, jobs added meanwhile join, the next batch starts afresh', () => {
    let now = 0;
    const t = new BatchTracker(() => now);
    const old = job('old', 'succeeded', 't0', 1000);
    t.onSnapshot(snap([old]));
    expect(t.overall()).toBeNull();

    t.onSnapshot(snap([old, job('a', 'running', 't5'), job('b', 'queued', 't5', 300)]));
    expect(t.overall()).toMatchObject({ fraction: 0, left: 2, total: 2, etaSeconds: null });
    t.onProgress('a', { percent: 50, stage: 'Drawing', etaSeconds: 3 });
    now = 10_000;
    const half = t.overall()!;
    expect(half.fraction).toBeCloseTo(50 / 400, 6);
    // The batch's own ETA: 12.5% in 10 s, so about 70 s to go (from this run's rate, not the job's own figure).
    now = 20_000;
    t.onProgress('a', { percent: 100, stage: 'Done', etaSeconds: 0 });
    const later = t.overall()!;
    expect(later.fraction).toBeCloseTo(100 / 400, 6);
    expect(later.etaSeconds).toBeGreaterThan(0);

    // a is done, b runs, c is added: c joins this batch.
    t.onSnapshot(snap([old, job('a', 'succeeded', 't5'), job('b', 'running', 't5', 300), job('c', 'queued', 't7')]));
    // Live progress of a job that no longer runs is dropped; the snapshot says it is done.
    expect(Object.keys(t.progress)).toEqual([]);
    expect(t.overall()).toMatchObject({ left: 2, total: 3 });
    expect(t.overall()!.fraction).toBeCloseTo(100 / 500, 6);

    // Everything done: idle; the next job is a batch of its own.
    const done = [old, job('a', 'succeeded', 't5'), job('b', 'succeeded', 't5', 300), job('c', 'succeeded', 't7')];
    t.onSnapshot(snap(done));
    expect(t.overall()).toBeNull();
    t.onSnapshot(snap([...done, job('d', 'queued', 't9', 50)]));
    expect(t.overall()).toMatchObject({ fraction: 0, left: 1, total: 1 });
  });

  it('jobs that are all paused (held one by one) are no batch; a held queue still is one', () => {
    const t = new BatchTracker();
    t.onSnapshot(snap([job('a', 'paused', 't1'), job('b', 'succeeded', 't0')]));
    expect(t.overall()).toBeNull();
    t.onSnapshot(snap([job('a', 'queued', 't1')], true));
    expect(t.overall()).toMatchObject({ left: 1, total: 1, held: true, etaSeconds: null });
  });

  it('while a paused job holds the batch up, no time left is given; after the resume the ETA measures afresh', () => {
    let now = 0;
    const t = new BatchTracker(() => now);
    const running = snap([job('a', 'running', 't1'), job('e', 'queued', 't1')]);
    t.onSnapshot(running);
    t.overall();
    now = 10_000;
    t.onProgress('a', { percent: 50, stage: 'Drawing', etaSeconds: null });
    // Half of a in 10 s: a quarter of the batch, so about 30 s to go.
    expect(t.overall()!.etaSeconds).toBeCloseTo(30, 0);
    // a is paused, and the export waits for it: held.
    t.onSnapshot(snap([job('a', 'paused', 't1', 100), job('e', 'queued', 't1')]));
    expect(t.overall()).toMatchObject({ held: true, etaSeconds: null, left: 2 });
    // An hour later it is resumed: the hour is no measure of speed.
    now = 3_610_000;
    t.onSnapshot(running);
    t.onProgress('a', { percent: 50, stage: 'Drawing', etaSeconds: null });
    expect(t.overall()).toMatchObject({ held: false, etaSeconds: null });
    now = 3_620_000;
    t.onProgress('a', { percent: 100, stage: 'Done', etaSeconds: null });
    // Another quarter in 10 s: about 20 s for the half left, not hours.
    expect(t.overall()!.etaSeconds).toBeCloseTo(20, 0);
  });
});
