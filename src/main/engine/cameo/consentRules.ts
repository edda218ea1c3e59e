import { POLICY_LABELS, type CameoUse, type GrantState, type UseState } from '../../../shared/cameos';
import { AppError } from '../../../shared/result';
import type { CameoRow, FeedGrantRow } from './cameoStore';

/** A cameo that may not be used, and why, in words that say what to do. */
export interface Denial {
  cameoId: string;
  cameoName: string;
  state: UseState;
  message: string;
}

/**
 * The consent rule: whether a profile may use a cameo now (revoked, guarded by a lookalike, the
 * owner, policy, the owner's decision on a request), with a message naming the cameo and what to do.
 */
export function useStateOf(
  c: CameoRow,
  profileId: string,
  look: { name(profileId: string): string | null; grant(cameoId: string, profileId: string): GrantState | null },
): { state: UseState; message: string } {
  const owner = look.name(c.ownerId) ?? 'its owner';
  const who = look.name(profileId) ?? 'this profile';
  if (c.status === 'revoked') return revokedState(c, owner);
  if (c.guard.state !== 'clear' && c.guard.state !== 'approved')
    return {
      state: 'guarded',
      message: `Cameo "${c.name}" looks like ${c.guard.matchedOwnerName ?? 'another person'}'s cameo (likeness ${Math.round((c.guard.similarity ?? 0) * 100)} %), so ${c.guard.matchedOwnerName ?? 'that owner'} must approve it before anyone can use it${c.guard.state === 'denied' ? ' — they denied it' : ''}. Switch to their profile to decide, or unbind it.`,
    };
  if (c.ownerId === profileId) return { state: 'owner', message: '' };
  if (c.policy === 'anyone') return { state: 'allowed', message: '' };
  const g = look.grant(c.id, profileId);
  if (g === 'approved') return { state: 'allowed', message: '' };
  const ask = `${owner}, who owns cameo "${c.name}"`;
  if (g === 'pending')
    return {
      state: 'requested',
      message: `${who} asked to use cameo "${c.name}"; ${ask}, has not decided yet. It can be used once ${owner} approves (switch to ${owner}'s profile to decide).`,
    };
  if (g === 'denied')
    return { state: 'denied', message: `${ask}, denied ${who}'s request to use it. Unbind it from the character in Cast.` };
  if (g === 'revoked')
    return { state: 'denied', message: `${ask}, revoked ${who}'s permission to use it. Unbind it from the character in Cast.` };
  return {
    state: 'not-allowed',
    message: `${ask}, allows ${POLICY_LABELS[c.policy].toLowerCase()} to use it. A request was sent to ${owner}; it can be used once ${owner} approves (switch to ${owner}'s profile to decide).`,
  };
}

/**
 * The consent rule for a cameo shared from another studio: its owner decides on the feed, and this
 * studio may use it only while it holds their signed grant, unexpired and not revoked.
 */
export function sharedUseState(
  c: CameoRow,
  remote: { feedUrl: string; ownerName: string },
  g: FeedGrantRow | null,
  nowMs: number,
): { state: UseState; message: string } {
  const owner = `${remote.ownerName} (on ${new URL(remote.feedUrl).host})`;
  const ask = `Ask for permission: Cameos → "${c.name}" → Request on feed.`;
  if (c.status === 'revoked') return revokedState(c, owner);
  switch (g?.state ?? 'none') {
    case 'granted':
      if (g!.expiresAt && Date.parse(g!.expiresAt) > nowMs) return { state: 'allowed', message: '' };
      return {
        state: 'denied',
        message: `The grant of ${owner} to use cameo "${c.name}" expired on ${(g!.expiresAt ?? '').slice(0, 10)}. Ask again: Cameos → "${c.name}" → Request on feed.`,
      };
    case 'revoked':
      return {
        state: 'denied',
        message: `${owner} revoked this studio's permission to use cameo "${c.name}". Unbind it from the character in Cast.`,
      };
    case 'refused':
      return { state: 'denied', message: `${owner} lets only themselves use cameo "${c.name}". Unbind it from the character in Cast.` };
    case 'pending':
      return {
        state: 'requested',
        message: `You asked ${owner} to use cameo "${c.name}"; they have not decided yet. Their grant arrives with the next feed sync (open the Feed panel).`,
      };
    default:
      return { state: 'not-allowed', message: `Cameo "${c.name}" belongs to ${owner}. ${ask}` };
  }
}

/** A cameo its owner revoked, with the refusal every use gets. */
function revokedState(c: CameoRow, owner: string): { state: UseState; message: string } {
  return {
    state: 'revoked',
    message: `Cameo "${c.name}" was revoked by its owner ${owner}${c.revokedAt ? ` on ${c.revokedAt.slice(0, 10)}` : ''} and can no longer be used. Unbind it from the character in Cast, or bind another cameo.`,
  };
}

/** One refusal naming every cameo that may not be used. */
export function denialError(denials: Denial[], use: CameoUse): AppError {
  const verb = use === 'render' ? 'render' : use === 'export' ? 'export' : 'upload';
  const lead = denials.length === 1 ? `Cannot ${verb}: ` : `Cannot ${verb}: ${denials.length} cameos may not be used. `;
  return new AppError('PERMISSION_DENIED', lead + denials.map((d) => d.message).join(' '), { cameos: denials });
}
