import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../../shared/domain';
import {
  type CameoDetail,
  type CameoSummary,
  type CameoUse,
  type ConsentPolicy,
  type Notification,
  type Profile,
  type UseState,
} from '../../../shared/cameos';
import { AppError } from '../../../shared/result';
import type { EventBus } from '../events';
import type { CameoRow, CameoStore } from './cameoStore';
import { denialError, sharedUseState, useStateOf, type Denial } from './consentRules';
import { cameoDetail, cameoSummary } from './consentViews';
import type { Profiles } from './profiles';

export type { Denial } from './consentRules';

export interface ConsentDeps {
  store: CameoStore;
  profiles: Profiles;
  events: EventBus;
  clock: () => string;
  mediaDir: string;
  /** Marks takes in projects that were made with a cameo before it (or a grant) was revoked. */
  onOutputsRevoked?: (paths: string[]) => void;
  /** The policy or status of a cameo changed (a published cameo is updated on its feed). */
  onPolicyChanged?: (cameoId: string) => void;
}

/**
 * Who may use which cameo. Profiles are the people of this studio (one active at a time); each
 * cameo has an owner and a policy (only me / people I approve / anyone). A use by someone not
 * allowed becomes a request the owner decides; the owner can revoke a grant or the whole cameo.
 * Every use is logged and the owner notified; outputs made before a revocation are marked.
 * Profiles (the people of this studio) are kept by `Profiles`.
 */
export class ConsentService {
  constructor(private readonly d: ConsentDeps) {}

  /** The active profile (see Profiles). */
  activeProfile(): Profile {
    return this.d.profiles.active();
  }

  // Reading
  summaries(): CameoSummary[] {
    const me = this.activeProfile().id;
    return this.d.store.cameos().map((c) => cameoSummary(this.d.store, c, me, (x, p) => this.useState(x, p)));
  }

  detail(id: string): CameoDetail {
    return cameoDetail(this.d.store, this.require(id), this.activeProfile().id, (c, p) => this.useState(c, p));
  }

  /** The row itself (the engine's own use: previz cut-outs, voice matching). */
  row(id: string): CameoRow | null {
    return this.d.store.cameo(id);
  }

  /** Whether a profile may use a cameo now, with the reason when not. */
  useState(c: CameoRow, profileId: string): { state: UseState; message: string } {
    const remote = this.d.store.remoteOf(c.ownerId);
    if (remote) return sharedUseState(c, remote, this.d.store.feedGrant(c.id), Date.now());
    return useStateOf(c, profileId, {
      name: (id) => this.d.store.profile(id)?.name ?? null,
      grant: (cameoId, pid) => this.d.store.grant(cameoId, pid)?.state ?? null,
    });
  }

  // Enforcement
  /**
   * Checks that the active profile may use every cameo (render, export, upload). Refusals send
   * the owner a request where one can still be granted, and throw one error naming each cameo.
   */
  authorize(cameoIds: readonly string[], use: CameoUse): string {
    const me = this.activeProfile().id;
    const denials = this.check(cameoIds, me, use);
    if (denials.length) throw denialError(denials, use);
    return me;
  }

  /** The cameos a profile may not use (requests are sent for those an owner can still grant). */
  check(cameoIds: readonly string[], profileId: string, use: CameoUse): Denial[] {
    const out: Denial[] = [];
    for (const id of new Set(cameoIds)) {
      const c = this.d.store.cameo(id);
      if (!c) {
        out.push({
          cameoId: id,
          cameoName: id,
          state: 'revoked',
          message: `A character is bound to cameo "${id}", which is no longer in the library (it was deleted). Unbind it in Cast.`,
        });
        continue;
      }
      const s = this.useState(c, profileId);
      if (s.state === 'owner' || s.state === 'allowed') continue;
      // A shared cameo's owner decides on the feed (Request on feed), not in this studio.
      if (s.state === 'not-allowed' && !this.d.store.remoteOf(c.ownerId)) this.request(c, profileId, use);
      out.push({ cameoId: c.id, cameoName: c.name, state: s.state, message: s.message });
    }
    return out;
  }

