import { describe, expect, it } from 'vitest';
import type { JobKind, JobState, JobView, QueueSnapshot } from '../../../src/shared/jobs';
import { finishedExports } from '../../../src/shared/jobs/finished';
import { jobView } from '../../support/jobView';

const job = (id: string, kind: JobKind, state: JobState, extra: Partial<JobView> = {}): JobView =>
  jobView(id, kind, state, { lane: 'ffmpeg', label: `Export ${id}`, ...extra });
const snap = (...jobs: JobView[]): QueueSnapshot => ({ jobs, paused: false, lanes: {} as QueueSnapshot['lanes'] });

describe('finishedExports', () => {
  it('reports exports that finished or failed since the last snapshot, not shots or old history', () => {
    const before = snap(job('a', 'export.mp4', 'running'), job('b', 'export.mp4', 'queued'), job('s', 'shot.render', 'running'));
    const after = snap(
      job('a', 'export.mp4', 'succeeded', { result: { outputPath: '/out/a.mp4' } }),
      job('b', 'export.mp4', 'failed', { error: { code: 'DISK_FULL', message: 'The disk is full.', retryable: false } }),
      job('s', 'shot.render', 'succeeded'),
      job('old', 'export.mp4', 'succeeded'),
    );
    expect(finishedExports(before, after)).toEqual([
      { jobId: 'a', label: 'Export a', ok: true, outputPath: '/out/a.mp4', message: null },
      { jobId: 'b', label: 'Export b', ok: false, outputPath: null, message: 'The disk is full.' },
    ]);
  });

  it('says nothing for the first snapshot, for a cancel, or when nothing changed', () => {
    const s = snap(job('a', 'export.mp4', 'succeeded'));
    expect(finishedExports(null, s)).toEqual([]);
    expect(finishedExports(s, s)).toEqual([]);
    expect(finishedExports(snap(job('c', 'export.mp4', 'running')), snap(job('c', 'export.mp4', 'canceled')))).toEqual([]);
  });
});
