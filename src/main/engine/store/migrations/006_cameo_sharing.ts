import type { Migration } from './index';

/**
 * Cameo sharing across studios, and outputs that outlive their cameo.
 *
 * - `cameo_outputs` no longer cascades with its cameo: a take or export made with a cameo stays
 *   marked after the cameo is deleted (deleting is revoking for good), and keeps the cameo's name.
 * - `profiles.remote_json`: a profile that stands for the owner of a cameo shared from another
 *   studio (JSON: the feed's URL and the owner's name there). Such profiles are never switched to.
 * - `feed_grants`: the signed, expiring grant a feed gave this studio for a shared cameo.
 */
export const m006CameoSharing: Migration = {
  version: 6,
  name: 'cameo sharing and lasting outputs',
  up(db) {
    db.exec(`
      CREATE TABLE cameo_outputs_new (
        path TEXT NOT NULL,
        cameo_id TEXT NOT NULL,
        cameo_name TEXT NOT NULL DEFAULT '',
        profile_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        PRIMARY KEY (path, cameo_id)
      );
      INSERT INTO cameo_outputs_new (path, cameo_id, cameo_name, profile_id, kind, created_at, revoked_at)
        SELECT o.path, o.cameo_id, COALESCE(c.name, ''), o.profile_id, o.kind, o.created_at, o.revoked_at
        FROM cameo_outputs o LEFT JOIN cameos c ON c.id = o.cameo_id;
      DROP TABLE cameo_outputs;
      ALTER TABLE cameo_outputs_new RENAME TO cameo_outputs;
      CREATE INDEX cameo_outputs_by_cameo ON cameo_outputs(cameo_id);

      ALTER TABLE profiles ADD COLUMN remote_json TEXT;

      CREATE TABLE feed_grants (
        cameo_id TEXT PRIMARY KEY REFERENCES cameos(id) ON DELETE CASCADE,
        feed_url TEXT NOT NULL,
        state TEXT NOT NULL,
        grant_token TEXT,
        grant_id TEXT,
        expires_at TEXT,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
