import type { JobKind } from '../../../shared/jobs';

/**
 * A first guess of how much work a job is, in "frames drawn and encoded into a take", so that progress over many jobs
 * (the CLI's one bar) moves with time rather than with the number of jobs: a line to speak is far
 * less than a shot, and the export, which decodes and encodes every frame once more, is a large part
 * of the whole. Timed in `shotline render` of the sample at 720p on two cores: the export took about
 * 0.4 of the time of rendering its shots (2.5 s against 6.5 s), a line to speak about as long as
 * half a second of a take. The queue corrects the guess by how long finished jobs of the same
 * `workKey` took (queue/workCalibration.ts).
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

/** The key of the work `workWeight` counts in: a previz frame drawn and encoded. */
export const WORK_ANCHOR = 'shot.render:previz';

/** Jobs that run at one rate per unit of `workWeight`: one kind, and for a pack its model. */
export function workKey(kind: JobKind, payload: unknown): string {
  const p = (payload ?? {}) as { modelId?: unknown; source?: { kind?: unknown } | null };
  switch (kind) {
    case 'shot.generate':
      return `${kind}:${typeof p.modelId === 'string' ? p.modelId : '?'}`;
    case 'shot.render':
      // A pack's clip is fitted to the shot in one transcode; previz draws every frame.
      return `${kind}:${p.source?.kind === 'video' ? 'clip' : 'previz'}`;
    default:
      return kind;
  }
}
