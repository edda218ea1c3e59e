import { AppError } from '../result';
import { LIMITS } from './limits';
import { secondsToFrames } from '../time';
import { describeIssues, ProjectSchema, SCHEMA_VERSION, type Project } from './schemas';

/**
 * The `.shotline` file: a JSON envelope around the project document. Reading one migrates it
 * step by step from its `schemaVersion` to the current one, then validates it, so every error
 * names the field and the problem. Nothing here touches the disk.
 */
export const DOCUMENT_FORMAT = 'shotline';
export const DOCUMENT_EXTENSION = '.shotline';

export interface ShotlineDocument {
  format: typeof DOCUMENT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  app: { name: string; version: string };
  project: Project;
}

type Json = Record<string, unknown>;
/** migrations[n] turns a version-n project into version n+1. */
const MIGRATIONS: Record<number, (project: Json) => Json> = {
  /**
   * 0 → 1. Version 0 was the pre-release draft layout: fps, style and seed at the top of the
   * project, shot durations in seconds, and no wardrobe, notes, takes or remix fields.
   */
  0: (p) => {
    const fps = typeof p.fps === 'number' ? p.fps : 24;
    const shots = Array.isArray(p.shots) ? p.shots : [];
    const { fps: _f, style, seed, aspect, creator, ...rest } = p;
    return {
      ...rest,
      settings: { fps, style: style ?? 'cinematic', seed: seed ?? 0, aspect: aspect ?? '16:9', creator: creator ?? '' },
      remixOf: null,
      shots: shots.map((raw) => {
        const s = (raw ?? {}) as Json;
        const { durationSeconds, ...shot } = s;
        return {
          wardrobe: [],
          notes: '',
          takes: [],
          ...shot,
          durationFrames: typeof durationSeconds === 'number' ? secondsToFrames(durationSeconds, fps) : shot.durationFrames,
        };
      }),
    };
  },
};

export function serializeDocument(project: Project, appVersion: string, now: string): string {
  const doc: ShotlineDocument = {
    format: DOCUMENT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: now,
    app: { name: 'Shotline', version: appVersion },
    project,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export interface ParsedDocument {
  project: Project;
  /** The version the file was written in; lower than SCHEMA_VERSION when it was migrated. */
  fromVersion: number;
}

/** Parses, migrates and validates the text of a `.shotline` file. Throws AppError naming the problem. */
export function parseDocument(text: string): ParsedDocument {
  if (text.length > LIMITS.documentBytes) {
    throw new AppError(
      'INVALID_FILE',
      `The file is too large (${text.length} bytes; a project file may be at most ${LIMITS.documentBytes} bytes).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError('INVALID_FILE', `The file is not valid JSON, so it may be truncated or damaged: ${why}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppError('INVALID_FILE', 'The file is not a Shotline project: expected a JSON object.');
  }
  const envelope = raw as Json;
  if (envelope.format !== DOCUMENT_FORMAT) {
    throw new AppError('INVALID_FILE', `The file is not a Shotline project: "format" should be "${DOCUMENT_FORMAT}".`);
  }
  const version = envelope.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new AppError('INVALID_FILE', 'schemaVersion: must be a whole number.');
  }
  if (version > SCHEMA_VERSION) {
    throw new AppError(
      'UNSUPPORTED_VERSION',
      `This project was saved by a newer Shotline (schema version ${version}; this version reads up to ${SCHEMA_VERSION}). Update Shotline to open it.`,
      { schemaVersion: version, supported: SCHEMA_VERSION },
    );
  }
  if (typeof envelope.project !== 'object' || envelope.project === null || Array.isArray(envelope.project)) {
    throw new AppError('INVALID_FILE', 'project: missing, or not an object.');
  }
  let project = envelope.project as Json;
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new AppError('UNSUPPORTED_VERSION', `No migration from schema version ${v}.`);
    project = step(project);
  }
  project = { ...project, schemaVersion: SCHEMA_VERSION };
  const parsed = ProjectSchema.safeParse(project);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ ...i, path: ['project', ...i.path] }));
    throw new AppError('INVALID_FILE', `The project file has problems:\n${describeIssues(issues)}`, {
      issues: issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return { project: parsed.data, fromVersion: version };
}
