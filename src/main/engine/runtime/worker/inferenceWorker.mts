/*
 * The inference worker: a separate process that owns every onnxruntime session, so a native
 * crash in a model or an execution provider costs this process, not the studio. The engine
 * restarts it and retries the job.
 *
 * Runs as a forked Node child (plain Node, CLI, tests: straight from this .ts file, Node strips
 * the types) or as an Electron utility process (built to out/main/inference-worker.js). It may
 * only import node built-ins, onnxruntime-node and types.
 */
import { createRequire } from 'node:module';
import type * as OrtTypes from 'onnxruntime-node';
import type { LoadResult, Provider, RunResult, WireSpec, WireTensor, WorkerInfo, WorkerRequest, WorkerResponse } from './protocol';

type Ort = typeof OrtTypes;
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;

interface PooledSession {
  session: OrtTypes.InferenceSession;
  provider: Provider;
  memoryMB: number;
  lastUsed: number;
  busy: number;
}

/** Electron's utility process talks through process.parentPort; a forked child through process.send. */
interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(msg: WorkerResponse): void {
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
}

const budgetMB = Number(process.env.SHOTLINE_WORKER_BUDGET_MB) || 4096;
const pool = new Map<string, PooledSession>();
/** Providers that failed to initialise in this process: not tried again until a restart. */
const deadProviders = new Map<Provider, string>();
let clock = 0;

// No parameter properties here: Node's type stripping runs this file as it is.
class WorkerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function usedMB(): number {
  let sum = 0;
  for (const s of pool.values()) sum += s.memoryMB;
  return sum;
}

async function release(key: string): Promise<void> {
  const s = pool.get(key);
  if (!s) return;
  pool.delete(key);
  await s.session.release();
}

