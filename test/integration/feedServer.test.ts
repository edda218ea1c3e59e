import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsCommand, hashToken } from '../../src/feed-server/accounts';
import { feedConfig, type FeedConfig } from '../../src/feed-server/config';
import { startFeedServer, type FeedServer } from '../../src/feed-server/server';
import { FEED_MIGRATIONS } from '../../src/feed-server/store';
import { resolveMediaTools } from '../../src/main/engine/export/ffmpegPaths';
import { EngineHarness } from '../unit/engine/harness';
import { feedApi } from '../support/feedApi';

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (j: Json) => (j.error as { message: string } | undefined)?.message ?? '';
const DAY = /\d{4}-\d{2}-\d{2}/;

const api = feedApi;

/** `shotline feed-server accounts …`, run in-process on an environment; returns the exit status and what it printed. */
const accountsCli = (args: string[], env: NodeJS.ProcessEnv, json = false) => {
  let out = '';
  let err = '';
  const code = accountsCommand(args, env, { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) }, json });
  return { code, out, err };
};

/** The real tus client, straight to the service. */
const tusUpload = (base: string, token: string, file: string, draftId: string) =>
  new Promise<{ status: number; body: string; postId: string | null }>((resolve) => {
    new Upload(createReadStream(file), {
      endpoint: `${base}/api/uploads`,
      uploadSize: readFileSync(file).length,
      metadata: { draftId },
      headers: { authorization: `Bearer ${token}` },
      retryDelays: [],
      onSuccess: ({ lastResponse }) => resolve({ status: 204, body: '', postId: lastResponse.getHeader('Shotline-Post-Id') ?? null }),
      onError: (e) => {
        const r = (e as { originalResponse?: { getStatus(): number; getBody(): string } }).originalResponse;
        resolve({ status: r?.getStatus() ?? 0, body: r?.getBody() ?? e.message, postId: null });
      },
    }).start();
  });

