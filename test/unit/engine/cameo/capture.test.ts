import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Liveness } from '../../../../src/shared/cameos';
import { EngineHarness } from '../harness';
import { makeCaptureClip, makeLongClip, WEBCAM_HEADTURN, withSpeech } from '../../../support/cameoClips';

const PHRASE = 'purple river dances seven';

/** The anti-spoofing and liveness models' scores: reported with every person's result, each in 0…1. */
function expectScores(l: Liveness): void {
  for (const v of [l.antispoof!.real, l.antispoof!.live]) {
    expect(typeof v).toBe('number');
    expect(v!).toBeGreaterThanOrEqual(0);
    expect(v!).toBeLessThanOrEqual(1);
  }
}

async function waitJob(h: EngineHarness, jobId: string) {
  for (;;) {
    const j = h.engine.queue.snapshot().jobs.find((x) => x.id === jobId);
    if (j && (j.state === 'succeeded' || j.state === 'failed' || j.state === 'canceled')) return j;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('cameo capture: liveness, likeness and voice (real BlazeFace, human face mesh, flite, Silero VAD)', () => {
  let h: EngineHarness;
  let dir: string;
  beforeAll(() => {
    h = new EngineHarness(undefined, { sample: false });
    dir = mkdtempSync(join(tmpdir(), 'shotline-clips-'));
  });
  afterAll(async () => h.engine.shutdown());

  const capture = async (path: string, kind: 'person' | 'animal' | 'object' = 'person', phrase: string | null = PHRASE) => {
    const { jobId } = await h.ok('cameos:importFile', { name: 'Franck', kind, challengePhrase: phrase, path });
    return waitJob(h, jobId);
  };
  const libraryFiles = () => (existsSync(join(h.dataDir, 'media', 'cameos')) ? readdirSync(join(h.dataDir, 'media', 'cameos')) : []);

  it('passes a person who reads the phrase and turns the head; stores frames, cut-outs, embedding and voice', async () => {
    const clip = await makeCaptureClip(dir, 'good', { turn: true, speech: PHRASE });
    const before = readFileSync(clip);
    const job = await capture(clip);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    expect(readFileSync(clip).equals(before)).toBe(true);
    const cameoId = job.result!.cameoId as string;
    const d = await h.ok('cameos:get', { cameoId });
    expect(d.status).toBe('verified');
    expect(d.liveness.passed).toBe(true);
    expect(d.liveness.singleFace!.fraction).toBeGreaterThanOrEqual(0.9);
    expect(d.liveness.headTurn!.minYaw).toBeLessThanOrEqual(-12);
    expect(d.liveness.headTurn!.maxYaw).toBeGreaterThanOrEqual(12);
    expect(d.liveness.phrase!.score).toBeGreaterThanOrEqual(d.liveness.phrase!.threshold);
    expect(d.frames.length).toBeGreaterThanOrEqual(2);
    for (const f of d.frames)
      for (const p of [f.image, f.crop, f.cutout, f.matte]) expect(existsSync(join(h.dataDir, 'media', p)), p).toBe(true);
    expect(d.frames[0]!.mouth).not.toBeNull();
    expect(d.voice!.medianHz).toBeGreaterThan(60);
    expect(d.voice!.formants).not.toBeNull();
    expect(d.voiceSamples.length).toBeGreaterThan(0);
    expect(h.engine.consent.row(cameoId)!.embedding!.length).toBe(1024);
    // A re-capture replaces the likeness of the same cameo and removes the old files.
    const oldDir = h.engine.consent.row(cameoId)!.likeness.dir;
    const again = await h.ok('cameos:importFile', {
      name: 'Franck',
      kind: 'person',
      challengePhrase: PHRASE,
      path: clip,
      recaptureOf: cameoId,
    });
    expect((await waitJob(h, again.jobId)).state).toBe('succeeded');
    const newDir = h.engine.consent.row(cameoId)!.likeness.dir;
    expect(newDir).not.toBe(oldDir);
    expect(libraryFiles()).toEqual([newDir.split('/')[1]]);
    expect(await h.ok('cameos:list', {})).toHaveLength(1);
    // Deleting removes every derived file.
    await h.ok('cameos:delete', { cameoId });
    expect(libraryFiles()).toEqual([]);
  }, 180_000);

  it('passes a real webcam recording of a head turn with the phrase spoken over it', async () => {
    const clip = await withSpeech(dir, 'webcam', WEBCAM_HEADTURN, PHRASE);
    const job = await capture(clip);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const d = await h.ok('cameos:get', { cameoId: job.result!.cameoId as string });
    expect(d.liveness.singleFace!.fraction).toBeGreaterThanOrEqual(0.9);
    expect(d.liveness.headTurn!.minYaw).toBeLessThanOrEqual(-12);
    expect(d.liveness.headTurn!.maxYaw).toBeGreaterThanOrEqual(12);
    expect(d.liveness.phrase!.passed).toBe(true);
    // Reported only (not decisive): what the anti-spoofing and liveness models say, as scores in 0…1.
    expectScores(d.liveness);
    console.info(`antispoof on a real webcam head turn: real ${d.liveness.antispoof!.real}, live ${d.liveness.antispoof!.live}`);
    await h.ok('cameos:delete', { cameoId: d.id });
  }, 120_000);

  const failing = async (name: string, clip: string, phrase = PHRASE) => {
    const job = await capture(clip, 'person', phrase);
    expect(job.state, name).toBe('failed');
    expect(job.error!.code).toBe('LIVENESS_FAILED');
    expect(libraryFiles(), 'nothing partial is left in the library').toEqual([]);
    expect(await h.ok('cameos:list', {})).toEqual([]);
    return { message: job.error!.message, liveness: JSON.parse(job.error!.details!) as Liveness };
  };

  it('fails a clip with no face', async () => {
    const r = await failing('no face', await makeCaptureClip(dir, 'noface', { image: 'landscape-grass.jpg', turn: false, speech: PHRASE }));
    expect(r.liveness.singleFace!.noFace).toBe(1);
    expect(r.message).toMatch(/No face was found/);
  }, 120_000);

  it('fails a clip with two faces', async () => {
    const r = await failing('two faces', await makeCaptureClip(dir, 'two', { twoFaces: true, speech: PHRASE }));
    expect(r.liveness.singleFace!.manyFaces).toBeGreaterThan(0.1);
    expect(r.message).toMatch(/More than one face/);
  }, 120_000);

  it('fails a face that never turns (a photo held still)', async () => {
    const r = await failing('no turn', await makeCaptureClip(dir, 'still', { turn: false, speech: PHRASE }));
    expect(r.liveness.headTurn!.passed).toBe(false);
    expect(r.liveness.phrase!.passed).toBe(true);
    expect(r.message).toMatch(/did not turn both ways/);
    // What the anti-spoofing and liveness models said is reported with the result.
    expectScores(r.liveness);
  }, 120_000);

  it('fails a printed photo held up and swung like a head turn: the flat face narrows but never turns', async () => {
    const clip = await makeCaptureClip(dir, 'photo', { handheldSwing: 35, speech: PHRASE });
    const r = await failing('photo held up', clip);
    expect(r.liveness.singleFace!.passed, JSON.stringify(r.liveness)).toBe(true);
    expect(r.liveness.headTurn!.passed).toBe(false);
    expect(Math.max(-r.liveness.headTurn!.minYaw, r.liveness.headTurn!.maxYaw)).toBeLessThan(r.liveness.headTurn!.threshold);
    expect(r.message).toMatch(/did not turn both ways/);
    expectScores(r.liveness);
    console.info(`antispoof on a photo held up: real ${r.liveness.antispoof!.real}, live ${r.liveness.antispoof!.live}`);
  }, 120_000);

  it('fails when the phrase is not spoken', async () => {
    const r = await failing('wrong phrase', await makeCaptureClip(dir, 'other', { turn: true, speech: 'golden castle sleeps forty' }));
    expect(r.liveness.headTurn!.passed).toBe(true);
    expect(r.liveness.phrase!.passed).toBe(false);
    expect(r.message).toMatch(/was not recognised/);
  }, 120_000);

  it('refuses a 2-hour file and a corrupt file at once, leaving them as they were', async () => {
    const long = makeLongClip(dir, 7200);
    const e1 = await h.err('cameos:importFile', { name: 'Long', kind: 'person', challengePhrase: PHRASE, path: long });
    expect(e1.code).toBe('INVALID_INPUT');
    expect(e1.message).toMatch(/2 h 0 min long; a capture must be at most 60 s/);
    const bad = join(dir, 'corrupt.mp4');
    const good = readFileSync(await makeCaptureClip(dir, 'tocorrupt', { turn: false, speech: null, seconds: 2 }));
    writeFileSync(bad, Buffer.concat([Buffer.from('garbage!'), good.subarray(good.length / 2)]));
    const e2 = await h.err('cameos:importFile', { name: 'Bad', kind: 'person', challengePhrase: PHRASE, path: bad });
    expect(e2.code).toBe('INVALID_FILE');
    expect(h.engine.queue.snapshot().jobs.filter((j) => j.label.includes('"Long"') || j.label.includes('"Bad"'))).toEqual([]);
  }, 120_000);

  it('an object skips the face and phrase checks', async () => {
    const job = await capture(
      await makeCaptureClip(dir, 'rocket', { image: 'landscape-rocket.jpg', speech: null, seconds: 2 }),
      'object',
      null,
    );
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const d = await h.ok('cameos:get', { cameoId: job.result!.cameoId as string });
    expect(d.status).toBe('not-verified');
    expect(d.liveness.singleFace).toBeNull();
    expect(d.liveness.phrase).toBeNull();
    expect(d.frames).toHaveLength(1);
    await h.ok('cameos:delete', { cameoId: d.id });
  }, 120_000);
});
