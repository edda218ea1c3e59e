import { newCharacter, newProject, newShot, newSoundCue, type Project } from '../../../shared/domain';
import { secondsToFrames } from '../../../shared/time';
import type { IdFactory } from '../ids';

/**
 * The storyboard a new user finds on first run: a four-shot rooftop scene with two characters,
 * dialogue, ambience and effects, so every part of the studio has something real to show.
 */
export function buildSampleProject(newId: IdFactory, now: string): Project {
  const fps = 24;
  const s = (seconds: number) => secondsToFrames(seconds, fps);
  const project = newProject(newId('proj'), 'Sample — Rooftop at Dusk', now, fps);
  project.settings.creator = 'Shotline sample';
  const rooftop = {
    id: newId('loc'),
    name: 'Rooftop garden',
    description: 'A city rooftop with planters, string lights and a water tower.',
    interior: false,
    imagePath: null,
  };
  const stairwell = {
    id: newId('loc'),
    name: 'Stairwell door',
    description: 'A steel door with a flickering lamp above it.',
    interior: false,
    imagePath: null,
  };
  project.continuity = {
    locations: [rooftop, stairwell],
    locationId: rooftop.id,
    timeOfDay: 'dusk',
    notes: 'Light fades through the scene; the string lights come on in shot 3.',
  };

  const mara = newCharacter(newId('char'), 'Mara', 0, {
    description: 'A courier who has just quit her job.',
    look: 'Late twenties, short dark hair, silver earring.',
    wardrobe: 'Yellow rain jacket over a grey hoodie.',
  });
  const theo = newCharacter(newId('char'), 'Theo', 1, {
    description: 'Her neighbour, who keeps bees on the roof.',
    look: 'Sixties, white beard, reading glasses on a cord.',
    wardrobe: 'Beekeeper veil pushed back, canvas apron.',
  });
  project.characters = [mara, theo];

  project.shots = [
    newShot(newId('shot'), fps, {
      title: 'Establishing',
      durationFrames: s(4),
      prompt: 'Wide view of a rooftop garden above the city at dusk, string lights unlit, a water tower against an orange sky.',
      shotType: 'wide',
      cameraMove: 'push-in',
      characters: [{ characterId: theo.id, position: 'right', depth: 'background', facing: 'left', action: 'Tends a beehive.' }],
      sound: [
        newSoundCue(newId('cue'), s(4), { kind: 'ambience', label: 'Evening wind', preset: 'wind', gainDb: -18, fadeInFrames: s(1) }),
        newSoundCue(newId('cue'), s(4), { kind: 'ambience', label: 'Distant traffic', preset: 'traffic', gainDb: -24 }),
      ],
      transition: { kind: 'fade', durationFrames: s(0.5) },
    }),
    newShot(newId('shot'), fps, {
      title: 'Mara arrives',
      durationFrames: s(5),
      prompt: 'Mara bursts through the stairwell door, out of breath, and spots Theo at the hives.',
      shotType: 'medium',
      cameraMove: 'pan-right',
      locationId: stairwell.id,
      characters: [{ characterId: mara.id, position: 'left', depth: 'midground', facing: 'right', action: 'Pushes the door open.' }],
      dialogue: [
        {
          id: newId('line'),
          characterId: mara.id,
          text: 'Theo! I did it. I actually quit.',
          source: 'tts',
          assetPath: null,
          offsetFrames: s(1),
          trimStartFrames: 0,
          trimEndFrames: 0,
        },
      ],
      sound: [newSoundCue(newId('cue'), s(1), { kind: 'effect', label: 'Door slam', preset: 'door', startFrame: s(0.25), gainDb: -6 })],
    }),
    newShot(newId('shot'), fps, {
      title: 'Theo turns',
      durationFrames: s(4.5),
      prompt: 'Close-up of Theo lifting his veil, a slow smile; the string lights flicker on behind him.',
      shotType: 'close-up',
      cameraMove: 'static',
      locationId: rooftop.id,
      characters: [{ characterId: theo.id, position: 'center', depth: 'foreground', facing: 'camera', action: 'Lifts the veil.' }],
      dialogue: [
        {
          id: newId('line'),
          characterId: theo.id,
          text: 'Then the bees and I owe you a drink.',
          source: 'tts',
          assetPath: null,
          offsetFrames: s(0.75),
          trimStartFrames: 0,
          trimEndFrames: 0,
        },
      ],
      sound: [newSoundCue(newId('cue'), s(4.5), { kind: 'ambience', label: 'Bees humming', preset: 'crowd', gainDb: -20 })],
    }),
    newShot(newId('shot'), fps, {
      title: 'Two-shot at the ledge',
      durationFrames: s(6),
      prompt: 'Mara and Theo sit on the ledge under the string lights as night falls over the skyline.',
      shotType: 'two-shot',
      cameraMove: 'pull-out',
      timeOfDay: 'night',
      characters: [
        { characterId: mara.id, position: 'center-left', depth: 'midground', facing: 'right', action: 'Sits, swinging her legs.' },
        { characterId: theo.id, position: 'center-right', depth: 'midground', facing: 'left', action: 'Hands her a jar of honey.' },
      ],
      wardrobe: [{ characterId: mara.id, look: null, wardrobe: 'Rain jacket off, tied around her waist.' }],
      dialogue: [
        {
          id: newId('line'),
          characterId: mara.id,
          text: 'What do I do now?',
          source: 'tts',
          assetPath: null,
          offsetFrames: s(0.5),
          trimStartFrames: 0,
          trimEndFrames: 0,
        },
        {
          id: newId('line'),
          characterId: theo.id,
          text: 'Whatever you like. That is the whole point.',
          source: 'tts',
          assetPath: null,
          offsetFrames: s(2.5),
          trimStartFrames: 0,
          trimEndFrames: 0,
        },
      ],
      sound: [
        newSoundCue(newId('cue'), s(6), { kind: 'ambience', label: 'Evening birds', preset: 'birds', gainDb: -22, fadeOutFrames: s(2) }),
        newSoundCue(newId('cue'), s(6), { kind: 'ambience', label: 'Night city', preset: 'traffic', gainDb: -26 }),
      ],
      transition: { kind: 'dip-to-black', durationFrames: s(1) },
    }),
  ];
  return project;
}
