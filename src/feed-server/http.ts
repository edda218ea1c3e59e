import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange, rangeHeaders } from '../main/engine/media/byteRange';

/** A failure with the HTTP status and the message the client shows. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'error',
  ) {
    super(message);
  }
}

const MAX_JSON = 8 * 2 ** 20;
export const now = () => new Date().toISOString();

export async function json(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_JSON) throw new HttpError(413, 'The request body is too large.');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'The request body is not JSON.');
  }
}

export function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string): void {
  if (!existsSync(file)) throw new HttpError(404, 'The file is missing.');
  const size = statSync(file).size;
  const range = parseByteRange(req.headers.range, size);
  if (range && range !== 'unsatisfiable') {
    res.writeHead(206, { 'content-type': type, ...rangeHeaders(range, size) });
    createReadStream(file, { start: range.start, end: range.end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
  createReadStream(file).pipe(res);
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

export function thumbnail(ffmpeg: string, video: string, out: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(ffmpeg, ['-v', 'error', '-y', '-ss', '1', '-i', video, '-frames:v', '1', '-vf', 'scale=320:-2', out], (e) =>
      e ? reject(e) : resolve(),
    ),
  );
}
