import type { JobError } from '../../../shared/jobs';

/** A failure a job handler throws on purpose: a code, a message a user can act on, and whether a retry may help. */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** Why a running job's signal was aborted. */
export type StopReason = 'pause' | 'cancel' | 'shutdown';

export class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job ${reason}`);
    this.name = 'AbortError';
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e instanceof JobStopped);
}

/** Throws the signal's reason (or an AbortError) when it is aborted: call between steps. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const r: unknown = signal.reason;
  if (r instanceof Error) throw r;
  throw new JobStopped('cancel');
}

/** Turns anything thrown by a handler into the stored error shape. */
export function toJobError(e: unknown): JobError {
  if (e instanceof JobFailure) {
    return { code: e.code, message: e.message, retryable: e.retryable, ...(e.details ? { details: e.details } : {}) };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const io = (err as NodeJS.ErrnoException).code;
  if (io === 'ENOSPC')
    return { code: 'DISK_FULL', message: `The disk is full: ${err.message}. Free some space and retry.`, retryable: false };
  if (io === 'EACCES' || io === 'EPERM' || io === 'EROFS') {
    return { code: 'NOT_WRITABLE', message: `Cannot write: ${err.message}. Choose another folder.`, retryable: false };
  }
  return {
    code: 'INTERNAL',
    message: err.message,
    retryable: false,
    ...(err.stack ? { details: err.stack.split('\n').slice(0, 6).join('\n') } : {}),
  };
}
