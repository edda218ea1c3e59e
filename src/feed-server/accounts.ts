import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { feedConfig } from './config';
import { HttpError, now } from './http';
import { openFeedDb, type AccountRow, type Db, type TokenRow } from './store';

/** An account signed in with one of its tokens. */
export interface SignedIn extends AccountRow {
  tokenId: string;
  tokenExpiresAt: string | null;
}

/** A token as it is shown to its owner (never its hash). */
export interface TokenView {
  id: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  state: 'valid' | 'expired' | 'revoked';
  current: boolean;
}

export const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');
const NAME = /^[\p{L}\p{N}_.-]{2,40}$/u;
const day = (iso: string) => iso.slice(0, 10);
const newToken = () => `slf_${randomBytes(24).toString('base64url')}`;
const stateOf = (t: Pick<TokenRow, 'expires_at' | 'revoked_at'>): TokenView['state'] =>
  t.revoked_at ? 'revoked' : t.expires_at && Date.parse(t.expires_at) <= Date.now() ? 'expired' : 'valid';

/**
 * Accounts and their API tokens (stored hashed): a token lasts `tokenDays`, an account may hold
 * several (a new one is made by the account itself or by the host), and each can be revoked.
 */
export function feedAccounts(db: Db, tokenDays: number) {
  const byHash = db.prepare(
    `SELECT a.id, a.name, a.created_at, t.id AS token_id, t.expires_at, t.revoked_at
     FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?`,
  );
  const byName = db.prepare('SELECT id, name, created_at FROM accounts WHERE name = ?');
  const insertToken = db.prepare('INSERT INTO tokens (id, account_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');

  const addToken = (accountId: string, token: string) => {
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + tokenDays * 86400_000).toISOString();
    insertToken.run(id, accountId, hashToken(token), now(), expiresAt);
    return { tokenId: id, token, expiresAt };
  };

  /** Tokens carried over from a database older than token expiry get one: `tokenDays` from now. */
  const dateLegacyTokens = (): number =>
    db.prepare('UPDATE tokens SET expires_at = ? WHERE expires_at IS NULL').run(new Date(Date.now() + tokenDays * 86400_000).toISOString())
      .changes;

  const create = (name: unknown) => {
    if (typeof name !== 'string' || !NAME.test(name))
      throw new HttpError(400, 'A name is 2 to 40 letters, digits, dots, dashes or underscores.', 'invalid_name');
    if (byName.get(name)) throw new HttpError(409, `The name "${name}" is taken on this feed.`, 'name_taken');
    const id = randomUUID();
    const token = newToken();
    return db.transaction(() => {
      db.prepare('INSERT INTO accounts (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(id, name, hashToken(token), now());
      return { id, name, ...addToken(id, token) };
    })();
  };

  const find = (name: string): AccountRow => {
    const a = byName.get(name) as AccountRow | undefined;
    if (!a) throw new HttpError(404, `Nobody called "${name}" on this feed.`, 'not_found');
    return a;
  };

  /** The account a request's `Authorization: Bearer …` header signs in, or a 401 that says why not and what to do. */
  const authenticate = (authorization: string | null | undefined): SignedIn => {
    const m = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!m) throw new HttpError(401, 'Sign in: this request needs an API token (Authorization: Bearer …).', 'unauthorized');
    const row = byHash.get(hashToken(m[1]!)) as
      (AccountRow & { token_id: string; expires_at: string | null; revoked_at: string | null }) | undefined;
    if (!row)
      throw new HttpError(
        401,
        'The API token is not valid for this feed (mistyped, or from another feed). Sign in with a token this feed gave you.',
        'unauthorized',
      );
    if (row.revoked_at)
      throw new HttpError(
        401,
        `This API token was revoked on ${day(row.revoked_at)}. Sign in again with a new token: make one with another token of yours (POST /api/tokens), or ask the feed's host for one (shotline feed-server accounts token ${row.name}).`,
        'token_revoked',
      );
    if (row.expires_at && Date.parse(row.expires_at) <= Date.now())
      throw new HttpError(
        401,
        `This API token expired on ${day(row.expires_at)} (tokens on this feed last ${tokenDays} days). Sign in again with a new token: ask the feed's host for one (shotline feed-server accounts token ${row.name}), or make one with another token of yours that is still valid (POST /api/tokens).`,
        'token_expired',
      );
    return { id: row.id, name: row.name, created_at: row.created_at, tokenId: row.token_id, tokenExpiresAt: row.expires_at };
  };

  const tokens = (accountId: string, currentTokenId: string | null = null): TokenView[] =>
    (db.prepare('SELECT * FROM tokens WHERE account_id = ? ORDER BY created_at, rowid').all(accountId) as TokenRow[]).map((t) => ({
      id: t.id,
      createdAt: t.created_at,
      expiresAt: t.expires_at,
      revokedAt: t.revoked_at,
      state: stateOf(t),
      current: t.id === currentTokenId,
    }));

  /** Revokes one token of an account; the revoked token is refused from now on. */
  const revoke = (accountId: string, tokenId: string): { revoked: string } => {
    const t = db.prepare('SELECT * FROM tokens WHERE id = ? AND account_id = ?').get(tokenId, accountId) as TokenRow | undefined;
    if (!t) throw new HttpError(404, 'You have no token with that id (GET /api/tokens lists yours).', 'not_found');
    if (!t.revoked_at) db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(now(), t.id);
    return { revoked: t.id };
  };

  /** Revokes every token of an account that is not revoked yet; returns how many. */
  const revokeAll = (accountId: string): number =>
    db.prepare('UPDATE tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL').run(now(), accountId).changes;

  const list = () =>
    (db.prepare('SELECT id, name, created_at FROM accounts ORDER BY created_at, rowid').all() as AccountRow[]).map((a) => {
      const ts = tokens(a.id);
      const valid = ts.filter((t) => t.state === 'valid');
      return {
        id: a.id,
        name: a.name,
        createdAt: a.created_at,
        validTokens: valid.length,
        tokenExpiresAt: valid.map((t) => t.expiresAt).reduce<string | null>((x, y) => (x && (!y || x > y) ? x : y), null),
      };
    });

  return {
    create,
    find,
    authenticate,
    issueToken: (accountId: string) => addToken(accountId, newToken()),
    tokens,
    revoke,
    revokeAll,
    list,
    dateLegacyTokens,
  };
}

