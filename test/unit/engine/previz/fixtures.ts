import { buildSampleProject } from '../../../../src/main/engine/projects/sampleProject';
import { newCharacter, newProject, newShot, type Project, type Shot } from '../../../../src/shared/domain';

export const NOW = '2025-01-01T00:00:00.000Z';

/** The first-run sample (four rooftop shots, Mara and Theo) with deterministic ids. */
export function sample(): Project {
  let n = 0;
  return buildSampleProject((prefix) => `${prefix}_${++n}`, NOW);
}

export const blocking = (characterId: string, overrides: Partial<Shot['characters'][number]> = {}): Shot['characters'][number] => ({
  characterId,
  position: 'center',
  depth: 'midground',
  facing: 'camera',
  action: '',
  ...overrides,
});

/** One character, one exterior location at noon, shots as given (static, no dialogue unless set). */
export function tiny(shots: Partial<Shot>[], style: Project['settings']['style'] = 'realistic'): Project {
  const p = newProject('proj_tiny', 'Tiny', NOW, 24);
  p.settings.style = style;
  p.continuity.locations = [{ id: 'loc_field', name: 'Meadow', description: 'A green field.', interior: false, imagePath: null }];
  p.continuity.locationId = 'loc_field';
  p.continuity.timeOfDay = 'noon';
  p.characters = [newCharacter('char_ana', 'Ana', 3, { color: '#3366cc' })];
  p.shots = shots.map((o, i) => newShot(`shot_${i + 1}`, 24, { durationFrames: 12, ...o }));
  return p;
}
