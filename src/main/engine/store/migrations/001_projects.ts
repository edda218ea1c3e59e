import type { Migration } from './index';

/**
 * Projects, their characters and shots. Each shot and character is one row holding its JSON
 * (validated by the shared schema on every write) so an edit touches one row, and `position`
 * keeps the order.
 */
export const m001Projects: Migration = {
  version: 1,
  name: 'projects',
  up(db) {
    db.exec(`
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        settings_json TEXT NOT NULL,
        continuity_json TEXT NOT NULL,
        remix_json TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        opened_at TEXT
      );
      CREATE TABLE characters (
        id TEXT NOT NULL,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        data_json TEXT NOT NULL,
        PRIMARY KEY (project_id, id)
      );
      CREATE TABLE shots (
        id TEXT NOT NULL,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        duration_frames INTEGER NOT NULL,
        data_json TEXT NOT NULL,
        PRIMARY KEY (project_id, id)
      );
      CREATE INDEX shots_by_position ON shots(project_id, position);
      CREATE INDEX characters_by_position ON characters(project_id, position);
      CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  },
};
