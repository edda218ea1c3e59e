import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GrantClaims } from '../main/engine/feed/grantToken';

// The token format is read by studios too: one reader for both sides.
export { readGrant, type GrantClaims } from '../main/engine/feed/grantToken';

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
