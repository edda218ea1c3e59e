import { isFinished } from '../../../shared/jobs';
import type { JobRecord } from './jobStore';

/*
 * Pure questions about the job DAG and the queue order, asked of the queue's in-memory jobs.
 */

export type Jobs = ReadonlyMap<string, JobRecord>;

/** Every dependency succeeded (a pruned one finished long ago and succeeded: failed ones cascade before pruning). */
export function dependenciesMet(jobs: Jobs, job: JobRecord): boolean {
  return job.dependsOn.every((d) => {
    const dep = jobs.get(d);
    return dep === undefined || dep.state === 'succeeded';
  });
}

/** The first dependency that failed or was canceled, if any. */
export function failedDependency(jobs: Jobs, job: JobRecord): JobRecord | null {
  for (const d of job.dependsOn) {
    const dep = jobs.get(d);
    if (dep && (dep.state === 'failed' || dep.state === 'canceled')) return dep;
  }
  return null;
}

/** Jobs that wait for `id`: unfinished ones, or all of them when `includeFinished`. */
export function dependentsOf(jobs: Jobs, id: string, includeFinished: boolean): JobRecord[] {
  return [...jobs.values()].filter((j) => j.dependsOn.includes(id) && (includeFinished || !isFinished(j.state)));
}

export function maxOrder(jobs: Jobs): number {
  let max = 0;
  for (const j of jobs.values()) if (j.orderKey > max) max = j.orderKey;
  return max;
}

/**
 * The order key that puts job `id` just before `beforeId` (a float between its neighbours, so a
 * move rewrites one row), or at the end when `beforeId` is null; null when `beforeId` is unknown.
 */
export function orderKeyBefore(jobs: Jobs, id: string, beforeId: string | null): number | null {
  if (beforeId === null) return maxOrder(jobs) + 1;
  const ordered = [...jobs.values()].filter((j) => j.id !== id).sort((a, b) => a.orderKey - b.orderKey);
  const idx = ordered.findIndex((j) => j.id === beforeId);
  if (idx < 0) return null;
  const next = ordered[idx]!.orderKey;
  const prev = idx > 0 ? ordered[idx - 1]!.orderKey : next - 2;
  return (prev + next) / 2;
}

/**
 * What a retry of `job` brings back: the job, the failed or canceled jobs it depends on, and the
 * dependents that failed only because of it (or were canceled with it).
 */
export function retrySet(jobs: Jobs, job: JobRecord): JobRecord[] {
  const out = new Set<JobRecord>();
  const add = (j: JobRecord) => {
    if (out.has(j) || (j.state !== 'failed' && j.state !== 'canceled')) return;
    out.add(j);
    for (const d of j.dependsOn) {
      const dep = jobs.get(d);
      if (dep) add(dep);
    }
  };
  add(job);
  for (const dependent of dependentsOf(jobs, job.id, true)) {
    if (dependent.error?.code === 'DEPENDENCY_FAILED' || dependent.state === 'canceled') add(dependent);
  }
  return [...out];
}