  /** Logs a use of each cameo and tells each owner; records the output so a revocation can mark it. */
  recordUse(
    cameoIds: readonly string[],
    profileId: string,
    use: CameoUse,
    o: { projectId: string | null; detail: string; output?: { path: string; kind: 'take' | 'export' } },
  ): void {
    const at = this.d.clock();
    const who = this.d.store.profile(profileId)?.name ?? profileId;
    this.d.store.transaction(() => {
      for (const id of new Set(cameoIds)) {
        const c = this.d.store.cameo(id);
        if (!c) continue;
        this.d.store.logUse({ cameoId: id, profileId, use, projectId: o.projectId, detail: o.detail, at });
        if (o.output) this.d.store.addOutput({ path: o.output.path, cameoId: id, cameoName: c.name, profileId, kind: o.output.kind, at });
        this.d.store.notify({
          profileId: c.ownerId,
          kind: 'use',
          message: `${c.ownerId === profileId ? 'You' : who} used cameo "${c.name}": ${use} — ${o.detail}`,
          cameoId: id,
          at,
        });
      }
    });
    this.changed();
  }

  /**
   * Before a finished file (a take or an export) is used again (exported, uploaded): refuses one
   * made with a cameo whose permission was revoked since, even if the cameo is usable again.
   */
  assertOutputUsable(path: string, use: CameoUse, profileId = this.activeProfile().id): string[] {
    const rows = this.d.store.outputsOf(path);
    const revoked = rows.filter((r) => r.revokedAt);
    if (revoked.length) {
      const names = revoked.map((r) => `"${this.d.store.cameo(r.cameoId)?.name ?? (r.cameoName || r.cameoId)}"`).join(', ');
      throw new AppError(
        'PERMISSION_DENIED',
        `This ${use === 'upload' ? 'video' : 'take'} was made with cameo ${names} before its owner revoked permission (on ${revoked[0]!.revokedAt!.slice(0, 10)}), so it cannot be ${use === 'upload' ? 'uploaded' : 'exported'} again. Re-render without the cameo.`,
      );
    }
    const cameos = rows.map((r) => r.cameoId);
    const denials = this.check(cameos, profileId, use);
    if (denials.length) throw denialError(denials, use);
    return cameos;
  }

  /** Asks a cameo's owner for permission (the active profile's request). */
  requestUse(id: string): CameoDetail {
    const c = this.require(id);
    const me = this.activeProfile().id;
    const s = this.useState(c, me);
    if (s.state === 'owner' || s.state === 'allowed') return this.detail(id);
    if (s.state === 'revoked' || s.state === 'guarded') throw new AppError('PERMISSION_DENIED', s.message);
    const g = this.d.store.grant(id, me);
    if (g?.state === 'denied' || g?.state === 'revoked') {
      // Asking again after a no is allowed: it goes back to the owner.
      this.d.store.putGrant({ ...g, state: 'pending', requestedAt: this.d.clock(), decidedAt: null });
      this.d.store.notify({
        profileId: c.ownerId,
        kind: 'request',
        message: `${this.activeProfile().name} asks again to use your cameo "${c.name}".`,
        cameoId: id,
        at: this.d.clock(),
      });
      this.changed();
    } else this.request(c, me, 'render');
    return this.detail(id);
  }

  /**
   * The owner of a shared cameo revoked it (or this studio's grant) on the feed: it can no longer
   * be used here, and what was made with it is marked.
   */
  revokedElsewhere(id: string, what: 'cameo' | 'grant'): void {
    const c = this.require(id);
    const at = this.d.clock();
    if (what === 'cameo') this.d.store.updateCameo(id, { status: 'revoked', revokedAt: at });
    this.markRevoked(this.d.store.revokeOutputs(id, at));
    const owner = this.d.store.remoteOf(c.ownerId)?.ownerName ?? this.ownerName(c);
    for (const p of this.d.store.profiles())
      this.d.store.notify({
        profileId: p.id,
        kind: 'revoked',
        message:
          what === 'cameo'
            ? `${owner} revoked cameo "${c.name}" on the feed; takes and exports made with it are marked.`
            : `${owner} revoked this studio's permission to use cameo "${c.name}"; takes and exports made with it are marked.`,
        cameoId: id,
        at,
      });
    this.changed();
  }

