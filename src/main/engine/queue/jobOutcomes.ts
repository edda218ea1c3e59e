import { describeIssues } from '../../../shared/domain/schemas';
import type { JobError, JobKind } from '../../../shared/jobs';
import type { JobRecord } from './jobStore';
import type { JobHandler } from './jobTypes';

/**
 * What becomes of a job when something happens to it or to what it waits for: pure decisions, which
 * the queue applies and stores. Kept apart from the scheduling so each reads on its own.
 */

/** Why a stored job cannot run (INVALID_PAYLOAD), or null when its handler accepts its payload. */
export function payloadProblem(handlers: ReadonlyMap<JobKind, JobHandler<unknown>>, job: JobRecord): JobError | null {
  const handler = handlers.get(job.kind);
  const parsed = handler?.payload.safeParse(job.payload);
  if (handler && parsed?.success) return null;
  const message = !handler
    ? `This version of Shotline does not know jobs of kind "${job.kind}".`
    : `The stored job is damaged or from another version and cannot run: ${describeIssues(parsed!.error!.issues, 3)}`;
  return { code: 'INVALID_PAYLOAD', message, retryable: false };
}

/** A failed or canceled job put back in the queue as if new. */
export const REQUEUED = { state: 'queued', error: null, attempts: 0, notBefore: null, finishedAt: null, progress: null } as const;

/**
 * How a job waiting for `blocker` ends when `blocker` fails or is canceled: failed with the reason,
 * or canceled saying why (nobody canceled it by hand).
 */
export function dependentEnding(
  blocker: JobRecord,
  state: 'failed' | 'canceled',
  error: JobError | null,
): { state: 'failed' | 'canceled'; error: JobError } {
  return state === 'canceled'
    ? {
        state,
        error: {
          code: 'DEPENDENCY_CANCELED',
          message: `Canceled with ${blocker.label}, which it waits for. Retry brings both back.`,
          retryable: false,
        },
      }
    : {
        state,
        error: {
          code: 'DEPENDENCY_FAILED',
          message: `Waits for ${blocker.label}, which failed: ${error?.message ?? 'unknown error'}`,
          retryable: false,
        },
      };
}

/** Why a new job cannot run: a job it waits for had already failed or been canceled. */
export function blockedFromTheStart(dep: JobRecord): JobError {
  return {
    code: 'DEPENDENCY_FAILED',
    message: `Waits for ${dep.label}, which ${dep.state === 'failed' ? 'failed' : 'was canceled'}.`,
    retryable: false,
  };
}

/**
 * After a run that threw `error`: wait for something outside (`waitMs`, not a failed attempt),
 * retry with exponential backoff while attempts are left, or (null) fail for good.
 */
export function afterFailure(
  job: Pick<JobRecord, 'attempts' | 'maxAttempts' | 'progress'>,
  error: JobError,
  o: { waitMs: number | null; retryBaseMs: number; now: number },
): Pick<JobRecord, 'state' | 'error' | 'attempts' | 'notBefore' | 'progress'> | null {
  if (o.waitMs !== null) {
    return {
      state: 'queued',
      error,
      attempts: Math.max(0, job.attempts - 1),
      notBefore: o.now + o.waitMs,
      progress: { percent: job.progress?.percent ?? 0, stage: `Waiting: ${error.message}`, etaSeconds: null },
    };
  }
  if (error.retryable && job.attempts < job.maxAttempts) {
    return {
      state: 'queued',
      error,
      attempts: job.attempts,
      notBefore: o.now + o.retryBaseMs * 2 ** (job.attempts - 1),
      progress: job.progress,
    };
  }
  return null;
}

/**
 * A run stopped on purpose and not for good: at shutdown it waits as queued for the next start; held
 * by a whole-queue pause it waits as queued and goes on at resume; paused by hand it stays paused.
 */
export function afterStop(
  job: Pick<JobRecord, 'progress'>,
  reason: 'shutdown' | 'pause',
  queueHeld: boolean,
): Pick<JobRecord, 'state'> & Partial<Pick<JobRecord, 'progress'>> {
  if (reason === 'shutdown') return { state: 'queued' };
  return {
    state: queueHeld ? 'queued' : 'paused',
    progress: job.progress ? { ...job.progress, stage: `Paused (${job.progress.stage})`, etaSeconds: null } : null,
  };
}
