import { isFinished, LANES, type JobKind, type JobView, type Lane, type QueueSnapshot } from '../../../shared/jobs';
import type { Jobs } from './jobGraph';
import type { JobRecord } from './jobStore';
import { weighByHistory, type WorkGuess } from './workCalibration';

/**
 * What the UI sees of the queue: every unfinished job in queue order, then the newest finished
 * ones up to the history limit, how busy each lane is, and each job's work as history corrects the
 * guess (workCalibration.ts).
 */
export function buildSnapshot(
  jobs: Jobs,
  capacity: Record<Lane, number>,
  paused: boolean,
  historyLimit: number,
  guess: WorkGuess = { weigh: () => 1, key: (kind) => kind },
): QueueSnapshot {
  const weigh = weighByHistory(jobs.values(), guess);
  const all = [...jobs.values()].sort((a, b) => a.orderKey - b.orderKey);
  const active = all.filter((j) => !isFinished(j.state));
  const finished = all
    .filter((j) => isFinished(j.state))
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))
    .slice(0, historyLimit);
  const lanes = Object.fromEntries(
    LANES.map((l) => [l, { capacity: capacity[l], running: active.filter((j) => j.lane === l && j.state === 'running').length }]),
  ) as QueueSnapshot['lanes'];
  return { jobs: [...active, ...finished].map((j) => toView(j, weigh)), paused, lanes };
}

/** A job as the contract shows it: no payload or checkpoint. */
function toView(j: JobRecord, weigh: (kind: JobKind, payload: unknown) => number): JobView {
  return {
    id: j.id,
    kind: j.kind,
    lane: j.lane,
    state: j.state,
    label: j.label,
    projectId: j.projectId,
    dependsOn: j.dependsOn,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    progress: j.progress,
    work: Math.max(1e-6, weigh(j.kind, j.payload)),
    error: j.error,
    result: j.result,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}
