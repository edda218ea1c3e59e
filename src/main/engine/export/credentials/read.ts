// Reads and validates a file's content credentials. Validation needs nothing but the file: no
// identity folder, no network, no state kept between calls.
import { open, stat } from 'node:fs/promises';
import { errorMessage, loadC2pa, READ_SETTINGS } from './c2pa';
import { ORGANIZATION, splitPemCertificates } from './identity';
import { CREATIVE_WORK_LABEL, ENGINES_LABEL } from './manifest';
import { classify, type ManifestStoreStatus } from './status';
import type { CredentialsReport, ShotEngine, SigningIdentity } from './types';

export interface ReadCredentialsOptions {
  /**
   * This install's identity: its root is then trusted for this read, so a file this computer
   * signed reads as "Trusted" (and says so in a note). Without it the verdict is the same for
   * every reader, which is what a user checking a file from elsewhere gets.
   */
  localIdentity?: SigningIdentity;
}

export const NOTE_SELF_SIGNED = 'signed by a self-signed local certificate (not on a public trust list)';
export const NOTE_UNKNOWN_SIGNER = 'signed by a certificate that is not on any trust list this app has (the signer is not verified)';
export const NOTE_THIS_INSTALL = "signed by this computer's own Shotline certificate";

interface Assertion {
  label?: unknown;
  data?: unknown;
}

interface ManifestJson {
  title?: unknown;
  assertions?: unknown;
  signature_info?: { issuer?: unknown; common_name?: unknown };
}

interface StoreJson extends ManifestStoreStatus {
  active_manifest?: unknown;
  manifests?: Record<string, ManifestJson>;
}

/**
 * Rejects only when the file itself cannot be read. A file without credentials gives
 * `present: false`; damaged credentials give `present: true, valid: false` with the reason.
 */
export async function readCredentials(file: string, opts: ReadCredentialsOptions = {}): Promise<CredentialsReport> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`Not a file: ${file}`);
  const { Reader } = await loadC2pa();
  const mimeType = (await isBmff(file)) ? 'video/mp4' : undefined;
  const settings = opts.localIdentity ? withLocalAnchor(opts.localIdentity) : READ_SETTINGS;

  let store: StoreJson;
  try {
    const reader = await Reader.fromAsset(mimeType ? { path: file, mimeType } : { path: file }, settings);
    if (!reader) return absent();
    store = reader.json() as StoreJson;
  } catch (e) {
    // c2pa-node puts the c2pa-rs error kind in `name`, e.g. "C2pa(UnsupportedType)".
    if (e instanceof Error && e.name.includes('UnsupportedType'))
      return { ...absent(), notes: ['this file type cannot carry content credentials'] };
    return {
      present: true,
      valid: false,
      problems: [`the content credentials are damaged and could not be read: ${errorMessage(e)}`],
      notes: [],
    };
  }

  const label = typeof store.active_manifest === 'string' ? store.active_manifest : undefined;
  const manifest = label ? store.manifests?.[label] : undefined;
  if (!manifest) return { present: true, valid: false, problems: ['the credentials have no active manifest'], notes: [] };

  const status = classify(store);
  const issuer = str(manifest.signature_info?.issuer) ?? '';
  const notes: string[] = [];
  if (status.validationState === 'Trusted' && opts.localIdentity) notes.push(NOTE_THIS_INSTALL);
  if (status.untrusted) notes.push(issuer === ORGANIZATION ? NOTE_SELF_SIGNED : NOTE_UNKNOWN_SIGNER);

  const assertions = Array.isArray(manifest.assertions) ? (manifest.assertions as Assertion[]) : [];
  const created = createdAction(assertions);
  const engines = enginesOf(assertions);
  const work = record(assertions.find((a) => a.label === CREATIVE_WORK_LABEL)?.data);

  return {
    present: true,
    valid: status.valid,
    problems: status.problems,
    notes,
    validationState: status.validationState,
    statusCodes: status.codes,
    title: str(manifest.title),
    creator: authorOf(work),
    projectName: engines?.projectName ?? str(record(work?.isPartOf)?.name),
    engines: engines?.shots,
    digitalSourceType: str(created?.digitalSourceType),
    softwareAgent: agentOf(created?.softwareAgent),
    createdAt: str(created?.when),
    signer: manifest.signature_info
      ? {
          issuer,
          commonName: str(manifest.signature_info.common_name) ?? '',
          selfSigned: status.untrusted || (status.validationState === 'Trusted' && !!opts.localIdentity),
        }
      : undefined,
  };
}

const absent = (): CredentialsReport => ({ present: false, valid: false, problems: [], notes: [] });

function withLocalAnchor(identity: SigningIdentity): object {
  const root = splitPemCertificates(identity.certChainPem).at(-1) ?? '';
  return { ...READ_SETTINGS, trust: { user_anchors: root } };
}

/** MP4/MOV files start with a box whose type is `ftyp`; c2pa needs the MIME type when the name has no .mp4. */
async function isBmff(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && head.toString('latin1', 4, 8) === 'ftyp';
  } finally {
    await handle.close();
  }
}

function createdAction(assertions: Assertion[]): Record<string, unknown> | undefined {
  for (const a of assertions) {
    if (a.label !== 'c2pa.actions' && a.label !== 'c2pa.actions.v2') continue;
    const actions = record(a.data)?.actions;
    if (!Array.isArray(actions)) continue;
    const created = (actions as unknown[]).map(record).find((x) => x?.action === 'c2pa.created');
    if (created) return created;
  }
  return undefined;
}

function enginesOf(assertions: Assertion[]): { projectName?: string; shots: ShotEngine[] } | undefined {
  const data = record(assertions.find((a) => a.label === ENGINES_LABEL)?.data);
  if (!data || !Array.isArray(data.shots)) return undefined;
  const shots = (data.shots as unknown[])
    .map(record)
    .filter((s): s is Record<string, unknown> => typeof s?.shotTitle === 'string' && typeof s.engine === 'string')
    .map((s) => ({ shotTitle: s.shotTitle as string, engine: s.engine as string }));
  return { projectName: str(data.projectName), shots };
}

function authorOf(work: Record<string, unknown> | undefined): string | undefined {
  const authors = Array.isArray(work?.author) ? (work.author as unknown[]) : work?.author ? [work.author] : [];
  const names = authors.map((a) => str(record(a)?.name) ?? str(a)).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : undefined;
}

function agentOf(agent: unknown): string | undefined {
  if (typeof agent === 'string') return agent;
  const a = record(agent);
  const name = str(a?.name);
  return name ? [name, str(a?.version)].filter(Boolean).join(' ') : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
