import { describe, expect, it } from 'vitest';
import type { JobKind, JobState, JobView } from '../../../src/shared/jobs';
import { waitingFor } from '../../../src/renderer/src/features/queue/waitingFor';
import { jobView } from '../../support/jobView';

const job = (id: string, kind: JobKind, state: JobState, dependsOn: string[] = []): JobView => jobView(id, kind, state, { dependsOn });

describe('waitingFor', () => {
  it('names what is still unfinished, by kind', () => {
    const jobs = [
      job('s1', 'shot.render', 'running'),
      job('s2', 'shot.render', 'queued'),
      job('s3', 'shot.render', 'succeeded'),
      job('t1', 'dialogue.tts', 'queued'),
      job('x', 'export.mp4', 'queued', ['s1', 's2', 's3', 't1']),
    ];
    expect(waitingFor(jobs[4]!, jobs)).toBe('Waits for 2 shots and 1 line to be spoken');
    expect(waitingFor(job('s', 'shot.render', 'queued', ['t1']), jobs)).toBe('Waits for 1 line to be spoken');
  });

  it('waits for a free lane once everything it needs is done (or gone from the list)', () => {
    const jobs = [job('s3', 'shot.render', 'succeeded')];
    expect(waitingFor(job('x', 'export.mp4', 'queued', ['s3', 'pruned']), jobs)).toBe('Waiting for a free lane');
  });
});
