import type { Migration } from './index';

/**
 * Cameos and consent. Profiles are the people who use this studio; a cameo belongs to one of them.
 * `cameo_grants` holds requests and the owner's decisions; `cameo_usage` is the usage log;
 * `cameo_outputs` names every take and export a cameo went into, so a revocation can mark them;
 * `notifications` tell an owner about requests and uses.
 */
export const m004Cameos: Migration = {
  version: 4,
  name: 'cameos and consent',
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE cameos (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES profiles(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        policy TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        liveness_json TEXT NOT NULL,
        likeness_json TEXT NOT NULL,
        voice_json TEXT,
        embedding BLOB,
        guard_json TEXT NOT NULL
      );
      CREATE TABLE cameo_grants (
        cameo_id TEXT NOT NULL REFERENCES cameos(id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL REFERENCES profiles(id),
        state TEXT NOT NULL,
        use TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        decided_at TEXT,
        PRIMARY KEY (cameo_id, profile_id)
      );
      CREATE TABLE cameo_usage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        cameo_id TEXT NOT NULL REFERENCES cameos(id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL,
        use TEXT NOT NULL,
        project_id TEXT,
        detail TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX cameo_usage_by_cameo ON cameo_usage(cameo_id, id);
      CREATE TABLE cameo_outputs (
        path TEXT NOT NULL,
        cameo_id TEXT NOT NULL REFERENCES cameos(id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        PRIMARY KEY (path, cameo_id)
      );
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        cameo_id TEXT,
        at TEXT NOT NULL,
        read_at TEXT
      );
      CREATE INDEX notifications_by_profile ON notifications(profile_id, id);
    `);
  },
};
