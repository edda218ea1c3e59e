import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { parseByteRange, rangeHeaders } from '../engine/media/byteRange';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path inside the built renderer folder; null when it would leave it. */
export function rendererFile(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(rendererDir, rel));
  return full === rendererDir || full.startsWith(rendererDir + sep) ? full : null;
}

/** Streams a file (never buffering it whole), honouring a single byte range; 404 when it does not exist. */
export async function sendFile(res: ServerResponse, path: string, headers: Record<string, string>, rangeHeader?: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  const range = parseByteRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
    res.end();
    return;
  }
  const type = { 'Content-Type': contentType(path) };
  if (range === null) res.writeHead(200, { ...headers, ...type, 'Content-Length': String(size), 'Accept-Ranges': 'bytes' });
  else res.writeHead(206, { ...headers, ...type, ...rangeHeaders(range, size) });
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path, range ?? {}).pipe(res);
}
