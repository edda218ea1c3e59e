import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a grant says: this account may use this cameo until then. */
export interface GrantClaims {
  grantId: string;
  cameoId: string;
  cameoName: string;
  grantee: string;
  owner: string;
  expiresAt: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The service's Ed25519 key: made on first start, kept in the data folder. */
export function loadSigningKey(file: string): { privateKey: KeyObject; publicKey: KeyObject; publicPem: string } {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A signed grant: `<claims, base64url JSON>.<Ed25519 signature, base64url>`. */
export function signGrant(claims: GrantClaims, key: KeyObject): string {
  const body = b64(JSON.stringify(claims));
  return `${body}.${b64(sign(null, Buffer.from(body), key))}`;
}

/** The claims of a grant whose signature holds, or the reason it is refused (expiry is the caller's to check). */
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
