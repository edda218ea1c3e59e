import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIGITAL_SOURCE_TYPE,
  ensureSigningIdentity,
  readCredentials,
  signMp4,
  type ExportCredentials,
  type SigningIdentity,
} from '../../../src/main/engine/export/credentials';
import { IDENTITY_FILES } from '../../../src/main/engine/export/credentials/identity';

const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const root = mkdtempSync(join(tmpdir(), 'shotline-credentials-'));
const identityDir = join(root, 'identity');

const MANIFEST: ExportCredentials = {
  title: 'Night Market.mp4',
  projectName: 'Night Market',
  creator: 'Test Creator',
  appVersion: '0.1.0-test',
  engines: [
    { shotTitle: 'Opening', engine: 'Previz' },
    { shotTitle: 'Close-up', engine: 'Wan 2.2 pack' },
  ],
  createdAt: '2025-01-01T00:00:00.000Z',
};

function makeMp4(file: string, extra: string[] = [], source = 'testsrc2=s=320x240:d=1', seconds = 1): string {
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-f', 'lavfi', '-i', `sine=d=${seconds}`],
    ...['-c:v', 'libx264', ...extra, '-c:a', 'aac', '-movflags', '+faststart', file],
  ]);
  return file;
}

/** Top-level ISO BMFF boxes: type, offset, size and header length (8, or 16 with a 64-bit size). */
function topLevelBoxes(buf: Buffer): { type: string; offset: number; size: number; header: number }[] {
  const boxes = [];
  for (let offset = 0; offset + 8 <= buf.length;) {
    let size = buf.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) size = buf.length - offset;
    if (size < header) throw new Error(`bad box at ${offset}`);
    boxes.push({ type: buf.toString('latin1', offset + 4, offset + 8), offset, size, header });
    offset += size;
  }
  return boxes;
}

/** Copies `file` with one byte in the middle of its mdat box (the coded media) inverted. */
function withFlippedMdatByte(file: string, copy: string): string {
  const buf = readFileSync(file);
  const mdat = topLevelBoxes(buf).find((b) => b.type === 'mdat');
  if (!mdat) throw new Error('no mdat box');
  const at = mdat.offset + mdat.header + Math.floor((mdat.size - mdat.header) / 2);
  buf[at] = (buf[at] ?? 0) ^ 0xff;
  writeFileSync(copy, buf);
  return copy;
}

let plain: string;
let identity: SigningIdentity;
let signed: string;

