import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { JobFailure, JobStopped } from '../queue/jobErrors';

export interface FfmpegRunOptions {
  /** What this run does, for errors: "encoding shot 3". */
  label: string;
  signal?: AbortSignal;
  /** Called with the output time reached, in seconds. */
  onTime?: (seconds: number) => void;
  /** Keep stdin open for raw frames. */
  stdin?: boolean;
}

export interface FfmpegRun {
  /** Raw input when `stdin` was requested. Use `writeFrame` for backpressure and abort. */
  stdin: Writable | null;
  done: Promise<void>;
  pid: number | undefined;
}

const TAIL_LINES = 12;

/**
 * Lines that never say what went wrong: the encoders' closing statistics (which fill the tail of
 * every run), the progress and size summary, and ffmpeg's generic last word.
 */
const NOISE =
  /^\s*(?:\[(?:libx264|aac) @ 0x[0-9a-f]+\] (?:frame [IPB]:|mb [IPB] |kb\/s:|Weighted|ref [PB] |consecutive|8x8|coded |i16 |i8 |i4 |i8c |Qavg|direct|using cpu|profile |264 - core)|frame=|size=|video:\d|Press \[q\]|Conversion failed!|Exiting normally)/;
const NO_SPACE = /No space left on device/i;

/**
 * The one place ffmpeg processes are started. It keeps a registry of live processes, kills a
 * process (SIGKILL) when its signal aborts and waits until it has exited, and turns a failure into
 * an error that names the step and carries the last lines of ffmpeg's stderr.
 */
export class FfmpegRunner {
  private readonly live = new Set<ChildProcess>();

  constructor(readonly ffmpegPath: string) {}

  /** Pids of the ffmpeg processes running now. */
  livePids(): number[] {
    return [...this.live].map((p) => p.pid).filter((p): p is number => p !== undefined);
  }

  run(args: readonly string[], opts: FfmpegRunOptions): FfmpegRun {
    if (opts.signal?.aborted) {
      return { stdin: null, pid: undefined, done: Promise.reject(asAbort(opts.signal)) };
    }
    // -nostdin only when stdin does not carry frames.
    const base = ['-hide_banner', ...(opts.stdin ? [] : ['-nostdin']), '-y', '-progress', 'pipe:1', '-nostats'];
    const child = spawn(this.ffmpegPath, [...base, ...args], {
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.live.add(child);
    // The last lines of stderr, and the last ones that say something (the error's details; the very
    // last is its message); and whether the disk filled up at any point (ffmpeg says so once, early).
    const tail: string[] = [];
    const telling: string[] = [];
    let noSpace = false;
    const keep = (l: string) => {
      if (!l.trim()) return;
      tail.push(l);
      if (tail.length > TAIL_LINES) tail.shift();
      if (!NOISE.test(l)) telling.push(l);
      if (telling.length > TAIL_LINES) telling.shift();
      if (NO_SPACE.test(l)) noSpace = true;
    };
    let stderrBuf = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrBuf += chunk;
      const lines = stderrBuf.split(/\r?\n/);
      stderrBuf = lines.pop() ?? '';
      for (const l of lines) keep(l);
    });
    let stdoutBuf = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdoutBuf += chunk;
      const lines = stdoutBuf.split('\n');
      stdoutBuf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^out_time_(?:us|ms)=(\d+)/.exec(l);
        if (m && opts.onTime) opts.onTime(Number(m[1]) / 1e6);
      }
    });
    // A closed pipe when ffmpeg dies is reported through the exit code, not as an unhandled error.
    child.stdin?.on('error', () => undefined);

    let killedByUs = false;
    const onAbort = () => {
      killedByUs = true;
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const done = new Promise<void>((resolve, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) => {
        this.live.delete(child);
        opts.signal?.removeEventListener('abort', onAbort);
        const retryable = e.code === 'EAGAIN' || e.code === 'EMFILE' || e.code === 'ENFILE';
        reject(new JobFailure('FFMPEG_START_FAILED', `Could not start ffmpeg for ${opts.label}: ${e.message}`, retryable));
      });
      child.on('close', (code, sig) => {
        this.live.delete(child);
        opts.signal?.removeEventListener('abort', onAbort);
        keep(stderrBuf);
        if (killedByUs && opts.signal) return reject(asAbort(opts.signal));
        const details = (telling.length ? telling : tail).join('\n');
        // The bundled ffmpeg exits 0 after "Error writing trailer …: No space left on device" (the
        // +faststart pass), leaving its output cut short: a full disk fails the run whatever the exit code.
        if (code === 0 && !noSpace) return resolve();
        if (sig) {
          return reject(
            new JobFailure(
              'FFMPEG_KILLED',
              `ffmpeg was stopped from outside (${sig}) while ${opts.label}. Press Retry to run it again.`,
              false,
              details,
            ),
          );
        }
        if (noSpace)
          return reject(new JobFailure('DISK_FULL', `The disk filled up while ${opts.label}. Free some space and retry.`, false, details));
        reject(
          new JobFailure(
            'FFMPEG_FAILED',
            `ffmpeg failed while ${opts.label}: ${(telling.at(-1) ?? `exit code ${code}`).trim()}`,
            false,
            details,
          ),
        );
      });
    });
    return { stdin: child.stdin, pid: child.pid, done };
  }

  /** Kills every live ffmpeg (app shutdown). */
  killAll(): void {
    for (const c of this.live) c.kill('SIGKILL');
  }
}

function asAbort(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new JobStopped('cancel');
}

/** Writes one raw frame, waiting for the pipe to drain, and gives up at once when the signal aborts. */
export async function writeFrame(stdin: Writable, frame: Buffer, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw asAbort(signal);
  if (stdin.destroyed || stdin.writableEnded) throw new JobFailure('FFMPEG_PIPE_CLOSED', 'ffmpeg stopped reading frames.', false);
  if (stdin.write(frame)) return;
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([once(stdin, 'drain', { signal: ac.signal }), once(stdin, 'close', { signal: ac.signal })]);
  } catch (e) {
    if (signal?.aborted) throw asAbort(signal);
    throw e;
  } finally {
    ac.abort();
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw asAbort(signal);
}
