import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { feedAccounts, type SignedIn } from './accounts';
import type { FeedConfig } from './config';
import { feedConsent } from './consent';
import type { FeedContext, FeedTools } from './context';
import { parseFilter } from './filter';
import { loadSigningKey, readGrant, signGrant, type GrantClaims } from './grants';
import { HttpError, json, now, sendFile } from './http';
import { feedPosts } from './posts';
import { guardSlowClients, timeoutOptions } from './slowClients';
import { openFeedDb, type AccountRow, type CameoRow, type Db, type GrantRow, type PostRow } from './store';
import { feedSweep, type SweepResult } from './sweep';

export type { FeedTools } from './context';

export interface FeedServer {
  url: string;
  db: Db;
  publicKeyPem: string;
  /** Removes abandoned partial uploads and drafts now (it also runs on start and every FEED_SWEEP_MINUTES). */
  sweep(): Promise<SweepResult>;
  close(): Promise<void>;
}

/**
 * The reference feed service: accounts with API tokens, posts (video, C2PA manifest summary,
 * thumbnail, storyboard, engines, remix lineage), a newest-first listing with followed people
 * first and a natural-language filter, resumable uploads (tus), remix, takedown, and cameo
 * consent across studios (published policies, requests, signed expiring grants, revocation).
 */
