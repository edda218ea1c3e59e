import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isFinished } from '../../../shared/jobs';
import { listDir } from '../fsUtil';
import type { Jobs } from './jobGraph';
import type { JobRecord, JobStore } from './jobStore';

/** The queue's tidying: capped history, and temp folders no live job owns. */

/** Deletes the oldest finished jobs once there are 20 more than `limit` (so not on every finish). */
export function pruneHistory(jobs: Map<string, JobRecord>, store: JobStore, limit: number): void {
  let finished = 0;
  for (const j of jobs.values()) if (isFinished(j.state)) finished++;
  if (finished <= limit + 20) return;
  for (const id of store.pruneFinished(limit)) jobs.delete(id);
}

/** Removes the temp folders of jobs that are finished or gone (a crash can leave them). */
export function removeOrphanTempDirs(tempRoot: string, jobs: Jobs): void {
  for (const name of listDir(tempRoot)) {
    const job = jobs.get(name);
    if (!job || isFinished(job.state)) rmSync(join(tempRoot, name), { recursive: true, force: true });
  }
}
