import type { JobKind } from '../../../shared/jobs';

/**
 * How much work a job is, in "frames drawn and encoded into a take", so that progress over many jobs
 * (the CLI's one bar) moves with time rather than with the number of jobs: a line to speak is far
 * less than a shot, and the export, which decodes and encodes every frame once more, is a large part
 * of the whole. Timed in `shotline render` of the sample at 720p on two cores: the export took about
 * 0.4 of the time of rendering its shots (2.5 s against 6.5 s), a line to speak about as long as
 * half a second of a take.
 */
const EXPORT_PER_FRAME = 0.4;
const SPEECH = 12;

export function workWeight(kind: JobKind, payload: unknown): number {
  const p = (payload ?? {}) as { plan?: { durationFrames?: number }; shots?: { durationFrames?: number }[] };
  switch (kind) {
    case 'shot.render':
      return Math.max(1, p.plan?.durationFrames ?? 1);
    case 'export.mp4':
      return Math.max(1, EXPORT_PER_FRAME * (p.shots ?? []).reduce((s, x) => s + (x.durationFrames ?? 0), 0));
    case 'dialogue.tts':
      return SPEECH;
    default:
      // Pack generation and the rest: unknown ahead (a GPU pack can take minutes); their own bar and ETA tell.
      return SPEECH;
  }
}
