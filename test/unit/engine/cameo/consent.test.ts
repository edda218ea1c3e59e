import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../../../src/main/engine/export/ffmpegPaths';
import type { Project } from '../../../../src/shared/domain';
import { EngineHarness } from '../harness';
import { makeCaptureClip, WEBCAM_HEADTURN, withSpeech } from '../../../support/cameoClips';

const PHRASE = 'silver garden knocks twelve';

/** The mean colour of a take's middle frame inside a box (fractions of the frame). */
function meanColour(file: string, box: { x: number; y: number; w: number; h: number }): number[] {
  const [W, H] = [256, 144];
  const raw = execFileSync(
    resolveMediaTools().ffmpeg,
    ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      maxBuffer: W * H * 3 + 1024,
    },
  );
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.floor(box.y * H); y < (box.y + box.h) * H; y++)
    for (let x = Math.floor(box.x * W); x < (box.x + box.w) * W; x++) {
      for (let c = 0; c < 3; c++) sum[c]! += raw[(y * W + x) * 3 + c]!;
      n++;
    }
  return sum.map((s) => s / n);
}

describe('cameo consent: enforced in render, export and upload, every use logged', () => {
  const h = new EngineHarness(undefined, { sample: false });
  let owner: string;
  let friend: string;
  let cameoId: string;
  let project: Project;
  let shotId: string;
  const dir = mkdtempSync(join(tmpdir(), 'shotline-consent-'));

  const render = () => h.raw('render:shots', { projectId: project.id, preset: '720p' });
  const renderOk = async () => {
    const plan = await h.ok('render:shots', { projectId: project.id, preset: '720p' });
    for (const id of plan.shotJobIds) {
      const j = await h.engine.queue.waitFor(id);
      expect(j.error, JSON.stringify(j.error)).toBeNull();
    }
    return plan;
  };

  beforeAll(async () => {
    owner = (await h.ok('profiles:list', {})).activeId;
    const clip = await makeCaptureClip(dir, 'ana', { turn: true, speech: PHRASE });
    const { jobId } = await h.ok('cameos:importFile', { name: 'Ana', kind: 'person', challengePhrase: PHRASE, path: clip });
    const job = await h.engine.queue.waitFor(jobId);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    cameoId = job.result!.cameoId as string;
    const p = await h.ok('projects:create', { name: 'Consent' });
    const { characterId } = await h.ok('characters:add', { projectId: p.id, name: 'Ana' });
    await h.ok('characters:update', { projectId: p.id, characterId, patch: { cameoId } });
    ({ shotId } = await h.ok('shots:add', { projectId: p.id, patch: { shotType: 'medium', durationFrames: 48 } }));
    await h.ok('shots:update', {
      projectId: p.id,
      shotId,
      patch: { characters: [{ characterId, position: 'center', depth: 'midground', facing: 'camera', action: '' }] },
    });
    await h.ok('dialogue:add', { projectId: p.id, shotId, characterId, text: 'Hello there.' });
    project = await h.ok('projects:open', { projectId: p.id });
  }, 180_000);
  afterAll(() => h.dispose());

  it('the owner renders: the figure is the cameo cut-out with a mouth, and the use is logged', async () => {
    const plan = await renderOk();
    const job = h.engine.queue.get(plan.shotJobIds.find((id) => h.engine.queue.get(id)!.kind === 'shot.render')!)!;
    const payload = job.payload as { cameos: string[]; plan: { figures: { cutout?: { path: string; mouth: unknown } }[] } };
    expect(payload.cameos).toEqual([cameoId]);
    const cutout = payload.plan.figures[0]!.cutout!;
    expect(existsSync(cutout.path)).toBe(true);
    expect(cutout.mouth).not.toBeNull();
    // The middle of the frame shows the photo's orange suit, not a drawn figure in the character's colour.
    const take = join(h.dataDir, 'media', (job.result as { takePath: string }).takePath);
    const [r, g, b] = meanColour(take, { x: 0.45, y: 0.55, w: 0.1, h: 0.1 });
    expect(r! - b!, `rgb ${r} ${g} ${b}`).toBeGreaterThan(40);
    const d = await h.ok('cameos:get', { cameoId });
    expect(d.usage.map((u) => u.use)).toEqual(['render']);
    expect(d.usage[0]!.detail).toMatch(/Consent/);
    expect((await h.ok('notifications:list', {})).items.some((n) => n.kind === 'use')).toBe(true);
  }, 120_000);

  it('someone not allowed is refused with the cameo named, and a request goes to the owner', async () => {
    friend = (await h.ok('profiles:create', { name: 'Ben' })).activeId;
    expect(friend).not.toBe(owner);
    await h.ok('shots:update', { projectId: project.id, shotId, patch: { cameraMove: 'push-in' } });
    const r = await render();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('PERMISSION_DENIED');
    expect(r.error.message).toMatch(/cameo "Ana"/);
    expect(r.error.message).toMatch(/request was sent/);
    expect((await h.ok('cameos:list', {}))[0]!.useState).toBe('requested');
    await h.ok('profiles:switch', { profileId: owner });
    const notes = await h.ok('notifications:list', {});
    expect(notes.items.some((n) => n.kind === 'request' && /Ben asks to use your cameo "Ana"/.test(n.message))).toBe(true);
    // Only the owner decides.
    await h.ok('profiles:switch', { profileId: friend });
    expect((await h.err('cameos:decide', { cameoId, profileId: friend, approve: true })).code).toBe('PERMISSION_DENIED');
  });

  it('once approved, the friend renders and exports; each use is logged for the owner', async () => {
    await h.ok('profiles:switch', { profileId: owner });
    await h.ok('cameos:decide', { cameoId, profileId: friend, approve: true });
    await h.ok('profiles:switch', { profileId: friend });
    await renderOk();
    const plan = await h.ok('render:export', { projectId: project.id, preset: '720p', fileName: 'ben', creator: 'Ben' });
    const ex = await h.engine.queue.waitFor(plan.exportJobId!);
    expect(ex.error, JSON.stringify(ex.error)).toBeNull();
    expect(h.engine.consent.assertOutputUsable(plan.outputPath!, 'upload')).toEqual([cameoId]);
    await h.ok('profiles:switch', { profileId: owner });
    const d = await h.ok('cameos:get', { cameoId });
    expect(
      d.usage
        .filter((u) => u.profileName === 'Ben')
        .map((u) => u.use)
        .sort(),
    ).toEqual(['export', 'render']);
  }, 180_000);

  it('revoking the friend marks what they made: their takes and exports cannot be exported or uploaded again', async () => {
    const exportPath = join(h.dataDir, 'exports', 'ben.mp4');
    await h.ok('cameos:revokeGrant', { cameoId, profileId: friend });
    const doc = await h.ok('projects:open', { projectId: project.id });
    expect(doc.shots[0]!.takes.some((t) => t.status === 'revoked')).toBe(true);
    expect(() => h.engine.consent.assertOutputUsable(exportPath, 'upload')).toThrow(/before its owner revoked permission/);
    await h.ok('profiles:switch', { profileId: friend });
    const e = await h.err('render:export', { projectId: project.id, preset: '720p', fileName: 'again', creator: 'Ben' });
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.message).toMatch(/revoked Ben's permission/);
    await h.ok('profiles:switch', { profileId: owner });
  });

  it('a job queued before a revocation is refused when it runs', async () => {
    await h.ok('queue:setPaused', { paused: true });
    await h.ok('shots:update', { projectId: project.id, shotId, patch: { cameraMove: 'pan-left' } });
    const plan = await h.ok('render:shots', { projectId: project.id, preset: '720p' });
    await h.ok('cameos:revoke', { cameoId });
    await h.ok('queue:setPaused', { paused: false });
    const job = await h.engine.queue.waitFor(plan.shotJobIds.find((id) => h.engine.queue.get(id)!.kind === 'shot.render')!);
    expect(job.state).toBe('failed');
    expect(job.error!.code).toBe('CAMEO_NOT_ALLOWED');
    expect(job.error!.message).toMatch(/was revoked by its owner/);
  }, 60_000);

  it('a revoked cameo is refused for everyone, the owner included, in render, export and upload', async () => {
    const e1 = await render();
    expect(!e1.ok && e1.error.message).toMatch(/revoked by its owner .* Unbind it/);
    const e2 = await h.err('render:export', { projectId: project.id, preset: '720p', fileName: 'x', creator: 'A' });
    expect(e2.code).toBe('PERMISSION_DENIED');
    expect(() => h.engine.consent.authorize([cameoId], 'upload')).toThrow(/Cannot upload: Cameo "Ana" was revoked/);
    const d = await h.ok('cameos:get', { cameoId });
    expect(d.status).toBe('revoked');
    expect(d.revokedOutputs).toBeGreaterThan(0);
  });

  it('the likeness guard: the same face captured by another profile needs the first owner’s approval', async () => {
    await h.ok('profiles:switch', { profileId: friend });
    const clip = await makeCaptureClip(dir, 'ana2', { turn: true, speech: PHRASE });
    const { jobId } = await h.ok('cameos:importFile', { name: 'Not Ana', kind: 'person', challengePhrase: PHRASE, path: clip });
    const job = await h.engine.queue.waitFor(jobId);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    const id = job.result!.cameoId as string;
    const d = await h.ok('cameos:get', { cameoId: id });
    expect(d.guard.state).toBe('pending');
    expect(d.guard.matchedOwnerId).toBe(owner);
    expect(d.useState).toBe('guarded');
    expect(() => h.engine.consent.authorize([id], 'render')).toThrow(/must approve it/);
    await h.ok('profiles:switch', { profileId: owner });
    await h.ok('cameos:decideGuard', { cameoId: id, approve: true });
    await h.ok('profiles:switch', { profileId: friend });
    expect(h.engine.consent.authorize([id], 'render')).toBe(friend);
    // Another person's face is no lookalike: nothing to approve.
    const other = await withSpeech(dir, 'audun', WEBCAM_HEADTURN, PHRASE);
    const job2 = await h.engine.queue.waitFor(
      (await h.ok('cameos:importFile', { name: 'Audun', kind: 'person', challengePhrase: PHRASE, path: other })).jobId,
    );
    expect(job2.error, JSON.stringify(job2.error)).toBeNull();
    const d2 = await h.ok('cameos:get', { cameoId: job2.result!.cameoId as string });
    expect(d2.guard.state).toBe('clear');
    expect(d2.useState).toBe('owner');
  }, 180_000);
});