  /** Whether a file was made with a cameo whose permission has been revoked since. */
  outputRevoked(path: string): boolean {
    return this.d.store.outputsOf(path).some((r) => r.revokedAt);
  }

  // The owner's decisions
  setPolicy(id: string, policy: ConsentPolicy): CameoDetail {
    const c = this.requireOwner(id, 'change who may use it');
    this.d.store.updateCameo(c.id, { policy });
    this.d.onPolicyChanged?.(c.id);
    this.changed();
    return this.detail(id);
  }

  rename(id: string, name: string): CameoDetail {
    const c = this.requireOwner(id, 'rename it');
    this.d.store.updateCameo(c.id, { name: name.trim() });
    this.changed();
    return this.detail(id);
  }

  decide(id: string, profileId: string, approve: boolean): CameoDetail {
    const c = this.requireOwner(id, 'decide requests');
    const g = this.d.store.grant(id, profileId);
    if (!g) throw new AppError('NOT_FOUND', `${this.d.store.profile(profileId)?.name ?? profileId} has not asked to use "${c.name}".`);
    const at = this.d.clock();
    this.d.store.putGrant({ ...g, state: approve ? 'approved' : 'denied', decidedAt: at });
    if (!approve) this.markRevoked(this.d.store.revokeOutputs(id, at, profileId));
    this.d.store.notify({
      profileId,
      kind: 'decision',
      message: `${this.ownerName(c)} ${approve ? 'approved' : 'denied'} your request to use cameo "${c.name}".`,
      cameoId: id,
      at,
    });
    this.changed();
    return this.detail(id);
  }

  /** Takes back one person's permission; what they made with the cameo is marked. */
  revokeGrant(id: string, profileId: string): CameoDetail {
    const c = this.requireOwner(id, 'revoke permissions');
    const g = this.d.store.grant(id, profileId);
    const at = this.d.clock();
    this.d.store.putGrant({
      cameoId: id,
      profileId,
      state: 'revoked',
      use: g?.use ?? 'render',
      requestedAt: g?.requestedAt ?? at,
      decidedAt: at,
    });
    this.markRevoked(this.d.store.revokeOutputs(id, at, profileId));
    this.d.store.notify({
      profileId,
      kind: 'revoked',
      message: `${this.ownerName(c)} revoked your permission to use cameo "${c.name}".`,
      cameoId: id,
      at,
    });
    this.changed();
    return this.detail(id);
  }

  /** Revokes the cameo for everyone, for good: every take and export made with it is marked. */
  revoke(id: string): CameoDetail {
    const c = this.requireOwner(id, 'revoke it');
    if (c.status === 'revoked') return this.detail(id);
    const at = this.d.clock();
    this.d.store.transaction(() => {
      this.d.store.updateCameo(id, { status: 'revoked', revokedAt: at });
      for (const g of this.d.store.grants(id)) {
        if (g.profileId === c.ownerId) continue;
        this.d.store.notify({
          profileId: g.profileId,
          kind: 'revoked',
          message: `${this.ownerName(c)} revoked cameo "${c.name}".`,
          cameoId: id,
          at,
        });
      }
    });
    this.markRevoked(this.d.store.revokeOutputs(id, at));
    this.d.onPolicyChanged?.(id);
    this.changed();
    return this.detail(id);
  }

