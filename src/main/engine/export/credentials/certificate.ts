// Issues the two X.509 v3 certificates of the local signing identity with node:crypto alone (no
// openssl binary, works the same on every desktop OS). The profile follows what c2pa-rs checks in
// `check_certificate_profile` (C2PA spec §14.5): v3, ECDSA P-256 / SHA-256, AuthorityKeyIdentifier
// on every certificate, SubjectKeyIdentifier on the CA, KeyUsage with digitalSignature and no
// keyCertSign on the signer, an ExtendedKeyUsage on the signer that C2PA allows, and no
// self-signed CA as the signer. A self-issued root plus a separate end-entity is the smallest
// chain that satisfies all of it.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  namedBits,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
  type Der,
} from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  // id-kp-emailProtection: on c2pa-rs' default allowed EKU list in every release.
  emailProtection: '1.3.6.1.5.5.7.3.4',
  // c2pa-kp-claimSigning (C2PA spec §14.5.1): says what the key is for.
  c2paClaimSigning: '1.3.6.1.4.1.62558.2.1',
} as const;

// KeyUsage bit numbers (RFC 5280 §4.2.1.3).
const KU = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export interface DistinguishedName {
  commonName: string;
  organization: string;
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const newP256KeyPair = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'P-256' });

export function toPem(der: Buffer, label: 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function name(dn: DistinguishedName): Der {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(rdn(OID.organization, dn.organization), rdn(OID.commonName, dn.commonName));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (here the uncompressed EC point). */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x || !jwk.y) throw new Error('expected an EC public key');
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return createHash('sha1').update(point).digest();
}

function extension(id: string, critical: boolean, value: Der): Der {
  // DER omits a BOOLEAN equal to its DEFAULT (FALSE).
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

export interface CertificateRequest {
  subject: DistinguishedName;
  subjectKey: KeyObject;
  issuer: DistinguishedName;
  issuerKey: KeyObject;
  issuerPublicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  kind: 'ca' | 'signer';
}

/** Builds and signs one certificate. */
export function issueCertificate(req: CertificateRequest): IssuedCertificate {
  const ski = keyIdentifier(req.subjectKey);
  const aki = keyIdentifier(req.issuerPublicKey);
  const extensions: Der[] =
    req.kind === 'ca'
      ? [
          extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
          extension(OID.keyUsage, true, namedBits([KU.keyCertSign, KU.cRLSign])),
          extension(OID.subjectKeyIdentifier, false, octetString(ski)),
          extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, aki))),
        ]
      : [
          extension(OID.basicConstraints, true, sequence()),
          extension(OID.keyUsage, true, namedBits([KU.digitalSignature])),
          extension(OID.extKeyUsage, false, sequence(oid(OID.emailProtection), oid(OID.c2paClaimSigning))),
          extension(OID.subjectKeyIdentifier, false, octetString(ski)),
          extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, aki))),
        ];

  // A positive 127-bit random serial: unique without keeping a counter anywhere.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    algorithm,
    name(req.issuer),
    sequence(time(req.notBefore), time(req.notAfter)),
    name(req.subject),
    req.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  // node's ECDSA output is already the DER Ecdsa-Sig-Value X.509 wants.
  const signature = sign('sha256', tbs, req.issuerKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  return { der, pem: toPem(der, 'CERTIFICATE') };
}
