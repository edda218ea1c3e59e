import type { TransitionKind } from '../../../shared/domain';

/** One shot as the cut sees it. */
export interface CutShot {
  title: string;
  durationFrames: number;
  transition: { kind: TransitionKind; durationFrames: number };
}

export interface CutClip extends CutShot {
  index: number;
  /** First frame of the shot in the finished video. */
  startFrame: number;
  /** Frames it overlaps the previous shot (dissolve, wipe); 0 for cuts and fades through black. */
  overlapFrames: number;
  /** Frames at its start that fade in from black. */
  fadeInFrames: number;
  /** Frames at its end that fade out to black (the next shot dips to black). */
  fadeOutFrames: number;
}

export interface Cut {
  clips: CutClip[];
  totalFrames: number;
}

/**
 * Lays the shots on the export's timeline. A shot's transition is how it comes in: a dissolve or a
 * wipe overlaps the previous shot (the video gets shorter by the overlap), a fade comes up from
 * black, a dip to black fades the previous shot out and this one in over half the length each.
 * The first shot has nothing to overlap, so its dissolve or wipe becomes a fade from black.
 */
export function layoutCut(shots: readonly CutShot[]): Cut {
  const clips: CutClip[] = [];
  let cursor = 0;
  shots.forEach((s, index) => {
    const d = Math.max(0, Math.round(s.transition.durationFrames));
    const prev = clips[index - 1];
    let overlapFrames = 0;
    let fadeInFrames = 0;
    const kind = s.transition.kind;
    if (kind === 'dissolve' || kind === 'wipe') {
      if (prev) overlapFrames = Math.min(d, prev.durationFrames - prev.fadeInFrames, s.durationFrames);
      else fadeInFrames = Math.min(d, s.durationFrames);
    } else if (kind === 'fade') {
      fadeInFrames = Math.min(d, s.durationFrames);
    } else if (kind === 'dip-to-black') {
      const half = Math.floor(d / 2);
      fadeInFrames = Math.min(d - half, s.durationFrames);
      if (prev) prev.fadeOutFrames = Math.min(half, prev.durationFrames - prev.fadeInFrames);
      else fadeInFrames = Math.min(d, s.durationFrames);
    }
    const startFrame = prev ? cursor - overlapFrames : 0;
    clips.push({ ...s, index, startFrame, overlapFrames, fadeInFrames, fadeOutFrames: 0 });
    cursor = startFrame + s.durationFrames;
  });
  return { clips, totalFrames: cursor };
}
