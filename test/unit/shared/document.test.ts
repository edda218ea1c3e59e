import { describe, expect, it } from 'vitest';
import { DOCUMENT_FORMAT, parseDocument, serializeDocument } from '../../../src/shared/domain/document';
import { newCharacter, newDialogueLine, newProject, newShot } from '../../../src/shared/domain/factories';
import { ProjectSchema, SCHEMA_VERSION, type Project } from '../../../src/shared/domain/schemas';
import { AppError } from '../../../src/shared/result';
import { readFixture } from '../../fixtures/projects';

const NOW = '2025-03-04T05:06:07.000Z';

function sample(): Project {
  const p = newProject('proj_doc', 'Document — 文書', NOW, 30);
  p.characters = [newCharacter('char_a', 'ليلى', 0)];
  p.shots = [
    newShot('shot_1', 30, { prompt: 'First 🎬', dialogue: [newDialogueLine('line_1', 'char_a', { text: 'שלום', offsetFrames: 15 })] }),
    newShot('shot_2', 30, { durationFrames: 45 }),
  ];
  return ProjectSchema.parse(p);
}

/** Runs parseDocument and returns the AppError it throws (failing the test if it does not). */
function parseError(text: string): AppError {
  try {
    parseDocument(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('parseDocument accepted the text');
}

function envelope(schemaVersion: unknown, project: unknown): string {
  return JSON.stringify({ format: DOCUMENT_FORMAT, schemaVersion, exportedAt: NOW, app: { name: 'Shotline', version: 'x' }, project });
}

describe('serializeDocument / parseDocument', () => {
  it('round-trips a project unchanged, with the envelope fields', () => {
    const p = sample();
    const text = serializeDocument(p, '1.2.3', NOW);
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw).toMatchObject({
      format: 'shotline',
      schemaVersion: SCHEMA_VERSION,
      exportedAt: NOW,
      app: { name: 'Shotline', version: '1.2.3' },
    });
    expect(text.endsWith('\n')).toBe(true);
    const parsed = parseDocument(text);
    expect(parsed.fromVersion).toBe(SCHEMA_VERSION);
    expect(parsed.project).toEqual(p);
  });

  it('reads the valid v1 fixture, keeping non-Latin text exactly', () => {
    const { project, fromVersion } = parseDocument(readFixture('validV1'));
    expect(fromVersion).toBe(1);
    expect(project.name).toBe('夜の屋上 — Fixture');
    expect(project.characters.map((c) => c.name)).toEqual(['さくら', 'ليلى']);
    expect(project.continuity.locations[1]!.name).toBe('בית קפה');
    expect(project.shots[1]!.prompt).toBe('مقهى صغير في المساء');
    expect(project.shots[0]!.dialogue[0]!.text).toBe('こんにちは 👋');
    expect(parseDocument(serializeDocument(project, 't', NOW)).project).toEqual(project);
  });
});

describe('parseDocument: damaged files', () => {
  it.each([['{'], ['not json at all'], ['{"format": "shotline",}'], ['']])('refuses malformed JSON %j as INVALID_FILE', (text) => {
    const e = parseError(text);
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('refuses a file cut in half, saying it may be truncated', () => {
    const text = serializeDocument(sample(), '1', NOW);
    const e = parseError(text.slice(0, Math.floor(text.length / 2)));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/JSON/);
    expect(e.message).toMatch(/truncated/);
    const f = parseError(readFixture('truncated'));
    expect(f.code).toBe('INVALID_FILE');
    expect(f.message).toMatch(/truncated/);
  });

  it.each([['[]'], ['null'], ['42'], ['"shotline"']])('refuses JSON %s that is not an object', (text) => {
    const e = parseError(text);
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/expected a JSON object/);
  });

  it('refuses a file of another format', () => {
    const e = parseError(JSON.stringify({ format: 'premiere', schemaVersion: 1, project: sample() }));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toContain('"format" should be "shotline"');
    expect(parseError(JSON.stringify({ schemaVersion: 1, project: sample() })).code).toBe('INVALID_FILE');
  });

  it.each([['1'], [1.5], [-1], [null]])('refuses schemaVersion %j', (v) => {
    const e = parseError(envelope(v, sample()));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/^schemaVersion/);
  });

  it('refuses an unknown future schemaVersion with UNSUPPORTED_VERSION naming the version', () => {
    const e = parseError(envelope(99, { ...sample(), schemaVersion: 99 }));
    expect(e.code).toBe('UNSUPPORTED_VERSION');
    expect(e.message).toContain('schema version 99');
    expect(e.details).toEqual({ schemaVersion: 99, supported: SCHEMA_VERSION });
    const f = parseError(readFixture('futureVersion'));
    expect(f.code).toBe('UNSUPPORTED_VERSION');
    expect(f.message).toContain('99');
  });

  it('refuses a missing project', () => {
    const e = parseError(JSON.stringify({ format: 'shotline', schemaVersion: 1 }));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/^project: missing/);
  });

  it('names the path of an invalid field, prefixed with project.', () => {
    const p = sample() as unknown as { shots: { durationFrames: number }[] };
    p.shots[0]!.durationFrames = -5;
    const e = parseError(envelope(1, p));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toContain('project.shots.0.durationFrames');
    expect(e.details).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'project.shots.0.durationFrames' })]),
    });
  });

  it('refuses duplicate ids', () => {
    const e = parseError(readFixture('duplicateId'));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toContain('project.shots.1.id');
    expect(e.message).toContain('duplicate id "shot_a"');
  });

  it('refuses a file over the size limit before parsing it', () => {
    const e = parseError(' '.repeat(20 * 1024 * 1024 + 1));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/too large/);
  });
});

