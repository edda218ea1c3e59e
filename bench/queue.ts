/**
 * npm run bench:queue — enqueues 10,000 jobs into the SQLite queue, restarts it (as after a crash:
 * a share of jobs left "running" with checkpoints), and prints the per-job enqueue cost and the
 * recovery time, against a baseline of raw INSERTs into the same database in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { silentLogger } from '../src/main/engine/logger';
import { RenderQueue, type JobHandler } from '../src/main/engine/queue/renderQueue';
import { SqliteJobStore } from '../src/main/engine/queue/sqliteJobStore';
import { openDatabase } from '../src/main/engine/store/db';

const N = 10_000;
const Payload = z.object({ shot: z.number().int(), prompt: z.string() });
const handler = (kind: 'shot.render' | 'export.mp4'): JobHandler<z.infer<typeof Payload>> => ({
  kind,
  lane: kind === 'shot.render' ? 'cpu' : 'ffmpeg',
  payload: Payload,
  maxAttempts: 2,
  run: () => Promise.resolve({}),
});

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'shotline-bench-queue-'));
  try {
    const dbFile = join(dir, 'studio.db');
    let n = 0;
    const make = () =>
      new RenderQueue({
        store: new SqliteJobStore(openDatabase(dbFile)),
        handlers: [handler('shot.render'), handler('export.mp4')],
        tempRoot: join(dir, 'tmp'),
        log: silentLogger,
        newId: () => `job_${++n}`,
      });
    const prompt = 'A rooftop at dusk, two friends look at the skyline. '.repeat(4);

    // Baseline: the same rows as raw INSERTs in one transaction.
    const raw = openDatabase(join(dir, 'raw.db'));
    const ins = raw.prepare(
      `INSERT INTO jobs (id, kind, lane, state, label, payload_json, attempts, max_attempts, order_key, created_at) VALUES (?, 'shot.render', 'cpu', 'queued', ?, ?, 0, 2, ?, ?)`,
    );
    const r0 = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < N; i++) ins.run(`raw_${i}`, `Shot ${i}`, JSON.stringify({ shot: i, prompt }), i, new Date().toISOString());
    })();
    const rawMs = performance.now() - r0;
    raw.close();

    // Enqueue in batches the size of a storyboard (10 shots + 1 export).
    const q1 = make();
    q1.start({ schedule: false });
    const e0 = performance.now();
    for (let i = 0; i < N; i += 11) {
      const specs = Array.from({ length: Math.min(10, N - i) }, (_, k) => ({
        ref: `s${k}`,
        kind: 'shot.render' as const,
        label: `Shot ${i + k}`,
        projectId: 'p',
        payload: { shot: i + k, prompt },
      }));
      const exportSpec = {
        kind: 'export.mp4' as const,
        label: 'Export',
        projectId: 'p',
        payload: { shot: -1, prompt },
        dependsOn: specs.map((s) => ({ ref: s.ref })),
      };
      q1.enqueue(i + 10 < N ? [...specs, exportSpec] : specs);
    }
    const enqueueMs = performance.now() - e0;
    const total = q1.snapshot().jobs.length;

    // A crash: some jobs were running with checkpoints.
    const db = openDatabase(dbFile);
    db.prepare(`UPDATE jobs SET state = 'running', checkpoint_json = '{"segmentsDone":3,"audioDone":false}' WHERE rowid % 50 = 0`).run();
    db.close();

    const s0 = performance.now();
    const q2 = make();
    const rec = q2.start({ schedule: false });
    const snap = q2.snapshot();
    const recoverMs = performance.now() - s0;

    console.log(`bench:queue — ${total} jobs`);
    console.log(
      `  enqueue        ${(enqueueMs / total).toFixed(3)} ms/job (${enqueueMs.toFixed(0)} ms total, validated, with dependencies)`,
    );
    console.log(`  raw INSERT     ${(rawMs / N).toFixed(3)} ms/row (baseline, same database engine)`);
    console.log(`  ratio          ${(enqueueMs / total / (rawMs / N)).toFixed(2)}× the raw insert cost`);
    console.log(
      `  restart        ${recoverMs.toFixed(0)} ms to load, re-validate and recover (${rec.recovered} were running, ${rec.invalid} invalid, ${snap.jobs.length} in the snapshot)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
