import { describeIssues } from '../../../shared/domain/schemas';
import type { JobKind } from '../../../shared/jobs';
import { AppError } from '../../../shared/result';
import { maxOrder, type Jobs } from './jobGraph';
import type { JobRecord } from './jobStore';
import type { EnqueueSpec, JobHandler } from './jobTypes';

/**
 * Turns enqueue specs into queued job records, in queue order after every existing job, with
 * `{ ref }` dependencies resolved. Throws (and builds nothing) if any payload fails its handler's
 * schema or a dependency is unknown.
 */
export function buildJobRecords(
  specs: readonly EnqueueSpec[],
  ctx: { jobs: Jobs; handlers: ReadonlyMap<JobKind, JobHandler<unknown>>; newId: () => string; now: string },
): JobRecord[] {
  const byRef = new Map<string, string>();
  let order = maxOrder(ctx.jobs);
  const records = specs.map((s): JobRecord => {
    const handler = ctx.handlers.get(s.kind);
    if (!handler) throw new AppError('INVALID_INPUT', `No handler for job kind "${s.kind}".`);
    const parsed = handler.payload.safeParse(s.payload);
    if (!parsed.success) throw new AppError('INVALID_INPUT', `Job "${s.label}": ${describeIssues(parsed.error.issues)}`);
    const id = ctx.newId();
    if (s.ref) byRef.set(s.ref, id);
    order += 1;
    return {
      id,
      kind: s.kind,
      lane: handler.lane,
      state: 'queued',
      label: s.label,
      projectId: s.projectId,
      payload: parsed.data,
      checkpoint: null,
      progress: null,
      result: null,
      error: null,
      attempts: 0,
      maxAttempts: handler.maxAttempts,
      orderKey: order,
      notBefore: null,
      dependsOn: [],
      createdAt: ctx.now,
      startedAt: null,
      finishedAt: null,
    };
  });
  specs.forEach((s, i) => {
    records[i]!.dependsOn = (s.dependsOn ?? []).map((d) => {
      const id = typeof d === 'string' ? d : byRef.get(d.ref);
      if (!id || (typeof d === 'string' && !ctx.jobs.has(d))) {
        throw new AppError('INVALID_INPUT', `Job "${s.label}" depends on an unknown job ${JSON.stringify(d)}.`);
      }
      return id;
    });
  });
  return records;
}
