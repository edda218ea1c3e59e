import { describe, expect, it } from 'vitest';
import { describeChange } from '../../../src/shared/domain/describeChange';
import { newCharacter, newProject, newShot } from '../../../src/shared/domain/factories';
import type { Project } from '../../../src/shared/domain/schemas';

const base = (): Project => {
  const p = newProject('proj_u', 'Undo', '2025-03-04T05:06:07.000Z');
  p.shots = [newShot('shot_1', 24, { title: 'Opening' }), newShot('shot_2', 24, { title: 'Mara arrives' }), newShot('shot_3', 24)];
  return p;
};
const edited = (f: (p: Project) => void) => {
  const p = structuredClone(base());
  f(p);
  return p;
};

describe('describeChange (what Undo and Redo will do)', () => {
  it.each<[string, (p: Project) => void, string]>([
    ['one field of a shot', (p) => (p.shots[1]!.cameraMove = 'orbit'), 'shot 2 “Mara arrives”: camera move'],
    ['two fields of a shot', (p) => Object.assign(p.shots[0]!, { title: 'Dawn', durationFrames: 48 }), 'shot 1 “Dawn”: title and duration'],
    ['three fields', (p) => Object.assign(p.shots[2]!, { prompt: 'x', notes: 'y', engine: 'z' }), 'shot 3: prompt, engine and more'],
    ['an added shot', (p) => p.shots.push(newShot('shot_4', 24, { title: 'Ledge' })), 'adding shot 4 “Ledge”'],
    ['a deleted shot', (p) => p.shots.splice(1, 1), 'deleting shot 2 “Mara arrives”'],
    ['a move', (p) => p.shots.reverse(), 'reordering the shots'],
    ['the creator name', (p) => (p.settings.creator = 'Ana'), 'the creator name'],
    [
      'the name and the frame rate',
      (p) => Object.assign(p, { name: 'Other', settings: { ...p.settings, fps: 30 } }),
      'the project name and the frame rate',
    ],
    ['a character', (p) => p.characters.push(newCharacter('char_x', 'Theo', 0)), 'the characters'],
    ['every shot at once', (p) => p.shots.forEach((s) => (s.notes = 'n')), '3 shots'],
    ['nothing visible', (p) => (p.updatedAt = '2026-01-01T00:00:00.000Z'), 'the last change'],
  ])('%s', (_name, edit, expected) => {
    expect(describeChange(base(), edited(edit))).toBe(expected);
  });
});
