import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventBus } from '../../../src/main/engine/events';
import { silentLogger } from '../../../src/main/engine/logger';
import { JobFailure, throwIfAborted } from '../../../src/main/engine/queue/jobErrors';
import { RenderQueue, type JobContext, type JobHandler } from '../../../src/main/engine/queue/renderQueue';
import { SqliteJobStore } from '../../../src/main/engine/queue/sqliteJobStore';
import { openDatabase, type Db } from '../../../src/main/engine/store/db';
import type { QueueSnapshot } from '../../../src/shared/jobs';

const StepsPayload = z.object({ steps: z.number().int().min(1), failWith: z.enum(['none', 'retryable', 'fatal']).optional() });
type Steps = z.infer<typeof StepsPayload>;

/** A real job that works in steps, checkpoints after each, and records what ran. */
class StepHandler implements JobHandler<Steps> {
  readonly payload = StepsPayload;
  readonly maxAttempts = 3;
  readonly log: { id: string; step: number }[] = [];
  running = 0;
  peak = 0;
  gate: Promise<void> | null = null;
  constructor(
    readonly kind: 'shot.render' | 'export.mp4',
    readonly lane: 'cpu' | 'ffmpeg',
    private readonly stepMs = 5,
  ) {}
  async run(ctx: JobContext<Steps>): Promise<Record<string, unknown>> {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      if (ctx.payload.failWith === 'retryable' && ctx.job.attempts < 3) throw new JobFailure('FLAKY', 'try again', true);
      if (ctx.payload.failWith === 'fatal') throw new JobFailure('BROKEN', 'this cannot work', false);
      let step = (ctx.checkpoint as { step?: number } | null)?.step ?? 0;
      for (; step < ctx.payload.steps; step++) {
        throwIfAborted(ctx.signal);
        if (this.gate) await this.gate;
        await new Promise((r) => setTimeout(r, this.stepMs));
        throwIfAborted(ctx.signal);
        this.log.push({ id: ctx.job.id, step });
        ctx.saveCheckpoint({ step: step + 1 });
        ctx.progress((step + 1) / ctx.payload.steps, `step ${step + 1}`);
      }
      return { steps: ctx.payload.steps, deps: Object.keys(ctx.dependencyResults).length };
    } finally {
      this.running--;
    }
  }
}

let dir: string;
let db: Db;
let shot: StepHandler;
let exp: StepHandler;
let events: EventBus;
let n = 0;

