import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/result';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * Opens the studio database in WAL mode with foreign keys on, and brings its schema up to date
 * with the numbered migrations (each in its own transaction). A database written by a newer
 * Shotline is refused rather than modified.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // Refuse a newer database before touching it at all (even the journal mode is a write).
  const found = schemaVersionOf(db);
  if (found > migrations.length) {
    db.close();
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `The studio database was written by a newer Shotline (database version ${found}; this version knows up to ${migrations.length}). Update Shotline; the database was left untouched.`,
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  try {
    migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  const current = schemaVersionOf(db);
  const latest = sorted.length;
  if (current > latest) {
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `The studio database was written by a newer Shotline (database version ${current}; this version knows up to ${latest}). Update Shotline; the database was left untouched.`,
    );
  }
  for (const m of sorted.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersionOf(db);
}
