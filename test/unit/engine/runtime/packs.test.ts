import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../harness';
import { repoModels } from './fixtures';
import { zipFolder } from '../../../support/packs';

const ONNX = 'face_detection_front_128x128_barracuda.onnx';

/** A pack folder made from the vendored BlazeFace, under another id. */
function makePack(id: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'shotline-pack-')), id);
  cpSync(join(repoModels, 'blazeface-short-range'), folder, { recursive: true });
  const m = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...m, id, name: `Test pack ${id}` }));
  return folder;
}

describe('model packs: import from disk and resumable download', () => {
  const h = new EngineHarness(undefined, { sample: false });
  let server: Server;
  let base: string;
  let served: string;
  let cuts: number[];
  const log: string[] = [];
  beforeAll(async () => {
    served = makePack('downloaded-pack');
    server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
      log.push(`${name} ${req.headers.range ?? ''}`.trim());
      const file = join(served, name);
      if (!existsSync(file)) return void res.writeHead(404).end();
      const data = readFileSync(file);
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = m ? Number(m[1]) : 0;
      res.writeHead(m ? 206 : 200, {
        'Content-Length': data.length - start,
        ...(m ? { 'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}` } : {}),
      });
      const cut = name === ONNX ? cuts.shift() : undefined;
      if (cut === undefined) return void res.end(data.subarray(start));
      res.write(data.subarray(start, Math.floor(data.length * cut)), () => res.socket?.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    h.dispose();
  });

  it('imports a pack folder only after its licence is accepted, verified, and usable at once', async () => {
    const folder = makePack('imported-pack');
    const info = await h.ok('models:inspectPack', { path: folder });
    expect(info).toMatchObject({ id: 'imported-pack', task: 'face-detection', licence: { name: 'Apache-2.0', accepted: false } });
    expect(info.licence.text).toMatch(/Apache License/);
    const refused = await h.err('models:importPack', { path: folder, acceptLicence: false });
    expect(refused).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/Accept the licence/) });
    const view = await h.ok('models:importPack', { path: folder, acceptLicence: true });
    expect(view).toMatchObject({ id: 'imported-pack', origin: 'pack', status: 'ok' });
    const job = await h.engine.queue.waitFor(
      (
        await h.ok('models:analyze', {
          task: 'faces',
          path: join(__dirname, '../../../fixtures/images/portrait-astronaut.jpg'),
          modelId: 'imported-pack',
        })
      ).jobId,
    );
    expect(job.result!.faces).toHaveLength(1);
  }, 60_000);

  it('a damaged pack is refused and leaves the installed one as it was', async () => {
    const folder = makePack('imported-pack');
    const b = readFileSync(join(folder, ONNX));
    b[100] = b[100]! ^ 0xff;
    writeFileSync(join(folder, ONNX), b);
    const e = await h.err('models:importPack', { path: folder, acceptLicence: true });
    expect(e.message).toMatch(/did not verify.*sha256/);
    const installed = (await h.ok('models:list', { rescan: true })).find((m) => m.id === 'imported-pack');
    expect(installed?.status).toBe('ok');
    expect(readdirSync(join(h.dataDir, 'models', 'packs')).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 30_000);

  it('imports a pack from a .zip and a .tar.gz, and refuses an archive that reaches outside its folder', async () => {
    const zipped = makePack('zipped-pack');
    const files = ['manifest.json', 'LICENSE', ONNX];
    const zip = join(dirname(zipped), 'pack.zip');
    writeFileSync(zip, zipFolder(zipped, files, 'zipped-pack/'));
    expect(await h.ok('models:importPack', { path: zip, acceptLicence: true })).toMatchObject({ id: 'zipped-pack', status: 'ok' });
    const tarred = makePack('tarred-pack');
    const tgz = join(dirname(tarred), 'pack.tar.gz');
    execFileSync('tar', ['-czf', tgz, '-C', tarred, ...files]);
    expect(await h.ok('models:importPack', { path: tgz, acceptLicence: true })).toMatchObject({ id: 'tarred-pack', status: 'ok' });
    const evil = join(dirname(tarred), 'evil.zip');
    writeFileSync(evil, zipFolder(zipped, ['LICENSE'], '../'));
    expect((await h.err('models:importPack', { path: evil, acceptLicence: true })).message).toMatch(/outside its own folder/);
    const notPack = join(dirname(tarred), 'notes.txt');
    writeFileSync(notPack, 'hello');
    expect((await h.err('models:inspectPack', { path: notPack })).message).toMatch(/not a pack/);
  }, 30_000);

  it('downloads a pack from a URL through the queue, resuming a file cut off three times', async () => {
    cuts = [0.1, 0.5, 0.99];
    const url = `${base}/manifest.json`;
    const info = await h.ok('models:inspectUrl', { url });
    expect(info).toMatchObject({ id: 'downloaded-pack', bytes: 442005, licence: { accepted: false } });
    expect(info.freeBytes).toBeGreaterThan(info.bytes);
    const { jobId } = await h.ok('models:downloadPack', { url, acceptLicence: true });
    const job = await h.engine.queue.waitFor(jobId);
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    expect(log.filter((l) => l.startsWith(ONNX))).toHaveLength(4);
    // Each retry resumes after what arrived (a cut can lose what was in flight, so the first may start over).
    const offsets = log.filter((l) => l.startsWith(`${ONNX} bytes=`)).map((l) => Number(/bytes=(\d+)-/.exec(l)![1]));
    expect(offsets.length).toBeGreaterThanOrEqual(2);
    expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
    const m = (await h.ok('models:list', {})).find((x) => x.id === 'downloaded-pack');
    expect(m).toMatchObject({ status: 'ok', origin: 'pack', licence: 'Apache-2.0' });
    expect(readFileSync(join(h.dataDir, 'models', 'packs', 'downloaded-pack', ONNX)).equals(readFileSync(join(served, ONNX)))).toBe(true);
  }, 60_000);
});
