import { describe, expect, it } from 'vitest';
import { PREVIZ_VERSION, planShot } from '../../../../src/main/engine/pipelines/previz';
import type { PlanOptions } from '../../../../src/main/engine/pipelines/previz/types';
import { sample } from './fixtures';

const opts: PlanOptions = { size: { width: 640, height: 360 } };

describe('planShot', () => {
  it('is deterministic and plain JSON', () => {
    const p = sample();
    for (let i = 0; i < p.shots.length; i++) {
      const a = planShot(p, i, opts);
      expect(planShot(sample(), i, opts)).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      expect(a.version).toBe(PREVIZ_VERSION);
      expect(a.durationFrames).toBe(p.shots[i]!.durationFrames);
    }
  });

  it('changes with what changes the pixels of the shot, not with its prompt', () => {
    const base = planShot(sample(), 1, opts);
    const edit = (fn: (p: ReturnType<typeof sample>) => void) => {
      const p = sample();
      fn(p);
      return planShot(p, 1, opts);
    };
    expect(edit((p) => (p.shots[1]!.prompt = 'Something else entirely.'))).toEqual(base);
    expect(edit((p) => (p.shots[1]!.notes = 'a note'))).toEqual(base);
    expect(edit((p) => (p.shots[1]!.cameraMove = 'orbit'))).not.toEqual(base);
    expect(edit((p) => (p.shots[1]!.dialogue[0]!.text = 'Theo! Guess what.'))).not.toEqual(base);
    expect(edit((p) => (p.shots[1]!.timeOfDay = 'noon'))).not.toEqual(base);
    expect(edit((p) => (p.shots[1]!.style = 'noir'))).not.toEqual(base);
    expect(edit((p) => (p.characters[0]!.color = '#112233'))).not.toEqual(base);
    expect(planShot(sample(), 1, { ...opts, titleCard: true })).not.toEqual(base);
    // Renaming or retitling changes nothing drawn (without a title card or a line spoken).
    expect(edit((p) => (p.shots[1]!.title = 'Arrival'))).toEqual(base);
    expect(edit((p) => (p.characters[1]!.name = 'Theodore'))).toEqual(base);
    expect(edit((p) => (p.characters[0]!.name = 'Marah'))).not.toEqual(base);
  });

  it('ignores edits to other shots unless continuity carries them here', () => {
    const p = sample();
    const before = [1, 2, 3].map((i) => planShot(p, i, opts));
    // Shot 3 changes what it shows: shots 2 and 4 do not inherit any of it.
    p.shots[2]!.cameraMove = 'orbit';
    p.shots[2]!.dialogue = [];
    expect(planShot(p, 1, opts)).toEqual(before[0]);
    expect(planShot(p, 3, opts)).toEqual(before[2]);
    // Shot 1 moves to noon: shots 2 and 3 inherit it, shot 4 sets its own night.
    p.shots[0]!.timeOfDay = 'noon';
    expect(planShot(p, 1, opts).timeOfDay).toBe('noon');
    expect(planShot(p, 1, opts)).not.toEqual(before[0]);
    expect(planShot(p, 3, opts)).toEqual(before[2]);
  });

  it('resolves continuity: location carried, wardrobe changes carried, style per shot', () => {
    const p = sample();
    const [rooftop, stairwell] = p.continuity.locations;
    p.shots[3]!.style = 'anime';
    const plans = p.shots.map((_, i) => planShot(p, i, opts));
    expect(plans.map((s) => s.location.id)).toEqual([rooftop!.id, stairwell!.id, rooftop!.id, rooftop!.id]);
    expect(plans.map((s) => s.timeOfDay)).toEqual(['dusk', 'dusk', 'dusk', 'night']);
    expect(plans.map((s) => s.style)).toEqual(['cinematic', 'cinematic', 'cinematic', 'anime']);
    // A place keeps its plate in every shot: seeded by the location and the project, not the shot.
    expect(plans[0]!.location).toEqual(plans[2]!.location);
    expect(plans[0]!.location.props).toEqual(expect.arrayContaining(['water-tower', 'string-lights', 'ledge']));
    const mara = (i: number) => plans[i]!.figures.find((f) => f.characterId === p.characters[0]!.id)!;
    expect(mara(1).look).toMatchObject({ outer: 'jacket', waistTie: false, color: p.characters[0]!.color });
    expect(mara(3).look).toMatchObject({ outer: 'none', waistTie: true, color: p.characters[0]!.color });
    // Build, skin and hair come from the character, its look and the project seed: the same in every shot.
    const { outer: _o, waistTie: _w, outerColor: _c, headwearColor: _h, ...stable } = mara(1).look;
    expect(mara(3).look).toMatchObject(stable);
    const theo = plans[2]!.figures[0]!;
    expect(theo.look).toMatchObject({ beard: true, glasses: true, headwear: 'veil', outer: 'apron' });
  });

  it('places figures by blocking and frames them by shot type', () => {
    const p = sample();
    const wide = planShot(p, 0, opts).figures[0]!; // Theo, right, background
    const close = planShot(p, 2, opts).figures[0]!; // Theo, centre, foreground, close-up
    expect(wide.x).toBeGreaterThan(0.6);
    expect(wide.height).toBeLessThan(0.35);
    expect(close.height).toBeGreaterThan(2);
    const two = planShot(p, 3, opts).figures;
    expect(two.map((f) => f.characterId)).toEqual(p.characters.map((c) => c.id));
    expect(two[0]!.x).toBeLessThan(two[1]!.x);
    expect(two.map((f) => f.facing)).toEqual(['right', 'left']);
    p.shots[3]!.shotType = 'over-the-shoulder';
    expect(planShot(p, 3, opts).figures.map((f) => [f.role, f.facing])).toContainEqual(['shoulder', 'away']);
    p.shots[3]!.shotType = 'insert';
    expect(planShot(p, 3, opts).figures).toEqual([]);
  });

  it('turns dialogue into captions that last until the next line or the end of the shot', () => {
    const p = sample();
    const shot = p.shots[3]!;
    const plan = planShot(p, 3, opts);
    expect(plan.captions).toEqual([
      { start: 12, end: 60, speaker: 'Mara', color: p.characters[0]!.color, text: 'Mara: What do I do now?' },
      {
        start: 60,
        end: shot.durationFrames,
        speaker: 'Theo',
        color: p.characters[1]!.color,
        text: 'Theo: Whatever you like. That is the whole point.',
      },
    ]);
    shot.dialogue[1]!.offsetFrames = 12;
    expect(planShot(p, 3, opts).captions.map((c) => [c.start, c.end])).toEqual([
      [12, shot.durationFrames],
      [12, shot.durationFrames],
    ]);
  });

  it('adds the title card and the plate image when asked', () => {
    const p = sample();
    const plan = planShot(p, 1, {
      ...opts,
      titleCard: true,
      locationImage: (id) => (id === p.continuity.locations[1]!.id ? '/plates/door.png' : null),
    });
    expect(plan.titleCard).toEqual({ label: 'Shot 2', title: 'Mara arrives', frames: 24 });
    expect(plan.location.image).toBe('/plates/door.png');
    expect(planShot(p, 0, { ...opts, locationImage: () => null }).location.image).toBeNull();
  });

  it('letterboxes cinematic landscape frames only', () => {
    const p = sample();
    expect(planShot(p, 0, opts).letterbox).toBeCloseTo(0.128, 2);
    expect(planShot(p, 0, { size: { width: 360, height: 640 } }).letterbox).toBe(0);
    p.settings.style = 'realistic';
    expect(planShot(p, 0, opts).letterbox).toBe(0);
  });

  it('rejects a shot that does not exist and odd frame sizes', () => {
    const p = sample();
    expect(() => planShot(p, 9, opts)).toThrow(/Shot 10 does not exist/);
    expect(() => planShot(p, 0, { size: { width: 641, height: 360 } })).toThrow(/even/);
  });
});
