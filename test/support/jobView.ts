import type { JobKind, JobState, JobView } from '../../src/shared/jobs';

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
