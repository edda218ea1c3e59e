import { randomUUID } from 'node:crypto';
import type { FeedContext } from './context';
import { readGrant, signGrant } from './grants';
import { now } from './http';
import type { AccountRow, CameoRow, GrantRow, PostRow } from './store';

/** Cameo consent on the feed: whether a cameo may be in a post, signed grants, hiding posts after a revocation. */
export function feedConsent(ctx: FeedContext) {
  const { db, key, config, notify } = ctx;
  /** Why a cameo may not appear in a post by `uploader`, or null. */
  const cameoProblem = (c: { cameoId: string; grant: string | null }, uploader: AccountRow): string | null => {
    const cameo = db.prepare('SELECT * FROM cameos WHERE id = ?').get(c.cameoId) as CameoRow | undefined;
    if (!cameo) return `cameo ${c.cameoId} is not published on this feed; its owner must publish its permissions first`;
    if (cameo.revoked_at) return `cameo "${cameo.name}" was revoked by its owner`;
    if (cameo.owner_id === uploader.id || cameo.policy === 'anyone') return null;
    if (!c.grant) return `cameo "${cameo.name}" needs its owner's grant; ask for one in the studio`;
    const claims = readGrant(c.grant, key.publicKey);
    if ('error' in claims) return `cameo "${cameo.name}": ${claims.error}`;
    if (claims.cameoId !== cameo.id) return `the grant is for another cameo ("${claims.cameoName}"), not "${cameo.name}"`;
    if (claims.grantee !== uploader.id) return `the grant for "${cameo.name}" was given to another account`;
    if (Date.parse(claims.expiresAt) <= Date.now())
      return `the grant for "${cameo.name}" expired on ${claims.expiresAt.slice(0, 10)}; ask for a new one`;
    const g = db.prepare('SELECT * FROM grants WHERE id = ?').get(claims.grantId) as GrantRow | undefined;
    if (!g || g.revoked_at) return `the grant for "${cameo.name}" was revoked by its owner`;
    return null;
  };

  const issueGrant = (cameo: CameoRow, grantee: AccountRow): string => {
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + config.grantDays * 86400_000).toISOString();
    db.prepare('INSERT INTO grants (id, cameo_id, grantee_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      cameo.id,
      grantee.id,
      expiresAt,
      now(),
    );
    const owner = db.prepare('SELECT name FROM accounts WHERE id = ?').get(cameo.owner_id) as { name: string };
    return signGrant(
      { grantId: id, cameoId: cameo.id, cameoName: cameo.name, grantee: grantee.id, owner: owner.name, expiresAt },
      key.privateKey,
    );
  };

  const hidePostsWith = (reason: string, select: string, arg: string) => {
    for (const { post_id } of db.prepare(select).all(arg) as { post_id: string }[]) {
      const p = db.prepare('SELECT * FROM posts WHERE id = ?').get(post_id) as PostRow;
      if (p.hidden_reason || p.deleted_at) continue;
      db.prepare('UPDATE posts SET hidden_reason = ? WHERE id = ?').run(reason, post_id);
      notify(p.account_id, 'takedown', `Your post "${p.title}" is hidden: ${reason}.`);
    }
  };

  return { cameoProblem, issueGrant, hidePostsWith };
}
