import type { Db } from '../store/db';
import type {
  CameoFrame,
  CameoKind,
  CameoStatus,
  CameoUse,
  ConsentPolicy,
  GrantState,
  LikenessGuard,
  Liveness,
  Notification,
  Profile,
  VoiceProfile,
} from '../../../shared/cameos';

/** What the capture derived (paths are media-relative). */
export interface Likeness {
  dir: string;
  capture: string;
  challengePhrase: string | null;
  frames: CameoFrame[];
  voiceSamples: string[];
  thumbnail: string | null;
}

export interface CameoRow {
  id: string;
  ownerId: string;
  name: string;
  kind: CameoKind;
  status: CameoStatus;
  policy: ConsentPolicy;
  createdAt: string;
  revokedAt: string | null;
  liveness: Liveness;
  likeness: Likeness;
  voice: VoiceProfile | null;
  embedding: Float32Array | null;
  guard: LikenessGuard;
}

export interface GrantRow {
  cameoId: string;
  profileId: string;
  state: GrantState;
  use: CameoUse;
  requestedAt: string;
  decidedAt: string | null;
}

/** none: not asked yet; refused: the owner's policy lets nobody else use it. */
export type FeedGrantState = 'none' | 'pending' | 'granted' | 'revoked' | 'refused';

export interface FeedGrantRow {
  cameoId: string;
  feedUrl: string;
  state: FeedGrantState;
  /** The signed token (verified against the feed's key before it was stored). */
  token: string | null;
  grantId: string | null;
  expiresAt: string | null;
  updatedAt: string;
}

interface RawFeedGrant {
  cameo_id: string;
  feed_url: string;
  state: FeedGrantState;
  grant_token: string | null;
  grant_id: string | null;
  expires_at: string | null;
  updated_at: string;
}

interface RawCameo {
  id: string;
  owner_id: string;
  name: string;
  kind: CameoKind;
  status: CameoStatus;
  policy: ConsentPolicy;
  created_at: string;
  revoked_at: string | null;
  liveness_json: string;
  likeness_json: string;
  voice_json: string | null;
  embedding: Buffer | null;
  guard_json: string;
}

const toRow = (r: RawCameo): CameoRow => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  kind: r.kind,
  status: r.status,
  policy: r.policy,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  liveness: JSON.parse(r.liveness_json) as Liveness,
  likeness: JSON.parse(r.likeness_json) as Likeness,
  voice: r.voice_json ? (JSON.parse(r.voice_json) as VoiceProfile) : null,
  embedding: r.embedding ? new Float32Array(new Uint8Array(r.embedding).buffer) : null,
  guard: JSON.parse(r.guard_json) as LikenessGuard,
});

/** SQLite rows of profiles, cameos, grants, the usage log, cameo outputs and notifications. */
export class CameoStore {
  constructor(private readonly db: Db) {}

