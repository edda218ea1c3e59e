import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../../src/main/engine/logger';
import type { JobRecord } from '../../../src/main/engine/queue/jobStore';
import { RenderQueue, type JobContext, type JobHandler } from '../../../src/main/engine/queue/renderQueue';
import { SqliteJobStore } from '../../../src/main/engine/queue/sqliteJobStore';
import { calibrate, wallShares, type WorkGuess } from '../../../src/main/engine/queue/workCalibration';
import { WORK_ANCHOR, workKey, workWeight } from '../../../src/main/engine/render/workWeight';
import { openDatabase } from '../../../src/main/engine/store/db';
import type { JobKind } from '../../../src/shared/jobs';

const T0 = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** A finished job record that ran from `start` to `end` seconds. */
function ran(kind: JobKind, payload: unknown, start: number, end: number, over: Partial<JobRecord> = {}): JobRecord {
  return {
    id: `j${start}-${end}-${Math.random()}`,
    kind,
    lane: 'cpu',
    state: 'succeeded',
    label: kind,
    projectId: null,
    payload,
    checkpoint: null,
    progress: null,
    result: {},
    error: null,
    attempts: 1,
    maxAttempts: 3,
    orderKey: start,
    notBefore: null,
    dependsOn: [],
    createdAt: at(start),
    startedAt: at(start),
    finishedAt: at(end),
    ...over,
  };
}

const guess: WorkGuess = { weigh: workWeight, key: workKey, anchor: WORK_ANCHOR };
const shot = (frames: number) => ({ plan: { durationFrames: frames } });
const pack = (modelId: string) => ({ modelId });

describe('calibrate (work weights learned from finished jobs)', () => {
  it('with no history, the guess stands', () => {
    const w = calibrate([], guess);
    expect(w('shot.render', shot(96))).toBe(workWeight('shot.render', shot(96)));
    expect(w('shot.generate', pack('m'))).toBe(workWeight('shot.generate', pack('m')));
  });

  it('weighs each kind by the seconds per unit its finished jobs took, and an unseen kind by the median rate', () => {
    const history = [
      // Previz shots: 0.02 s a frame.
      ran('shot.render', shot(100), 0, 2),
      ran('shot.render', shot(200), 10, 14),
      // A pack that took 3 minutes for one shot.
      ran('shot.generate', pack('wan-1.3b'), 20, 200),
    ];
    const w = calibrate(history, guess);
    expect(w('shot.render', shot(150))).toBeCloseTo(3, 6);
    // The pack's next shot weighs what its last one took, not the 12 units of the guess.
    expect(w('shot.generate', pack('wan-1.3b'))).toBeCloseTo(180, 6);
    // Another pack, never run, and the export, not run yet: at the rate of a previz frame, the unit the guess counts in.
    expect(w('shot.generate', pack('other'))).toBeCloseTo(workWeight('shot.generate', pack('other')) * 0.02, 6);
    const exportPayload = { shots: [{ durationFrames: 100 }] };
    expect(w('export.mp4', exportPayload)).toBeCloseTo(workWeight('export.mp4', exportPayload) * 0.02, 6);
    // Without an anchor (or before it ran), at the median rate of the keys seen.
    const noAnchor = calibrate(history, { weigh: workWeight, key: workKey });
    expect(noAnchor('export.mp4', exportPayload)).toBeCloseTo(workWeight('export.mp4', exportPayload) * ((0.02 + 180 / 12) / 2), 6);
  });

  it('learns only from jobs that ran once, start to end, and succeeded', () => {
    const history = [
      ran('shot.generate', pack('m'), 0, 60),
      // Resumed after a crash: its time is only the last part.
      ran('shot.generate', pack('m'), 100, 101, { attempts: 2 }),
      ran('shot.generate', pack('m'), 200, 201, { state: 'failed' }),
      ran('shot.generate', pack('m'), 300, 301, { state: 'canceled' }),
      ran('shot.generate', pack('m'), 400, 400, { startedAt: null }),
    ];
    expect(calibrate(history, guess)('shot.generate', pack('m'))).toBeCloseTo(60, 6);
  });

  it('follows the newest twenty jobs of a key (a machine that got faster), by their median', () => {
    const old = Array.from({ length: 30 }, (_, i) => ran('shot.generate', pack('m'), i * 1000, i * 1000 + 100));
    const recent = Array.from({ length: 20 }, (_, i) =>
      ran('shot.generate', pack('m'), 100_000 + i * 100, 100_000 + i * 100 + (i === 3 ? 500 : 10)),
    );
    // One slow outlier among the recent twenty does not move the median.
    expect(calibrate([...old, ...recent], guess)('shot.generate', pack('m'))).toBeCloseTo(10, 6);
  });

  it('a job that found its work done (0 s) never makes the others weigh nothing', () => {
    const w = calibrate([ran('dialogue.tts', {}, 0, 0), ran('shot.render', shot(100), 0, 2)], guess);
    expect(w('dialogue.tts', {})).toBeGreaterThan(0);
    expect(w('shot.generate', pack('m'))).toBeGreaterThan(0);
  });
});