export interface Output {
  write(text: string): unknown;
}

const USAGE = `Usage (on the data folder of FEED_DATA_DIR, like the service):
  shotline feed-server accounts add <name> [--json]     create an account; prints its API token
  shotline feed-server accounts list [--json]           accounts, their valid tokens and when those expire
  shotline feed-server accounts token <name> [--json]   a new API token for an account (after one expired or was revoked)
  shotline feed-server accounts revoke <name>           revoke every token of an account
`;

/**
 * `shotline feed-server accounts …`: how the host makes accounts when FEED_OPEN_SIGNUP=0 (and new
 * tokens for them), on the same data folder and environment as the service; it may be running.
 * Returns the exit status: 0 done, 1 refused (with the reason on `err`), 2 bad usage.
 */
export function accountsCommand(args: string[], env: NodeJS.ProcessEnv, io: { out: Output; err: Output; json?: boolean }): number {
  const [sub, name, extra] = args;
  const needsName = sub === 'add' || sub === 'token' || sub === 'revoke';
  if (!sub || !['add', 'list', 'token', 'revoke'].includes(sub) || (needsName ? !name || extra !== undefined : name !== undefined)) {
    io.err.write(USAGE);
    return 2;
  }
  let config;
  try {
    config = feedConfig(env);
  } catch (e) {
    io.err.write(`${(e as Error).message}\n`);
    return 2;
  }
  const file = join(config.dataDir, 'feed.db');
  if (sub !== 'add' && !existsSync(file)) {
    io.err.write(`There is no feed database at ${file}. Set FEED_DATA_DIR to the folder the feed service uses.\n`);
    return 1;
  }
  const db = openFeedDb(file);
  try {
    const accounts = feedAccounts(db, config.tokenDays);
    accounts.dateLegacyTokens();
    const print = (value: unknown, text: string) => io.out.write(io.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
    if (sub === 'list') {
      const rows = accounts.list();
      print(
        rows,
        rows.length
          ? rows
              .map(
                (a) =>
                  `${a.name.padEnd(24)} ${a.validTokens} valid token(s)${a.tokenExpiresAt ? `, until ${day(a.tokenExpiresAt)}` : ''}  (created ${day(a.createdAt)})`,
              )
              .join('\n')
          : `No accounts yet in ${config.dataDir}. Make one: shotline feed-server accounts add <name>`,
      );
      return 0;
    }
    if (sub === 'add') {
      const a = accounts.create(name);
      print(
        { id: a.id, name: a.name, token: a.token, expiresAt: a.expiresAt },
        `Account "${a.name}" created in ${config.dataDir}.\nIts API token (shown only now; valid until ${day(a.expiresAt)}):\n${a.token}`,
      );
      return 0;
    }
    const a = accounts.find(name!);
    if (sub === 'token') {
      const t = accounts.issueToken(a.id);
      print(
        { id: a.id, name: a.name, token: t.token, expiresAt: t.expiresAt },
        `A new API token for "${a.name}" (shown only now; valid until ${day(t.expiresAt)}; earlier tokens still work until they expire or are revoked):\n${t.token}`,
      );
      return 0;
    }
    const n = accounts.revokeAll(a.id);
    print(
      { name: a.name, revoked: n },
      `Revoked ${n} token(s) of "${a.name}". Give them a new one with: shotline feed-server accounts token ${a.name}`,
    );
    return 0;
  } catch (e) {
    io.err.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    db.close();
  }
}
