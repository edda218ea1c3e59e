import type { Project, Shot } from './schemas';
import type { TimeOfDay } from './enums';

/** Where a resolved value came from: this shot, an earlier shot, or the project's continuity record. */
export type Provenance = { kind: 'shot' } | { kind: 'carried'; fromShotIndex: number } | { kind: 'project' };

export interface ResolvedLook {
  look: string;
  wardrobe: string;
  provenance: Provenance;
}

/** The continuity state a shot is rendered with, after inheritance. */
export interface ResolvedContinuity {
  locationId: string | null;
  locationProvenance: Provenance;
  timeOfDay: TimeOfDay;
  timeOfDayProvenance: Provenance;
  style: Project['settings']['style'];
  styleFromProject: boolean;
  characters: Record<string, ResolvedLook>;
}

/**
 * Carries continuity from shot to shot: a location, time of day or wardrobe change made in one
 * shot holds for every later shot until another shot changes it; before any change the project's
 * continuity record applies. Style is per shot with the project's style as the default.
 */
export function resolveContinuity(project: Project): ResolvedContinuity[] {
  let locationId = project.continuity.locationId;
  let locationProvenance: Provenance = { kind: 'project' };
  let timeOfDay = project.continuity.timeOfDay;
  let timeOfDayProvenance: Provenance = { kind: 'project' };
  const looks: Record<string, ResolvedLook> = {};
  for (const c of project.characters) looks[c.id] = { look: c.look, wardrobe: c.wardrobe, provenance: { kind: 'project' } };

  const carried = (p: Provenance, index: number): Provenance => (p.kind === 'shot' ? { kind: 'carried', fromShotIndex: index } : p);

  return project.shots.map((shot: Shot, index) => {
    if (shot.locationId !== null) {
      locationId = shot.locationId;
      locationProvenance = { kind: 'shot' };
    }
    if (shot.timeOfDay !== null) {
      timeOfDay = shot.timeOfDay;
      timeOfDayProvenance = { kind: 'shot' };
    }
    for (const o of shot.wardrobe) {
      const current = looks[o.characterId];
      if (!current) continue;
      looks[o.characterId] = {
        look: o.look ?? current.look,
        wardrobe: o.wardrobe ?? current.wardrobe,
        provenance: { kind: 'shot' },
      };
    }
    const resolved: ResolvedContinuity = {
      locationId,
      locationProvenance,
      timeOfDay,
      timeOfDayProvenance,
      style: shot.style ?? project.settings.style,
      styleFromProject: shot.style === null,
      characters: { ...looks },
    };
    // What this shot set is "carried" for the next ones.
    locationProvenance = carried(locationProvenance, index);
    timeOfDayProvenance = carried(timeOfDayProvenance, index);
    for (const id of Object.keys(looks)) {
      const l = looks[id]!;
      looks[id] = { ...l, provenance: carried(l.provenance, index) };
    }
    return resolved;
  });
}

/** A short note for the inspector: "from shot 2", "project default". */
export function provenanceLabel(p: Provenance): string {
  switch (p.kind) {
    case 'shot':
      return 'set in this shot';
    case 'carried':
      return `carried from shot ${p.fromShotIndex + 1}`;
    case 'project':
      return 'project default';
  }
}
