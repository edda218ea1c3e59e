import { dialogueSpans, resolveContinuity, type Project } from '../../../../shared/domain';
import { placeFigures, viewFraming } from './framing';
import { parseHex, toHex } from './palette';
import { Rng, seedOf } from './random';
import { letterboxBar } from './styles';
import { figureLook, locationTraits } from './traits';
import type { PlanCaption, PlanFigure, PlanOptions, ShotPlan } from './types';

/** Names the drawing code: bump it whenever anything that changes pixels changes (it is part of every take's content hash). */
export const PREVIZ_VERSION = 'previz-3';

/** Keeps plan numbers short and free of float noise, so its canonical JSON is stable and readable. */
const r4 = (v: number) => Math.round(v * 10000) / 10000;

/**
 * Resolves everything that decides a shot's pixels into one plain JSON value (see ShotPlan). Pure:
 * the same project, shot and options always give a deep-equal plan, and an edit to another shot
 * changes this plan only where continuity carries it here.
 */
export function planShot(project: Project, shotIndex: number, opts: PlanOptions): ShotPlan {
  const shot = project.shots[shotIndex];
  if (!shot) throw new RangeError(`Shot ${shotIndex + 1} does not exist (the project has ${project.shots.length} shots).`);
  const { width, height } = opts.size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16 || width % 2 || height % 2) {
    throw new RangeError(`Frame size must be even whole numbers of at least 16 pixels, got ${width}×${height}.`);
  }
  const continuity = resolveContinuity(project)[shotIndex]!;
  const projectSeed = project.settings.seed;
  const style = continuity.style;
  const bar = letterboxBar(style, width, height);

  const location = project.continuity.locations.find((l) => l.id === continuity.locationId) ?? null;
  const image = opts.plate ?? (location && opts.locationImage ? opts.locationImage(location.id) : null);
  const view = viewFraming(shot.shotType, width, height, bar);
  const seed = seedOf('shot', projectSeed, shot.id);

  const characters = new Map(project.characters.map((c) => [c.id, c]));
  const blocked = shot.characters.filter((b) => characters.has(b.characterId));
  const placements = placeFigures(shot.shotType, blocked, width, height, bar);
  const figures: PlanFigure[] =
    shot.shotType === 'insert'
      ? []
      : blocked.map((b, i) => {
          const c = characters.get(b.characterId)!;
          const p = placements[i]!;
          const resolved = continuity.characters[c.id] ?? { look: c.look, wardrobe: c.wardrobe };
          const facing = p.role === 'shoulder' ? 'away' : b.facing;
          const cutout = c.cameoId && p.role === 'standing' && facing !== 'away' ? opts.cameo?.(c.cameoId, facing) : null;
          return {
            characterId: c.id,
            role: p.role,
            position: b.position,
            depth: b.depth,
            // An over-the-shoulder figure always has its back to us.
            facing,
            x: r4(p.x),
            footY: r4(p.footY),
            height: r4(p.height),
            parallax: p.parallax,
            blur: p.blur,
            look: figureLook(c, projectSeed, resolved.look, resolved.wardrobe),
            speaks: shot.dialogue.some((d) => d.characterId === c.id && d.text.trim() !== '' && d.offsetFrames < shot.durationFrames),
            ...(cutout ? { cutout } : {}),
          };
        });
  // Far figures first, so nearer ones overlap them; the shoulder of an over-the-shoulder shot is nearest of all.
  figures.sort((a, b) => a.parallax - b.parallax || a.footY - b.footY);

  return {
    version: PREVIZ_VERSION,
    size: { width, height },
    fps: project.settings.fps,
    durationFrames: shot.durationFrames,
    seed,
    // Only what changes pixels: a retitled or reordered shot keeps its take (the title card carries its own label).
    shot: { id: shot.id, shotType: shot.shotType, cameraMove: shot.cameraMove },
    style,
    timeOfDay: continuity.timeOfDay,
    location: locationTraits(location, projectSeed, image),
    letterbox: bar,
    view: {
      horizon: r4(view.horizon),
      zoom: view.zoom,
      setScale: r4(view.setScale),
      // Each shot looks at its own part of the place, so cutting between shots reads as coverage.
      offsetX: r4(new Rng(seed).range(-0.6, 0.6)),
      blur: view.blur,
      topDown: view.topDown,
    },
    figures,
    captions: captionsOf(project, shotIndex),
    titleCard: opts.titleCard
      ? { label: `Shot ${shotIndex + 1}`, title: shot.title.trim(), frames: Math.min(shot.durationFrames, project.settings.fps) }
      : null,
  };
}

/** Captions of the spoken lines, timed by `dialogueSpans`. */
function captionsOf(project: Project, shotIndex: number): PlanCaption[] {
  const shot = project.shots[shotIndex]!;
  const names = new Map(project.characters.map((c) => [c.id, c]));
  return dialogueSpans(shot).map(({ line: d, start, end }) => {
    const c = names.get(d.characterId);
    const speaker = c?.name ?? 'Unknown';
    return {
      start,
      end,
      speaker,
      color: toHex(parseHex(c?.color ?? '#ffffff')),
      text: `${speaker}: ${d.text.trim().replace(/\s+/g, ' ')}`,
    };
  });
}
