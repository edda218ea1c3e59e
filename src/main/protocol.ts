import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { Engine } from './engine/createEngine';
import { parseByteRange, rangeHeaders } from './engine/media/byteRange';
import { resolveMediaPath } from './engine/media/mediaPath';
import { contentType } from './server/staticFiles';
import { exportMediaJobId, mediaRequestPath } from './security';

export const MEDIA_SCHEME = 'media';

/**
 * Declares `media://` a privileged scheme (standard URL parsing, secure context, fetch, streaming
 * for audio/video seeking). Must run before the app's `ready` event.
 */
export function registerMediaSchemePrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

const refuse = (status: number, reason: string) =>
  new Response(reason, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/** Answers a media request with a file, honouring Range so that <video>/<audio> can seek. */
async function serveFile(path: string, request: Request, log: Pick<Engine, 'log'>['log']): Promise<Response> {
  // net.fetch(file://) ignores Range, so ranges are answered here: <video>/<audio> can seek
  // without reading the whole file.
  try {
    const info = await stat(path);
    const range = parseByteRange(request.headers.get('range'), info.size);
    const type = { 'content-type': contentType(path), 'cache-control': 'no-store' };
    if (range === 'unsatisfiable')
      return new Response(null, { status: 416, headers: { ...type, 'content-range': `bytes */${info.size}` } });
    if (range === null) {
      const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(path)) as ReadableStream);
      return new Response(body, { status: 200, headers: { ...type, 'content-length': String(info.size), 'accept-ranges': 'bytes' } });
    }
    const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(path, range)) as ReadableStream);
    return new Response(body, { status: 206, headers: { ...type, ...rangeHeaders(range, info.size) } });
  } catch (err) {
    log.warn('media read failed', { path, message: err instanceof Error ? err.message : String(err) });
    return refuse(404, 'the file could not be read');
  }
}

/**
 * Serves `media://library/<root>/<path>` from the library roots only: the path is resolved (links
 * followed) and then checked for containment by `resolveMediaPath`; anything else is refused.
 * `media://export/<jobId>` serves the one file a finished export wrote, wherever it is.
 * Returns a disposer that unregisters the handler.
 */
export function handleMediaProtocol(engine: Pick<Engine, 'paths' | 'log' | 'render'>): () => void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const exported = exportMediaJobId(request.url, request.method);
    if (exported) {
      if (!exported.ok) return refuse(exported.status, exported.reason);
      const file = engine.render.finishedExportFile(exported.jobId);
      return file ? serveFile(file, request, engine.log) : refuse(404, 'no finished export with that id, or its file is gone');
    }
    const parsed = mediaRequestPath(request.url, request.method);
    if (!parsed.ok) return refuse(parsed.status, parsed.reason);
    const resolved = resolveMediaPath(engine.paths.libraryRoots, parsed.requestPath);
    if (!resolved.ok) {
      engine.log.info('media request refused', { url: request.url.slice(0, 300), reason: resolved.reason });
      return refuse(resolved.reason.startsWith('no such file') ? 404 : 403, resolved.reason);
    }
    return serveFile(resolved.path, request, engine.log);
  });
  return () => protocol.unhandle(MEDIA_SCHEME);
}
