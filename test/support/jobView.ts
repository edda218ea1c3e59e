import type { JobKind, JobState, JobView, QueueSnapshot } from '../../src/shared/jobs';

/** A job as the queue snapshot shows it, for tests of what the studio makes of snapshots. */
export function jobView(id: string, kind: JobKind, state: JobState, extra: Partial<JobView> = {}): JobView {
  return {
    id,
    kind,
    lane: 'cpu',
    state,
    label: id,
    projectId: null,
    dependsOn: [],
    attempts: 0,
    maxAttempts: 3,
    progress: null,
    work: 1,
    error: null,
    result: null,
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

/** A queue snapshot of these jobs (lanes as on two cores). */
export function queueSnapshot(jobs: JobView[], paused = false): QueueSnapshot {
  return {
    jobs,
    paused,
    lanes: {
      gpu: { capacity: 1, running: 0 },
      cpu: { capacity: 2, running: 0 },
      ffmpeg: { capacity: 1, running: 0 },
      net: { capacity: 2, running: 0 },
    },
  };
}
