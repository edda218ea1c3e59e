import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import type { Engine } from './engine/createEngine';
import { resolveMediaPath } from './engine/media/mediaPath';
import { mediaRequestPath } from './security';

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

/**
 * Serves `media://library/<root>/<path>` from the library roots only: the path is resolved (links
 * followed) and then checked for containment by `resolveMediaPath`; anything else is refused.
 * Returns a disposer that unregisters the handler.
 */
export function handleMediaProtocol(engine: Pick<Engine, 'paths' | 'log'>): () => void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const parsed = mediaRequestPath(request.url, request.method);
    if (!parsed.ok) return refuse(parsed.status, parsed.reason);
    const resolved = resolveMediaPath(engine.paths.libraryRoots, parsed.requestPath);
    if (!resolved.ok) {
      engine.log.info('media request refused', { url: request.url.slice(0, 300), reason: resolved.reason });
      return refuse(resolved.reason.startsWith('no such file') ? 404 : 403, resolved.reason);
    }
    // Forward Range so that <video>/<audio> can seek without reading the whole file.
    const range = request.headers.get('range');
    try {
      return await net.fetch(pathToFileURL(resolved.path).href, { method: request.method, headers: range ? { range } : {} });
    } catch (err) {
      engine.log.warn('media read failed', { path: resolved.path, message: err instanceof Error ? err.message : String(err) });
      return refuse(404, 'the file could not be read');
    }
  });
  return () => protocol.unhandle(MEDIA_SCHEME);
}
