import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, planDownload } from '../../../../src/main/engine/runtime/download';

const body = randomBytes(3 * 1024 * 1024 + 123);
const sha = createHash('sha256').update(body).digest('hex');

/** A real HTTP server on loopback whose behaviour each test scripts. */
let server: Server;
let base: string;
let behaviour: { honourRange: boolean; cutAt: number[]; payload: Buffer };
let requests: { range: string | undefined }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const n = requests.length;
    requests.push({ range: req.headers.range });
    const payload = behaviour.payload;
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && behaviour.honourRange) {
      start = Number(m[1]);
      if (start >= payload.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${payload.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Length': payload.length - start,
        'Content-Range': `bytes ${start}-${payload.length - 1}/${payload.length}`,
      });
    } else {
      res.writeHead(200, { 'Content-Length': payload.length });
    }
    const cut = behaviour.cutAt[n];
    if (cut === undefined) return void res.end(payload.subarray(start));
    // Send up to `cut` of the whole file, then drop the connection.
    const stop = Math.max(start, Math.floor(payload.length * cut));
    res.write(payload.subarray(start, stop), () => res.socket?.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shotline-dl-'));
  requests = [];
  behaviour = { honourRange: true, cutAt: [], payload: body };
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('downloads with Range resume, .part files and sha256 verification', () => {
  it('completes a download cut off at 10, 50 and 99 %, resuming each time from what arrived', async () => {
    behaviour.cutAt = [0.1, 0.5, 0.99];
    const dest = join(dir, 'model.onnx');
    const seen: number[] = [];
    const r = await downloadFile(
      { url: `${base}/model.onnx`, dest, sha256: sha, bytes: body.length },
      { backoffMs: 1, onProgress: (p) => seen.push(p.received) },
    );
    expect(r.sha256).toBe(sha);
    expect(readFileSync(dest).equals(body)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    // Each retry asks for the rest after what arrived (a cut connection loses what was in flight).
    expect(requests).toHaveLength(4);
    expect(requests[0]!.range).toBeUndefined();
    const offsets = requests.slice(1).map((q) => Number(/^bytes=(\d+)-$/.exec(q.range ?? '')?.[1]));
    [0.1, 0.5, 0.99].forEach((cut, i) => {
      expect(offsets[i]).toBeGreaterThan(i === 0 ? 0 : offsets[i - 1]!);
      expect(offsets[i]).toBeLessThanOrEqual(Math.floor(body.length * cut));
    });
    expect(seen.at(-1)).toBe(body.length);
  });

  it('resumes in a later call from the .part an earlier, failed call left', async () => {
    behaviour.cutAt = [0.5, 0.5, 0.5];
    const spec = { url: `${base}/m`, dest: join(dir, 'm.onnx'), sha256: sha, bytes: body.length };
    await expect(downloadFile(spec, { retries: 0, backoffMs: 1 })).rejects.toMatchObject({ code: 'DOWNLOAD_INTERRUPTED', retryable: true });
    const kept = planDownload(spec).resumeFrom;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(Math.floor(body.length * 0.5));
    behaviour.cutAt = [];
    requests = [];
    await downloadFile(spec, { backoffMs: 1 });
    expect(requests[0]!.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(spec.dest).equals(body)).toBe(true);
  });

  it('starts over when the server ignores Range, and still ends with the right file', async () => {
    behaviour = { honourRange: false, cutAt: [0.5], payload: body };
    const dest = join(dir, 'x.onnx');
    await downloadFile({ url: `${base}/x`, dest, sha256: sha, bytes: body.length }, { backoffMs: 1 });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(readFileSync(dest).equals(body)).toBe(true);
  });

  it('never replaces a finished file with one whose sha256 is wrong', async () => {
    const dest = join(dir, 'installed.onnx');
    writeFileSync(dest, 'the installed, working model');
    const other = Buffer.from(body);
    other[1000] = other[1000]! ^ 1;
    behaviour.payload = other;
    await expect(downloadFile({ url: `${base}/y`, dest, sha256: sha, bytes: body.length }, { backoffMs: 1 })).rejects.toMatchObject({
      code: 'HASH_MISMATCH',
      message: expect.stringMatching(/does not match its sha256.*nothing installed was changed/),
    });
    expect(readFileSync(dest, 'utf8')).toBe('the installed, working model');
  });

  it('refuses to start when the disk lacks the space, saying how much is needed', async () => {
    await expect(
      downloadFile({ url: `${base}/z`, dest: join(dir, 'z.onnx'), sha256: sha, bytes: body.length }, { freeBytes: () => 1024 * 1024 }),
    ).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/needs 4 MiB more, 1 MiB are free/) });
    expect(requests).toHaveLength(0);
  });

  it('refuses what is not http(s)', async () => {
    await expect(downloadFile({ url: `ftp://127.0.0.1/x`, dest: join(dir, 'f.onnx'), sha256: sha, bytes: body.length })).rejects.toThrow(
      /Only http and https/,
    );
  });
});
