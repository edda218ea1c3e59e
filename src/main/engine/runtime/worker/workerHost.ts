import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../logger';
import { JobFailure, throwIfAborted } from '../../queue/jobErrors';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** One running worker process, however it was started (forked child or Electron utility process). */
export interface WorkerPort {
  readonly pid: number | null;
  send(msg: WorkerRequest): void;
  onMessage(cb: (msg: WorkerResponse) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type SpawnWorker = () => WorkerPort;

/** Ready message sent by a fresh worker. */
interface Ready {
  pid: number;
  backends: { name: string; bundled: boolean }[];
}

/**
 * Finds the worker's script: the built `inference-worker.js` beside the bundle (app, CLI), or the
 * `.mts` source beside this file (tests and tools running from source; Node strips its types).
 */
export function defaultWorkerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'inference-worker.js'),
    join(here, '..', 'inference-worker.js'),
    join(here, 'inferenceWorker.mts'),
    join(here, 'worker', 'inferenceWorker.mts'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The inference worker script was not found (looked in ${candidates.join(', ')}).`);
  return found;
}

/** Starts the worker as a forked Node child: plain Node, the CLI, server mode and tests. */
export function forkWorker(o: { script?: string; budgetMB: number; log?: Logger }): SpawnWorker {
  return () => {
    const script = o.script ?? defaultWorkerScript();
    const child = fork(script, [], {
      serialization: 'advanced',
      execArgv: script.endsWith('.mts') ? ['--no-warnings'] : [],
      env: { ...process.env, SHOTLINE_WORKER_BUDGET_MB: String(o.budgetMB), ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // A send into a channel that is closing fails with EPIPE on the child's 'error' event; without a
    // listener that would be an uncaught exception. The exit handler fails whatever was in flight.
    child.on('error', (err) => o.log?.warn('inference worker channel error', { error: err.message }));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) o.log?.debug('inference worker', { stderr: line.slice(0, 500) });
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send: (msg) => {
        if (!child.connected) return;
        child.send(msg, (err) => {
          // The worker is going away: make sure it does, so its exit fails the pending request.
          if (err) child.kill('SIGKILL');
        });
      },
      onMessage: (cb) => child.on('message', (m) => cb(m as WorkerResponse)),
      onExit: (cb) => child.on('exit', (code, sig) => cb(code, sig)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; what: string };
type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The engine's side of the inference worker: starts it on first use, matches replies to
 * requests, and when the process dies (a native crash, or killed from outside) fails whatever
 * was in flight with a retryable error and starts a fresh worker on the next request.
 */
export class InferenceWorkerHost {
  private port: WorkerPort | null = null;
  private ready: Promise<Ready> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private lastReady: Ready | null = null;
  /** Worker processes that died unexpectedly and were replaced. */
  restarts = 0;
  /** Called when a worker dies, so callers can forget what it had loaded. */
  onCrash: (() => void) | null = null;

  constructor(
    private readonly spawn: SpawnWorker,
    private readonly log: Logger,
  ) {}

  get pid(): number | null {
    return this.port?.pid ?? null;
  }

  get running(): boolean {
    return this.port !== null;
  }

  /** What the worker's onnxruntime build offers (from the last worker that started). */
  async backends(): Promise<Ready['backends']> {
    return (await this.start()).backends;
  }

  /** Sends one request and waits for its reply. The signal is checked before sending and after the reply. */
  async request<T>(body: RequestBody, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    await this.start();
    const port = this.port;
    if (!port) throw new JobFailure('WORKER_CRASHED', 'The inference worker stopped before it could take the request.', true);
    const id = this.nextId++;
    const what = body.op === 'run' || body.op === 'load' ? `${body.op === 'run' ? 'running' : 'loading'} ${body.key}` : body.op;
    const value = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, what });
      port.send({ ...body, id } as WorkerRequest);
    });
    throwIfAborted(signal);
    return value as T;
  }

  /** Stops the worker (app shutdown). Requests in flight fail; the next request starts a new one. */
  async stop(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => port.onExit(() => r()));
    port.kill();
    await exited;
    this.stopping = false;
  }

  private start(): Promise<Ready> {
    if (this.ready) return this.ready;
    const port = this.spawn();
    this.port = port;
    this.ready = new Promise<Ready>((resolve, reject) => {
      port.onMessage((msg) => {
        if ('ready' in msg) {
          this.lastReady = msg as unknown as Ready;
          return resolve(this.lastReady);
        }
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(new JobFailure(msg.error.code, msg.error.message, false));
      });
      port.onExit((code, signal) => {
        const expected = this.stopping;
        this.port = null;
        this.ready = null;
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        if (!expected) {
          this.restarts++;
          this.log.warn('inference worker died', { code, signal, inFlight: this.pending.size });
        }
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(
            new JobFailure(
              'WORKER_CRASHED',
              `The inference worker ${how} while ${p.what}. A new worker starts on the next try.`,
              !expected,
            ),
          );
        }
        reject(new JobFailure('WORKER_CRASHED', `The inference worker ${how} while starting.`, true));
        this.onCrash?.();
      });
    });
    // A start that fails is reported to the request that caused it, not as an unhandled rejection.
    this.ready.catch(() => undefined);
    return this.ready;
  }
}
