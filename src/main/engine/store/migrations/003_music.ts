import type { Migration } from './index';

/** The project's music bed (JSON, null when there is none). */
export const m003Music: Migration = {
  version: 3,
  name: 'project music bed',
  up(db) {
    db.exec('ALTER TABLE projects ADD COLUMN music_json TEXT');
  },
};