describe('parseDocument: migration from version 0', () => {
  it('migrates the v0 draft fixture: settings moved, seconds converted to frames, new fields added', () => {
    const { project, fromVersion } = parseDocument(readFixture('v0Draft'));
    expect(fromVersion).toBe(0);
    expect(project.schemaVersion).toBe(SCHEMA_VERSION);
    expect(project.settings).toEqual({ fps: 25, style: 'noir', seed: 7, aspect: '16:9', creator: '' });
    expect(project.remixOf).toBeNull();
    // 2.5 s and 4 s at 25 fps (62.5 rounds up).
    expect(project.shots.map((s) => s.durationFrames)).toEqual([63, 100]);
    for (const s of project.shots) {
      expect(s.wardrobe).toEqual([]);
      expect(s.notes).toBe('');
      expect(s.takes).toEqual([]);
      expect(s).not.toHaveProperty('durationSeconds');
    }
    expect(project).not.toHaveProperty('fps');
    expect(project).not.toHaveProperty('style');
    expect(project).not.toHaveProperty('seed');
    expect(project.shots[0]!.dialogue[0]!.text).toBe('Hello');
  });

  it('defaults fps to 24 when a v0 project names none', () => {
    const v0 = JSON.parse(readFixture('v0Draft')) as { project: Record<string, unknown> };
    delete v0.project.fps;
    const { project } = parseDocument(JSON.stringify(v0));
    expect(project.settings.fps).toBe(24);
    expect(project.shots.map((s) => s.durationFrames)).toEqual([60, 96]);
  });

  it('rounds a half-frame v0 duration up like secondsToFrames (0.58 s at 25 fps = 14.5 frames)', () => {
    const v0 = JSON.parse(readFixture('v0Draft')) as { project: { shots: Record<string, unknown>[] } };
    v0.project.shots[0]!.durationSeconds = 0.58;
    v0.project.shots[0]!.dialogue = [];
    expect(parseDocument(JSON.stringify(v0)).project.shots[0]!.durationFrames).toBe(15);
  });

  it('reports a v0 shot that is still invalid after migration by its v1 path', () => {
    const v0 = JSON.parse(readFixture('v0Draft')) as { project: { shots: Record<string, unknown>[] } };
    v0.project.shots[1]!.durationSeconds = 0;
    const e = parseError(JSON.stringify(v0));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toContain('project.shots.1.durationFrames');
  });
});
