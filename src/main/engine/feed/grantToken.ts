import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** What a feed's grant says: this account may use this cameo until then. */
export interface GrantClaims {
  grantId: string;
  cameoId: string;
  cameoName: string;
  grantee: string;
  owner: string;
  expiresAt: string;
}

/**
 * The claims of a grant token (`<claims, base64url JSON>.<Ed25519 signature, base64url>`) whose
 * signature holds under the feed's public key, or the reason it is refused. Expiry is the caller's
 * to check. Used by the feed service and by studios, which keep only grants that verify.
 */
export function readGrant(token: string, publicKey: KeyObject | string): GrantClaims | { error: string } {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { error: 'the grant is not a Shotline grant token' };
  let ok: boolean;
  try {
    ok = verify(
      null,
      Buffer.from(body),
      typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey,
      Buffer.from(sig, 'base64url'),
    );
  } catch {
    ok = false;
  }
  if (!ok) return { error: 'the grant’s signature does not match this feed (forged or from another feed)' };
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as GrantClaims;
  } catch {
    return { error: 'the grant could not be read' };
  }
}