  // Profiles
  profiles(): Profile[] {
    // Stand-ins for the owners of cameos shared from other studios are never listed or switched to.
    const sql = 'SELECT id, name, created_at FROM profiles WHERE remote_json IS NULL ORDER BY created_at, id';
    return (this.db.prepare(sql).all() as RawProfile[]).map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: p.created_at,
    }));
  }
  profile(id: string): Profile | null {
    const p = this.db.prepare('SELECT id, name, created_at FROM profiles WHERE id = ?').get(id) as RawProfile | undefined;
    return p ? { id: p.id, name: p.name, createdAt: p.created_at } : null;
  }
  insertProfile(p: Profile): void {
    this.db.prepare('INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)').run(p.id, p.name, p.createdAt);
  }
  /** The stand-in profile for a cameo owner on a feed (made once per feed and owner name). */
  remoteProfile(feedUrl: string, ownerName: string, make: () => Profile): Profile {
    const remote = JSON.stringify({ feedUrl, ownerName });
    const p = this.db.prepare('SELECT id, name, created_at FROM profiles WHERE remote_json = ?').get(remote) as RawProfile | undefined;
    if (p) return { id: p.id, name: p.name, createdAt: p.created_at };
    const fresh = make();
    this.db
      .prepare('INSERT INTO profiles (id, name, created_at, remote_json) VALUES (?, ?, ?, ?)')
      .run(fresh.id, fresh.name, fresh.createdAt, remote);
    return fresh;
  }
  /** Where a stand-in profile's person is (their feed and name there), or null for a local profile. */
  remoteOf(id: string): { feedUrl: string; ownerName: string } | null {
    const r = this.db.prepare('SELECT remote_json FROM profiles WHERE id = ?').get(id) as { remote_json: string | null } | undefined;
    return r?.remote_json ? (JSON.parse(r.remote_json) as { feedUrl: string; ownerName: string }) : null;
  }
  renameProfile(id: string, name: string): void {
    this.db.prepare('UPDATE profiles SET name = ? WHERE id = ?').run(name, id);
  }

  // Cameos
  cameos(): CameoRow[] {
    return (this.db.prepare('SELECT * FROM cameos ORDER BY created_at DESC, id').all() as RawCameo[]).map(toRow);
  }
  cameo(id: string): CameoRow | null {
    const r = this.db.prepare('SELECT * FROM cameos WHERE id = ?').get(id) as RawCameo | undefined;
    return r ? toRow(r) : null;
  }
  insertCameo(c: CameoRow): void {
    this.db
      .prepare(
        `INSERT INTO cameos (id, owner_id, name, kind, status, policy, created_at, revoked_at, liveness_json, likeness_json,
           voice_json, embedding, guard_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.id,
        c.ownerId,
        c.name,
        c.kind,
        c.status,
        c.policy,
        c.createdAt,
        c.revokedAt,
        JSON.stringify(c.liveness),
        JSON.stringify(c.likeness),
        c.voice ? JSON.stringify(c.voice) : null,
        c.embedding ? Buffer.from(c.embedding.buffer, c.embedding.byteOffset, c.embedding.byteLength) : null,
        JSON.stringify(c.guard),
      );
  }
  updateCameo(id: string, patch: Partial<Pick<CameoRow, 'name' | 'policy' | 'status' | 'revokedAt' | 'guard'>>): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    const col = { name: 'name', policy: 'policy', status: 'status', revokedAt: 'revoked_at', guard: 'guard_json' } as const;
    for (const [k, v] of Object.entries(patch) as [keyof typeof col, unknown][]) {
      sets.push(`${col[k]} = ?`);
      values.push(k === 'guard' ? JSON.stringify(v) : v);
    }
    if (sets.length) this.db.prepare(`UPDATE cameos SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }
  /** A re-capture: new liveness, likeness, voice and embedding for the same cameo (its consent stays). */
  replaceCapture(id: string, c: Pick<CameoRow, 'status' | 'liveness' | 'likeness' | 'voice' | 'embedding' | 'guard'>): void {
    this.db
      .prepare(
        'UPDATE cameos SET status = ?, liveness_json = ?, likeness_json = ?, voice_json = ?, embedding = ?, guard_json = ? WHERE id = ?',
      )
      .run(
        c.status,
        JSON.stringify(c.liveness),
        JSON.stringify(c.likeness),
        c.voice ? JSON.stringify(c.voice) : null,
        c.embedding ? Buffer.from(c.embedding.buffer, c.embedding.byteOffset, c.embedding.byteLength) : null,
        JSON.stringify(c.guard),
        id,
      );
  }
  /** Where the cameo's policy is published, if it is. */
  feed(id: string): { url: string; cameoId: string } | null {
    const r = this.db.prepare('SELECT feed_json FROM cameos WHERE id = ?').get(id) as { feed_json: string | null } | undefined;
    return r?.feed_json ? (JSON.parse(r.feed_json) as { url: string; cameoId: string }) : null;
  }
  setFeed(id: string, feed: { url: string; cameoId: string } | null): void {
    this.db.prepare('UPDATE cameos SET feed_json = ? WHERE id = ?').run(feed ? JSON.stringify(feed) : null, id);
  }
  /** The feed grant this studio holds for a cameo shared from another studio. */
  feedGrant(cameoId: string): FeedGrantRow | null {
    const r = this.db.prepare('SELECT * FROM feed_grants WHERE cameo_id = ?').get(cameoId) as RawFeedGrant | undefined;
    return r
      ? {
          cameoId: r.cameo_id,
          feedUrl: r.feed_url,
          state: r.state,
          token: r.grant_token,
          grantId: r.grant_id,
          expiresAt: r.expires_at,
          updatedAt: r.updated_at,
        }
      : null;
  }
  putFeedGrant(g: FeedGrantRow): void {
    this.db
      .prepare(
        `INSERT INTO feed_grants (cameo_id, feed_url, state, grant_token, grant_id, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(cameo_id) DO UPDATE SET feed_url = excluded.feed_url, state = excluded.state, grant_token = excluded.grant_token,
           grant_id = excluded.grant_id, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(g.cameoId, g.feedUrl, g.state, g.token, g.grantId, g.expiresAt, g.updatedAt);
  }
  deleteCameo(id: string): void {
    this.db.prepare('DELETE FROM cameos WHERE id = ?').run(id);
  }

  // Grants (requests and the owner's decisions)
  grants(cameoId: string): GrantRow[] {
    return (this.db.prepare('SELECT * FROM cameo_grants WHERE cameo_id = ? ORDER BY requested_at').all(cameoId) as RawGrant[]).map(toGrant);
  }
  grant(cameoId: string, profileId: string): GrantRow | null {
    const g = this.db.prepare('SELECT * FROM cameo_grants WHERE cameo_id = ? AND profile_id = ?').get(cameoId, profileId) as
      RawGrant | undefined;
    return g ? toGrant(g) : null;
  }
  putGrant(g: GrantRow): void {
    this.db
      .prepare(
        `INSERT INTO cameo_grants (cameo_id, profile_id, state, use, requested_at, decided_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(cameo_id, profile_id) DO UPDATE SET state = excluded.state, use = excluded.use,
           requested_at = excluded.requested_at, decided_at = excluded.decided_at`,
      )
      .run(g.cameoId, g.profileId, g.state, g.use, g.requestedAt, g.decidedAt);
  }

  // Usage log and outputs
  logUse(e: { cameoId: string; profileId: string; use: CameoUse; projectId: string | null; detail: string; at: string }): void {
    this.db
      .prepare('INSERT INTO cameo_usage (cameo_id, profile_id, use, project_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.cameoId, e.profileId, e.use, e.projectId, e.detail, e.at);
  }
  usage(cameoId: string, limit = 200): RawUsage[] {
    return this.db.prepare('SELECT * FROM cameo_usage WHERE cameo_id = ? ORDER BY id DESC LIMIT ?').all(cameoId, limit) as RawUsage[];
  }
  addOutput(o: { path: string; cameoId: string; cameoName: string; profileId: string; kind: 'take' | 'export'; at: string }): void {
    this.db
      .prepare(
        `INSERT INTO cameo_outputs (path, cameo_id, cameo_name, profile_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(path, cameo_id) DO UPDATE SET profile_id = excluded.profile_id, created_at = excluded.created_at,
           cameo_name = excluded.cameo_name, revoked_at = NULL`,
      )
      .run(o.path, o.cameoId, o.cameoName, o.profileId, o.kind, o.at);
  }
  outputsOf(path: string): { cameoId: string; cameoName: string; profileId: string; revokedAt: string | null }[] {
    return (
      this.db.prepare('SELECT cameo_id, cameo_name, profile_id, revoked_at FROM cameo_outputs WHERE path = ?').all(path) as {
        cameo_id: string;
        cameo_name: string;
        profile_id: string;
        revoked_at: string | null;
      }[]
    ).map((o) => ({ cameoId: o.cameo_id, cameoName: o.cameo_name, profileId: o.profile_id, revokedAt: o.revoked_at }));
  }
  /** Marks the outputs of a cameo (all, or one profile's) as made before a revocation; returns their paths. */
  revokeOutputs(cameoId: string, at: string, profileId?: string): string[] {
    const where = profileId ? 'cameo_id = ? AND profile_id = ? AND revoked_at IS NULL' : 'cameo_id = ? AND revoked_at IS NULL';
    const args = profileId ? [cameoId, profileId] : [cameoId];
    const paths = (this.db.prepare(`SELECT path FROM cameo_outputs WHERE ${where}`).all(...args) as { path: string }[]).map((r) => r.path);
    this.db.prepare(`UPDATE cameo_outputs SET revoked_at = ? WHERE ${where}`).run(at, ...args);
    return paths;
  }
  revokedOutputCount(cameoId: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM cameo_outputs WHERE cameo_id = ? AND revoked_at IS NOT NULL').get(cameoId) as {
        n: number;
      }
    ).n;
  }

  // Notifications
  notify(n: { profileId: string; kind: Notification['kind']; message: string; cameoId: string | null; at: string }): void {
    this.db
      .prepare('INSERT INTO notifications (profile_id, kind, message, cameo_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(n.profileId, n.kind, n.message, n.cameoId, n.at);
  }
  notifications(profileId: string, limit = 100): Notification[] {
    return (
      this.db.prepare('SELECT * FROM notifications WHERE profile_id = ? ORDER BY id DESC LIMIT ?').all(profileId, limit) as {
        id: number;
        kind: Notification['kind'];
        message: string;
        cameo_id: string | null;
        at: string;
        read_at: string | null;
      }[]
    ).map((n) => ({ id: n.id, kind: n.kind, message: n.message, cameoId: n.cameo_id, at: n.at, read: n.read_at !== null }));
  }
  markRead(profileId: string, at: string): void {
    this.db.prepare('UPDATE notifications SET read_at = ? WHERE profile_id = ? AND read_at IS NULL').run(at, profileId);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

interface RawProfile {
  id: string;
  name: string;
  created_at: string;
}
interface RawGrant {
  cameo_id: string;
  profile_id: string;
  state: GrantState;
  use: CameoUse;
  requested_at: string;
  decided_at: string | null;
}
export interface RawUsage {
  id: number;
  cameo_id: string;
  profile_id: string;
  use: CameoUse;
  project_id: string | null;
  detail: string;
  at: string;
}
const toGrant = (g: RawGrant): GrantRow => ({
  cameoId: g.cameo_id,
  profileId: g.profile_id,
  state: g.state,
  use: g.use,
  requestedAt: g.requested_at,
  decidedAt: g.decided_at,
});