/** Starts a tus upload by hand (creation only) and returns its URL. */
const tusCreate = async (base: string, token: string, draftId: string, size: number) => {
  const r = await fetch(`${base}/api/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': `draftId ${Buffer.from(draftId).toString('base64')}`,
    },
  });
  expect(r.status, await r.text()).toBe(201);
  return new URL(r.headers.get('location')!, base).href;
};
const tusPatch = (url: string, token: string, offset: number, chunk: Buffer) =>
  fetch(url, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(chunk),
  });
const tusOffset = async (url: string, token: string) => {
  const r = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
  return { status: r.status, offset: Number(r.headers.get('upload-offset') ?? NaN) };
};

/**
 * A client on a raw socket: sends `head`, then `drip` every `everyMs` (nothing if empty) until the
 * feed closes the connection; says how long that took and what the feed answered.
 */
const slowClient = (base: string, head: string | Buffer, drip = '', everyMs = 100, capMs = 10_000) =>
  new Promise<{ ms: number; answer: string; closed: boolean }>((resolve) => {
    const u = new URL(base);
    const t0 = Date.now();
    let answer = '';
    const s = connect(Number(u.port), u.hostname, () => void s.write(head));
    const timer = drip ? setInterval(() => s.writable && s.write(drip), everyMs) : null;
    const cap = setTimeout(() => finish(false), capMs);
    const finish = (closed: boolean) => {
      if (timer) clearInterval(timer);
      clearTimeout(cap);
      s.destroy();
      resolve({ ms: Date.now() - t0, answer, closed });
    };
    s.on('data', (d) => (answer += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => finish(true));
  });

describe('feed service: expiring and revocable tokens, accounts from the CLI, remix of gone posts, slow clients, abandoned uploads', () => {
  const studio = new EngineHarness(undefined, { sample: false });
  const tools = resolveMediaTools();
  const servers: FeedServer[] = [];
  let file: string;
  let storyboard: string;
  let bytes: number;
  let sha: string;
  const start = async (dataDir: string, overrides: Partial<FeedConfig> = {}, env: NodeJS.ProcessEnv = {}) => {
    const s = await startFeedServer(feedConfig(env, { dataDir, port: 0, ...overrides }), tools);
    servers.push(s);
    return s;
  };
  const stop = async (s: FeedServer) => {
    servers.splice(servers.indexOf(s), 1);
    await s.close();
  };
  const signUp = async (base: string, name: string) => {
    const r = await api(base, null, 'POST', '/api/accounts', { name });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json as { id: string; token: string; tokenExpiresAt: string };
  };
  const draft = (extra: Json = {}) => ({
    sha256: sha,
    bytes,
    title: 'Rain on the roof',
    prompt: 'a quiet rooftop in the rain',
    styles: ['cinematic'],
    tags: [],
    engines: ['Previz'],
    hasDialogue: false,
    remixOf: null,
    storyboard,
    cameos: [],
    ...extra,
  });
  const tmp = (what: string) => mkdtempSync(join(tmpdir(), `shotline-feedserver-${what}-`));

  beforeAll(async () => {
    // One real export (C2PA-signed, watermarked) and its storyboard.
    const { id: projectId } = await studio.ok('projects:create', { name: 'Rooftop rain' });
    await studio.ok('shots:add', { projectId, patch: { durationFrames: 24, prompt: 'a quiet rooftop in the rain' } });
    const plan = await studio.ok('render:export', { projectId, preset: '720p', fileName: 'rain', creator: 'Alice' });
    const job = await studio.engine.queue.waitFor(plan.exportJobId!);
    expect(job.error, JSON.stringify(job.error)).toBeNull();
    file = plan.outputPath!;
    const b = readFileSync(file);
    bytes = b.length;
    sha = createHash('sha256').update(b).digest('hex');
    storyboard = studio.engine.projects.exportDocument({ projectId }).text;
  }, 120_000);
  afterAll(async () => {
    for (const s of [...servers]) await s.close();
    studio.dispose();
  });

  describe('API tokens', () => {
    let feed: FeedServer;
    let dir: string;
    beforeAll(async () => {
      dir = tmp('tokens');
      feed = await start(dir);
    });

    it('a forged token is still refused as not valid for this feed', async () => {
      const r = await api(feed.url, 'slf_forged', 'GET', '/api/me');
      expect(r.status).toBe(401);
      expect(message(r.json)).toMatch(/API token is not valid for this feed/);
      expect((await api(feed.url, null, 'GET', '/api/me')).status).toBe(401);
    });

    it('a token expires after FEED_TOKEN_DAYS: refused with 401 saying when and what to do; the host gives a new one', async () => {
      const erin = await signUp(feed.url, 'erin');
      const me = await api(feed.url, erin.token, 'GET', '/api/me');
      expect(me.status).toBe(200);
      // 90 days by default.
      expect(Date.parse(me.json.tokenExpiresAt as string) - Date.now()).toBeGreaterThan(89 * 86400_000);
      expect(Date.parse(me.json.tokenExpiresAt as string) - Date.now()).toBeLessThan(91 * 86400_000);
      // The same feed, run with tokens that last a fraction of a second.
      const short = await start(dir, {}, { FEED_TOKEN_DAYS: '0.0001' }); // 8.64 s
      const brief = await start(dir, { tokenDays: 1e-9 });
      const fresh = (await api(brief.url, erin.token, 'POST', '/api/tokens')).json as { token: string; expiresAt: string };
      await sleep(20);
      const r = await api(feed.url, fresh.token, 'GET', '/api/me');
      expect(r.status).toBe(401);
      expect((r.json.error as { code: string }).code).toBe('token_expired');
      expect(message(r.json)).toMatch(new RegExp(`expired on ${fresh.expiresAt.slice(0, 10)}`));
      expect(message(r.json)).toMatch(/ask the feed's host .*shotline feed-server accounts token erin/);
      // tus requests are refused the same way.
      const up = await fetch(`${feed.url}/api/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fresh.token}`, 'tus-resumable': '1.0.0', 'upload-length': '10' },
      });
      expect(up.status).toBe(401);
      expect(await up.text()).toMatch(/expired on/);
      const eightSeconds = (await api(short.url, erin.token, 'POST', '/api/tokens')).json as { expiresAt: string };
      expect(Date.parse(eightSeconds.expiresAt) - Date.now()).toBeLessThan(9_000);
      // The host issues a new token on the same data folder: it works, and the earlier valid one still does.
      const cli = accountsCli(['token', 'erin'], { FEED_DATA_DIR: dir });
      expect(cli.code, cli.err).toBe(0);
      const token = cli.out.trim().split('\n').pop()!;
      expect(token).toMatch(/^slf_/);
      expect((await api(feed.url, token, 'GET', '/api/me')).json.name).toBe('erin');
      expect((await api(feed.url, erin.token, 'GET', '/api/me')).status).toBe(200);
      await stop(short);
      await stop(brief);
    });

    it('a user revokes their own token: it is refused with 401 saying it was revoked; another token of theirs goes on working', async () => {
      const frank = await signUp(feed.url, 'frank');
      const second = (await api(feed.url, frank.token, 'POST', '/api/tokens')).json as { id: string; token: string };
      expect(second.token).toMatch(/^slf_/);
      const list = (await api(feed.url, frank.token, 'GET', '/api/tokens')).json.tokens as {
        id: string;
        state: string;
        current: boolean;
      }[];
      expect(list.map((t) => [t.state, t.current])).toEqual([
        ['valid', true],
        ['valid', false],
      ]);
      expect(JSON.stringify(list)).not.toMatch(/slf_|hash/);
      // Revoke the token of this request.
      expect((await api(feed.url, frank.token, 'POST', '/api/tokens/revoke')).json).toEqual({ revoked: list[0]!.id });
      const r = await api(feed.url, frank.token, 'GET', '/api/me');
      expect(r.status).toBe(401);
      expect((r.json.error as { code: string }).code).toBe('token_revoked');
      expect(message(r.json)).toMatch(new RegExp(`revoked on ${DAY.source}`));
      expect(message(r.json)).toMatch(/new token.*POST \/api\/tokens.*accounts token frank/);
      expect((await api(feed.url, second.token, 'GET', '/api/me')).json.name).toBe('frank');
      // Someone else's token cannot be revoked by id; your own can.
      const gus = await signUp(feed.url, 'gus');
      expect((await api(feed.url, gus.token, 'POST', '/api/tokens/revoke', { id: second.id })).status).toBe(404);
      expect((await api(feed.url, second.token, 'GET', '/api/me')).status).toBe(200);
      expect((await api(feed.url, second.token, 'POST', '/api/tokens/revoke', { id: second.id })).status).toBe(200);
      expect(message((await api(feed.url, second.token, 'GET', '/api/me')).json)).toMatch(/revoked on/);
      // The host can revoke them all.
      const cli = accountsCli(['revoke', 'gus'], { FEED_DATA_DIR: dir });
      expect(cli.code, cli.err).toBe(0);
      expect(cli.out).toMatch(/Revoked 1 token/);
      expect((await api(feed.url, gus.token, 'GET', '/api/me')).status).toBe(401);
    });

    it('a database from before token expiry is migrated: its tokens keep working and get an expiry', async () => {
      const old = tmp('schema1');
      const db = new Database(join(old, 'feed.db'));
      db.exec(FEED_MIGRATIONS[0]!);
      db.pragma('user_version = 1');
      const token = 'slf_from_an_older_feed';
      db.prepare('INSERT INTO accounts (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(
        '00000000-0000-4000-8000-000000000001',
        'hana',
        hashToken(token),
        '2024-01-01T00:00:00.000Z',
      );
      db.close();
      const migrated = await start(old);
      expect(migrated.db.pragma('user_version', { simple: true })).toBe(FEED_MIGRATIONS.length);
      expect((await api(migrated.url, token, 'GET', '/api/me')).json.name).toBe('hana');
      const tokens = (await api(migrated.url, token, 'GET', '/api/tokens')).json.tokens as { expiresAt: string; state: string }[];
      expect(tokens).toHaveLength(1);
      expect(tokens[0]!.state).toBe('valid');
      expect(Date.parse(tokens[0]!.expiresAt) - Date.now()).toBeGreaterThan(89 * 86400_000);
      const cli = accountsCli(['list'], { FEED_DATA_DIR: old });
      expect(cli.out).toMatch(/^hana\s+1 valid token\(s\), until \d{4}/m);
      await stop(migrated);
    });
  });

  it('FEED_OPEN_SIGNUP=0: the host makes accounts with `shotline feed-server accounts add`, on the service’s data folder', async () => {
    const dir = tmp('closed');
    const env = { FEED_OPEN_SIGNUP: '0', FEED_DATA_DIR: dir };
    const feed = await start(dir, {}, env);
    const refused = await api(feed.url, null, 'POST', '/api/accounts', { name: 'ivy' });
    expect(refused.status).toBe(403);
    expect(message(refused.json)).toMatch(/shotline feed-server accounts add <name>/);
    // Made while the service runs, on the same data folder.
    const add = accountsCli(['add', 'ivy'], env);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toMatch(/Account "ivy" created/);
    const token = add.out.trim().split('\n').pop()!;
    const me = await api(feed.url, token, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.json.name).toBe('ivy');
    const json = accountsCli(['add', 'jo'], env, true);
    const jo = JSON.parse(json.out) as { name: string; token: string; expiresAt: string };
    expect(jo.name).toBe('jo');
    expect((await api(feed.url, jo.token, 'GET', '/api/me')).json.name).toBe('jo');
    // Refusals and usage.
    const taken = accountsCli(['add', 'IVY'], env);
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/"IVY" is taken/);
    expect(accountsCli(['add', 'x'], env).err).toMatch(/2 to 40 letters/);
    expect(accountsCli(['add'], env).code).toBe(2);
    expect(accountsCli(['frobnicate'], env).code).toBe(2);
    expect(accountsCli(['token', 'nobody'], env).err).toMatch(/Nobody called "nobody"/);
    const missing = accountsCli(['list'], { FEED_DATA_DIR: join(dir, 'nowhere') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no feed database at .*FEED_DATA_DIR/);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    const list = accountsCli(['list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^ivy\s+1 valid token/m);
    expect(list.out).toMatch(/^jo\s+1 valid token/m);
    const listed = JSON.parse(accountsCli(['list'], env, true).out) as { name: string; validTokens: number }[];
    expect(listed.map((a) => [a.name, a.validTokens])).toEqual([
      ['ivy', 1],
      ['jo', 1],
    ]);
  });

  it('a post that remixes a deleted or hidden post is refused with a clear message, when announced and when its upload ends', async () => {
    const feed = await start(tmp('remix'));
    const [alice, bob, carol] = [await signUp(feed.url, 'alice'), await signUp(feed.url, 'bob'), await signUp(feed.url, 'carol')];
    const post = async (token: string, extra: Json = {}) => {
      const d = await api(feed.url, token, 'POST', '/api/drafts', draft(extra));
      expect(d.status, JSON.stringify(d.json)).toBe(200);
      const up = await tusUpload(feed.url, token, file, d.json.draftId as string);
      expect(up.status, up.body).toBe(204);
      return up.postId!;
    };
    const original = await post(alice.token, { title: 'The original' });
    // Carol announces a remix while the original is up, and uploads it after it is gone.
    const carolDraft = await api(feed.url, carol.token, 'POST', '/api/drafts', draft({ title: 'Carol remixes', remixOf: original }));
    expect(carolDraft.status).toBe(200);
    expect((await api(feed.url, alice.token, 'DELETE', `/api/posts/${original}`)).status).toBe(200);
    const r = await api(feed.url, bob.token, 'POST', '/api/drafts', draft({ title: 'Bob remixes', remixOf: original }));
    expect(r.status).toBe(422);
    expect((r.json.error as { code: string }).code).toBe('remix_of_gone');
    expect(message(r.json)).toMatch(
      new RegExp(`the post this remixes \\("The original"\\) was taken down on ${DAY.source}; a remix of it cannot be posted`),
    );
    const late = await tusUpload(feed.url, carol.token, file, carolDraft.json.draftId as string);
    expect(late.status).toBe(422);
    expect(late.body).toMatch(/\("The original"\) was taken down on .* Nothing was posted/);
    expect((await api(feed.url, carol.token, 'GET', '/api/posts?q=mine')).json.posts).toEqual([]);
    // A hidden original (its cameo was revoked) cannot be remixed either.
    const cameoId = (await api(feed.url, alice.token, 'POST', '/api/cameos', { name: 'Alice', policy: 'anyone' })).json.cameoId as string;
    const withCameo = await post(bob.token, { title: 'Bob with Alice', cameos: [{ cameoId, grant: null }] });
    expect((await api(feed.url, alice.token, 'POST', `/api/cameos/${cameoId}/revoke`)).status).toBe(200);
    const h = await api(feed.url, carol.token, 'POST', '/api/drafts', draft({ title: 'Carol remixes Bob', remixOf: withCameo }));
    expect(h.status).toBe(422);
    expect(message(h.json)).toMatch(
      /\("Bob with Alice"\) is hidden \(cameo "Alice" was revoked by its owner\); a remix of it cannot be posted/,
    );
    // An unknown original and a malformed link are refused too; a live one is fine.
    expect(message((await api(feed.url, carol.token, 'POST', '/api/drafts', draft({ remixOf: crypto.randomUUID() }))).json)).toMatch(
      /not on this feed/,
    );
    expect((await api(feed.url, carol.token, 'POST', '/api/drafts', draft({ remixOf: 42 }))).status).toBe(400);
    const live = await post(alice.token, { title: 'Alice again' });
    expect((await api(feed.url, carol.token, 'POST', '/api/drafts', draft({ remixOf: live }))).status).toBe(200);
  }, 90_000);

  it('slow clients are cut off within the configured times while a normal client is served meanwhile', async () => {
    const limits = { headersTimeoutMs: 800, requestTimeoutMs: 1500, bodyIdleTimeoutMs: 600, keepAliveTimeoutMs: 300 };
    const feed = await start(tmp('slow'), limits);
    const kim = await signUp(feed.url, 'kim');
    const d = await api(feed.url, kim.token, 'POST', '/api/drafts', draft());
    const upload = await tusCreate(feed.url, kim.token, d.json.draftId as string, bytes);
    const host = `Host: ${new URL(feed.url).host}\r\n`;
    const clients = Promise.all([
      // Headers, a line every 100 ms: cut by the headers timeout.
      slowClient(feed.url, `GET /api/health HTTP/1.1\r\n${host}`, 'X-Slow: 1\r\n'),
      // Connects and sends nothing.
      slowClient(feed.url, ''),
      // A JSON body, a byte every 100 ms (never idle long enough): cut by the request timeout.
      slowClient(
        feed.url,
        `POST /api/accounts HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"name":"`,
        'a',
      ),
      // A JSON body that stops arriving: cut by the body idle timeout.
      slowClient(
        feed.url,
        `POST /api/accounts HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"name":"lo`,
      ),
      // A tus PATCH that stalls after 1000 bytes: cut without an answer, its bytes kept for the resume.
      slowClient(
        feed.url,
        Buffer.concat([
          Buffer.from(
            `PATCH ${new URL(upload).pathname} HTTP/1.1\r\n${host}Authorization: Bearer ${kim.token}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: ${bytes}\r\n\r\n`,
          ),
          readFileSync(file).subarray(0, 1000),
        ]),
      ),
      // A kept-alive connection left idle after its answer: closed after the keep-alive timeout.
      slowClient(feed.url, `GET /api/health HTTP/1.1\r\n${host}\r\n`),
    ]);
    // Meanwhile a normal client is served at once, again and again.
    await sleep(200);
    const served: number[] = [];
    const until = Date.now() + 1200;
    while (Date.now() < until) {
      const t = Date.now();
      expect((await api(feed.url, null, 'GET', '/api/health')).status).toBe(200);
      expect((await api(feed.url, kim.token, 'GET', '/api/posts')).status).toBe(200);
      served.push(Date.now() - t);
      await sleep(50);
    }
    expect(served.length).toBeGreaterThan(5);
    expect(Math.max(...served)).toBeLessThan(500);
    const [headers, silent, trickle, stalled, patch, idle] = await clients;
    for (const c of [headers, silent, trickle, stalled, patch, idle]) expect(c.closed).toBe(true);
    const slack = 1500;
    expect(headers.ms).toBeGreaterThanOrEqual(limits.headersTimeoutMs - 100);
    expect(headers.ms).toBeLessThan(limits.headersTimeoutMs + slack);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(headers.answer).toMatch(/headers did not arrive within 0\.8 s/);
    expect(silent.ms).toBeLessThan(limits.headersTimeoutMs + slack);
    expect(trickle.ms).toBeGreaterThanOrEqual(limits.requestTimeoutMs - 100);
    expect(trickle.ms).toBeLessThan(limits.requestTimeoutMs + slack);
    expect(trickle.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(trickle.answer).toMatch(/did not arrive within 1\.5 s/);
    expect(stalled.ms).toBeGreaterThanOrEqual(limits.bodyIdleTimeoutMs - 100);
    expect(stalled.ms).toBeLessThan(limits.requestTimeoutMs);
    expect(stalled.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(stalled.answer).toMatch(/body stopped arriving \(nothing for 0\.6 s\)/);
    expect(patch.ms).toBeGreaterThanOrEqual(limits.bodyIdleTimeoutMs - 100);
    expect(patch.ms).toBeLessThan(limits.requestTimeoutMs);
    expect(patch.answer).toBe('');
    expect(idle.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(idle.ms).toBeLessThan(limits.keepAliveTimeoutMs + 1000 + slack);
    // Nothing was made of the cut requests; the stalled upload resumes from what arrived.
    expect((await api(feed.url, null, 'POST', '/api/accounts', { name: 'lo' })).status).toBe(200);
    expect(await tusOffset(upload, kim.token)).toEqual({ status: 200, offset: 1000 });
    const rest = await tusPatch(upload, kim.token, 1000, readFileSync(file).subarray(1000));
    expect(rest.status, await rest.text()).toBe(204);
    expect(rest.headers.get('shotline-post-id')).toMatch(/^[0-9a-f-]{36}$/);
  }, 30_000);

  it('abandoned partial uploads and drafts are swept on start and periodically; an upload still being written is kept', async () => {
    const dir = tmp('sweep');
    let feed = await start(dir);
    const lee = await signUp(feed.url, 'lee');
    const d = await api(feed.url, lee.token, 'POST', '/api/drafts', draft());
    const old = await tusCreate(feed.url, lee.token, d.json.draftId as string, bytes);
    expect((await tusPatch(old, lee.token, 0, readFileSync(file).subarray(0, 1000))).status).toBe(204);
    const uploads = () => readdirSync(join(dir, 'uploads'));
    const drafts = () => (feed.db.prepare('SELECT account_id FROM drafts').all() as { account_id: string }[]).map((r) => r.account_id);
    expect(uploads()).toHaveLength(2); // the partial file and its .json
    expect(drafts()).toEqual([lee.id]);
    await stop(feed);
    await sleep(1100);
    // Restarted with abandoned = 1 s, swept every 0.3 s: on start, the old upload and draft are gone.
    const abandoned = { abandonedHours: 1 / 3600, sweepMinutes: 0.3 / 60 };
    feed = await start(dir, abandoned);
    expect(uploads()).toEqual([]);
    expect(drafts()).toEqual([]);
    expect((await tusOffset(feed.url + new URL(old).pathname, lee.token)).status).toBe(404);
    // Announcing again starts afresh.
    const again = await api(feed.url, lee.token, 'POST', '/api/drafts', draft());
    expect(again.status).toBe(200);
    expect(again.json.draftId).not.toBe(d.json.draftId);
    // Periodically: a new idle upload goes after about a second; one being written to is kept, with its draft.
    const mo = await signUp(feed.url, 'mo');
    const moDraft = await api(feed.url, mo.token, 'POST', '/api/drafts', draft());
    const idle = await tusCreate(feed.url, lee.token, again.json.draftId as string, bytes);
    const busy = await tusCreate(feed.url, mo.token, moDraft.json.draftId as string, bytes);
    // One PATCH at a time, every 200 ms: a second PATCH on the same upload would make tus release the
    // first one's lock and cut that request off. The writer is awaited before the test ends, so no
    // request is left in flight when the feed stops.
    let offset = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const r = await tusPatch(busy, mo.token, offset, readFileSync(file).subarray(offset, offset + 100));
        await r.arrayBuffer();
        if (r.status === 204) offset = Number(r.headers.get('upload-offset'));
        await sleep(200);
      }
    })();
    try {
      expect(uploads()).toHaveLength(4);
      await expect.poll(() => uploads().length, { timeout: 5_000, interval: 100 }).toBe(2);
      expect(uploads().some((f) => busy.endsWith(f))).toBe(true);
      expect((await tusOffset(idle, lee.token)).status).toBe(404);
      await sleep(1000);
      expect(drafts()).toEqual([mo.id]);
      expect(offset).toBeGreaterThan(0);
    } finally {
      writing = false;
      await writer;
    }
    const r = await feed.sweep();
    expect(r).toEqual({ uploads: 0, drafts: 0 });
  }, 30_000);
});
