import type { Db } from '../store/db';
import type { JobRecord, JobStore } from './jobStore';

interface Row {
  id: string;
  kind: string;
  lane: string;
  state: string;
  label: string;
  project_id: string | null;
  payload_json: string;
  checkpoint_json: string | null;
  progress_json: string | null;
  result_json: string | null;
  error_json: string | null;
  attempts: number;
  max_attempts: number;
  order_key: number;
  not_before: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Parses stored JSON; a damaged column becomes a marker the queue reports, never a crash. */
function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { __corrupt: text.slice(0, 200) };
  }
}

/** The job store on the studio's SQLite database (migration 002). */
export class SqliteJobStore implements JobStore {
  private readonly insertJob;
  private readonly insertDep;
  private readonly updateJob;

  constructor(private readonly db: Db) {
    this.insertJob = db.prepare(`INSERT INTO jobs (id, kind, lane, state, label, project_id, payload_json, checkpoint_json, progress_json,
      result_json, error_json, attempts, max_attempts, order_key, not_before, created_at, started_at, finished_at)
      VALUES (@id, @kind, @lane, @state, @label, @project_id, @payload_json, @checkpoint_json, @progress_json, @result_json, @error_json,
      @attempts, @max_attempts, @order_key, @not_before, @created_at, @started_at, @finished_at)`);
    this.insertDep = db.prepare('INSERT OR IGNORE INTO job_deps (job_id, depends_on) VALUES (?, ?)');
    this.updateJob = db.prepare(`UPDATE jobs SET state = @state, label = @label, checkpoint_json = @checkpoint_json,
      progress_json = @progress_json, result_json = @result_json, error_json = @error_json, attempts = @attempts,
      order_key = @order_key, not_before = @not_before, started_at = @started_at, finished_at = @finished_at WHERE id = @id`);
  }

  private toRow(j: JobRecord): Row {
    return {
      id: j.id,
      kind: j.kind,
      lane: j.lane,
      state: j.state,
      label: j.label,
      project_id: j.projectId,
      payload_json: JSON.stringify(j.payload),
      checkpoint_json: json(j.checkpoint),
      progress_json: json(j.progress),
      result_json: json(j.result),
      error_json: json(j.error),
      attempts: j.attempts,
      max_attempts: j.maxAttempts,
      order_key: j.orderKey,
      not_before: j.notBefore,
      created_at: j.createdAt,
      started_at: j.startedAt,
      finished_at: j.finishedAt,
    };
  }

  insert(jobs: readonly JobRecord[]): void {
    this.db.transaction(() => {
      for (const j of jobs) this.insertJob.run(this.toRow(j));
      for (const j of jobs) for (const d of j.dependsOn) this.insertDep.run(j.id, d);
    })();
  }

  update(job: JobRecord): void {
    const { payload_json: _p, kind: _k, lane: _l, project_id: _pr, max_attempts: _m, created_at: _c, ...row } = this.toRow(job);
    this.updateJob.run(row);
  }

  updateMany(jobs: readonly JobRecord[]): void {
    this.db.transaction(() => {
      for (const j of jobs) this.update(j);
    })();
  }

  loadAll(): JobRecord[] {
    const deps = new Map<string, string[]>();
    for (const d of this.db.prepare('SELECT job_id, depends_on FROM job_deps').all() as { job_id: string; depends_on: string }[]) {
      const list = deps.get(d.job_id);
      if (list) list.push(d.depends_on);
      else deps.set(d.job_id, [d.depends_on]);
    }
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY order_key').all() as Row[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as JobRecord['kind'],
      lane: r.lane as JobRecord['lane'],
      state: r.state as JobRecord['state'],
      label: r.label,
      projectId: r.project_id,
      payload: parse(r.payload_json),
      checkpoint: parse(r.checkpoint_json),
      progress: parse(r.progress_json) as JobRecord['progress'],
      result: parse(r.result_json) as JobRecord['result'],
      error: parse(r.error_json) as JobRecord['error'],
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      orderKey: r.order_key,
      notBefore: r.not_before,
      dependsOn: deps.get(r.id) ?? [],
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  pruneFinished(keep: number): string[] {
    const victims = this.db
      .prepare(
        `SELECT id FROM jobs WHERE state IN ('succeeded', 'failed', 'canceled')
         AND id NOT IN (SELECT d.depends_on FROM job_deps d JOIN jobs j ON j.id = d.job_id WHERE j.state NOT IN ('succeeded', 'failed', 'canceled'))
         ORDER BY COALESCE(finished_at, created_at) DESC LIMIT -1 OFFSET ?`,
      )
      .all(keep) as { id: string }[];
    if (victims.length === 0) return [];
    const del = this.db.prepare('DELETE FROM jobs WHERE id = ?');
    this.db.transaction(() => {
      for (const v of victims) del.run(v.id);
    })();
    return victims.map((v) => v.id);
  }

  getFlag(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM app_state WHERE key = ?').get(`queue.${key}`) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setFlag(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(`queue.${key}`, value);
  }
}
