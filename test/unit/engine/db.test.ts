import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersionOf, type Db } from '../../../src/main/engine/store/db';
import { MIGRATIONS, type Migration } from '../../../src/main/engine/store/migrations';
import { AppError } from '../../../src/shared/result';

let dir: string;
const open: Db[] = [];
const track = (db: Db) => (open.push(db), db);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shotline-db-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('openDatabase', () => {
  it('opens a file database in WAL mode with foreign keys on, at the latest schema version', () => {
    const db = track(openDatabase(join(dir, 'nested', 'shotline.db')));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersionOf(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['projects', 'shots', 'characters', 'app_state']));
  });

  it('works in memory too', () => {
    const db = track(openDatabase(':memory:'));
    expect(schemaVersionOf(db)).toBe(MIGRATIONS.length);
  });

  it('is idempotent on reopen and keeps the data', () => {
    const file = join(dir, 'shotline.db');
    const a = openDatabase(file);
    a.prepare("INSERT INTO app_state (key, value) VALUES ('k', 'v')").run();
    a.close();
    const b = track(openDatabase(file));
    expect(schemaVersionOf(b)).toBe(MIGRATIONS.length);
    expect(b.prepare("SELECT value FROM app_state WHERE key = 'k'").get()).toEqual({ value: 'v' });
    b.close();
    const c = track(openDatabase(file));
    expect(schemaVersionOf(c)).toBe(MIGRATIONS.length);
  });

  it('enforces the foreign keys: deleting a project deletes its shots', () => {
    const db = track(openDatabase(':memory:'));
    db.prepare(
      "INSERT INTO projects (id, name, schema_version, settings_json, continuity_json, created_at, updated_at) VALUES ('p', 'P', 1, '{}', '{}', 't', 't')",
    ).run();
    db.prepare("INSERT INTO shots (id, project_id, position, duration_frames, data_json) VALUES ('s', 'p', 0, 24, '{}')").run();
    expect(() =>
      db.prepare("INSERT INTO shots (id, project_id, position, duration_frames, data_json) VALUES ('s', 'nope', 0, 24, '{}')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM projects WHERE id = 'p'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM shots').get()).toEqual({ n: 0 });
  });

  it('refuses a database written by a newer Shotline and leaves it as it was', () => {
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.exec("CREATE TABLE future_things (x TEXT); INSERT INTO future_things VALUES ('keep me');");
    raw.pragma('user_version = 99');
    raw.close();

    const e = thrown(() => openDatabase(file));
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('UNSUPPORTED_VERSION');
    expect((e as AppError).message).toMatch(/database version 99/);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(tables(check)).toEqual(['future_things']);
    expect(check.prepare('SELECT x FROM future_things').all()).toEqual([{ x: 'keep me' }]);
    check.close();
  });

  it('does not modify the bytes of a newer database it refuses (even one not in WAL mode)', () => {
    const file = join(dir, 'future-rollback.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE future_things (x TEXT); INSERT INTO future_things VALUES ('keep me');");
    raw.pragma('user_version = 99');
    raw.close();
    const before = sha(file);

    expect((thrown(() => openDatabase(file)) as AppError).code).toBe('UNSUPPORTED_VERSION');
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

describe('migrate', () => {
  const createTable = (version: number, table: string): Migration => ({
    version,
    name: table,
    up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER)`),
  });

  it('runs the pending migrations in order and reports the version', () => {
    const db = track(new Database(':memory:'));
    expect(migrate(db, [createTable(2, 'b'), createTable(1, 'a')])).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
    // Adding a third later runs only the third.
    expect(migrate(db, [createTable(1, 'a'), createTable(2, 'b'), createTable(3, 'c')])).toBe(3);
    expect(tables(db)).toEqual(['a', 'b', 'c']);
  });

  it('rolls back a failing migration completely and keeps the earlier ones', () => {
    const file = join(dir, 'rollback.db');
    const failing: Migration = {
      version: 2,
      name: 'half done',
      up: (db) => {
        db.exec('CREATE TABLE half_done (id INTEGER)');
        db.exec('INSERT INTO a (id) VALUES (1)');
        throw new Error('boom in migration 2');
      },
    };
    expect(() => openDatabase(file, [createTable(1, 'a'), failing])).toThrow('boom in migration 2');

    const db = track(new Database(file));
    expect(schemaVersionOf(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 0 });

    // Fixing the migration lets the next open finish the job.
    db.close();
    const fixed = track(openDatabase(file, [createTable(1, 'a'), createTable(2, 'half_done')]));
    expect(schemaVersionOf(fixed)).toBe(2);
  });

  it('refuses migrations that are not numbered 1..n', () => {
    const db = track(new Database(':memory:'));
    expect(() => migrate(db, [createTable(1, 'a'), createTable(3, 'c')])).toThrow(/without gaps/);
    expect(() => migrate(db, [createTable(1, 'a'), createTable(1, 'b')])).toThrow(/without gaps/);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database newer than the given migrations', () => {
    const db = track(new Database(':memory:'));
    db.pragma('user_version = 5');
    const e = thrown(() => migrate(db, [createTable(1, 'a')]));
    expect((e as AppError).code).toBe('UNSUPPORTED_VERSION');
    expect(tables(db)).toEqual([]);
    expect(schemaVersionOf(db)).toBe(5);
  });
});
