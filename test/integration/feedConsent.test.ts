import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedConfig } from '../../src/feed-server/config';
import { startFeedServer, type FeedServer } from '../../src/feed-server/server';
import { resolveMediaTools } from '../../src/main/engine/export/ffmpegPaths';
import { makeCaptureClip } from '../support/cameoClips';
import { EngineHarness } from '../unit/engine/harness';
import { feedApi } from '../support/feedApi';

/**
 * Cameo consent across two studios on one machine, each with its own library, through the real
 * feed service on loopback: the owner publishes and shares a cameo; the other studio imports it,
 * asks on the feed, receives a signed expiring grant, renders, exports and uploads with it; the
 * owner revokes, and the other studio is refused at its next sync.
 */
describe('cameo consent across studios (two libraries, one real feed)', () => {
  let feed: FeedServer;
  let feedDir: string;
  const aliceStudio = new EngineHarness(undefined, { sample: false, feedSyncMs: 0 });
  const bobStudio = new EngineHarness(undefined, { sample: false, feedSyncMs: 0 });
  let alice: { token: string };
  let bob: { token: string };
  let aliceCameo: string;
  let bobCameo: string;
  let bobProject: string;
  let sharedFile: string;
  let bobCharacter: string;
  let bobPost: string;
  let bobExport: string;
  const dir = mkdtempSync(join(tmpdir(), 'shotline-share-'));

  const api = feedApi;
  const bobRender = () => bobStudio.raw('render:shots', { projectId: bobProject, preset: '720p' });

  beforeAll(async () => {
    feedDir = mkdtempSync(join(tmpdir(), 'shotline-share-feed-'));
    feed = await startFeedServer(feedConfig({}, { dataDir: feedDir, port: 0 }), resolveMediaTools());
    alice = (await api(feed.url, null, 'POST', '/api/accounts', { name: 'alice' })).json as { token: string };
    bob = (await api(feed.url, null, 'POST', '/api/accounts', { name: 'bob' })).json as { token: string };
    await aliceStudio.ok('feed:signIn', { url: feed.url, token: alice.token });
    await bobStudio.ok('feed:signIn', { url: feed.url, token: bob.token });
    const phrase = 'golden window sings forty';
    const clip = await makeCaptureClip(dir, 'alice', { turn: true, speech: phrase });
    const cap = await aliceStudio.engine.queue.waitFor(
      (await aliceStudio.ok('cameos:importFile', { name: 'Alice', kind: 'person', challengePhrase: phrase, path: clip })).jobId,
    );
    expect(cap.error, JSON.stringify(cap.error)).toBeNull();
    aliceCameo = cap.result!.cameoId as string;
    // Bob's project: a character that will be bound to the shared cameo.
    const p = await bobStudio.ok('projects:create', { name: 'Bob meets Alice' });
    bobProject = p.id;
    const { characterId } = await bobStudio.ok('characters:add', { projectId: p.id, name: 'Alice' });
    const { shotId } = await bobStudio.ok('shots:add', { projectId: p.id, patch: { durationFrames: 24, prompt: 'alice on a bench' } });
    await bobStudio.ok('shots:update', {
      projectId: p.id,
      shotId,
      patch: { characters: [{ characterId, position: 'center', depth: 'midground', facing: 'camera', action: '' }] },
    });
    bobCharacter = characterId;
  }, 180_000);
  afterAll(async () => {
    aliceStudio.dispose();
    bobStudio.dispose();
    await feed.close();
  });

  it('sharing needs a published cameo, and the shared file holds no capture or voice samples', async () => {
    const e = await aliceStudio.err('cameos:exportShared', { cameoId: aliceCameo });
    expect(e.message).toMatch(/Publish cameo "Alice"'s permissions to your feed first/);
    await aliceStudio.ok('cameos:publish', { cameoId: aliceCameo });
    await aliceStudio.ok('cameos:setPolicy', { cameoId: aliceCameo, policy: 'approved' });
    const feedCameo = (await aliceStudio.ok('cameos:get', { cameoId: aliceCameo })).feed!.cameoId;
    await expect.poll(async () => (await api(feed.url, bob.token, 'GET', `/api/cameos/${feedCameo}`)).json.policy).toBe('approved');
    sharedFile = (await aliceStudio.ok('cameos:exportShared', { cameoId: aliceCameo })).path;
    const text = readFileSync(sharedFile, 'utf8');
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(['feed', 'format', 'frames', 'kind', 'liveness', 'name', 'owner', 'version', 'voice']);
    expect(text).not.toMatch(/capture\.|voice-\d|\.wav/);
  });

  it('a broken shared file is refused by name and the library stays as it was', async () => {
    const bad = join(dir, 'broken.shotcameo');
    writeFileSync(bad, '{"format":"shotline-cameo","version":1,"name":"X"}');
    const e = await bobStudio.err('cameos:importShared', { path: bad });
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(/broken\.shotcameo is not a shared Shotline cameo \(kind: /);
    expect(await bobStudio.ok('cameos:list', {})).toEqual([]);
  });

  it('the other studio imports it; without the owner’s grant from the feed it cannot render', async () => {
    const d = await bobStudio.ok('cameos:importShared', { path: sharedFile });
    bobCameo = d.id;
    expect(d.ownerName).toBe('alice (' + new URL(feed.url).host + ')');
    expect(d.shared).toEqual({ feedUrl: feed.url, owner: 'alice', grant: { state: 'none', expiresAt: null } });
    expect(d.useState).toBe('not-allowed');
    // The stand-in for alice is no profile anyone can switch to.
    expect((await bobStudio.ok('profiles:list', {})).profiles.map((p) => p.name)).not.toContain(d.ownerName);
    // Nor can anyone switch to it: as alice's stand-in they would own her cameo here.
    expect((await bobStudio.err('profiles:switch', { profileId: d.ownerId })).code).toBe('NOT_FOUND');
    await bobStudio.ok('characters:update', { projectId: bobProject, characterId: bobCharacter, patch: { cameoId: bobCameo } });
    const r = await bobRender();
    expect(!r.ok && r.error.message).toMatch(/Cameo "Alice" belongs to alice .* Request on feed/);
    // Importing it twice is refused.
    expect((await bobStudio.err('cameos:importShared', { path: sharedFile })).message).toMatch(/already in this library/);
  });

  it('bob asks on the feed, alice grants there, bob renders, exports and uploads with the signed grant', async () => {
    const asked = await bobStudio.ok('cameos:requestOnFeed', { cameoId: bobCameo });
    expect(asked.shared!.grant.state).toBe('pending');
    const r = await bobRender();
    expect(!r.ok && r.error.message).toMatch(/they have not decided yet/);
    // Alice's studio sees the request (her feed notifications too) and grants it.
    const reqs = await aliceStudio.ok('feed:cameoRequests', { cameoId: aliceCameo });
    expect(reqs.requests).toMatchObject([{ account: 'bob', state: 'pending' }]);
    await aliceStudio.ok('feed:sync', {});
    expect((await aliceStudio.ok('notifications:list', {})).items.some((n) => /bob asks to use your cameo "Alice"/.test(n.message))).toBe(
      true,
    );
    const after = await aliceStudio.ok('feed:grantCameo', { cameoId: aliceCameo, account: 'bob' });
    expect(after.grants).toHaveLength(1);
    // Bob's studio receives it at its next sync, verified with the feed's key.
    await bobStudio.ok('feed:sync', {});
    const d = await bobStudio.ok('cameos:get', { cameoId: bobCameo });
    expect(d.shared!.grant.state).toBe('granted');
    expect(Date.parse(d.shared!.grant.expiresAt!)).toBeGreaterThan(Date.now());
    expect(d.useState).toBe('allowed');
    const plan = await bobStudio.ok('render:export', { projectId: bobProject, preset: '720p', fileName: 'bob-alice', creator: 'Bob' });
    const job = await bobStudio.engine.queue.waitFor(plan.exportJobId!);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    const shot = bobStudio.engine.queue.get(plan.shotJobIds.find((id) => bobStudio.engine.queue.get(id)!.kind === 'shot.render')!)!;
    expect((shot.payload as { plan: { figures: { cutout?: { path: string } }[] } }).plan.figures[0]!.cutout!.path).toContain('cutout-');
    const up = await bobStudio.engine.queue.waitFor(
      (await bobStudio.ok('feed:upload', { projectId: bobProject, path: plan.outputPath! })).jobId,
    );
    expect(up.error, JSON.stringify(up.error)).toBeNull();
    const postId = up.result!.postId as string;
    expect((await api(feed.url, alice.token, 'GET', `/api/posts/${postId}`)).status).toBe(200);
    bobPost = postId;
    bobExport = plan.outputPath!;
    // Both the creator and the owner of the cameo in it may take it down; someone else may not.
    const asAlice = (await aliceStudio.ok('feed:list', {})).posts.find((x) => x.id === postId)!;
    const asBob = (await bobStudio.ok('feed:list', {})).posts.find((x) => x.id === postId)!;
    expect([asAlice.canTakeDown, asAlice.mine, asBob.canTakeDown, asBob.mine]).toEqual([true, false, true, true]);
    // Every use is in bob's usage log of the cameo.
    expect((await bobStudio.ok('cameos:get', { cameoId: bobCameo })).usage.map((u) => u.use).sort()).toEqual([
      'export',
      'render',
      'upload',
    ]);
  }, 120_000);

  it('alice revokes the grant on the feed: the post is hidden, and at its next sync bob’s studio refuses and marks what it made', async () => {
    const { grants } = await aliceStudio.ok('feed:cameoRequests', { cameoId: aliceCameo });
    await aliceStudio.ok('feed:revokeCameoGrant', { cameoId: aliceCameo, grantId: grants[0]!.id });
    expect((await api(feed.url, alice.token, 'GET', `/api/posts/${bobPost}`)).status).toBe(410);
    // Until it syncs, bob's studio still holds the grant; the sync brings the revocation.
    await bobStudio.ok('feed:sync', {});
    const d = await bobStudio.ok('cameos:get', { cameoId: bobCameo });
    expect(d.shared!.grant.state).toBe('revoked');
    expect(d.revokedOutputs).toBeGreaterThan(0);
    const r = await bobRender();
    expect(!r.ok && r.error.message).toMatch(/alice \(on .*\) revoked this studio's permission to use cameo "Alice"/);
    const doc = await bobStudio.ok('projects:open', { projectId: bobProject });
    expect(doc.shots[0]!.takes.some((t) => t.status === 'revoked')).toBe(true);
    const e = await bobStudio.err('feed:upload', { projectId: bobProject, path: bobExport });
    expect(e.message).toMatch(/before its owner revoked permission/);
    const notes = (await bobStudio.ok('notifications:list', {})).items.map((n) => n.message);
    expect(notes.some((m) => /revoked this studio's permission to use cameo "Alice"/.test(m))).toBe(true);
  });

  it('an expired grant is refused: bob must ask again', async () => {
    // A feed that gives grants that expire at once (same data, another start).
    const short = await startFeedServer(feedConfig({}, { dataDir: feedDir, port: 0, grantDays: 1e-9 }), resolveMediaTools());
    try {
      await bobStudio.ok('cameos:requestOnFeed', { cameoId: bobCameo });
      const feedCameo = (await aliceStudio.ok('cameos:get', { cameoId: aliceCameo })).feed!.cameoId;
      expect((await api(short.url, alice.token, 'POST', `/api/cameos/${feedCameo}/grants`, { account: 'bob' })).status).toBe(200);
    } finally {
      await short.close();
    }
    await bobStudio.ok('feed:sync', {});
    const d = await bobStudio.ok('cameos:get', { cameoId: bobCameo });
    expect(d.shared!.grant.state).toBe('granted');
    expect(d.useState).toBe('denied');
    const r = await bobRender();
    expect(!r.ok && r.error.message).toMatch(/grant of alice \(on .*\) to use cameo "Alice" expired on \d{4}-\d\d-\d\d\. Ask again/);
  });

  it('alice revokes the cameo itself: bob’s studio marks it revoked at its next sync', async () => {
    await aliceStudio.ok('cameos:revoke', { cameoId: aliceCameo });
    const feedCameo = (await aliceStudio.ok('cameos:get', { cameoId: aliceCameo })).feed!.cameoId;
    await expect.poll(async () => (await api(feed.url, bob.token, 'GET', `/api/cameos/${feedCameo}`)).json.revoked).toBe(true);
    await bobStudio.ok('feed:sync', {});
    const d = await bobStudio.ok('cameos:get', { cameoId: bobCameo });
    expect(d.status).toBe('revoked');
    expect(d.useState).toBe('revoked');
    // Bob removes the shared cameo from his library: its files go, what was made with it stays marked.
    await bobStudio.ok('characters:update', { projectId: bobProject, characterId: bobCharacter, patch: { cameoId: null } });
    await bobStudio.ok('cameos:delete', { cameoId: bobCameo });
    expect(readdirSync(join(bobStudio.dataDir, 'media', 'cameos'))).toEqual([]);
    expect((await bobStudio.err('feed:upload', { projectId: bobProject, path: bobExport })).message).toMatch(/before its owner revoked/);
    // The cameo's owner takes the (hidden) post down from her studio: its creator is told.
    expect(await aliceStudio.ok('feed:takedown', { postId: bobPost })).toEqual({ deleted: bobPost });
    await bobStudio.ok('feed:sync', {});
    expect((await bobStudio.ok('notifications:list', {})).items.some((n) => /alice took down your post/.test(n.message))).toBe(true);
  });
});
