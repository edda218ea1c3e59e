import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * The feed's schema, versioned like the studio's (user_version; a newer database is refused).
 * Append only: a database is brought up to date by running the migrations it has not seen yet.
 */
export const FEED_MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     token_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL
   );
   CREATE TABLE follows (
     follower TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     followee TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     PRIMARY KEY (follower, followee)
   );
   CREATE TABLE drafts (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     meta_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     UNIQUE (account_id, sha256)
   );
   CREATE TABLE posts (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     title TEXT NOT NULL,
     prompt TEXT NOT NULL,
     styles TEXT NOT NULL,
     tags TEXT NOT NULL,
     engines TEXT NOT NULL,
     has_dialogue INTEGER NOT NULL,
     remix_of TEXT,
     manifest_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     hidden_reason TEXT,
     deleted_at TEXT
   );
   -- One live post per file and account (a taken-down post may be posted again).
   CREATE UNIQUE INDEX posts_once ON posts(account_id, sha256) WHERE deleted_at IS NULL;
   CREATE INDEX posts_newest ON posts(created_at DESC);
   CREATE TABLE cameos (
     id TEXT PRIMARY KEY,
     owner_id TEXT NOT NULL REFERENCES accounts(id),
     name TEXT NOT NULL,
     policy TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT
   );
   CREATE TABLE cameo_requests (
     cameo_id TEXT NOT NULL REFERENCES cameos(id) ON DELETE CASCADE,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     state TEXT NOT NULL,
     at TEXT NOT NULL,
     PRIMARY KEY (cameo_id, account_id)
   );
   CREATE TABLE grants (
     id TEXT PRIMARY KEY,
     cameo_id TEXT NOT NULL REFERENCES cameos(id) ON DELETE CASCADE,
     grantee_id TEXT NOT NULL REFERENCES accounts(id),
     expires_at TEXT NOT NULL,
     revoked_at TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE post_cameos (
     post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
     cameo_id TEXT NOT NULL,
     grant_id TEXT,
     PRIMARY KEY (post_id, cameo_id)
   );
   CREATE TABLE notifications (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     message TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX notifications_by_account ON notifications(account_id, id);`,
  // 2: API tokens that expire and can be revoked, several per account. accounts.token_hash stays
  // (SQLite cannot drop a UNIQUE column) and keeps the hash of the account's first token; requests
  // are checked against \`tokens\` only. The tokens of an older database are carried over without an
  // expiry; the service gives them one (FEED_TOKEN_DAYS from then) when it next starts.
  `CREATE TABLE tokens (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
     token_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT
   );
   CREATE INDEX tokens_by_account ON tokens(account_id);
   INSERT INTO tokens (id, account_id, token_hash, created_at)
     SELECT lower(hex(randomblob(16))), id, token_hash, created_at FROM accounts;`,
];

export function openFeedDb(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > FEED_MIGRATIONS.length) {
    db.close();
    throw new Error(`The feed database was written by a newer version (schema ${version}); refusing to open it.`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  for (let v = version; v < FEED_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(FEED_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

export interface AccountRow {
  id: string;
  name: string;
  created_at: string;
}

export interface TokenRow {
  id: string;
  account_id: string;
  token_hash: string;
  created_at: string;
  /** Null only for a token carried over from an older database, until the service next starts. */
  expires_at: string | null;
  revoked_at: string | null;
}

export interface PostRow {
  id: string;
  account_id: string;
  sha256: string;
  bytes: number;
  title: string;
  prompt: string;
  styles: string;
  tags: string;
  engines: string;
  has_dialogue: number;
  remix_of: string | null;
  manifest_json: string;
  created_at: string;
  hidden_reason: string | null;
  deleted_at: string | null;
}

export interface CameoRow {
  id: string;
  owner_id: string;
  name: string;
  policy: string;
  created_at: string;
  revoked_at: string | null;
}

export interface GrantRow {
  id: string;
  cameo_id: string;
  grantee_id: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}