beforeAll(async () => {
  plain = makeMp4(join(root, 'plain.mp4'));
  identity = await ensureSigningIdentity(identityDir);
  signed = join(root, 'signed.mp4');
  await signMp4({ input: plain, output: signed, identity, manifest: MANIFEST });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ensureSigningIdentity', () => {
  it('creates a local chain once and reuses it', async () => {
    const again = await ensureSigningIdentity(identityDir);
    expect(again.fingerprint).toBe(identity.fingerprint);
    expect(again.certChainPem).toBe(identity.certChainPem);
    expect(again.privateKeyPem).toBe(identity.privateKeyPem);
    expect(again.createdAt).toBe(identity.createdAt);
    expect(again.subject).toBe(identity.subject);
    expect(identity.selfSigned).toBe(true);
    expect(identity.subject).toMatch(/^CN=Shotline Local Signer [0-9a-f]{8}, O=Shotline local self-signed$/);
    expect(identity.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    if (process.platform !== 'win32') expect(statSync(join(identityDir, IDENTITY_FILES.key)).mode & 0o777).toBe(0o600);
  });

  it('issues a signer certificate with the C2PA key usages from a separate local root', () => {
    const [signer, ca] = identity.certChainPem
      .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!
      .map((p) => new X509Certificate(p));
    expect(signer!.fingerprint256).toBe(identity.fingerprint);
    expect(signer!.ca).toBe(false);
    expect(ca!.ca).toBe(true);
    expect(signer!.checkIssued(ca!)).toBe(true);
    expect(signer!.verify(ca!.publicKey)).toBe(true);
    expect(ca!.verify(ca!.publicKey)).toBe(true);
    expect(signer!.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.4', '1.3.6.1.4.1.62558.2.1']));
    expect(signer!.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(Date.parse(signer!.validTo)).toBeGreaterThan(Date.now() + 20 * 365 * 86_400_000);
  });

  it('shares one creation between concurrent first calls', async () => {
    const dir = join(root, 'concurrent');
    const [a, b] = await Promise.all([ensureSigningIdentity(dir), ensureSigningIdentity(dir)]);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('replaces a half-written identity instead of using it', async () => {
    const dir = join(root, 'partial');
    const first = await ensureSigningIdentity(dir);
    rmSync(join(dir, IDENTITY_FILES.meta)); // as if the process died before the last rename
    const second = await ensureSigningIdentity(dir);
    expect(second.fingerprint).not.toBe(first.fingerprint);
    writeFileSync(join(dir, IDENTITY_FILES.key), first.privateKeyPem); // key of another identity
    const third = await ensureSigningIdentity(dir);
    expect(third.fingerprint).not.toBe(second.fingerprint);
    expect(await ensureSigningIdentity(dir)).toEqual(third);
  });
});

describe('signMp4 + readCredentials', () => {
  it('reads back a valid manifest that declares trained-model output and who made each shot', async () => {
    const r = await readCredentials(signed);
    expect(r.present).toBe(true);
    expect(r.valid).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual(['signed by a self-signed local certificate (not on a public trust list)']);
    expect(r.validationState).toBe('Valid');
    expect(r.statusCodes).toEqual(['signingCredential.untrusted']);
    expect(r.title).toBe('Night Market.mp4');
    expect(r.creator).toBe('Test Creator');
    expect(r.projectName).toBe('Night Market');
    expect(r.engines).toEqual(MANIFEST.engines);
    expect(r.digitalSourceType).toBe(DIGITAL_SOURCE_TYPE.trained);
    expect(r.softwareAgent).toBe('Shotline 0.1.0-test');
    expect(r.createdAt).toBe(MANIFEST.createdAt);
    expect(r.signer).toEqual({
      issuer: 'Shotline local self-signed',
      commonName: identity.subject.slice(3).split(',')[0],
      selfSigned: true,
    });
  });

  it('keeps the video playable', () => {
    const boxes = topLevelBoxes(readFileSync(signed)).map((b) => b.type);
    expect(boxes).toContain('uuid');
    const log = execFileSync(ffmpeg, ['-v', 'error', '-i', signed, '-f', 'null', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(log.toString()).toBe('');
  });

  it('declares an all-previz cut as algorithmic (procedural), not trained', async () => {
    const out = join(root, 'previz.mp4');
    const engines = [{ shotTitle: 'Opening', engine: 'Previz' }];
    await signMp4({ input: plain, output: out, identity, manifest: { ...MANIFEST, engines, creator: '' } });
    const r = await readCredentials(out);
    expect(r.valid).toBe(true);
    expect(r.digitalSourceType).toBe(DIGITAL_SOURCE_TYPE.algorithmic);
    expect(r.engines).toEqual(engines);
    expect(r.creator).toBeUndefined();
  });

  it('is invalid with a hash mismatch after one byte of the video data changes', async () => {
    const r = await readCredentials(withFlippedMdatByte(signed, join(root, 'tampered.mp4')));
    expect(r.present).toBe(true);
    expect(r.valid).toBe(false);
    expect(r.validationState).toBe('Invalid');
    expect(r.statusCodes).toContain('assertion.bmffHash.mismatch');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/hash mismatch, assertion\.bmffHash\.mismatch/);
    // What it claimed is still reported, so the UI can show what was altered.
    expect(r.creator).toBe('Test Creator');
  });

  it('reports a file without credentials as not present', async () => {
    const r = await readCredentials(plain);
    expect(r).toEqual({ present: false, valid: false, problems: [], notes: [] });
  });

  it("reads as Trusted against this install's own root, and only that one", async () => {
    const mine = await readCredentials(signed, { localIdentity: identity });
    expect(mine.validationState).toBe('Trusted');
    expect(mine.valid).toBe(true);
    expect(mine.notes).toEqual(["signed by this computer's own Shotline certificate"]);
    const other = await ensureSigningIdentity(join(root, 'other-install'));
    const theirs = await readCredentials(signed, { localIdentity: other });
    expect(theirs.validationState).toBe('Valid');
    expect(theirs.notes).toEqual(['signed by a self-signed local certificate (not on a public trust list)']);
  });

  it('validates in a fresh process with an empty home and temp folder (nothing but the file)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'shotline-fresh-'));
    try {
      const copy = join(fresh, 'copy.mp4');
      writeFileSync(copy, readFileSync(signed));
      const tampered = withFlippedMdatByte(signed, join(fresh, 'tampered.mp4'));
      // Runs the TypeScript sources straight in node (type stripping) with extensionless imports resolved.
      const hooks = join(fresh, 'hooks.mjs');
      writeFileSync(
        hooks,
        `import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
registerHooks({
  resolve(s, c, next) { try { return next(s, c); } catch (e) { if (s.startsWith('.') && !/\\.[cm]?[jt]s$/.test(s)) return next(s + '.ts', c); throw e; } },
  load(u, c, next) { return u.startsWith('file:') && u.endsWith('.ts') ? { format: 'module-typescript', source: readFileSync(fileURLToPath(u)), shortCircuit: true } : next(u, c); },
});`,
      );
      const entry = resolve('src/main/engine/export/credentials/index.ts');
      const script = `const { readCredentials } = await import(${JSON.stringify(entry)});
const out = [];
for (const f of process.argv.slice(1)) out.push(await readCredentials(f));
process.stdout.write(JSON.stringify(out));`;
      const env = { PATH: process.env.PATH ?? '', HOME: fresh, USERPROFILE: fresh, TMPDIR: fresh, TEMP: fresh, TMP: fresh };
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--no-warnings', '--import', hooks, '--input-type=module', '-e', script, copy, tampered],
        { cwd: fresh, env, timeout: 20_000 },
      );
      const [good, bad] = JSON.parse(stdout) as Awaited<ReturnType<typeof readCredentials>>[];
      expect(good).toMatchObject({ present: true, valid: true, creator: 'Test Creator', validationState: 'Valid' });
      expect(bad).toMatchObject({ present: true, valid: false, validationState: 'Invalid' });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('fails clearly on an output path that cannot be written', async () => {
    const output = join(root, 'no-such-folder', 'out.mp4');
    await expect(signMp4({ input: plain, output, identity, manifest: MANIFEST })).rejects.toThrow(
      /Cannot write the signed video to .*no-such-folder/,
    );
    expect(existsSync(output)).toBe(false);
  });

  it('refuses an input that is not an MP4 and an output equal to the input', async () => {
    const notMp4 = join(root, 'not.mp4');
    writeFileSync(notMp4, 'hello');
    await expect(signMp4({ input: notMp4, output: join(root, 'x.mp4'), identity, manifest: MANIFEST })).rejects.toThrow(/Not an MP4/);
    await expect(signMp4({ input: plain, output: plain, identity, manifest: MANIFEST })).rejects.toThrow(/different file/);
  });

  it('rejects with an AbortError and writes nothing when the signal is already aborted', async () => {
    const output = join(root, 'aborted.mp4');
    const ac = new AbortController();
    ac.abort();
    await expect(signMp4({ input: plain, output, identity, manifest: MANIFEST, signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(existsSync(output)).toBe(false);
  });

  it('removes the partial output when aborted while signing', async () => {
    const output = join(root, 'aborted-late.mp4');
    const ac = new AbortController();
    const pending = signMp4({ input: plain, output, identity, manifest: MANIFEST, signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(output)).toBe(false);
  });

  it('signs a ~10 MB MP4 quickly without blocking the event loop', async () => {
    mkdirSync(join(root, 'big'), { recursive: true });
    const big = makeMp4(
      join(root, 'big', 'big.mp4'),
      ['-preset', 'ultrafast', '-qp', '0'],
      'testsrc2=s=320x240:d=3.5,noise=alls=30:allf=t',
      3.5,
    );
    const bytes = statSync(big).size;
    expect(bytes).toBeGreaterThan(8_000_000);
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 2);
    const t0 = performance.now();
    await signMp4({ input: big, output: join(root, 'big', 'signed.mp4'), identity, manifest: MANIFEST });
    const signMs = performance.now() - t0;
    const t1 = performance.now();
    const r = await readCredentials(join(root, 'big', 'signed.mp4'));
    const readMs = performance.now() - t1;
    clearInterval(ticker);
    console.info(
      `credentials: ${(bytes / 1e6).toFixed(1)} MB signed in ${signMs.toFixed(0)} ms, verified in ${readMs.toFixed(0)} ms, max event-loop gap ${maxGap.toFixed(0)} ms`,
    );
    expect(r.valid).toBe(true);
    expect(signMs).toBeLessThan(5_000);
  });
});