  /** The owner of a cameo this one resembles approves (or denies) it. */
  decideGuard(id: string, approve: boolean): CameoDetail {
    const c = this.require(id);
    const me = this.activeProfile();
    if (c.guard.state === 'clear') throw new AppError('CONFLICT', `Cameo "${c.name}" needs no likeness approval.`);
    if (c.guard.matchedOwnerId !== me.id)
      throw new AppError(
        'PERMISSION_DENIED',
        `Only ${c.guard.matchedOwnerName ?? 'the owner of the matching cameo'} can decide whether "${c.name}" may be used. Switch to their profile.`,
      );
    const at = this.d.clock();
    this.d.store.updateCameo(id, { guard: { ...c.guard, state: approve ? 'approved' : 'denied' } });
    this.d.store.notify({
      profileId: c.ownerId,
      kind: 'guard',
      message: `${me.name} ${approve ? 'approved' : 'denied'} cameo "${c.name}", which resembles their own.`,
      cameoId: id,
      at,
    });
    this.changed();
    return this.detail(id);
  }

  /**
   * Deletes a cameo and every file derived from it (the usage log goes with it). Deleting is
   * revoking for good: takes and exports made with it stay marked and cannot be used again.
   */
  delete(id: string): { deleted: string } {
    // A cameo shared from another studio is this library's copy: whoever uses the studio may remove it.
    const found = this.require(id);
    const c = this.d.store.remoteOf(found.ownerId) ? found : this.requireOwner(id, 'delete it');
    const at = this.d.clock();
    const marked = this.d.store.transaction(() => {
      const paths = this.d.store.revokeOutputs(id, at);
      this.d.store.deleteCameo(id);
      return paths;
    });
    this.markRevoked(marked);
    rmSync(join(this.d.mediaDir, c.likeness.dir), { recursive: true, force: true });
    this.changed();
    return { deleted: id };
  }

  // Notifications
  notifications(): { items: Notification[]; unread: number } {
    const items = this.d.store.notifications(this.activeProfile().id);
    return { items, unread: items.filter((n) => !n.read).length };
  }

  markRead(): { items: Notification[]; unread: number } {
    this.d.store.markRead(this.activeProfile().id, this.d.clock());
    this.changed();
    return this.notifications();
  }

  /** The cameos a set of shots shows or gives a voice to. */
  static cameosIn(project: Project, shotIds?: readonly string[]): string[] {
    const shots = shotIds ? project.shots.filter((s) => shotIds.includes(s.id)) : project.shots;
    const used = new Set<string>();
    for (const s of shots) {
      for (const b of s.characters) used.add(b.characterId);
      for (const l of s.dialogue) used.add(l.characterId);
    }
    return [...new Set(project.characters.filter((c) => c.cameoId && used.has(c.id)).map((c) => c.cameoId!))];
  }

  private request(c: CameoRow, profileId: string, use: CameoUse): void {
    if (this.d.store.grant(c.id, profileId)) return;
    const at = this.d.clock();
    this.d.store.putGrant({ cameoId: c.id, profileId, state: 'pending', use, requestedAt: at, decidedAt: null });
    this.d.store.notify({
      profileId: c.ownerId,
      kind: 'request',
      message: `${this.d.store.profile(profileId)?.name ?? profileId} asks to use your cameo "${c.name}" (${use}).`,
      cameoId: c.id,
      at,
    });
    this.changed();
  }

  private markRevoked(paths: string[]): void {
    if (paths.length) this.d.onOutputsRevoked?.(paths);
  }

  private require(id: string): CameoRow {
    const c = this.d.store.cameo(id);
    if (!c) throw new AppError('NOT_FOUND', `No cameo with id "${id}" in this library.`);
    return c;
  }

  private requireOwner(id: string, what: string): CameoRow {
    const c = this.require(id);
    if (c.ownerId !== this.activeProfile().id)
      throw new AppError(
        'PERMISSION_DENIED',
        `Only ${this.ownerName(c)}, who owns cameo "${c.name}", can ${what}. Switch to ${this.ownerName(c)}'s profile.`,
      );
    return c;
  }

  private ownerName(c: CameoRow): string {
    return this.d.store.profile(c.ownerId)?.name ?? 'its owner';
  }

  /** Tells every window that cameos, consent or notifications changed. */
  changed(): void {
    this.d.events.emit('onCameosChanged', {});
  }
}
