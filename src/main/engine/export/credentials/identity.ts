// The app's own signing identity, made once per data folder and reused. It is deliberately local:
// a root made on this computer issues the signer certificate, and the root's private key is
// thrown away right after, so the only key on disk is the signer's (mode 0600).
import { createHash, createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { issueCertificate, newP256KeyPair, type DistinguishedName } from './certificate';
import type { SigningIdentity } from './types';

export const IDENTITY_FILES = {
  /** Signer's PKCS#8 private key. */
  key: 'signing-key.pem',
  /** Signer certificate, then the local root. */
  chain: 'signing-chain.pem',
  /** createdAt and fingerprint; written last, so its presence marks a complete identity. */
  meta: 'signing-identity.json',
} as const;

/** The O= of both certificates; readers use it to recognise Shotline's local signer. */
export const ORGANIZATION = 'Shotline local self-signed';
const DAY_MS = 86_400_000;
// No timestamp authority is used (offline), so c2pa checks the certificate against the reading
// time: it must outlive the videos it signs by decades.
const VALIDITY_YEARS = 30;
// Readers whose clock runs behind ours must not see a "not yet valid" certificate.
const BACKDATE_MS = DAY_MS;

interface IdentityMeta {
  createdAt: string;
  fingerprint: string;
}

const inFlight = new Map<string, Promise<SigningIdentity>>();

/**
 * Returns the signing identity stored in `dir`, creating it on first use. A missing, partial,
 * mismatched or nearly expired set of files is replaced by a new identity (new fingerprint).
 * Concurrent calls in one process share one creation.
 */
export function ensureSigningIdentity(dir: string): Promise<SigningIdentity> {
  const key = resolve(dir);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadOrCreate(key).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function loadOrCreate(dir: string): Promise<SigningIdentity> {
  const existing = await loadIdentity(dir);
  if (existing) return existing;
  const created = createIdentity(new Date());
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Key and chain first, the meta file last: a crash in between leaves no meta file (or one that
  // disagrees with the key), which loadIdentity rejects, so a half identity is never used.
  await writeAtomic(join(dir, IDENTITY_FILES.key), created.privateKeyPem, 0o600);
  await writeAtomic(join(dir, IDENTITY_FILES.chain), created.certChainPem, 0o644);
  const meta: IdentityMeta = { createdAt: created.createdAt, fingerprint: created.fingerprint };
  await writeAtomic(join(dir, IDENTITY_FILES.meta), JSON.stringify(meta, null, 2) + '\n', 0o644);
  return created;
}

/** The identity in `dir` if it is complete, consistent and not about to expire; otherwise null. */
export async function loadIdentity(dir: string, now = new Date()): Promise<SigningIdentity | null> {
  let privateKeyPem: string, certChainPem: string, metaText: string;
  try {
    [privateKeyPem, certChainPem, metaText] = await Promise.all([
      readFile(join(dir, IDENTITY_FILES.key), 'utf8'),
      readFile(join(dir, IDENTITY_FILES.chain), 'utf8'),
      readFile(join(dir, IDENTITY_FILES.meta), 'utf8'),
    ]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const meta = JSON.parse(metaText) as Partial<IdentityMeta>;
    const certs = splitPemCertificates(certChainPem).map((pem) => new X509Certificate(pem));
    const signer = certs[0];
    const root = certs[1];
    if (!signer || !root || typeof meta.createdAt !== 'string') return null;
    if (signer.fingerprint256 !== meta.fingerprint) return null;
    if (!signer.verify(root.publicKey) || !root.verify(root.publicKey)) return null;
    const publicFromKey = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
    if (!publicFromKey.equals(signer.publicKey.export({ type: 'spki', format: 'der' }))) return null;
    if (Date.parse(signer.validTo) - now.getTime() < 30 * DAY_MS) return null;
    return {
      certChainPem,
      privateKeyPem,
      subject: subjectLine(signer),
      selfSigned: true,
      createdAt: meta.createdAt,
      fingerprint: signer.fingerprint256,
    };
  } catch {
    // Unparsable files are treated like missing ones: a fresh identity replaces them.
    return null;
  }
}

/** Makes a new root + signer pair in memory. The root's private key is not kept. */
export function createIdentity(now: Date): SigningIdentity {
  // A short random tag tells this install's certificates apart from another install's.
  const tag = randomBytes(4).toString('hex');
  const rootDn: DistinguishedName = { commonName: `Shotline Local Root CA ${tag}`, organization: ORGANIZATION };
  const signerDn: DistinguishedName = { commonName: `Shotline Local Signer ${tag}`, organization: ORGANIZATION };
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);

  const rootKeys = newP256KeyPair();
  const signerKeys = newP256KeyPair();
  const common = { issuer: rootDn, issuerKey: rootKeys.privateKey, issuerPublicKey: rootKeys.publicKey, notBefore, notAfter };
  const root = issueCertificate({ ...common, subject: rootDn, subjectKey: rootKeys.publicKey, kind: 'ca' });
  const signer = issueCertificate({ ...common, subject: signerDn, subjectKey: signerKeys.publicKey, kind: 'signer' });

  return {
    certChainPem: signer.pem + root.pem,
    privateKeyPem: signerKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    subject: `CN=${signerDn.commonName}, O=${signerDn.organization}`,
    selfSigned: true,
    createdAt: now.toISOString(),
    fingerprint: fingerprintOf(signer.der),
  };
}

/** The same format as X509Certificate.fingerprint256. */
function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

function subjectLine(cert: X509Certificate): string {
  // node prints one attribute per line, most significant first ("O=…\nCN=…"); show CN first.
  return cert.subject.split('\n').reverse().join(', ');
}

export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

/** Writes to a temp file beside `path`, flushes it, then renames: readers see the old file or the new one. */
async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