function makeQueue(lanes = { cpu: 2, ffmpeg: 1 }, historyLimit = 50): RenderQueue {
  return new RenderQueue({
    store: new SqliteJobStore(db),
    handlers: [shot, exp],
    tempRoot: join(dir, 'tmp'),
    events,
    log: silentLogger,
    lanes,
    historyLimit,
    newId: () => `job_${++n}`,
    retryBaseMs: 5,
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shotline-queue-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  shot = new StepHandler('shot.render', 'cpu');
  exp = new StepHandler('export.mp4', 'ffmpeg');
  events = new EventBus();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RenderQueue', () => {
  it('runs an export only after every shot it depends on has succeeded', async () => {
    const q = makeQueue();
    q.start();
    const jobs = q.enqueue([
      { ref: 'a', kind: 'shot.render', label: 'A', projectId: 'p', payload: { steps: 3 } },
      { ref: 'b', kind: 'shot.render', label: 'B', projectId: 'p', payload: { steps: 5 } },
      { kind: 'export.mp4', label: 'E', projectId: 'p', payload: { steps: 1 }, dependsOn: [{ ref: 'a' }, { ref: 'b' }] },
    ]);
    const e = await q.waitFor(jobs[2]!.id);
    expect(e.state).toBe('succeeded');
    expect(e.result).toEqual({ steps: 1, deps: 2 });
    const lastShotStep = Math.max(...shot.log.map((_, i) => i));
    expect(shot.log).toHaveLength(8);
    expect(lastShotStep).toBe(7);
    expect(q.get(jobs[0]!.id)!.state).toBe('succeeded');
    expect(q.get(jobs[1]!.id)!.state).toBe('succeeded');
  });

  it('bounds concurrency per lane', async () => {
    const q = makeQueue({ cpu: 2, ffmpeg: 1 });
    q.start();
    const jobs = q.enqueue(
      Array.from({ length: 6 }, (_, i) => ({ kind: 'shot.render' as const, label: `S${i}`, projectId: null, payload: { steps: 3 } })),
    );
    await Promise.all(jobs.map((j) => q.waitFor(j.id)));
    expect(shot.peak).toBe(2);
  });

  it('refuses a bad payload at enqueue and stores nothing', () => {
    const q = makeQueue();
    q.start();
    expect(() =>
      q.enqueue([
        { kind: 'shot.render', label: 'ok', projectId: null, payload: { steps: 1 } },
        { kind: 'shot.render', label: 'zero', projectId: null, payload: { steps: 0 } },
      ]),
    ).toThrow(/zero.*steps/s);
    expect(q.snapshot().jobs).toHaveLength(0);
    expect(db.prepare('SELECT COUNT(*) AS c FROM jobs').get()).toEqual({ c: 0 });
  });

  it('pauses a running job at its checkpoint and resumes from there', async () => {
    const q = makeQueue();
    q.start();
    let release!: () => void;
    const [job] = q.enqueue([{ kind: 'shot.render', label: 'S', projectId: null, payload: { steps: 6 } }]);
    await until(() => shot.log.length >= 2);
    shot.gate = new Promise((r) => (release = r));
    q.pause(job!.id);
    release();
    shot.gate = null;
    await until(() => q.get(job!.id)!.state === 'paused');
    const doneBefore = shot.log.length;
    expect(q.get(job!.id)!.checkpoint).toEqual({ step: doneBefore });
    q.resume(job!.id);
    await q.waitFor(job!.id);
    // Every step ran exactly once: nothing was redone after the pause.
    expect(shot.log.map((l) => l.step)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('cancels a running job and everything waiting for it, and removes its temp folder', async () => {
    const q = makeQueue();
    q.start();
    const [s, e] = q.enqueue([
      { ref: 's', kind: 'shot.render', label: 'S', projectId: null, payload: { steps: 200 } },
      { kind: 'export.mp4', label: 'E', projectId: null, payload: { steps: 1 }, dependsOn: [{ ref: 's' }] },
    ]);
    await until(() => shot.log.length >= 1);
    expect(existsSync(join(dir, 'tmp', s!.id))).toBe(true);
    q.cancel(s!.id);
    expect((await q.waitFor(s!.id)).state).toBe('canceled');
    const dependent = await q.waitFor(e!.id);
    expect(dependent.state).toBe('canceled');
    // It says why: the user canceled S, not E.
    expect(dependent.error).toMatchObject({
      code: 'DEPENDENCY_CANCELED',
      message: 'Canceled with S, which it waits for. Retry brings both back.',
    });
    expect(shot.log.length).toBeLessThan(200);
    expect(existsSync(join(dir, 'tmp', s!.id))).toBe(false);
    expect(exp.log).toHaveLength(0);
    // Retrying the export brings back the shot it waits for, and clears the reason.
    q.retry(e!.id);
    expect(q.get(s!.id)!.state).not.toBe('canceled');
    expect(q.get(e!.id)).toMatchObject({ state: 'queued', error: null });
    expect((await q.waitFor(e!.id)).state).toBe('succeeded');
  });

  it('retries retryable failures up to the cap, fails fatal ones at once, and fails the dependents with the reason', async () => {
    const q = makeQueue();
    q.start();
    const [flaky] = q.enqueue([{ kind: 'shot.render', label: 'Flaky', projectId: null, payload: { steps: 1, failWith: 'retryable' } }]);
    const done = await q.waitFor(flaky!.id);
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(3);

    const [bad, dep] = q.enqueue([
      { ref: 'x', kind: 'shot.render', label: 'Broken shot', projectId: null, payload: { steps: 1, failWith: 'fatal' } },
      { kind: 'export.mp4', label: 'E', projectId: null, payload: { steps: 1 }, dependsOn: [{ ref: 'x' }] },
    ]);
    const failed = await q.waitFor(bad!.id);
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatchObject({ code: 'BROKEN', message: 'this cannot work', retryable: false });
    const depDone = await q.waitFor(dep!.id);
    expect(depDone.state).toBe('failed');
    expect(depDone.error?.code).toBe('DEPENDENCY_FAILED');
    expect(depDone.error?.message).toContain('Broken shot');
  });

  it('manual retry brings back a failed job together with the dependents it took down', async () => {
    const q = makeQueue();
    q.start();
    const [bad, dep] = q.enqueue([
      { ref: 'x', kind: 'shot.render', label: 'Broken', projectId: null, payload: { steps: 1, failWith: 'fatal' } },
      { kind: 'export.mp4', label: 'E', projectId: null, payload: { steps: 1 }, dependsOn: [{ ref: 'x' }] },
    ]);
    await q.waitFor(dep!.id);
    q.retry(bad!.id);
    expect(q.get(bad!.id)!.state).not.toBe('failed');
    expect(q.get(dep!.id)!.state).toBe('queued');
    expect(() => q.retry(dep!.id)).toThrow(/only a failed or canceled job/);
  });

  it('recovers jobs a crash left running and resumes them from their checkpoint; damaged payloads fail with a reason', async () => {
    const q1 = makeQueue();
    // Not started: simulate what a crash leaves behind.
    const [a, b] = q1.enqueue([
      { kind: 'shot.render', label: 'A', projectId: null, payload: { steps: 5 } },
      { kind: 'shot.render', label: 'B', projectId: null, payload: { steps: 2 } },
    ]);
    db.prepare(`UPDATE jobs SET state = 'running', checkpoint_json = '{"step":3}', attempts = 1 WHERE id = ?`).run(a!.id);
    db.prepare(`UPDATE jobs SET payload_json = '{"steps":"many"}' WHERE id = ?`).run(b!.id);

    const q2 = makeQueue();
    const r = q2.start();
    expect(r).toEqual({ recovered: 1, invalid: 1 });
    expect(q2.get(b!.id)!.state).toBe('failed');
    expect(q2.get(b!.id)!.error?.code).toBe('INVALID_PAYLOAD');
    expect(q2.get(b!.id)!.error?.message).toMatch(/steps/);
    const done = await q2.waitFor(a!.id);
    expect(done.state).toBe('succeeded');
    expect(shot.log.map((l) => l.step)).toEqual([3, 4]);
  });

  it('runs waiting jobs in queue order, and a move changes that order', async () => {
    const q = makeQueue({ cpu: 1, ffmpeg: 1 });
    const jobs = q.enqueue(
      ['A', 'B', 'C', 'D'].map((l) => ({ kind: 'shot.render' as const, label: l, projectId: null, payload: { steps: 1 } })),
    );
    q.move(jobs[3]!.id, jobs[0]!.id); // D before A
    q.move(jobs[0]!.id, null); // A to the end
    q.start();
    await Promise.all(jobs.map((j) => q.waitFor(j.id)));
    expect(shot.log.map((l) => q.get(l.id)!.label)).toEqual(['D', 'B', 'C', 'A']);
  });

  it('holds the whole queue: running jobs stop at a checkpoint and nothing starts until it resumes', async () => {
    let released = 0;
    const q = new RenderQueue({
      store: new SqliteJobStore(db),
      handlers: [shot, exp],
      tempRoot: join(dir, 'tmp'),
      log: silentLogger,
      lanes: { cpu: 1 },
      newId: () => `job_${++n}`,
      releaseResources: () => void released++,
    });
    q.start();
    const [a, b] = q.enqueue([
      { kind: 'shot.render', label: 'A', projectId: null, payload: { steps: 40 } },
      { kind: 'shot.render', label: 'B', projectId: null, payload: { steps: 1 } },
    ]);
    await until(() => shot.log.length >= 2);
    await q.pauseAll();
    expect(released).toBe(1);
    expect(q.snapshot().paused).toBe(true);
    expect(q.get(a!.id)!.state).toBe('queued');
    const stoppedAt = shot.log.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(shot.log.length).toBe(stoppedAt);
    q.resumeAll();
    await q.waitFor(b!.id);
    await q.waitFor(a!.id);
    expect(shot.log.filter((l) => l.id === a!.id).map((l) => l.step)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('caps the history of finished jobs', async () => {
    const q = makeQueue({ cpu: 2, ffmpeg: 1 }, 5);
    q.start();
    const jobs = q.enqueue(
      Array.from({ length: 40 }, (_, i) => ({ kind: 'shot.render' as const, label: `S${i}`, projectId: null, payload: { steps: 1 } })),
    );
    await Promise.all(jobs.map((j) => q.waitFor(j.id)));
    const count = (db.prepare('SELECT COUNT(*) AS c FROM jobs').get() as { c: number }).c;
    expect(count).toBeLessThanOrEqual(5 + 20);
    expect(q.snapshot().jobs.length).toBeLessThanOrEqual(5);
  });

  it('emits a snapshot on changes and progress with an ETA', async () => {
    const snapshots: QueueSnapshot[] = [];
    const progress: { percent: number; etaSeconds: number | null }[] = [];
    events.subscribe((name, payload) => {
      if (name === 'onQueueChanged') snapshots.push(payload as QueueSnapshot);
      if (name === 'onJobProgress') progress.push(payload as { percent: number; etaSeconds: number | null });
    });
    shot = new StepHandler('shot.render', 'cpu', 60);
    const q = makeQueue();
    q.start();
    const [j] = q.enqueue([{ kind: 'shot.render', label: 'S', projectId: null, payload: { steps: 20 } }]);
    await q.waitFor(j!.id);
    await new Promise((r) => setImmediate(r));
    expect(snapshots.some((s) => s.jobs.some((x) => x.id === j!.id && x.state === 'running'))).toBe(true);
    expect(snapshots.at(-1)!.jobs.find((x) => x.id === j!.id)!.state).toBe('succeeded');
    expect(progress.at(-1)!.percent).toBe(100);
    const withEta = progress.filter((p) => p.etaSeconds !== null && p.percent < 90);
    expect(withEta.length).toBeGreaterThan(0);
    // 20 steps of 60 ms: at the halfway mark about 0.6 s remain.
    const mid = withEta.find((p) => p.percent >= 45)!;
    expect(mid.etaSeconds!).toBeGreaterThan(0.2);
    expect(mid.etaSeconds!).toBeLessThan(2);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}
