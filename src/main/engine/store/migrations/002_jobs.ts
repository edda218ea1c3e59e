import type { Migration } from './index';

/**
 * The render queue: one row per job with its validated payload, its checkpoint (so a long job
 * resumes where it stopped) and its outcome; `job_deps` holds the DAG (an export waits for its
 * shot renders). `order_key` is a float so a drag-reorder rewrites one row.
 */
export const m002Jobs: Migration = {
  version: 2,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        lane TEXT NOT NULL,
        state TEXT NOT NULL,
        label TEXT NOT NULL,
        project_id TEXT,
        payload_json TEXT NOT NULL,
        checkpoint_json TEXT,
        progress_json TEXT,
        result_json TEXT,
        error_json TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        order_key REAL NOT NULL,
        not_before INTEGER,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE TABLE job_deps (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        depends_on TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        PRIMARY KEY (job_id, depends_on)
      );
      CREATE INDEX jobs_by_state ON jobs(state, order_key);
      CREATE INDEX job_deps_by_dependency ON job_deps(depends_on);
    `);
  },
};