describe('wallShares (the wall time each job had to itself)', () => {
  it('splits each stretch of time equally among the jobs running in it', () => {
    const a = ran('shot.render', shot(96), 0, 10);
    const b = ran('shot.render', shot(96), 0, 10);
    // Starts as a and b end.
    const c = ran('export.mp4', {}, 10, 20);
    // d overlaps c's second half.
    const d = ran('dialogue.tts', {}, 15, 25);
    const never = ran('shot.render', shot(96), 0, 0, { startedAt: null, finishedAt: null, state: 'queued' });
    const s = wallShares([a, b, c, d, never]);
    expect(s.get(a.id)).toBeCloseTo(5, 6);
    expect(s.get(b.id)).toBeCloseTo(5, 6);
    expect(s.get(c.id)).toBeCloseTo(5 + 2.5, 6);
    expect(s.get(d.id)).toBeCloseTo(2.5 + 5, 6);
    expect(s.has(never.id)).toBe(false);
    // The shares add up to the time anything ran.
    expect([...s.values()].reduce((x, y) => x + y, 0)).toBeCloseTo(25, 6);
  });

  it('weighs shots that ran side by side at half their run time against an export that ran alone', () => {
    // The sample's shape: two previz shots at a time, then the export alone; each took 10 s.
    const history = [ran('shot.render', shot(100), 0, 10), ran('shot.render', shot(100), 0, 10), ran('export.mp4', { shots: [] }, 10, 20)];
    const w = calibrate(history, guess);
    expect(w('export.mp4', { shots: [] }) / w('shot.render', shot(100))).toBeCloseTo(2, 6);
  });
});

describe('the queue weighs its jobs by what finished jobs took (real SQLite queue, its clock stepped by the jobs)', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('after one slow pack shot, the next pack shot outweighs a previz shot; weights hold still while a batch runs; they survive a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shotline-calibrate-'));
    const db = openDatabase(join(dir, 'db.sqlite'));
    let now = 0;
    let gate: Promise<void> | null = null;
    /** A job that "takes" its payload's seconds on the queue's clock (a previz shot waits for the gate, if one is set). */
    const handler = (kind: 'shot.generate' | 'shot.render'): JobHandler<unknown> => ({
      kind,
      lane: 'cpu',
      payload: z.unknown(),
      maxAttempts: 1,
      run: async (ctx: JobContext<unknown>) => {
        if (kind === 'shot.render' && gate) await gate;
        ctx.progress(0.5, 'working');
        now += (ctx.payload as { seconds: number }).seconds;
        return {};
      },
    });
    let n = 0;
    const make = () =>
      new RenderQueue({
        store: new SqliteJobStore(db),
        handlers: [handler('shot.generate'), handler('shot.render')],
        tempRoot: join(dir!, 'tmp'),
        log: silentLogger,
        lanes: { cpu: 1 },
        newId: () => `job_${++n}`,
        clock: () => at(now),
        weigh: workWeight,
        workKey,
        workAnchor: WORK_ANCHOR,
      });
    const q = make();
    q.start();
    const genSpec = (seconds: number) => ({
      kind: 'shot.generate' as const,
      label: 'pack shot',
      projectId: null,
      payload: { ...pack('slow-pack'), seconds },
    });
    const renderSpec = { kind: 'shot.render' as const, label: 'previz shot', projectId: null, payload: { ...shot(96), seconds: 4 } };
    const work = (queue: RenderQueue, id: string) => queue.snapshot().jobs.find((j) => j.id === id)!.work;

    // Before anything ran: the guess, which thinks a pack shot less than a 96-frame previz shot.
    await q.pauseAll();
    const [g0, r0] = q.enqueue([genSpec(240), renderSpec]);
    expect(work(q, g0!.id)).toBeLessThan(work(q, r0!.id));
    q.resumeAll();
    await q.waitFor(r0!.id);

    // Learned: 240 s against 4 s.
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    const [g1, r1] = q.enqueue([genSpec(480), renderSpec]);
    expect(work(q, g1!.id)).toBeCloseTo(240, 6);
    expect(work(q, r1!.id)).toBeCloseTo(4, 6);
    await q.waitFor(g1!.id);
    // g1 took 480 s, but its batch (r1 still runs) keeps the weights it started with, and so does a job added to it.
    const [g2] = q.enqueue([genSpec(480)]);
    expect(work(q, g2!.id)).toBeCloseTo(240, 6);
    expect(work(q, g1!.id)).toBeCloseTo(240, 6);
    open();
    await q.waitFor(g2!.id);
    gate = null;

    // The next batch learns from all three: the median of 240, 480 and 480 s.
    await q.pauseAll();
    const [g3, r3] = q.enqueue([genSpec(1), renderSpec]);
    expect(work(q, g3!.id)).toBeCloseTo(480, 6);
    await q.stop();

    // The history is in SQLite: a new queue on the same library weighs the same.
    const again = make();
    again.start({ schedule: false });
    expect(work(again, g3!.id) / work(again, r3!.id)).toBeCloseTo(120, 6);
    await again.stop();
    db.close();
  });
});
