import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { resolveMediaTools } from '../../src/main/engine/export/ffmpegPaths';
import { feedConfig } from '../../src/feed-server/config';
import { startFeedServer, type FeedServer } from '../../src/feed-server/server';
import { EngineHarness } from '../unit/engine/harness';
import { startChaosProxy } from '../support/chaosProxy';
import { makeCaptureClip } from '../support/cameoClips';
import { feedApi } from '../support/feedApi';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Flips one byte in the middle of a file (a tampered copy). */
function tampered(file: string, out: string): string {
  const b = Buffer.from(readFileSync(file));
  b[Math.floor(b.length * 0.6)]! ^= 0xff;
  writeFileSync(out, b);
  return out;
}

describe('feed service + studio: real service on loopback, real tus client, real exports', () => {
  let feed: FeedServer;
  let feedDir: string;
  const studio = new EngineHarness(undefined, { sample: false, offlineRetryMs: 300 });
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let exportPath: string;
  const exports: string[] = [];
  let projectId: string;

  const api = (token: string | null, method: string, path: string, body?: unknown) => feedApi(feed.url, token, method, path, body);
  const draftFor = (file: string, extra: Record<string, unknown> = {}) => {
    const bytes = readFileSync(file);
    return {
      sha256: sha(bytes),
      bytes: bytes.length,
      title: 'Rain on the roof',
      prompt: 'a quiet rooftop in the rain',
      styles: ['cinematic'],
      tags: ['rooftop'],
      engines: ['Previz'],
      hasDialogue: true,
      remixOf: null,
      storyboard: studio.engine.projects.exportDocument({ projectId }).text,
      cameos: [],
      ...extra,
    };
  };
  /** The real tus client, straight to the service (or through a proxy). */
  const tusUpload = (endpoint: string, token: string, file: string, draftId: string, delays: number[] = [0, 0, 0]) =>
    new Promise<{ postId: string | null; status: number; body: string }>((resolve) => {
      const up = new Upload(createReadStream(file), {
        endpoint: `${endpoint}/api/uploads`,
        uploadSize: readFileSync(file).length,
        metadata: { draftId, filename: 'x.mp4' },
        headers: { authorization: `Bearer ${token}` },
        retryDelays: delays,
        onShouldRetry: (err) => {
          const s = err.originalResponse?.getStatus() ?? 0;
          return s === 0 || s >= 500 || s === 409 || s === 423;
        },
        onSuccess: ({ lastResponse }) => resolve({ postId: lastResponse.getHeader('Shotline-Post-Id') ?? null, status: 204, body: '' }),
        onError: (err) => {
          const r = (err as { originalResponse?: { getStatus(): number; getBody(): string } }).originalResponse;
          resolve({ postId: null, status: r?.getStatus() ?? 0, body: r?.getBody() ?? err.message });
        },
      });
      up.start();
    });

  beforeAll(async () => {
    feedDir = mkdtempSync(join(tmpdir(), 'shotline-feed-'));
    feed = await startFeedServer(feedConfig({}, { dataDir: feedDir, port: 0, maxUploadBytes: 20 * 2 ** 20 }), resolveMediaTools());
    alice = (await api(null, 'POST', '/api/accounts', { name: 'alice' })).json as { id: string; token: string };
    bob = (await api(null, 'POST', '/api/accounts', { name: 'bob' })).json as { id: string; token: string };
    // A real export: one short shot with a line, C2PA-signed and watermarked by the studio.
    const p = await studio.ok('projects:create', { name: 'Rooftop rain' });
    projectId = p.id;
    const { characterId } = await studio.ok('characters:add', { projectId, name: 'Ana' });
    const { shotId } = await studio.ok('shots:add', { projectId, patch: { durationFrames: 36, prompt: 'a quiet rooftop in the rain' } });
    await studio.ok('dialogue:add', { projectId, shotId, characterId, text: 'It is raining.' });
    // Each export is signed at its own time, so every one has its own bytes (and sha256).
    for (let k = 0; k < 5; k++) {
      const plan = await studio.ok('render:export', { projectId, preset: '720p', fileName: `rain-${k}`, creator: 'Alice' });
      const job = await studio.engine.queue.waitFor(plan.exportJobId!);
      expect(job.error, JSON.stringify(job.error)).toBeNull();
      exports.push(plan.outputPath!);
    }
    exportPath = exports[0]!;
  }, 180_000);
  afterAll(async () => {
    studio.dispose();
    await feed.close();
  });

  it('refuses a forged token and tells what to do', async () => {
    const r = await api('slf_forged', 'GET', '/api/me');
    expect(r.status).toBe(401);
    expect((r.json.error as { message: string }).message).toMatch(/API token is not valid/);
    const e = await studio.err('feed:signIn', { url: feed.url, token: 'slf_not_a_real_token' });
    expect(e.code).toBe('UNAUTHORIZED');
  });

  it('the studio uploads an export through the queue, across dropped connections, once, byte-identical', async () => {
    const proxy = await startChaosProxy(feed.url, { cuts: 4, maxBytes: 60_000 });
    try {
      await studio.ok('feed:signIn', { url: proxy.url, token: alice.token });
      const { jobId } = await studio.ok('feed:upload', { projectId, path: exportPath });
      const job = await studio.engine.queue.waitFor(jobId);
      expect(job.error, JSON.stringify(job.error)).toBeNull();
      expect(proxy.cutsDone).toBeGreaterThan(0);
      const postId = job.result!.postId as string;
      const got = Buffer.from(
        await (await fetch(`${feed.url}/api/posts/${postId}/video`, { headers: { authorization: `Bearer ${alice.token}` } })).arrayBuffer(),
      );
      expect(sha(got)).toBe(sha(readFileSync(exportPath)));
      // The same export again: found by its hash, not posted twice.
      const again = await studio.engine.queue.waitFor((await studio.ok('feed:upload', { projectId, path: exportPath })).jobId);
      expect(again.result).toMatchObject({ postId, existing: true });
      expect(proxy.requests.filter((r) => r.startsWith('POST /api/uploads'))).toHaveLength(1);
      const list = await api(alice.token, 'GET', '/api/posts');
      expect((list.json.posts as { id: string }[]).map((p) => p.id)).toEqual([postId]);
    } finally {
      await proxy.close();
      await studio.ok('feed:signIn', { url: feed.url, token: alice.token });
    }
  }, 120_000);

  it('an upload survives an app restart: it resumes from the stored upload URL, and waits while the feed is offline', async () => {
    const proxy = await startChaosProxy(feed.url, { cuts: 1, maxBytes: 30_000, stallAfterCut: true });
    try {
      await studio.ok('feed:signIn', { url: proxy.url, token: alice.token });
      const { jobId } = await studio.ok('feed:upload', { projectId, path: exports[4]! });
      await expect.poll(() => proxy.cutsDone, { timeout: 20_000 }).toBe(1);
      // The app quits mid-upload (the connection hangs), and starts again.
      studio.reopen({ sample: false, offlineRetryMs: 300 });
      // Recovered and started again at once; its connections hang until the network is back.
      expect(['queued', 'running']).toContain(studio.engine.queue.get(jobId)!.state);
      proxy.stall = false;
      const job = await studio.engine.queue.waitFor(jobId);
      expect(job.error, JSON.stringify(job.error)).toBeNull();
      expect(proxy.requests.filter((r) => r.startsWith('POST /api/uploads'))).toHaveLength(1);
      expect(proxy.requests.some((r) => r.startsWith('HEAD /api/uploads/'))).toBe(true);
      const got = Buffer.from(
        await (
          await fetch(`${feed.url}/api/posts/${job.result!.postId as string}/video`, {
            headers: { authorization: `Bearer ${alice.token}` },
          })
        ).arrayBuffer(),
      );
      expect(sha(got)).toBe(sha(readFileSync(exports[4]!)));
    } finally {
      await proxy.close();
      await studio.ok('feed:signIn', { url: feed.url, token: alice.token });
    }
    // Offline: the feed is unreachable, the upload waits in the queue and goes when it is back.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const dir = mkdtempSync(join(tmpdir(), 'shotline-feed-offline-'));
    let other = await startFeedServer(feedConfig({}, { dataDir: dir, port }), resolveMediaTools());
    const carol = (await (
      await fetch(`${other.url}/api/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"carol"}',
      })
    ).json()) as { token: string };
    await studio.ok('feed:signIn', { url: other.url, token: carol.token });
    await other.close();
    const { jobId } = await studio.ok('feed:upload', { projectId, path: exports[3]! });
    // It waits, saying why, and tries again every so often.
    await expect.poll(() => studio.engine.queue.get(jobId)!.progress?.stage ?? '', { timeout: 20_000, interval: 20 }).toMatch(/^Waiting: /);
    expect(studio.engine.queue.get(jobId)!.error?.code).toBe('FEED_UNREACHABLE');
    const waiting = studio.engine.queue.snapshot().jobs.find((j) => j.id === jobId)!;
    expect(['queued', 'running']).toContain(waiting.state);
    await new Promise((r) => setTimeout(r, 1500));
    other = await startFeedServer(feedConfig({}, { dataDir: dir, port }), resolveMediaTools());
    try {
      const job = await studio.engine.queue.waitFor(jobId);
      expect(job.error, JSON.stringify(job.error)).toBeNull();
      // Waiting for the feed is not a failed attempt: an hour offline does not use up the retries.
      expect(job.attempts).toBe(1);
    } finally {
      await other.close();
      await studio.ok('feed:signIn', { url: feed.url, token: alice.token });
    }
  }, 120_000);

  it('the real tus client resumes an upload cut at random points a hundred times: one post, the same bytes', async () => {
    const copy = exports[1]!;
    const proxy = await startChaosProxy(feed.url, { cuts: 100, maxBytes: 8_000 });
    try {
      const d = await api(bob.token, 'POST', '/api/drafts', draftFor(copy, { title: 'Bob in the rain' }));
      expect(d.status, JSON.stringify(d.json)).toBe(200);
      const r = await tusUpload(
        proxy.url,
        bob.token,
        copy,
        d.json.draftId as string,
        Array.from({ length: 300 }, () => 0),
      );
      expect(r.status, r.body).toBe(204);
      expect(proxy.cutsDone).toBe(100);
      const got = Buffer.from(
        await (await fetch(`${feed.url}/api/posts/${r.postId}/video`, { headers: { authorization: `Bearer ${bob.token}` } })).arrayBuffer(),
      );
      expect(sha(got)).toBe(sha(readFileSync(copy)));
      expect(proxy.requests.filter((x) => x.startsWith('POST /api/uploads'))).toHaveLength(1);
      // Nothing half-stored is left in the upload folder.
      expect(readdirSync(join(feedDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('refuses a tampered MP4 (credentials no longer valid) with the reason, storing nothing', async () => {
    const bad = tampered(exportPath, join(feedDir, '..', `${Date.now()}-tampered.mp4`));
    const d = await api(bob.token, 'POST', '/api/drafts', draftFor(bad, { title: 'Tampered' }));
    const r = await tusUpload(feed.url, bob.token, bad, d.json.draftId as string);
    expect(r.status).toBe(422);
    expect(r.body).toMatch(/content credentials are not valid .* changed after export/);
    const list = await api(bob.token, 'GET', '/api/posts?q=tampered');
    expect(list.json.posts).toEqual([]);
    expect(readdirSync(join(feedDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toEqual([]);
  }, 60_000);

  it('refuses an unknown storyboard schema and an oversized upload before any byte is sent', async () => {
    const d = await api(
      bob.token,
      'POST',
      '/api/drafts',
      draftFor(exportPath, { storyboard: '{"format":"shotline","schemaVersion":99}', sha256: 'a'.repeat(64) }),
    );
    expect(d.status).toBe(422);
    expect((d.json.error as { message: string }).message).toMatch(/storyboard was refused/);
    const big = await api(bob.token, 'POST', '/api/drafts', draftFor(exportPath, { bytes: 64 * 2 ** 20, sha256: 'b'.repeat(64) }));
    expect(big.status).toBe(413);
    expect((big.json.error as { message: string }).message).toMatch(/at most 20 MB/);
  });

  it('browses newest first, people you follow first, with the filter as understood', async () => {
    expect(await studio.ok('feed:follow', { name: 'bob' })).toEqual({ following: 'bob' });
    const all = await api(alice.token, 'GET', '/api/posts');
    const posts = all.json.posts as { title: string; creator: { name: string } }[];
    expect(posts[0]!.creator.name).toBe('bob');
    const f = await studio.ok('feed:list', { q: 'cinematic clips with dialogue by alice' });
    expect(f.interpretation).toBe('style: cinematic · with dialogue · by alice');
    // Alice posted two exports of the project (one across a restart); bob's posts do not match "by alice".
    expect(f.posts.map((p) => p.title)).toEqual(['Rooftop rain', 'Rooftop rain']);
    expect(f.posts[0]!.thumbPath).toMatch(/^media\/feed\/.*thumb\.jpg$/);
    expect(existsSync(join(studio.dataDir, f.posts[0]!.thumbPath!))).toBe(true);
    const none = await studio.ok('feed:list', { q: 'anime without dialogue' });
    expect(none.posts).toEqual([]);
  });

  it('remix: a new project from the post, marked with a link to the original; remixes of mine find it', async () => {
    const list = await studio.ok('feed:list', { q: 'mine' });
    const original = list.posts[0]!;
    const r = await studio.ok('feed:remix', { postId: original.id });
    const remix = await studio.ok('projects:open', { projectId: r.projectId });
    expect(remix.remixOf).toMatchObject({ postId: original.id, title: 'Rooftop rain by alice' });
    expect(remix.shots[0]!.prompt).toBe('a quiet rooftop in the rain');
    // Bob posts a remix of alice's post; alice finds it with "remixes of mine".
    const copy = exports[2]!;
    const d = await api(bob.token, 'POST', '/api/drafts', draftFor(copy, { title: 'Bob remixes', remixOf: original.id }));
    expect((await tusUpload(feed.url, bob.token, copy, d.json.draftId as string)).status).toBe(204);
    const mine = await studio.ok('feed:list', { q: 'remixes of mine' });
    expect(mine.interpretation).toBe('remixes of your posts');
    expect(mine.posts.map((p) => p.title)).toEqual(['Bob remixes']);
  }, 60_000);

  it('takedown by the creator; a remix of a deleted post is refused with a clear message', async () => {
    const list = await api(bob.token, 'GET', '/api/posts?q=by bob remixes');
    const post = (list.json.posts as { id: string }[])[0]!;
    expect((await api(alice.token, 'DELETE', `/api/posts/${post.id}`)).status).toBe(403);
    expect((await api(bob.token, 'DELETE', `/api/posts/${post.id}`)).status).toBe(200);
    const e = await studio.err('feed:remix', { postId: post.id });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/taken down/);
  });

  it('cameo consent across studios: signed expiring grants, a grant for another cameo, revocation hides posts and notifies', async () => {
    const cameo = (await api(alice.token, 'POST', '/api/cameos', { name: 'Alice', policy: 'approved' })).json.cameoId as string;
    const other = (await api(alice.token, 'POST', '/api/cameos', { name: 'Rex', policy: 'approved' })).json.cameoId as string;
    // Without a grant: refused.
    const file = exports[3]!;
    let d = await api(bob.token, 'POST', '/api/drafts', draftFor(file, { title: 'With Alice', cameos: [{ cameoId: cameo, grant: null }] }));
    expect(d.status).toBe(403);
    expect((d.json.error as { message: string }).message).toMatch(/needs its owner's grant/);
    // Bob asks, alice grants (a signed token), a grant for another cameo does not count.
    expect((await api(bob.token, 'POST', `/api/cameos/${cameo}/requests`)).json).toEqual({ requested: true });
    const grant = (await api(alice.token, 'POST', `/api/cameos/${cameo}/grants`, { account: 'bob' })).json.grant as string;
    const rexGrant = (await api(alice.token, 'POST', `/api/cameos/${other}/grants`, { account: 'bob' })).json.grant as string;
    d = await api(bob.token, 'POST', '/api/drafts', draftFor(file, { title: 'With Alice', cameos: [{ cameoId: cameo, grant: rexGrant }] }));
    expect((d.json.error as { message: string }).message).toMatch(/grant is for another cameo \("Rex"\)/);
    const forged = grant.split('.')[0] + '.' + Buffer.alloc(64, 1).toString('base64url');
    d = await api(bob.token, 'POST', '/api/drafts', draftFor(file, { title: 'With Alice', cameos: [{ cameoId: cameo, grant: forged }] }));
    expect((d.json.error as { message: string }).message).toMatch(/signature does not match/);
    d = await api(bob.token, 'POST', '/api/drafts', draftFor(file, { title: 'With Alice', cameos: [{ cameoId: cameo, grant }] }));
    expect(d.status, JSON.stringify(d.json)).toBe(200);
    const up = await tusUpload(feed.url, bob.token, file, d.json.draftId as string);
    expect(up.status, up.body).toBe(204);
    const notes = await api(alice.token, 'GET', '/api/notifications');
    expect((notes.json.items as { message: string }[]).some((n) => /bob posted "With Alice" with your cameo "Alice"/.test(n.message))).toBe(
      true,
    );
    // Alice revokes the grant: the post is hidden, bob is told at his next sync.
    const grants = (await api(bob.token, 'GET', '/api/grants')).json.grants as { id: string; cameoId: string }[];
    const g = grants.find((x) => x.cameoId === cameo)!;
    expect((await api(alice.token, 'DELETE', `/api/grants/${g.id}`)).status).toBe(200);
    const seen = await api(alice.token, 'GET', '/api/posts?q=with alice');
    expect(seen.json.posts).toEqual([]);
    const bobNotes = (await api(bob.token, 'GET', '/api/notifications')).json.items as { message: string }[];
    expect(bobNotes.some((n) => /"With Alice" is hidden: the permission to use cameo "Alice" was revoked/.test(n.message))).toBe(true);
    // An expired grant is refused.
    const shortFeed = await startFeedServer(feedConfig({}, { dataDir: feedDir, port: 0, grantDays: 1e-9 }), resolveMediaTools());
    try {
      const expired = (await fetch(`${shortFeed.url}/api/cameos/${cameo}/grants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ account: 'bob' }),
      }).then((r) => r.json())) as { grant: string };
      await new Promise((r) => setTimeout(r, 20));
      const file2 = exports[4]!;
      const e = await api(
        bob.token,
        'POST',
        '/api/drafts',
        draftFor(file2, { title: 'Late', cameos: [{ cameoId: cameo, grant: expired.grant }] }),
      );
      expect((e.json.error as { message: string }).message).toMatch(/expired on/);
    } finally {
      await shortFeed.close();
    }
  }, 120_000);

  it('a cameo owner publishes its policy (not the capture), uploads a video with it, and revoking it here hides the post there', async () => {
    await studio.ok('feed:signIn', { url: feed.url, token: alice.token });
    const phrase = 'golden window sings forty';
    const clip = await makeCaptureClip(mkdtempSync(join(tmpdir(), 'shotline-feed-cameo-')), 'me', { turn: true, speech: phrase });
    const cap = await studio.engine.queue.waitFor(
      (await studio.ok('cameos:importFile', { name: 'Alice', kind: 'person', challengePhrase: phrase, path: clip })).jobId,
    );
    expect(cap.error, JSON.stringify(cap.error)).toBeNull();
    const cameoId = cap.result!.cameoId as string;
    const p = await studio.ok('projects:create', { name: 'Alice on the roof' });
    const { characterId } = await studio.ok('characters:add', { projectId: p.id, name: 'Alice' });
    await studio.ok('characters:update', { projectId: p.id, characterId, patch: { cameoId } });
    const { shotId } = await studio.ok('shots:add', { projectId: p.id, patch: { durationFrames: 36, prompt: 'alice waves' } });
    await studio.ok('shots:update', {
      projectId: p.id,
      shotId,
      patch: { characters: [{ characterId, position: 'center', depth: 'midground', facing: 'camera', action: '' }] },
    });
    const plan = await studio.ok('render:export', { projectId: p.id, preset: '720p', fileName: 'alice', creator: 'Alice' });
    expect((await studio.engine.queue.waitFor(plan.exportJobId!)).error).toBeNull();
    // Not published yet: refused with what to do.
    const e = await studio.err('feed:upload', { projectId: p.id, path: plan.outputPath! });
    expect(e.message).toMatch(/Publish cameo "Alice"'s permissions to .* first/);
    const d = await studio.ok('cameos:publish', { cameoId });
    expect(d.feed!.url).toBe(feed.url);
    const published = await api(bob.token, 'GET', `/api/cameos/${d.feed!.cameoId}`);
    expect(published.json).toMatchObject({ name: 'Alice', owner: 'alice', policy: 'only-me', revoked: false });
    expect(Object.keys(published.json)).not.toContain('capture');
    const job = await studio.engine.queue.waitFor((await studio.ok('feed:upload', { projectId: p.id, path: plan.outputPath! })).jobId);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    const postId = job.result!.postId as string;
    expect((await api(alice.token, 'GET', `/api/posts/${postId}`)).json.cameos).toEqual([d.feed!.cameoId]);
    // The upload is in the cameo's usage log.
    expect((await studio.ok('cameos:get', { cameoId })).usage.map((u) => u.use)).toContain('upload');
    // Revoked here: revoked there, the post is hidden and its creator told.
    await studio.ok('cameos:revoke', { cameoId });
    await expect.poll(async () => (await api(bob.token, 'GET', `/api/posts/${postId}`)).status, { timeout: 10_000 }).toBe(410);
    const notes = (await api(alice.token, 'GET', '/api/notifications')).json.items as { message: string }[];
    expect(notes.some((n) => /"Alice on the roof" is hidden: cameo "Alice" was revoked/.test(n.message))).toBe(true);
    // At its next sync the studio shows it among the profile's notifications.
    await studio.ok('feed:notifications', {});
    const local = await studio.ok('notifications:list', {});
    expect(local.items.some((n) => /^Feed: Your post "Alice on the roof" is hidden/.test(n.message))).toBe(true);
    // The export made before the revocation cannot go up again, even once the character is unbound
    // and the cameo deleted (deleting is revoking for good).
    const again = await studio.err('feed:upload', { projectId: p.id, path: plan.outputPath! });
    expect(again.code).toBe('PERMISSION_DENIED');
    expect(again.message).toMatch(/made with cameo "Alice" before its owner revoked permission/);
    await studio.ok('characters:update', { projectId: p.id, characterId, patch: { cameoId: null } });
    await studio.ok('cameos:delete', { cameoId });
    const afterDelete = await studio.err('feed:upload', { projectId: p.id, path: plan.outputPath! });
    expect(afterDelete.message).toMatch(/made with cameo "Alice" before its owner revoked permission/);
  }, 120_000);
});
