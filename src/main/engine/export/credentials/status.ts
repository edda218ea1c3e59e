// Turns c2pa-rs validation output into problems (the file or its credentials were altered, or the
// certificate is unusable) and notes (facts that are not failures). Status codes found with
// c2pa-rs 0.90.1 (c2pa-node 0.8.0) on Shotline's own chain:
//   intact file                  → state "Valid",   failure [signingCredential.untrusted]
//   intact, root given as anchor → state "Trusted", no failures
//   byte flipped in mdat or moov → state "Invalid", + assertion.bmffHash.mismatch
//   claim bytes altered          → state "Invalid", + claimSignature.mismatch and/or assertion.hashedURI.mismatch
// `signingCredential.untrusted` only says the certificate is on no trust list the reader has:
// always the case for a self-signed local certificate, so it is a note, never a failure.
import type { ValidationState } from './types';

export interface StatusEntry {
  code: string;
  url?: string;
  explanation?: string;
}

export const UNTRUSTED = 'signingCredential.untrusted';

const HASH_MISMATCH = /^assertion\.(dataHash|bmffHash|boxesHash|collectionHash)\.mismatch$/;

export interface Classified {
  validationState?: ValidationState;
  codes: string[];
  problems: string[];
  untrusted: boolean;
  valid: boolean;
}

export interface ManifestStoreStatus {
  validation_state?: unknown;
  validation_status?: unknown;
  validation_results?: { activeManifest?: { failure?: unknown } };
}

/** Failure entries from the legacy list and the active manifest's results, without duplicates. */
export function failureEntries(store: ManifestStoreStatus): StatusEntry[] {
  const lists = [store.validation_status, store.validation_results?.activeManifest?.failure];
  const seen = new Set<string>();
  const out: StatusEntry[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (!item || typeof item !== 'object' || typeof (item as StatusEntry).code !== 'string') continue;
      const entry = item as StatusEntry;
      const key = `${entry.code} ${entry.url ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

export function classify(store: ManifestStoreStatus): Classified {
  const state = store.validation_state;
  const validationState = state === 'Valid' || state === 'Invalid' || state === 'Trusted' ? state : undefined;
  const entries = failureEntries(store);
  const problems: string[] = [];
  let untrusted = false;
  for (const e of entries) {
    if (e.code === UNTRUSTED) untrusted = true;
    else problems.push(describe(e));
  }
  if (validationState === 'Invalid' && problems.length === 0) {
    problems.push('c2pa reported the credentials invalid without naming a failure');
  }
  return {
    validationState,
    codes: [...new Set(entries.map((e) => e.code))],
    problems,
    untrusted,
    valid: validationState !== 'Invalid' && problems.length === 0,
  };
}

/** One readable sentence per failure; the status code is always included so support can look it up. */
export function describe(e: StatusEntry): string {
  if (HASH_MISMATCH.test(e.code)) {
    return `the video data no longer matches its credentials (hash mismatch, ${e.code}): the file was changed after it was signed`;
  }
  switch (e.code) {
    case 'claimSignature.mismatch':
      return `the signature does not match the credentials (${e.code}): the credentials were altered`;
    case 'assertion.hashedURI.mismatch':
      return `a statement inside the credentials was altered after signing (${e.code}${e.url ? `, ${assertionName(e.url)}` : ''})`;
    case 'signingCredential.expired':
      return `the signing certificate was not valid at the time of checking (${e.code})`;
    case 'signingCredential.revoked':
      return `the signing certificate has been revoked (${e.code})`;
    case 'signingCredential.invalid':
      return `the signing certificate is not acceptable for C2PA (${e.code})`;
    default:
      return `${e.code}${e.explanation ? `: ${e.explanation}` : ''}`;
  }
}

function assertionName(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}
