import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blazeFaceConfig, detectFaces } from '../../../../src/main/engine/pipelines/faces/blazeFace';
import { detectSpeech, vadConfig } from '../../../../src/main/engine/pipelines/vad/sileroVad';
import type { JobFailure } from '../../../../src/main/engine/queue/jobErrors';
import { fixtureImage, makeRuntime, speechRecording } from './fixtures';

describe('model runtime on onnxruntime-node in the inference worker', () => {
  const rt = makeRuntime();
  beforeAll(async () => {
    await rt.registry.scan();
  }, 60_000);
  afterAll(() => rt.dispose());

  it('lists the built-in models as verified', () => {
    const ok = rt.runtime.models().filter((m) => m.origin === 'built-in');
    expect(ok.map((m) => [m.id, m.status])).toEqual([
      ['blazeface-full-range', 'ok'],
      ['blazeface-short-range', 'ok'],
      ['silero-vad', 'ok'],
    ]);
    for (const m of ok) expect(m.licence).toMatch(/MIT|Apache-2.0/);
  });

  it('Silero VAD finds the speech segments of a recording', async () => {
    const rec = await speechRecording(
      [
        { text: 'The rain has not stopped since Tuesday.', at: 1.0 },
        { text: 'Then we shoot the rooftop scene tonight.', at: 6.5 },
      ],
      12,
    );
    const model = rt.registry.require('silero-vad');
    const session = await rt.runtime.session('silero-vad');
    expect(session.provider).toBe('cpu');
    const r = await detectSpeech(rec.samples, session, vadConfig(model.manifest.config));
    expect(r.segments).toHaveLength(2);
    r.segments.forEach((s, i) => {
      expect(Math.abs(s.start - rec.truth[i]!.start)).toBeLessThan(0.3);
      expect(Math.abs(s.end - rec.truth[i]!.end)).toBeLessThan(0.4);
    });
    // The quiet noise between phrases is not speech.
    const between = r.probabilities[Math.floor(5 / r.windowSeconds)]!;
    expect(between).toBeLessThan(0.2);
    expect(rt.runtime.models().find((m) => m.id === 'silero-vad')).toMatchObject({ loaded: true, provider: 'cpu' });
  }, 60_000);

  it('BlazeFace finds the face in a portrait and none in landscapes', async () => {
    for (const id of ['blazeface-short-range', 'blazeface-full-range']) {
      const cfg = blazeFaceConfig(rt.registry.require(id).manifest.config);
      const session = await rt.runtime.session(id);
      const portrait = await detectFaces(fixtureImage('portrait-astronaut.jpg'), session, cfg);
      expect(portrait.faces, id).toHaveLength(1);
      const f = portrait.faces[0]!;
      expect(f.score).toBeGreaterThan(0.7);
      // The astronaut's face is in the upper middle of the 320×320 portrait.
      expect(f.box.x + f.box.width / 2).toBeGreaterThan(120);
      expect(f.box.x + f.box.width / 2).toBeLessThan(230);
      expect(f.box.y + f.box.height / 2).toBeGreaterThan(30);
      expect(f.box.y + f.box.height / 2).toBeLessThan(150);
      expect(f.box.width).toBeGreaterThan(40);
      // Eyes above the mouth.
      expect(f.keypoints[0]!.y).toBeLessThan(f.keypoints[3]!.y);
      for (const name of ['landscape-rocket.jpg', 'landscape-grass.jpg']) {
        const land = await detectFaces(fixtureImage(name), session, cfg);
        expect(land.faces, `${id} on ${name}`).toEqual([]);
      }
    }
  }, 60_000);

  it('a worker killed mid-inference fails that call as retryable, and the next call runs on a new worker', async () => {
    const session = await rt.runtime.session('blazeface-full-range');
    const cfg = blazeFaceConfig(rt.registry.require('blazeface-full-range').manifest.config);
    const pid = rt.host.pid!;
    const restarts = rt.host.restarts;
    const pending = detectFaces(fixtureImage('portrait-astronaut.jpg'), session, cfg);
    process.kill(pid, 'SIGKILL');
    const err = (await pending.then(
      () => null,
      (e: unknown) => e,
    )) as JobFailure | null;
    // The kill can land after the reply on a fast machine; when it lands first, the failure says so.
    if (err) {
      expect(err.code).toBe('WORKER_CRASHED');
      expect(err.retryable).toBe(true);
      expect(err.message).toMatch(/killed \(SIGKILL\)/);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(rt.host.restarts).toBe(restarts + 1);
    const again = await rt.runtime.session('blazeface-full-range');
    const r = await detectFaces(fixtureImage('portrait-astronaut.jpg'), again, cfg);
    expect(r.faces).toHaveLength(1);
    expect(rt.host.pid).not.toBe(pid);
  }, 60_000);
});

describe('model registry: nothing broken is ever loaded', () => {
  const rt = makeRuntime();
  afterAll(() => rt.dispose());

  it('reports tampered, truncated, missing and badly described models, and refuses to load them', async () => {
    rt.copyAsPack('blazeface-short-range', 'tampered', (folder) => {
      const f = join(folder, 'face_detection_front_128x128_barracuda.onnx');
      const b = readFileSync(f);
      b[b.length >> 1] = b[b.length >> 1]! ^ 0xff;
      writeFileSync(f, b);
    });
    rt.copyAsPack('blazeface-short-range', 'truncated', (folder) =>
      truncateSync(join(folder, 'face_detection_front_128x128_barracuda.onnx'), 1000),
    );
    rt.copyAsPack('blazeface-short-range', 'missing-file', (folder) => rmSync(join(folder, 'face_detection_front_128x128_barracuda.onnx')));
    rt.copyAsPack('blazeface-short-range', 'no-fields', (_f, m) => {
      delete m.task;
      delete m.files;
    });
    await rt.registry.scan();
    const by = Object.fromEntries(rt.runtime.models().map((m) => [m.id, m]));
    expect(by.tampered).toMatchObject({ status: 'broken', problem: expect.stringMatching(/sha256/) });
    expect(by.truncated).toMatchObject({ status: 'broken', problem: expect.stringMatching(/1000 bytes.*truncated/) });
    expect(by['missing-file']).toMatchObject({ status: 'missing', problem: expect.stringMatching(/is missing/) });
    expect(by['no-fields']).toMatchObject({ status: 'invalid', problem: expect.stringMatching(/task.*files|files.*task/) });
    await expect(rt.runtime.session('tampered')).rejects.toThrow(/cannot be used.*sha256/);
    await expect(rt.runtime.session('nope')).rejects.toThrow(/No model "nope"/);
    expect(rt.host.running).toBe(false);
  });

  it('refuses a pack whose tensors do not match its declared contract', async () => {
    rt.copyAsPack('blazeface-short-range', 'liar', (_f, m) => {
      const file = (m.files as { inputs: { shape: number[] }[] }[])[0]!;
      file.inputs[0]!.shape = [1, 3, 128, 128];
    });
    await rt.registry.scan();
    await expect(rt.runtime.session('liar')).rejects.toThrow(/does not match its manifest: input "input:0" has shape \[1, 128, 128, 3\]/);
  }, 30_000);
});

describe('session pool', () => {
  const rt = makeRuntime({ budgetMB: 60 });
  afterAll(() => rt.dispose());

  it('releases the least recently used session to stay within the memory budget, and everything on release', async () => {
    await rt.registry.scan();
    await rt.runtime.session('silero-vad'); // 40 MB
    await rt.runtime.session('blazeface-short-range'); // 30 MB: over 60, so silero goes
    const loaded = () =>
      rt.runtime
        .models()
        .filter((m) => m.loaded)
        .map((m) => m.id);
    expect(loaded()).toEqual(['blazeface-short-range']);
    await rt.runtime.releaseAll();
    expect(loaded()).toEqual([]);
  }, 30_000);
});
