import type { Db } from './db';
import { ProjectSchema, SCHEMA_VERSION, type Character, type Project, type ProjectSummary, type Shot } from '../../../shared/domain';
import { AppError } from '../../../shared/result';

interface ProjectRow {
  id: string;
  name: string;
  schema_version: number;
  settings_json: string;
  continuity_json: string;
  remix_json: string | null;
  music_json: string | null;
  created_at: string;
  updated_at: string;
  opened_at: string | null;
}

/**
 * Persistence of project documents in SQLite. It knows rows, not editing rules: `save` writes a
 * whole validated document in one transaction, touching only the rows that changed.
 */
export class ProjectStore {
  constructor(private readonly db: Db) {}

  list(): ProjectSummary[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.name, p.settings_json, p.created_at, p.updated_at, p.opened_at,
                COUNT(s.id) AS shot_count, COALESCE(SUM(s.duration_frames), 0) AS duration
           FROM projects p LEFT JOIN shots s ON s.project_id = p.id
          GROUP BY p.id
          ORDER BY MAX(COALESCE(p.opened_at, ''), p.updated_at) DESC, p.name`,
      )
      .all() as (ProjectRow & { shot_count: number; duration: number })[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      shotCount: r.shot_count,
      durationFrames: r.duration,
      fps: (JSON.parse(r.settings_json) as Project['settings']).fps,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      openedAt: r.opened_at,
    }));
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM projects WHERE id = ?').get(id) !== undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM projects').get() as { n: number }).n;
  }

  /** Loads and re-validates a stored project; a damaged row is reported, not passed on. */
  load(id: string): Project {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No project with id "${id}". It may have been deleted.`);
    const characters = (
      this.db.prepare('SELECT data_json FROM characters WHERE project_id = ? ORDER BY position').all(id) as { data_json: string }[]
    ).map((r) => JSON.parse(r.data_json) as Character);
    const shots = (
      this.db.prepare('SELECT data_json FROM shots WHERE project_id = ? ORDER BY position').all(id) as { data_json: string }[]
    ).map((r) => JSON.parse(r.data_json) as Shot);
    const candidate = {
      schemaVersion: row.schema_version,
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      settings: JSON.parse(row.settings_json),
      continuity: JSON.parse(row.continuity_json),
      characters,
      shots,
      remixOf: row.remix_json ? JSON.parse(row.remix_json) : null,
      music: row.music_json ? JSON.parse(row.music_json) : null,
    };
    const parsed = ProjectSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new AppError(
        'INTERNAL',
        `The stored project "${row.name}" failed validation: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`,
      );
    }
    return parsed.data;
  }

  /** Writes a validated document. Unchanged shot and character rows are left alone. */
  save(project: Project): void {
    if (project.schemaVersion !== SCHEMA_VERSION)
      throw new AppError('INTERNAL', `refusing to store schema version ${project.schemaVersion}`);
    const tx = this.db.transaction((p: Project) => {
      this.db
        .prepare(
          `INSERT INTO projects (id, name, schema_version, settings_json, continuity_json, remix_json, music_json, created_at, updated_at)
           VALUES (@id, @name, @schemaVersion, @settings, @continuity, @remix, @music, @createdAt, @updatedAt)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, schema_version = excluded.schema_version,
             settings_json = excluded.settings_json, continuity_json = excluded.continuity_json,
             remix_json = excluded.remix_json, music_json = excluded.music_json, updated_at = excluded.updated_at`,
        )
        .run({
          id: p.id,
          name: p.name,
          schemaVersion: p.schemaVersion,
          settings: JSON.stringify(p.settings),
          continuity: JSON.stringify(p.continuity),
          remix: p.remixOf ? JSON.stringify(p.remixOf) : null,
          music: p.music ? JSON.stringify(p.music) : null,
          createdAt: p.createdAt,
          updatedAt: p.updatedAt,
        });
      this.syncRows('characters', p.id, p.characters, () => ({}));
      this.syncRows('shots', p.id, p.shots, (s) => ({ duration_frames: s.durationFrames }));
    });
    tx(project);
  }

  private syncRows<T extends { id: string }>(
    table: 'shots' | 'characters',
    projectId: string,
    items: readonly T[],
    extra: (item: T) => Record<string, number>,
  ): void {
    const existing = new Map(
      (
        this.db.prepare(`SELECT id, position, data_json FROM ${table} WHERE project_id = ?`).all(projectId) as {
          id: string;
          position: number;
          data_json: string;
        }[]
      ).map((r) => [r.id, r]),
    );
    const keep = new Set(items.map((i) => i.id));
    const del = this.db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND id = ?`);
    for (const id of existing.keys()) if (!keep.has(id)) del.run(projectId, id);
    items.forEach((item, position) => {
      const json = JSON.stringify(item);
      const before = existing.get(item.id);
      if (before && before.position === position && before.data_json === json) return;
      const cols = { project_id: projectId, id: item.id, position, data_json: json, ...extra(item) };
      const names = Object.keys(cols);
      this.db
        .prepare(
          `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')})
           ON CONFLICT(project_id, id) DO UPDATE SET ${names
             .filter((n) => n !== 'id' && n !== 'project_id')
             .map((n) => `${n} = excluded.${n}`)
             .join(', ')}`,
        )
        .run(cols);
    });
  }

  markOpened(id: string, at: string): void {
    this.db.prepare('UPDATE projects SET opened_at = ? WHERE id = ?').run(at, id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
  }

  getState(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM app_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