/** Releases least-recently-used idle sessions until `needMB` more fits in the budget. */
async function makeRoom(needMB: number): Promise<string[]> {
  const evicted: string[] = [];
  while (usedMB() + needMB > budgetMB) {
    const idle = [...pool.entries()].filter(([, s]) => s.busy === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    const victim = idle[0];
    if (!victim) break;
    await release(victim[0]);
    evicted.push(victim[0]);
  }
  return evicted;
}

const ORT_NAMES: Record<Provider, string> = { cuda: 'cuda', dml: 'dml', coreml: 'coreml', webgpu: 'webgpu', cpu: 'cpu' };

function sameShape(declared: (number | string)[], actual: readonly (number | string)[]): boolean {
  if (declared.length !== actual.length) return false;
  return declared.every((d, i) => typeof d !== 'number' || typeof actual[i] !== 'number' || actual[i] === d);
}

/** Checks the session's tensors against the manifest's contract; a pack that lies is refused at load. */
function checkContract(session: OrtTypes.InferenceSession, inputs?: WireSpec[], outputs?: WireSpec[]): void {
  const problems: string[] = [];
  const meta = (list: readonly OrtTypes.InferenceSession.ValueMetadata[]) =>
    new Map(list.map((m) => [m.name, m.isTensor ? { type: m.type as string, shape: m.shape } : null]));
  const check = (
    kind: 'input' | 'output',
    declared: WireSpec[] | undefined,
    actual: Map<string, { type: string; shape: readonly (number | string)[] } | null>,
  ) => {
    if (!declared) return;
    for (const d of declared) {
      const a = actual.get(d.name);
      if (a === undefined) problems.push(`the model has no ${kind} "${d.name}" (it has ${[...actual.keys()].join(', ') || 'none'})`);
      else if (a === null) problems.push(`${kind} "${d.name}" is not a tensor`);
      else if (a.type !== d.type) problems.push(`${kind} "${d.name}" is ${a.type}, the manifest says ${d.type}`);
      else if (!sameShape(d.shape, a.shape)) {
        problems.push(`${kind} "${d.name}" has shape [${a.shape.join(', ')}], the manifest says [${d.shape.join(', ')}]`);
      }
    }
  };
  check('input', inputs, meta(session.inputMetadata));
  check('output', outputs, meta(session.outputMetadata));
  if (problems.length) throw new WorkerError('CONTRACT_MISMATCH', `The model does not match its manifest: ${problems.join('; ')}.`);
}

async function load(req: Extract<WorkerRequest, { op: 'load' }>): Promise<LoadResult> {
  const existing = pool.get(req.key);
  if (existing) {
    existing.lastUsed = ++clock;
    return { provider: existing.provider, loadMs: 0, failed: [], evicted: [] };
  }
  const evicted = await makeRoom(req.memoryMB);
  const failed: LoadResult['failed'] = [];
  const t0 = performance.now();
  for (const provider of req.order) {
    const dead = deadProviders.get(provider);
    if (dead && provider !== 'cpu') {
      failed.push({ provider, message: dead });
      continue;
    }
    let session: OrtTypes.InferenceSession;
    try {
      session = await ort.InferenceSession.create(req.file, {
        executionProviders: [ORT_NAMES[provider]],
        logSeverityLevel: 3,
        graphOptimizationLevel: 'all',
      });
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      // A file that onnxruntime cannot parse fails on every provider: say so once.
      if (
        /protobuf|parse|invalid model|Load model|ModelProto|INVALID_GRAPH|INVALID_PROTOBUF|No graph|Failed to load/i.test(message) &&
        provider === 'cpu'
      ) {
        throw new WorkerError('INVALID_MODEL', `onnxruntime cannot load ${req.file}: ${message}`);
      }
      if (provider !== 'cpu') deadProviders.set(provider, message);
      failed.push({ provider, message });
      continue;
    }
    try {
      checkContract(session, req.inputs, req.outputs);
    } catch (e) {
      await session.release();
      throw e;
    }
    pool.set(req.key, { session, provider, memoryMB: req.memoryMB, lastUsed: ++clock, busy: 0 });
    return { provider, loadMs: performance.now() - t0, failed, evicted };
  }
  throw new WorkerError(
    'NO_PROVIDER',
    `No execution provider could load ${req.file}: ${failed.map((f) => `${f.provider}: ${f.message}`).join('; ')}`,
  );
}

function toOrt(t: WireTensor): OrtTypes.Tensor {
  return new ort.Tensor(t.type, t.data as never, t.dims);
}

function fromOrt(t: OrtTypes.Tensor): WireTensor {
  return { type: t.type as WireTensor['type'], dims: [...t.dims], data: t.data as WireTensor['data'] };
}

async function run(req: Extract<WorkerRequest, { op: 'run' }>): Promise<RunResult> {
  const s = pool.get(req.key);
  if (!s) throw new WorkerError('NOT_LOADED', `No session "${req.key}" is loaded in the inference worker.`);
  s.busy++;
  s.lastUsed = ++clock;
  const t0 = performance.now();
  try {
    const feeds: Record<string, OrtTypes.Tensor> = {};
    for (const [name, t] of Object.entries(req.feeds)) feeds[name] = toOrt(t);
    const out = req.fetches ? await s.session.run(feeds, req.fetches) : await s.session.run(feeds);
    const outputs: Record<string, WireTensor> = {};
    for (const [name, t] of Object.entries(out)) outputs[name] = fromOrt(t);
    return { outputs, ms: performance.now() - t0 };
  } catch (e) {
    throw new WorkerError('RUN_FAILED', e instanceof Error ? e.message.split('\n')[0]! : String(e));
  } finally {
    s.busy--;
  }
}

function info(): WorkerInfo {
  return {
    pid: process.pid,
    budgetMB,
    usedMB: usedMB(),
    sessions: [...pool.entries()].map(([key, s]) => ({ key, provider: s.provider, memoryMB: s.memoryMB, lastUsed: s.lastUsed })),
  };
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'load':
      return load(req);
    case 'run':
      return run(req);
    case 'release':
      if (req.key) await release(req.key);
      else for (const key of [...pool.keys()]) await release(key);
      return info();
    case 'info':
      return info();
  }
}

function onMessage(raw: unknown): void {
  const req = raw as WorkerRequest;
  handle(req).then(
    (value) => send({ id: req.id, ok: true, value }),
    (e: unknown) =>
      send({
        id: req.id,
        ok: false,
        error: { code: e instanceof WorkerError ? e.code : 'WORKER_ERROR', message: e instanceof Error ? e.message : String(e) },
      }),
  );
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else process.on('message', onMessage);
// The worker lives as long as its parent: a forked child exits when the IPC channel closes.
process.on('disconnect', () => process.exit(0));
const listBackends = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends;
send({ id: 0, ready: true, pid: process.pid, backends: listBackends?.() ?? [{ name: 'cpu', bundled: true }] });
