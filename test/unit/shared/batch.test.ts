import { describe, expect, it } from 'vitest';
import type { JobState, JobView } from '../../../src/shared/jobs';
import { batchProgress } from '../../../src/shared/jobs/batch';
import { jobView } from '../../support/jobView';

const job = (id: string, work: number, state: JobState, percent = 0): JobView =>
  jobView(id, 'shot.render', state, { work, progress: state === 'running' ? { percent, stage: 'Drawing', etaSeconds: null } : null });

describe('batchProgress', () => {
  it('weighs jobs by their work: four short lines done are a small part of four shots and an export', () => {
    const jobs = [
      ...['l1', 'l2', 'l3', 'l4'].map((id) => job(id, 12, 'succeeded')),
      ...['s1', 's2', 's3', 's4'].map((id) => job(id, 117, 'queued')),
      job('export', 187, 'queued'),
    ];
    const b = batchProgress(jobs, new Set(jobs.map((j) => j.id)));
    expect(b.fraction).toBeCloseTo(48 / (48 + 468 + 187), 6);
    expect(b).toMatchObject({ left: 5, total: 9 });
  });

  it('counts live progress, and ended jobs (failed or canceled too) as complete; jobs outside the batch are left out', () => {
    const jobs = [job('a', 100, 'running', 50), job('b', 100, 'failed'), job('c', 100, 'canceled'), job('old', 1000, 'succeeded')];
    const batch = new Set(['a', 'b', 'c']);
    expect(batchProgress(jobs, batch).fraction).toBeCloseTo(250 / 300, 6);
    expect(batchProgress(jobs, batch, { a: { percent: 80, stage: '', etaSeconds: null } }).fraction).toBeCloseTo(280 / 300, 6);
    expect(batchProgress(jobs, new Set()).fraction).toBe(1);
  });
});
