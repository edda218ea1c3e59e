import type { CameoDetail, CameoSummary, UseState } from '../../../shared/cameos';
import type { CameoRow, CameoStore } from './cameoStore';

/** Whether a profile may use a cameo now (the consent service's rule). */
type UseStateOf = (c: CameoRow, profileId: string) => { state: UseState; message: string };

/** A cameo as the library grid shows it to a profile. */
export function cameoSummary(store: CameoStore, c: CameoRow, me: string, useState: UseStateOf): CameoSummary {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    ownerId: c.ownerId,
    ownerName: store.profile(c.ownerId)?.name ?? 'unknown',
    status: c.status,
    policy: c.policy,
    thumbnail: c.likeness.thumbnail,
    createdAt: c.createdAt,
    guard: c.guard,
    useState: useState(c, me).state,
  };
}

/**
 * A cameo's detail for a profile: likeness, voice, liveness, requests and usage (all of them for
 * its owner, their own for anyone else), marked outputs, where it is published, and for a cameo
 * shared from another studio, its owner there and the grant this studio holds.
 */
export function cameoDetail(store: CameoStore, c: CameoRow, me: string, useState: UseStateOf): CameoDetail {
  const isOwner = c.ownerId === me;
  const names = new Map(store.profiles().map((p) => [p.id, p.name]));
  const remote = store.remoteOf(c.ownerId);
  const g = remote ? store.feedGrant(c.id) : null;
  return {
    ...cameoSummary(store, c, me, useState),
    liveness: c.liveness,
    challengePhrase: c.likeness.challengePhrase,
    frames: c.likeness.frames,
    voice: c.voice,
    voiceSamples: c.likeness.voiceSamples,
    capture: c.likeness.capture,
    grants: store
      .grants(c.id)
      .filter((x) => isOwner || x.profileId === me)
      .map((x) => ({
        profileId: x.profileId,
        profileName: names.get(x.profileId) ?? x.profileId,
        state: x.state,
        requestedAt: x.requestedAt,
        decidedAt: x.decidedAt,
        use: x.use,
      })),
    usage: store
      .usage(c.id)
      .filter((u) => isOwner || u.profile_id === me)
      .map((u) => ({
        id: u.id,
        profileId: u.profile_id,
        profileName: names.get(u.profile_id) ?? u.profile_id,
        use: u.use,
        projectId: u.project_id,
        detail: u.detail,
        at: u.at,
      })),
    revokedOutputs: store.revokedOutputCount(c.id),
    feed: store.feed(c.id),
    shared: remote
      ? { feedUrl: remote.feedUrl, owner: remote.ownerName, grant: { state: g?.state ?? 'none', expiresAt: g?.expiresAt ?? null } }
      : null,
  };
}
