// A minimal DER (ASN.1 Distinguished Encoding Rules) writer: just the types an X.509 v3
// certificate needs. Hand-written because the certificate libraries we could use either pull in a
// global `reflect-metadata` polyfill (@peculiar/x509) or shell out to `openssl`, which Windows and
// many macOS setups do not have. Everything here is definite-length DER, as X.509 requires.

/** An encoded TLV (tag, length, value). */
export type Der = Buffer;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a raw tag byte. */
export function tlv(tag: number, value: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const octetString = (bytes: Buffer): Der => tlv(0x04, bytes);
export const utf8String = (text: string): Der => tlv(0x0c, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Der => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
export const nullValue = (): Der => tlv(0x05, Buffer.alloc(0));

/** `[n] EXPLICIT` wrapper (constructed, context-specific). */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);

/** `[n] IMPLICIT OCTET STRING`-style primitive context tag (used by AuthorityKeyIdentifier.keyIdentifier). */
export const implicitPrimitive = (n: number, bytes: Buffer): Der => tlv(0x80 | n, bytes);

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, sign byte added). */
export function unsignedInteger(bytes: Buffer): Der {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let body = bytes.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export const smallInteger = (n: number): Der => unsignedInteger(Buffer.from([n]));

/** BIT STRING with no unused bits (whole bytes: keys, signatures). */
export const bitString = (bytes: Buffer): Der => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/**
 * BIT STRING for a named bit list such as KeyUsage: `bits` are bit numbers (0 = most significant
 * bit of the first byte). DER wants trailing zero bits dropped and counted as "unused".
 */
export function namedBits(bits: number[]): Der {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

/** OBJECT IDENTIFIER from dotted text, e.g. '1.2.840.10045.4.3.2'. */
export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map((part) => {
    if (!/^\d+$/.test(part)) throw new Error(`bad OID arc in ${dotted}`);
    return BigInt(part);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new Error(`OID needs two arcs: ${dotted}`);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC with seconds
 * and no fraction.
 */
export function time(date: Date): Der {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, ''); // YYYYMMDDHHMMSS
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new Error(`certificate time out of range: ${iso}`);
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2) + 'Z', 'ascii')) : tlv(0x18, Buffer.from(digits + 'Z', 'ascii'));
}
