import { isFinished, type JobKind, type JobView } from '../../../../shared/jobs';

const NOUNS: Partial<Record<JobKind, [string, string]>> = {
  'shot.render': ['shot', 'shots'],
  'dialogue.tts': ['line to be spoken', 'lines to be spoken'],
  'shot.generate': ['model-pack clip', 'model-pack clips'],
  'media.analyze': ['analysis', 'analyses'],
};

/**
 * What a waiting job waits for, in words: "Waits for 2 shots and 1 line to be spoken". A job whose
 * prerequisites are all done waits for a free lane. Pure, so it is unit-tested.
 */
export function waitingFor(job: JobView, jobs: readonly JobView[]): string {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const counts = new Map<string, number>();
  let other = 0;
  for (const id of job.dependsOn) {
    const dep = byId.get(id);
    if (!dep || isFinished(dep.state)) continue;
    if (NOUNS[dep.kind]) counts.set(dep.kind, (counts.get(dep.kind) ?? 0) + 1);
    else other++;
  }
  const parts = [...counts].map(([kind, n]) => `${n} ${NOUNS[kind as JobKind]![n === 1 ? 0 : 1]}`);
  if (other) parts.push(`${other} other job${other === 1 ? '' : 's'}`);
  if (parts.length === 0) return 'Waiting for a free lane';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `Waits for ${list}`;
}
