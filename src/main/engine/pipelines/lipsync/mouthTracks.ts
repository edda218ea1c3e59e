import type { TimedPhone } from '../speech/fliteTts';
import { rawVisemeTrack, smoothVisemes, type Viseme } from './visemes';

export interface SpokenLine {
  characterId: string;
  /** Frames from the start of the shot. */
  startFrame: number;
  /** Phone timings of the line's speech (seconds from its own start); null when unknown. */
  phones: readonly TimedPhone[] | null;
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
    for (let f = 0; f < durationFrames; f++) if (raw[f] !== 'X') track[f] = raw[f]!;
    tracks.set(l.characterId, track);
  }
  return Object.fromEntries([...tracks].map(([id, t]) => [id, smoothVisemes(t).join('')]));
}
