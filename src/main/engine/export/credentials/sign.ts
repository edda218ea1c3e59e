// Embeds a signed C2PA manifest into an MP4 (c2pa-rs writes a `uuid` box before `moov` and a BMFF
// hash over the rest of the file).
import { createPrivateKey, createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage, loadC2pa, SIGN_SETTINGS } from './c2pa';
import { splitPemCertificates } from './identity';
import { buildManifestDefinition } from './manifest';
import type { ExportCredentials, SigningIdentity } from './types';

export interface SignMp4Options {
  input: string;
  /** Created or truncated; removed again if signing fails or is aborted. Must differ from `input`. */
  output: string;
  identity: SigningIdentity;
  manifest: ExportCredentials;
  signal?: AbortSignal;
}

// Room c2pa-rs reserves for the COSE signature beside the certificates; unused bytes are padding.
const SIGNATURE_RESERVE_BYTES = 10_240;

/**
 * Signs `input` into `output`. Hashing and writing run on c2pa-rs' own threads (the callback-signer
 * path), so the event loop stays free even for large files; only the final ECDSA signature is made
 * here, with node:crypto. Rejects with the signal's reason (an AbortError) when aborted, and never
 * leaves a partial `output` behind.
 */
export async function signMp4(opts: SignMp4Options): Promise<void> {
  const { input, output, identity, manifest, signal } = opts;
  throwIfAborted(signal);
  if (resolve(input) === resolve(output)) throw new Error('signMp4: the output must be a different file from the input');
  const { key, certDerBytes } = signingMaterial(identity);
  await assertMp4(input);

  // Opened here first so an unwritable destination fails with node's clear errno message instead of
  // a bare "os error 13" from the native side.
  try {
    await (await open(output, 'w')).close();
  } catch (e) {
    throw new Error(`Cannot write the signed video to ${output}: ${errorMessage(e)}`, { cause: e });
  }

  let done = false;
  try {
    const { Builder } = await loadC2pa();
    throwIfAborted(signal);
    const builder = Builder.withJson(buildManifestDefinition(manifest), SIGN_SETTINGS);
    // signConfigAsync, not LocalSigner + sign(): sign() hashes the whole file on the JS thread, and
    // a CallbackSigner object keeps a ref'd handle that stops a CLI process from exiting until GC.
    await builder.signConfigAsync(
      async (data: Buffer) => {
        // c2pa-rs asks for the signature after hashing: the last point where an abort can still stop it.
        throwIfAborted(signal);
        return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
      },
      {
        alg: 'es256',
        certs: [Buffer.from(identity.certChainPem)],
        reserveSize: certDerBytes + SIGNATURE_RESERVE_BYTES,
        directCoseHandling: false,
      },
      { path: input, mimeType: 'video/mp4' },
      { path: output, mimeType: 'video/mp4' },
    );
    throwIfAborted(signal);
    done = true;
  } catch (e) {
    throwIfAborted(signal); // the callback's AbortError arrives as a plain string error
    const message = errorMessage(e);
    const err = new Error(`Signing the content credentials failed: ${message}`, { cause: e });
    // c2pa-rs reports file errors as text ("No space left on device (os error 28)"); give the ones a
    // user can act on their errno code, so the job says what to do (free space, pick another folder).
    const code = nativeErrnoCode(message);
    if (code) Object.assign(err, { code });
    throw err;
  } finally {
    if (!done) await rm(output, { force: true });
  }
}

/** The errno code behind a native (Rust std::io) error message, for the errors a user can fix. */
function nativeErrnoCode(message: string): 'ENOSPC' | 'EACCES' | 'EROFS' | null {
  if (/No space left on device|not enough space on the disk|os error 28\b/i.test(message)) return 'ENOSPC';
  if (/Read-only file system|os error 30\b/i.test(message)) return 'EROFS';
  if (/Permission denied|Access is denied|os error 13\b/i.test(message)) return 'EACCES';
  return null;
}

/** Rejects early (and with a clear message) on an identity whose key does not belong to its certificate. */
function signingMaterial(identity: SigningIdentity): { key: KeyObject; certDerBytes: number } {
  const certs = splitPemCertificates(identity.certChainPem).map((pem) => new X509Certificate(pem));
  const signer = certs[0];
  if (!signer) throw new Error('The signing identity has no certificate');
  const key = createPrivateKey(identity.privateKeyPem);
  const mine = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!mine.equals(signer.publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new Error('The signing identity is inconsistent: its private key does not belong to its certificate');
  }
  return { key, certDerBytes: certs.reduce((n, c) => n + c.raw.length, 0) };
}

async function assertMp4(file: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new Error(`Cannot read the video to sign (${file}): ${errorMessage(e)}`, { cause: e });
  }
  if (head.length < 8 || head.toString('latin1', 4, 8) !== 'ftyp') throw new Error(`Not an MP4 file (no ftyp box): ${file}`);
}

/** Same contract as the render queue's helper: the signal's own reason (the queue's stop reason) or an AbortError. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  throw reason instanceof Error ? reason : new DOMException('Signing was aborted', 'AbortError');
}
