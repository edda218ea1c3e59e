import { newCharacter, newDialogueLine, newShot, newSoundCue, type Project } from '../../../shared/domain';
import type { Channel, ParsedInput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/result';
import type { IdFactory } from '../ids';
import { findOr, indexOr, type EditContext, type ProjectEditor } from './projectEditor';

type In<C extends Channel> = ParsedInput<C>;

/**
 * Edits inside one project: shots, characters, dialogue lines, sound cues, continuity and
 * locations. Every method saves immediately (autosave) and returns the updated document.
 */
export class StoryboardService {
  constructor(
    private readonly editor: ProjectEditor,
    private readonly newId: IdFactory,
  ) {}

  /** Inserts a new shot at `index` (default: the end). */
  addShot(i: In<'shots:add'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const id = this.newId('shot');
      const index = Math.min(i.index ?? p.shots.length, p.shots.length);
      p.shots.splice(index, 0, newShot(id, p.settings.fps, i.patch ?? {}));
      return id;
    });
    return { project, shotId: result };
  }

  updateShot(i: In<'shots:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const index = indexOr(p.shots, i.shotId, 'shot');
      p.shots[index] = { ...p.shots[index]!, ...i.patch };
    }).project;
  }

  duplicateShot(i: In<'shots:duplicate'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const index = indexOr(p.shots, i.shotId, 'shot');
      const source = p.shots[index]!;
      const id = this.newId('shot');
      p.shots.splice(index + 1, 0, {
        ...structuredClone(source),
        id,
        title: source.title ? `${source.title} (copy)` : '',
        dialogue: source.dialogue.map((d) => ({ ...d, id: this.newId('line') })),
        sound: source.sound.map((c) => ({ ...c, id: this.newId('cue') })),
        takes: [],
      });
      return id;
    });
    return { project, shotId: result };
  }

  deleteShots(i: In<'shots:delete'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      for (const id of i.shotIds) indexOr(p.shots, id, 'shot');
      const drop = new Set(i.shotIds);
      p.shots = p.shots.filter((s) => !drop.has(s.id));
    }).project;
  }

  moveShot(i: In<'shots:move'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const from = indexOr(p.shots, i.shotId, 'shot');
      const [shot] = p.shots.splice(from, 1);
      p.shots.splice(Math.min(i.toIndex, p.shots.length), 0, shot!);
    }).project;
  }

  addCharacter(i: In<'characters:add'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const id = this.newId('char');
      p.characters.push(newCharacter(id, i.name, p.characters.length));
      return id;
    });
    return { project, characterId: result };
  }

  updateCharacter(i: In<'characters:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const index = indexOr(p.characters, i.characterId, 'character');
      const current = p.characters[index]!;
      p.characters[index] = { ...current, ...i.patch, voice: { ...current.voice, ...(i.patch.voice ?? {}) } };
    }).project;
  }

  deleteCharacter(i: In<'characters:delete'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const character = findOr(p.characters, i.characterId, 'character');
      const speaking = p.shots.map((s, n) => (s.dialogue.some((d) => d.characterId === character.id) ? n + 1 : 0)).filter((n) => n > 0);
      if (speaking.length > 0) {
        throw new AppError(
          'CONFLICT',
          `${character.name} still speaks in shot${speaking.length > 1 ? 's' : ''} ${speaking.join(', ')}. Delete or reassign those lines first.`,
          { shots: speaking },
        );
      }
      p.characters = p.characters.filter((c) => c.id !== character.id);
      for (const s of p.shots) {
        s.characters = s.characters.filter((b) => b.characterId !== character.id);
        s.wardrobe = s.wardrobe.filter((w) => w.characterId !== character.id);
      }
    }).project;
  }

  addLine(i: In<'dialogue:add'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      findOr(p.characters, i.characterId, 'character');
      const id = this.newId('line');
      shot.dialogue.push(newDialogueLine(id, i.characterId, { text: i.text ?? '' }));
      return id;
    });
    return { project, lineId: result };
  }

  updateLine(i: In<'dialogue:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      const index = indexOr(shot.dialogue, i.lineId, 'dialogue line');
      shot.dialogue[index] = { ...shot.dialogue[index]!, ...i.patch };
    }).project;
  }

  deleteLine(i: In<'dialogue:delete'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      indexOr(shot.dialogue, i.lineId, 'dialogue line');
      shot.dialogue = shot.dialogue.filter((d) => d.id !== i.lineId);
    }).project;
  }

  addCue(i: In<'sound:add'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      const id = this.newId('cue');
      shot.sound.push(newSoundCue(id, shot.durationFrames, i.patch ?? {}));
      return id;
    });
    return { project, cueId: result };
  }

  updateCue(i: In<'sound:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      const index = indexOr(shot.sound, i.cueId, 'sound cue');
      shot.sound[index] = { ...shot.sound[index]!, ...i.patch };
    }).project;
  }

  deleteCue(i: In<'sound:delete'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const shot = findOr(p.shots, i.shotId, 'shot');
      indexOr(shot.sound, i.cueId, 'sound cue');
      shot.sound = shot.sound.filter((c) => c.id !== i.cueId);
    }).project;
  }

  updateContinuity(i: In<'continuity:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      p.continuity = { ...p.continuity, ...i.patch };
    }).project;
  }

  addLocation(i: In<'locations:add'>, ctx: EditContext) {
    const { project, result } = this.editor.edit(i.projectId, ctx, (p) => {
      const id = this.newId('loc');
      p.continuity.locations.push({ id, name: i.name, description: '', interior: false, imagePath: null });
      if (p.continuity.locationId === null) p.continuity.locationId = id;
      return id;
    });
    return { project, locationId: result };
  }

  updateLocation(i: In<'locations:update'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const index = indexOr(p.continuity.locations, i.locationId, 'location');
      p.continuity.locations[index] = { ...p.continuity.locations[index]!, ...i.patch };
    }).project;
  }

  deleteLocation(i: In<'locations:delete'>, ctx: EditContext): Project {
    return this.editor.edit(i.projectId, ctx, (p) => {
      const location = findOr(p.continuity.locations, i.locationId, 'location');
      const users = p.shots.map((s, n) => (s.locationId === location.id ? n + 1 : 0)).filter((n) => n > 0);
      if (users.length > 0) {
        throw new AppError(
          'CONFLICT',
          `${location.name} is the location of shot${users.length > 1 ? 's' : ''} ${users.join(', ')}. Change those shots first.`,
          { shots: users },
        );
      }
      p.continuity.locations = p.continuity.locations.filter((l) => l.id !== location.id);
      if (p.continuity.locationId === location.id) p.continuity.locationId = p.continuity.locations[0]?.id ?? null;
    }).project;
  }
}
