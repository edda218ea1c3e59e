import type { TimedPhone } from '../speech/fliteTts';
import { rawVisemeTrack, smoothVisemes, type Viseme } from './visemes';

export interface SpokenLine {
  characterId: string;
  /** Frames from the start of the shot. */
  startFrame: number;
  /** Phone timings of the line's speech (seconds from its own start); null when unknown. */
  phones: readonly TimedPhone[] | null;
  /** Frames cut from the start and end of the line's audio: the mouth rests there. */
  trimStartFrames?: number;
  trimEndFrames?: number;
}

/**
 * One mouth track per speaking character over the whole shot: each line's phones mapped to
 * visemes at its offset (rest elsewhere), then smoothed. Letters, one per frame.
 */
export function mouthTracks(lines: readonly SpokenLine[], fps: number, durationFrames: number): Record<string, string> {
  const tracks = new Map<string, Viseme[]>();
  for (const l of lines) {
    if (!l.phones?.length) continue;
    const track = tracks.get(l.characterId) ?? new Array<Viseme>(durationFrames).fill('X');
    const raw = rawVisemeTrack(l.phones, fps, durationFrames, l.startFrame / fps);
    const from = l.startFrame + (l.trimStartFrames ?? 0);
    const to = l.startFrame + Math.ceil(l.phones.at(-1)!.end * fps) - (l.trimEndFrames ?? 0);
    for (let f = Math.max(0, from); f < Math.min(durationFrames, to); f++) if (raw[f] !== 'X') track[f] = raw[f]!;
    tracks.set(l.characterId, track);
  }
  return Object.fromEntries([...tracks].map(([id, t]) => [id, smoothVisemes(t).join('')]));
}
