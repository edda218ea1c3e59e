import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../harness';
import { speechRecording, wavBytes } from './fixtures';

describe('analysis jobs through the queue and the inference worker', () => {
  const h = new EngineHarness(undefined, { sample: false });
  afterAll(() => h.dispose());

  it('finds speech in a recording; a worker killed mid-inference is replaced and the job retried to success', async () => {
    const lines = [
      'The light over the harbour is changing fast',
      'We need one more take before the rain comes',
      'Keep the camera low and follow her to the door',
      'Nobody told me the boat was leaving tonight',
      'Hold that look for two more seconds',
      'Then cut to the wide shot of the bridge',
      'Somebody find the red umbrella please',
      'That is a wrap for the rooftop scene',
    ];
    const phrases = lines.map((text, k) => ({ text, at: 1 + k * 7 }));
    const rec = await speechRecording(phrases, 58);
    const file = join(h.dataDir, 'media', 'dialogue.wav');
    writeFileSync(file, wavBytes(rec.samples, rec.rate));

    const { jobId } = await h.ok('models:analyze', { task: 'speech', path: file });
    const started = Date.now();
    while ((h.engine.queue.get(jobId)?.progress?.percent ?? 0) < 30) {
      if (Date.now() - started > 30_000) throw new Error('the analysis never got going');
      await new Promise((r) => setTimeout(r, 5));
    }
    const pid = h.engine.inference.pid!;
    process.kill(pid, 'SIGKILL');
    const job = await h.engine.queue.waitFor(jobId);
    expect(job.state).toBe('succeeded');
    expect(job.attempts).toBe(2);
    expect(h.engine.inference.restarts).toBe(1);
    expect(h.engine.inference.pid).not.toBe(pid);
    const segments = job.result!.segments as { start: number; end: number }[];
    // A pause inside a phrase may split it; no segment may lie outside the spoken phrases.
    for (const s of segments) expect(rec.truth.some((t) => s.start >= t.start - 0.3 && s.end <= t.end + 0.4)).toBe(true);
    const utterances = segments.reduce<{ start: number; end: number }[]>((acc, s) => {
      const last = acc[acc.length - 1];
      if (last && s.start - last.end < 0.8) last.end = s.end;
      else acc.push({ ...s });
      return acc;
    }, []);
    expect(utterances).toHaveLength(rec.truth.length);
    utterances.forEach((u, i) => {
      expect(Math.abs(u.start - rec.truth[i]!.start)).toBeLessThan(0.3);
      expect(Math.abs(u.end - rec.truth[i]!.end)).toBeLessThan(0.4);
    });
    expect(job.result!.provider).toBe('cpu');

    // The app goes on: the next analysis runs on the new worker.
    const faces = await h.engine.queue.waitFor(
      (await h.ok('models:analyze', { task: 'faces', path: join(__dirname, '../../../fixtures/images/portrait-astronaut.jpg') })).jobId,
    );
    expect(faces.state).toBe('succeeded');
    expect(faces.result!.faces).toHaveLength(1);

    // Holding the queue gives the models' memory back.
    expect((await h.ok('models:list', {})).some((m) => m.loaded)).toBe(true);
    await h.ok('queue:setPaused', { paused: true });
    expect((await h.ok('models:list', {})).some((m) => m.loaded)).toBe(false);
    await h.ok('queue:setPaused', { paused: false });
  }, 120_000);

  it('a file that is not an image ends in a clear error on the job, not a retry loop', async () => {
    const bad = join(h.dataDir, 'media', 'not-an-image.jpg');
    writeFileSync(bad, 'plain text, not a JPEG');
    const job = await h.engine.queue.waitFor((await h.ok('models:analyze', { task: 'faces', path: bad })).jobId);
    expect(job.state).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error!.message).toMatch(/not-an-image\.jpg is not an image/);
  }, 30_000);

  it('lists models with status and provider, and keeps the provider override', async () => {
    const list = await h.ok('models:list', {});
    expect(list.filter((m) => m.status === 'ok').map((m) => m.id)).toEqual(['blazeface-full-range', 'blazeface-short-range', 'silero-vad']);
    const rt = await h.ok('models:setProvider', { choice: 'cpu' });
    expect(rt.choice).toBe('cpu');
    expect(rt.order).toEqual(['cpu']);
    const auto = await h.ok('models:setProvider', { choice: 'auto' });
    expect(auto.order.at(-1)).toBe('cpu');
    expect(auto.worker.running).toBe(true);
    const denied = await h.err('models:importPack', { path: '/tmp', acceptLicence: true }, { origin: null, transport: 'server' });
    expect(denied.code).toBe('PERMISSION_DENIED');
  }, 30_000);
});
