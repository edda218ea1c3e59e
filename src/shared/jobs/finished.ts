import type { QueueSnapshot } from './index';

export interface FinishedExport {
  jobId: string;
  label: string;
  ok: boolean;
  /** The file written, when it succeeded. */
  outputPath: string | null;
  /** Why it failed, when it did. */
  message: string | null;
}

/**
 * The exports that finished or failed between two queue snapshots: what the studio tells the user
 * about (a toast in the window, a system notification from the desktop app when it is not in front).
 * Jobs first seen already finished (history at start) are not news.
 */
export function finishedExports(before: QueueSnapshot | null, after: QueueSnapshot): FinishedExport[] {
  if (!before) return [];
  const was = new Map(before.jobs.map((j) => [j.id, j.state]));
  return after.jobs
    .filter(
      (j) => j.kind === 'export.mp4' && was.has(j.id) && was.get(j.id) !== j.state && (j.state === 'succeeded' || j.state === 'failed'),
    )
    .map((j) => ({
      jobId: j.id,
      label: j.label,
      ok: j.state === 'succeeded',
      outputPath: j.state === 'succeeded' ? ((j.result as { outputPath?: string } | null)?.outputPath ?? null) : null,
      message: j.state === 'failed' ? (j.error?.message ?? 'unknown error') : null,
    }));
}