export async function startFeedServer(config: FeedConfig, tools: FeedTools): Promise<FeedServer> {
  const { Server } = await import('@tus/server');
  const { FileStore } = await import('@tus/file-store');
  mkdirSync(config.dataDir, { recursive: true });
  const db = openFeedDb(join(config.dataDir, 'feed.db'));
  const key = loadSigningKey(join(config.dataDir, 'keys', 'grants.pem'));
  const mediaDir = join(config.dataDir, 'media');
  const uploadsDir = join(config.dataDir, 'uploads');
  mkdirSync(mediaDir, { recursive: true });
  mkdirSync(uploadsDir, { recursive: true });

  const accounts = feedAccounts(db, config.tokenDays);
  accounts.dateLegacyTokens();
  const sweep = feedSweep(db, uploadsDir, config.abandonedHours * 3600_000);
  await sweep();

  const account = (req: { headers: { get?(n: string): string | null } } | IncomingMessage): SignedIn =>
    accounts.authenticate(
      'get' in req.headers && typeof req.headers.get === 'function'
        ? req.headers.get('authorization')
        : (req as IncomingMessage).headers.authorization,
    );
  const notify = (accountId: string, kind: string, message: string) =>
    void db.prepare('INSERT INTO notifications (account_id, kind, message, at) VALUES (?, ?, ?, ?)').run(accountId, kind, message, now());
  const ctx: FeedContext = { db, key, config, tools, mediaDir, notify };
  const { cameoProblem, issueGrant, hidePostsWith } = feedConsent(ctx);
  const { postView, publish, takedown, createDraft } = feedPosts(ctx, cameoProblem);

  const tus = new Server({
    path: '/api/uploads',
    datastore: new FileStore({ directory: uploadsDir }),
    maxSize: config.maxUploadBytes,
    respectForwardedHeaders: false,
    ...(config.publicUrl ? { generateUrl: (_req, o) => `${config.publicUrl!.replace(/\/$/, '')}${o.path}/${o.id}` } : {}),
    onIncomingRequest: async (req) => {
      try {
        account(req as never);
      } catch (e) {
        const err = e as HttpError;
        throw { status_code: err.status, body: err.message };
      }
    },
    onUploadCreate: async (req, upload) => {
      const who = account(req as never);
      const draftId = upload.metadata?.draftId;
      const draft = draftId
        ? (db.prepare('SELECT account_id, bytes FROM drafts WHERE id = ?').get(draftId) as
            { account_id: string; bytes: number } | undefined)
        : undefined;
      if (!draft || draft.account_id !== who.id)
        throw { status_code: 404, body: 'Announce the post first (POST /api/drafts); this upload names no post of yours.' };
      if (upload.size !== draft.bytes)
        throw { status_code: 400, body: `The upload's length (${upload.size}) is not the announced ${draft.bytes} bytes.` };
      return { metadata: upload.metadata ?? {} };
    },
    onUploadFinish: async (req, upload) => {
      const who = account(req as never);
      const file = join(uploadsDir, upload.id);
      try {
        const postId = await publish(upload.metadata!.draftId!, file, who);
        return { status_code: 204, headers: { 'Shotline-Post-Id': postId } };
      } catch (e) {
        rmSync(file, { force: true });
        const err = e instanceof HttpError ? e : new HttpError(500, `The post could not be published: ${(e as Error).message}`);
        throw { status_code: err.status, body: err.message };
      } finally {
        rmSync(`${file}.json`, { force: true });
      }
    },
  });

  const routes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<unknown> => {
    const path = url.pathname;
    const m = (re: RegExp) => re.exec(path);
    if (req.method === 'GET' && path === '/api/health') return { ok: true, name: 'Shotline feed', publicKey: key.publicPem };
    if (req.method === 'POST' && path === '/api/accounts') {
      if (!config.openSignup)
        throw new HttpError(
          403,
          'This feed does not take new accounts; ask its host for one (they make it with: shotline feed-server accounts add <name>).',
          'signup_closed',
        );
      const { name } = (await json(req)) as { name?: unknown };
      const a = accounts.create(name);
      return { id: a.id, name: a.name, token: a.token, tokenExpiresAt: a.expiresAt };
    }
    const me = account(req);
    // API tokens: see yours, make another (before this one expires, or for another device), revoke one.
    if (req.method === 'GET' && path === '/api/tokens') return { tokens: accounts.tokens(me.id, me.tokenId) };
    if (req.method === 'POST' && path === '/api/tokens') {
      const t = accounts.issueToken(me.id);
      return { id: t.tokenId, token: t.token, expiresAt: t.expiresAt };
    }
    if (req.method === 'POST' && path === '/api/tokens/revoke') {
      const { id } = (await json(req)) as { id?: unknown };
      if (id !== undefined && typeof id !== 'string')
        throw new HttpError(400, 'Name the token to revoke by its id, or send none to revoke this one.');
      return accounts.revoke(me.id, id ?? me.tokenId);
    }
    if (req.method === 'GET' && path === '/api/me') {
      const following = (
        db.prepare('SELECT a.name FROM follows f JOIN accounts a ON a.id = f.followee WHERE f.follower = ?').all(me.id) as {
          name: string;
        }[]
      ).map((r) => r.name);
      return { id: me.id, name: me.name, following, tokenExpiresAt: me.tokenExpiresAt };
    }
    if (req.method === 'POST' && path === '/api/follows') {
      const { name } = (await json(req)) as { name?: string };
      const other = db.prepare('SELECT id FROM accounts WHERE name = ?').get(name ?? '') as { id: string } | undefined;
      if (!other) throw new HttpError(404, `Nobody called "${name}" on this feed.`);
      db.prepare('INSERT OR IGNORE INTO follows (follower, followee) VALUES (?, ?)').run(me.id, other.id);
      return { following: name };
    }
    if (req.method === 'POST' && path === '/api/drafts') return createDraft(me, await json(req));
    if (req.method === 'GET' && path === '/api/posts') {
      const f = parseFilter(url.searchParams.get('q') ?? '');
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 30) || 30));
      const rows = db
        .prepare('SELECT * FROM posts WHERE deleted_at IS NULL AND hidden_reason IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 2000')
        .all() as PostRow[];
      const following = new Set(
        (db.prepare('SELECT followee FROM follows WHERE follower = ?').all(me.id) as { followee: string }[]).map((r) => r.followee),
      );
      const mine = new Set((db.prepare('SELECT id FROM posts WHERE account_id = ?').all(me.id) as { id: string }[]).map((r) => r.id));
      const names = new Map(
        (db.prepare('SELECT id, name FROM accounts').all() as { id: string; name: string }[]).map((a) => [a.id, a.name.toLowerCase()]),
      );
      const hits = rows.filter((p) => {
        const styles = JSON.parse(p.styles) as string[];
        if (f.styles.length && !f.styles.some((s) => styles.includes(s))) return false;
        if (f.dialogue !== null && (p.has_dialogue === 1) !== f.dialogue) return false;
        if (f.remixes === 'any' && !p.remix_of) return false;
        if (f.remixes === 'of-mine' && !(p.remix_of && mine.has(p.remix_of))) return false;
        if (f.mine && p.account_id !== me.id) return false;
        if (f.friends && !following.has(p.account_id)) return false;
        if (f.by && names.get(p.account_id) !== f.by.toLowerCase()) return false;
        const text = `${p.title} ${p.prompt} ${p.styles} ${p.tags}`.toLowerCase();
        return f.terms.every((t) => text.includes(t));
      });
      // People you follow first, each group newest first.
      hits.sort((a, b) => Number(following.has(b.account_id)) - Number(following.has(a.account_id)));
      return { interpretation: f.interpretation, filter: f, posts: hits.slice(0, limit).map((p) => postView(p, me)) };
    }
    let pm = m(/^\/api\/posts\/([0-9a-f-]{36})(\/(video|thumb|storyboard))?$/);
    if (pm) {
      const p = db.prepare('SELECT * FROM posts WHERE id = ?').get(pm[1]) as PostRow | undefined;
      if (!p) throw new HttpError(404, 'No such post on this feed.');
      if (p.deleted_at) throw new HttpError(410, 'This post was taken down; its storyboard can no longer be remixed.', 'gone');
      // A hidden post can still be taken down (by its creator or a cameo's owner: takedown checks).
      if (req.method === 'DELETE' && !pm[2]) return takedown(p, me);
      if (p.hidden_reason && p.account_id !== me.id) throw new HttpError(410, `This post is hidden: ${p.hidden_reason}.`, 'gone');
      if (req.method !== 'GET') throw new HttpError(405, `${req.method} is not allowed here.`);
      if (!pm[2]) return postView(p, me);
      const dir = join(mediaDir, p.id);
      if (pm[3] === 'storyboard') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${p.id}.shotline"`,
        });
        res.end(readFileSync(join(dir, 'storyboard.shotline')));
        return undefined;
      }
      sendFile(req, res, join(dir, pm[3] === 'video' ? 'video.mp4' : 'thumb.jpg'), pm[3] === 'video' ? 'video/mp4' : 'image/jpeg');
      return undefined;
    }
    // Cameo consent across studios.
    if (req.method === 'POST' && path === '/api/cameos') {
      const b = (await json(req)) as { name?: string; policy?: string; cameoId?: string };
      if (!b.name || !['only-me', 'approved', 'anyone'].includes(b.policy ?? ''))
        throw new HttpError(400, 'A cameo needs a name and a policy (only-me, approved or anyone).');
      const id = b.cameoId && /^[0-9a-f-]{36}$/.test(b.cameoId) ? b.cameoId : randomUUID();
      const existing = db.prepare('SELECT * FROM cameos WHERE id = ?').get(id) as CameoRow | undefined;
      if (existing && existing.owner_id !== me.id) throw new HttpError(403, 'That cameo belongs to someone else.');
      if (existing) db.prepare('UPDATE cameos SET name = ?, policy = ? WHERE id = ?').run(b.name, b.policy, id);
      else
        db.prepare('INSERT INTO cameos (id, owner_id, name, policy, created_at) VALUES (?, ?, ?, ?, ?)').run(
          id,
          me.id,
          b.name,
          b.policy,
          now(),
        );
      return { cameoId: id };
    }
    pm = m(/^\/api\/cameos\/([0-9a-f-]{36})(\/(requests|revoke|grants))?$/);
    if (pm) {
      const cameo = db.prepare('SELECT * FROM cameos WHERE id = ?').get(pm[1]) as CameoRow | undefined;
      if (!cameo) throw new HttpError(404, 'No such cameo is published on this feed.');
      const owner = db.prepare('SELECT name FROM accounts WHERE id = ?').get(cameo.owner_id) as { name: string };
      if (req.method === 'GET' && !pm[2])
        return { id: cameo.id, name: cameo.name, owner: owner.name, policy: cameo.policy, revoked: !!cameo.revoked_at };
      if (req.method === 'POST' && pm[3] === 'requests') {
        if (cameo.revoked_at) throw new HttpError(403, `Cameo "${cameo.name}" was revoked by its owner.`);
        if (cameo.policy === 'anyone') return { grant: issueGrant(cameo, me) };
        if (cameo.policy === 'only-me') throw new HttpError(403, `${owner.name} lets only themselves use cameo "${cameo.name}".`);
        db.prepare('INSERT OR REPLACE INTO cameo_requests (cameo_id, account_id, state, at) VALUES (?, ?, ?, ?)').run(
          cameo.id,
          me.id,
          'pending',
          now(),
        );
        notify(cameo.owner_id, 'cameo-request', `${me.name} asks to use your cameo "${cameo.name}".`);
        return { requested: true };
      }
      if (cameo.owner_id !== me.id) throw new HttpError(403, `Only ${owner.name}, who owns cameo "${cameo.name}", can do that.`);
      if (req.method === 'GET' && pm[3] === 'requests') {
        const requests = db
          .prepare(
            'SELECT a.name AS account, r.state, r.at FROM cameo_requests r JOIN accounts a ON a.id = r.account_id WHERE r.cameo_id = ? ORDER BY r.at',
          )
          .all(cameo.id) as { account: string; state: string; at: string }[];
        const grants = (
          db
            .prepare(
              'SELECT g.id, a.name AS account, g.expires_at, g.revoked_at FROM grants g JOIN accounts a ON a.id = g.grantee_id WHERE g.cameo_id = ? ORDER BY g.created_at',
            )
            .all(cameo.id) as { id: string; account: string; expires_at: string; revoked_at: string | null }[]
        ).map((g) => ({ id: g.id, account: g.account, expiresAt: g.expires_at, revoked: !!g.revoked_at }));
        return { requests, grants };
      }
      if (req.method === 'POST' && pm[3] === 'grants') {
        const { account: name } = (await json(req)) as { account?: string };
        const grantee = db.prepare('SELECT id, name, created_at FROM accounts WHERE name = ?').get(name ?? '') as AccountRow | undefined;
        if (!grantee) throw new HttpError(404, `Nobody called "${name}" on this feed.`);
        db.prepare('UPDATE cameo_requests SET state = ? WHERE cameo_id = ? AND account_id = ?').run('approved', cameo.id, grantee.id);
        const grant = issueGrant(cameo, grantee);
        notify(
          grantee.id,
          'cameo-grant',
          `${me.name} lets you use cameo "${cameo.name}" until ${(readGrant(grant, key.publicKey) as GrantClaims).expiresAt.slice(0, 10)}.`,
        );
        return { grant };
      }
      if (req.method === 'POST' && pm[3] === 'revoke') {
        db.prepare('UPDATE cameos SET revoked_at = ? WHERE id = ?').run(now(), cameo.id);
        hidePostsWith(`cameo "${cameo.name}" was revoked by its owner`, 'SELECT post_id FROM post_cameos WHERE cameo_id = ?', cameo.id);
        return { revoked: cameo.id };
      }
    }
    pm = m(/^\/api\/grants\/([0-9a-f-]{36})$/);
    if (pm && req.method === 'DELETE') {
      const g = db.prepare('SELECT g.*, c.owner_id, c.name FROM grants g JOIN cameos c ON c.id = g.cameo_id WHERE g.id = ?').get(pm[1]) as
        (GrantRow & { owner_id: string; name: string }) | undefined;
      if (!g) throw new HttpError(404, 'No such grant.');
      if (g.owner_id !== me.id) throw new HttpError(403, 'Only the cameo’s owner can revoke its grants.');
      db.prepare('UPDATE grants SET revoked_at = ? WHERE id = ?').run(now(), g.id);
      hidePostsWith(
        `the permission to use cameo "${g.name}" was revoked by its owner`,
        'SELECT post_id FROM post_cameos WHERE grant_id = ?',
        g.id,
      );
      notify(g.grantee_id, 'cameo-revoked', `${me.name} revoked your permission to use cameo "${g.name}".`);
      return { revoked: g.id };
    }
    if (req.method === 'GET' && path === '/api/grants') {
      // The grantee's grants, each with its signed token (Ed25519 signs the same claims to the same token).
      const rows = db
        .prepare(
          'SELECT g.id, g.cameo_id, g.expires_at, g.revoked_at, c.name AS cameo_name, o.name AS owner_name FROM grants g JOIN cameos c ON c.id = g.cameo_id JOIN accounts o ON o.id = c.owner_id WHERE g.grantee_id = ?',
        )
        .all(me.id) as (GrantRow & { cameo_name: string; owner_name: string })[];
      return {
        grants: rows.map((g) => ({
          id: g.id,
          cameoId: g.cameo_id,
          expiresAt: g.expires_at,
          revoked: !!g.revoked_at,
          ...(g.revoked_at
            ? {}
            : {
                grant: signGrant(
                  {
                    grantId: g.id,
                    cameoId: g.cameo_id,
                    cameoName: g.cameo_name,
                    grantee: me.id,
                    owner: g.owner_name,
                    expiresAt: g.expires_at,
                  },
                  key.privateKey,
                ),
              }),
        })),
      };
    }
    if (req.method === 'GET' && path === '/api/notifications') {
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      return {
        items: db.prepare('SELECT id, kind, message, at FROM notifications WHERE account_id = ? AND id > ? ORDER BY id').all(me.id, after),
      };
    }
    throw new HttpError(404, `Nothing at ${req.method} ${path}.`);
  };

  const http: HttpServer = createServer(timeoutOptions(config), (req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed');
    const upload = url.pathname.startsWith('/api/uploads');
    slow.watch(req, res, upload && req.method === 'PATCH');
    if (upload) {
      void tus.handle(req, res);
      return;
    }
    routes(req, res, url)
      .then((value) => {
        if (value === undefined) return;
        const body = JSON.stringify(value);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })
      .catch((e: unknown) => {
        const err = e instanceof HttpError ? e : new HttpError(500, `The feed failed: ${(e as Error).message}`);
        if (res.headersSent) return void res.destroy();
        const body = JSON.stringify({ error: { code: err.code, message: err.message } });
        res.writeHead(err.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(body);
      });
  });
  // Slow clients are cut off rather than held forever (FEED_*_TIMEOUT_S).
  const slow = guardSlowClients(http, config);
  // Abandoned partial uploads and drafts go (FEED_ABANDONED_HOURS), on start (above) and every FEED_SWEEP_MINUTES.
  const sweeper = setInterval(() => void sweep().catch(() => undefined), config.sweepMinutes * 60_000);
  sweeper.unref();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    clearInterval(sweeper);
    slow.stop();
    db.close();
    throw e;
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host}:${port}`,
    db,
    publicKeyPem: key.publicPem,
    sweep,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        slow.stop();
        http.closeAllConnections();
        http.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
