import { describe, expect, it } from 'vitest';
import { provenanceLabel, resolveContinuity } from '../../../src/shared/domain/continuity';
import { newCharacter, newProject, newShot } from '../../../src/shared/domain/factories';
import { ProjectSchema, type Project, type Shot } from '../../../src/shared/domain/schemas';

const NOW = '2025-03-04T05:06:07.000Z';

/** Five shots; project starts in the kitchen in the afternoon; Ana wears a red coat. */
function project(shotOverrides: Partial<Shot>[]): Project {
  const p = newProject('proj_c', 'Continuity', NOW, 24);
  p.continuity.locations = [
    { id: 'loc_kitchen', name: 'Kitchen', description: '', interior: true, imagePath: null },
    { id: 'loc_street', name: 'Street', description: '', interior: false, imagePath: null },
    { id: 'loc_roof', name: 'Roof', description: '', interior: false, imagePath: null },
  ];
  p.continuity.locationId = 'loc_kitchen';
  p.continuity.timeOfDay = 'afternoon';
  p.characters = [
    newCharacter('char_ana', 'Ana', 0, { look: 'Short hair', wardrobe: 'Red coat' }),
    newCharacter('char_ben', 'Ben', 1, { look: 'Beard', wardrobe: 'Suit' }),
  ];
  p.shots = shotOverrides.map((o, i) => newShot(`shot_${i + 1}`, 24, o));
  return ProjectSchema.parse(p);
}

describe('resolveContinuity', () => {
  it('uses the project continuity until a shot changes it', () => {
    const r = resolveContinuity(project([{}, {}]));
    expect(r).toHaveLength(2);
    for (const s of r) {
      expect(s.locationId).toBe('loc_kitchen');
      expect(s.locationProvenance).toEqual({ kind: 'project' });
      expect(s.timeOfDay).toBe('afternoon');
      expect(s.timeOfDayProvenance).toEqual({ kind: 'project' });
      expect(s.characters.char_ana).toEqual({ look: 'Short hair', wardrobe: 'Red coat', provenance: { kind: 'project' } });
    }
  });

  it('carries a location and time of day set in shot 2 to shots 3 and 4, until shot 5 changes them', () => {
    const r = resolveContinuity(
      project([{}, { locationId: 'loc_street', timeOfDay: 'night' }, {}, {}, { locationId: 'loc_roof', timeOfDay: 'dawn' }]),
    );
    expect(r.map((s) => s.locationId)).toEqual(['loc_kitchen', 'loc_street', 'loc_street', 'loc_street', 'loc_roof']);
    expect(r.map((s) => s.timeOfDay)).toEqual(['afternoon', 'night', 'night', 'night', 'dawn']);
    expect(r.map((s) => s.locationProvenance)).toEqual([
      { kind: 'project' },
      { kind: 'shot' },
      { kind: 'carried', fromShotIndex: 1 },
      { kind: 'carried', fromShotIndex: 1 },
      { kind: 'shot' },
    ]);
    expect(r.map((s) => provenanceLabel(s.timeOfDayProvenance))).toEqual([
      'project default',
      'set in this shot',
      'carried from shot 2',
      'carried from shot 2',
      'set in this shot',
    ]);
  });

  it('tracks location and time of day independently', () => {
    const r = resolveContinuity(project([{ timeOfDay: 'dusk' }, { locationId: 'loc_roof' }, {}]));
    expect(r[2]!.timeOfDay).toBe('dusk');
    expect(r[2]!.timeOfDayProvenance).toEqual({ kind: 'carried', fromShotIndex: 0 });
    expect(r[2]!.locationId).toBe('loc_roof');
    expect(r[2]!.locationProvenance).toEqual({ kind: 'carried', fromShotIndex: 1 });
    expect(r[0]!.locationProvenance).toEqual({ kind: 'project' });
  });

  it('carries a wardrobe override forward, keeping the fields it does not override', () => {
    const r = resolveContinuity(
      project([
        {},
        { wardrobe: [{ characterId: 'char_ana', look: null, wardrobe: 'Coat off, rolled sleeves' }] },
        {},
        { wardrobe: [{ characterId: 'char_ana', look: 'Wet hair', wardrobe: null }] },
      ]),
    );
    expect(r[0]!.characters.char_ana).toEqual({ look: 'Short hair', wardrobe: 'Red coat', provenance: { kind: 'project' } });
    expect(r[1]!.characters.char_ana).toEqual({ look: 'Short hair', wardrobe: 'Coat off, rolled sleeves', provenance: { kind: 'shot' } });
    expect(r[2]!.characters.char_ana).toEqual({
      look: 'Short hair',
      wardrobe: 'Coat off, rolled sleeves',
      provenance: { kind: 'carried', fromShotIndex: 1 },
    });
    expect(r[3]!.characters.char_ana).toEqual({ look: 'Wet hair', wardrobe: 'Coat off, rolled sleeves', provenance: { kind: 'shot' } });
    // Ben was never changed.
    for (const s of r) expect(s.characters.char_ben).toEqual({ look: 'Beard', wardrobe: 'Suit', provenance: { kind: 'project' } });
  });

  it('does not let a later change leak into the state resolved for an earlier shot', () => {
    const r = resolveContinuity(project([{}, { wardrobe: [{ characterId: 'char_ana', look: null, wardrobe: 'Raincoat' }] }]));
    expect(r[0]!.characters.char_ana!.wardrobe).toBe('Red coat');
  });

  it('uses a shot style or falls back to the project style', () => {
    const r = resolveContinuity(project([{}, { style: 'noir' }, {}]));
    expect(r.map((s) => s.style)).toEqual(['cinematic', 'noir', 'cinematic']);
    expect(r.map((s) => s.styleFromProject)).toEqual([true, false, true]);
  });

  it('returns nothing for a project without shots', () => {
    expect(resolveContinuity(project([]))).toEqual([]);
  });
});

describe('provenanceLabel', () => {
  it('labels each provenance with a 1-based shot number', () => {
    expect(provenanceLabel({ kind: 'shot' })).toBe('set in this shot');
    expect(provenanceLabel({ kind: 'carried', fromShotIndex: 0 })).toBe('carried from shot 1');
    expect(provenanceLabel({ kind: 'carried', fromShotIndex: 9 })).toBe('carried from shot 10');
    expect(provenanceLabel({ kind: 'project' })).toBe('project default');
  });
});
