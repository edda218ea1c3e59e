import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, statSync, truncateSync, writeSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { freeBytesAt } from '../fsUtil';
import { JobFailure, throwIfAborted } from '../queue/jobErrors';

export interface DownloadSpec {
  url: string;
  /** The finished file; written as `<dest>.part` until it is complete and verified. */
  dest: string;
  sha256: string;
  bytes: number;
}

export interface DownloadProgress {
  received: number;
  total: number;
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** Seconds left at that rate; null until there is a rate. */
  etaSeconds: number | null;
}

export interface DownloadPlan {
  /** Bytes already in the `.part` file (the download resumes after them). */
  resumeFrom: number;
  /** Bytes still to fetch, and free space where they go. */
  needBytes: number;
  freeBytes: number;
  alreadyComplete: boolean;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Interruptions survived before giving up (each resumes from the `.part`). */
  retries?: number;
  /** Free bytes at a folder (tests simulate a full disk). */
  freeBytes?: (dir: string) => number;
  /** Waits between retries (ms). */
  backoffMs?: number;
}

const part = (dest: string) => `${dest}.part`;

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** What a download will need, before it starts: shown to the user with the free space. */
export function planDownload(spec: DownloadSpec, o: Pick<DownloadOptions, 'freeBytes'> = {}): DownloadPlan {
  mkdirSync(dirname(spec.dest), { recursive: true });
  const have = existsSync(part(spec.dest)) ? statSync(part(spec.dest)).size : 0;
  const resumeFrom = have <= spec.bytes ? have : 0;
  return {
    resumeFrom,
    needBytes: spec.bytes - resumeFrom,
    freeBytes: (o.freeBytes ?? freeBytesAt)(dirname(spec.dest)),
    alreadyComplete: false,
  };
}

function request(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      return reject(new JobFailure('INVALID_URL', `Only http and https downloads are supported (${u.protocol} given).`));
    }
    const get = u.protocol === 'https:' ? httpsGet : httpGet;
    const req = get(u, { headers, ...(signal ? { signal } : {}), timeout: 30_000 }, resolve);
    req.on('timeout', () => req.destroy(new Error('the server stopped answering (30 s)')));
    req.on('error', reject);
  });
}

/**
 * Downloads one file with HTTP Range resume into `<dest>.part`, verifies its sha256 and renames
 * it to `dest`. An interruption keeps the `.part` and resumes from it (up to `retries` times in
 * this call, and again on a later call); a server that ignores Range starts the file over; a file
 * that arrives with the wrong hash is never renamed, so a finished `dest` is never replaced by a
 * bad one.
 */
export async function downloadFile(spec: DownloadSpec, o: DownloadOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const plan = planDownload(spec, o);
  if (plan.needBytes > plan.freeBytes) {
    throw new JobFailure(
      'DISK_FULL',
      `Not enough disk space for ${spec.dest.split(/[\\/]/).pop()}: it needs ${mib(plan.needBytes)} MiB more, ${mib(plan.freeBytes)} MiB are free. Free some space and retry.`,
    );
  }
  const retries = o.retries ?? 5;
  let lastError: unknown = null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    throwIfAborted(o.signal);
    if (attempt > 0) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * attempt));
    try {
      await fetchOnce(spec, o);
      lastError = null;
      break;
    } catch (e) {
      if (o.signal?.aborted || (e instanceof JobFailure && !e.retryable)) throw e;
      lastError = e;
    }
  }
  if (lastError) {
    throw new JobFailure(
      'DOWNLOAD_INTERRUPTED',
      `The download of ${spec.url} kept being cut off (${lastError instanceof Error ? lastError.message : String(lastError)}). What arrived is kept; retry to resume.`,
      true,
    );
  }
  const got = await sha256Of(part(spec.dest));
  if (got !== spec.sha256) {
    // The whole file arrived but is not the one promised: start over next time.
    truncateSync(part(spec.dest), 0);
    throw new JobFailure(
      'HASH_MISMATCH',
      `The downloaded ${spec.dest.split(/[\\/]/).pop()} does not match its sha256 (got ${got.slice(0, 12)}…, expected ${spec.sha256.slice(0, 12)}…). The server sent a different file; nothing installed was changed.`,
    );
  }
  renameSync(part(spec.dest), spec.dest);
  return { sha256: got, bytes: spec.bytes };
}

