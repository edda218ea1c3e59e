import { isFinished, type JobProgress, type JobView } from './index';

/**
 * How far the jobs of one batch are (everything queued since the queue was last idle), weighted by
 * each job's work, so one bar over many jobs moves with time rather than with their number. A job
 * that ended (done, failed or canceled) counts as complete: nothing is left to wait for.
 */
export function batchProgress(
  jobs: readonly JobView[],
  batch: ReadonlySet<string>,
  live: Readonly<Record<string, JobProgress>> = {},
): { fraction: number; left: number; total: number } {
  let all = 0;
  let done = 0;
  let left = 0;
  let total = 0;
  for (const j of jobs) {
    if (!batch.has(j.id)) continue;
    total++;
    all += j.work;
    if (isFinished(j.state)) done += j.work;
    else {
      left++;
      done += (j.work * ((live[j.id] ?? j.progress)?.percent ?? 0)) / 100;
    }
  }
  return { fraction: all > 0 ? done / all : 1, left, total };
}
