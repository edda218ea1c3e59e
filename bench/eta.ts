/**
 * npm run bench:eta — how honest the batch's "time left" is. The sample storyboard is rendered and
 * exported at 720p through the real queue while a BatchTracker (the one the studio's queue bar and
 * the taskbar read) follows the engine's events, as the studio does. Every estimate it gave is then
 * compared with the time that was really left. First on a fresh library (the job weights are the
 * built-in ones), then RUNS times (3) with a new seed, so every shot renders again with weights
 * learned from the runs before.
 *
 * Printed per run: the estimate and the truth at a tenth, a quarter, half, three quarters and nine
 * tenths of the way, and over all estimates the median error as a share of the batch's length.
 * The baseline in the same run is the naive estimate a bar without weights would give: time so
 * far × jobs left / jobs done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/main/engine/createEngine';
import { silentLogger } from '../src/main/engine/logger';
import { BatchTracker } from '../src/shared/jobs/batchTracker';
import type { JobProgress, QueueSnapshot } from '../src/shared/jobs';
import { median } from './measure';

interface Sample {
  t: number;
  eta: number | null;
  naive: number | null;
}

async function run(engine: ReturnType<typeof createEngine>, projectId: string, label: string): Promise<void> {
  const tracker = new BatchTracker();
  const samples: Sample[] = [];
  const t0 = Date.now();
  let firstJob: number;
  const record = () => {
    const o = tracker.overall();
    if (!o) return;
    const done = o.total - o.left;
    const t = (Date.now() - t0) / 1000;
    samples.push({ t, eta: o.etaSeconds, naive: done > 0 ? (t * o.left) / done : null });
  };
  const dispose = engine.events.subscribe((name, payload) => {
    if (name === 'onQueueChanged') tracker.onSnapshot(payload as QueueSnapshot);
    else if (name === 'onJobProgress') {
      const { jobId, ...p } = payload as JobProgress & { jobId: string };
      tracker.onProgress(jobId, p);
    } else return;
    record();
  });
  try {
    const plan = await engine.render.export({ projectId, preset: '720p', fileName: `eta-${label}`, creator: 'Bench' });
    firstJob = plan.jobIds.length;
    const job = await engine.queue.waitFor(plan.exportJobId!);
    if (job.state !== 'succeeded') throw new Error(`export ${job.state}: ${job.error?.message}`);
  } finally {
    dispose();
  }
  const total = (Date.now() - t0) / 1000;
  const rows: string[] = [];
  for (const at of [0.1, 0.25, 0.5, 0.75, 0.9]) {
    const s = samples.filter((x) => x.t <= at * total && x.eta !== null).at(-1);
    const truth = total - at * total;
    rows.push(
      s
        ? `    ${String(Math.round(at * 100)).padStart(2)}% of the way (${(at * total).toFixed(1)} s): said ${s.eta!.toFixed(1)} s left, ${truth.toFixed(1)} s were; naive ${s.naive === null ? '—' : `${s.naive.toFixed(1)} s`}`
        : `    ${String(Math.round(at * 100)).padStart(2)}% of the way: still estimating`,
    );
  }
  const err = (pick: (s: Sample) => number | null) =>
    median(samples.filter((s) => pick(s) !== null).map((s) => Math.abs(pick(s)! - (total - s.t)) / total));
  console.log(
    [
      `${label}: ${firstJob} jobs, ${total.toFixed(1)} s, ${samples.length} updates (${samples.filter((s) => s.eta !== null).length} with an estimate)`,
      ...rows,
      `    median error over the run: ${(100 * err((s) => s.eta)).toFixed(0)}% of the batch's length (naive jobs-left estimate: ${(100 * err((s) => s.naive)).toFixed(0)}%)`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shotline-bench-eta-'));
  const engine = createEngine({ dataDir, appVersion: 'bench', logger: silentLogger });
  try {
    const [summary] = engine.projects.list();
    const id = summary!.id;
    console.log('bench:eta — sample storyboard, 720p, render and export');
    await run(engine, id, 'fresh library (built-in weights)');
    // Each new seed renders every shot again; the weights are learned from all the runs before it.
    const runs = Number(process.env.RUNS ?? 3);
    for (let r = 1; r <= runs; r++) {
      const seed = engine.projects.open({ projectId: id }).settings.seed;
      engine.projects.updateSettings({ projectId: id, patch: { seed: seed + 1 } }, { origin: null });
      await run(engine, id, `new seed ${r} of ${runs}, weights learned from the runs before`);
    }
  } finally {
    await engine.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