async function fetchOnce(spec: DownloadSpec, o: DownloadOptions): Promise<void> {
  const file = part(spec.dest);
  let have = existsSync(file) ? statSync(file).size : 0;
  if (have > spec.bytes) {
    truncateSync(file, 0);
    have = 0;
  }
  if (have === spec.bytes) return;
  const res = await request(spec.url, have > 0 ? { Range: `bytes=${have}-` } : {}, o.signal);
  if (res.statusCode === 416) {
    res.resume();
    // The server has nothing after what we hold: the part is as long as the file, or wrong. Start over.
    truncateSync(file, 0);
    throw new Error('the server refused the resume range');
  }
  if (res.statusCode !== 200 && res.statusCode !== 206) {
    res.resume();
    const retryable = (res.statusCode ?? 0) >= 500 || res.statusCode === 429;
    throw new JobFailure('DOWNLOAD_FAILED', `The server answered ${res.statusCode} ${res.statusMessage ?? ''} for ${spec.url}.`, retryable);
  }
  let offset = have;
  if (res.statusCode === 200 && have > 0) {
    // The server ignored Range and sends the whole file: write it from the start.
    truncateSync(file, 0);
    offset = 0;
  }
  if (res.statusCode === 206) {
    const m = /bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
    if (!m || Number(m[1]) !== have) {
      res.resume();
      truncateSync(file, 0);
      throw new Error(`the server resumed at the wrong place (${String(res.headers['content-range'])})`);
    }
  }
  const started = performance.now();
  let received = offset;
  const window: { t: number; bytes: number }[] = [];
  // Each chunk is written as it arrives (synchronously), so a cut connection keeps every byte that came.
  const fd = openSync(file, offset > 0 ? 'a' : 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => res.destroy(new Error('aborted'));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      res.on('data', (chunk: Buffer) => {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          res.destroy(e as Error);
          return;
        }
        received += chunk.length;
        const t = performance.now();
        window.push({ t, bytes: received });
        while (window.length > 2 && t - window[0]!.t > 3000) window.shift();
        const span = (t - window[0]!.t) / 1000;
        const rate = span > 0.2 ? (received - window[0]!.bytes) / span : (received - offset) / Math.max(0.001, (t - started) / 1000);
        o.onProgress?.({ received, total: spec.bytes, rate, etaSeconds: rate > 0 ? (spec.bytes - received) / rate : null });
      });
      res.on('end', () => (res.complete ? resolve() : reject(new Error('the connection closed early'))));
      res.on('aborted', () => reject(new Error('the connection was cut')));
      res.on('error', reject);
      res.on('close', () => {
        o.signal?.removeEventListener('abort', onAbort);
        if (!res.complete) reject(new Error('the connection was cut'));
      });
    });
  } catch (e) {
    throwIfAborted(o.signal);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      throw new JobFailure(
        'DISK_FULL',
        `The disk filled up while downloading ${spec.url}. Free some space and retry; what arrived is kept.`,
      );
    throw e;
  } finally {
    closeSync(fd);
  }
  const size = statSync(file).size;
  if (size < spec.bytes) throw new Error(`the connection closed after ${size} of ${spec.bytes} bytes`);
  if (size > spec.bytes) {
    truncateSync(file, 0);
    throw new Error(`the server sent more than the ${spec.bytes} bytes the manifest declares`);
  }
}

const mib = (b: number) => Math.ceil(b / 2 ** 20);
