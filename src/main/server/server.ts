import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../engine/createEngine';
import { resolveMediaPath } from '../engine/media/mediaPath';
import { allowedHosts, isAllowedOrigin, securityHeaders, tokensEqual } from './httpSecurity';
import { ClientMessageSchema, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL, type ServerMessage } from './protocol';
import { rendererFile, sendFile } from './staticFiles';

export interface ServerOptions {
  engine: Engine;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Always loopback; other values are refused. */
  host?: '127.0.0.1' | 'localhost';
  /** Per-launch secret; generated when not given. */
  token?: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open, carrying the token in the fragment (never sent to the server). */
  openUrl: string;
  port: number;
  token: string;
  clients(): number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** True when a raw request path, decoded, has a ".." segment (before any URL normalisation). */
function hasDotDotSegment(rawPath: string): boolean {
  try {
    return decodeURIComponent(rawPath).split(/[\\/]/).includes('..');
  } catch {
    return true;
  }
}

/**
 * Server mode: the built renderer over http and the studio contract over a WebSocket, both on
 * 127.0.0.1 only. The WebSocket needs the per-launch token and the server's own Origin; http
 * requests need a loopback Host header; media files need the token too.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('server mode binds to loopback only');
  const rendererDir = resolve(opts.rendererDir);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`The studio UI is not built (${rendererDir}/index.html is missing). Run "npm run build" first.`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const { engine } = opts;
  let port = 0;

  const http: Server = createServer((req, res) => {
    void handleHttp(req, res).catch((e: unknown) => {
      engine.log.error('http request failed', { url: req.url, message: (e as Error).message });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const handleHttp = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders(port);
    const refuse = (status: number, reason: string) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(reason);
    };
    if (!allowedHosts(port).has(req.headers.host ?? '')) return refuse(421, 'This server only answers on 127.0.0.1 and localhost.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (hasDotDotSegment(rawPath)) return refuse(403, 'Refused: the path leaves the library ("..")');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (rawPath.startsWith('/media/')) {
      if (!tokensEqual(url.searchParams.get('token') ?? req.headers['x-shotline-token']?.toString(), token))
        return refuse(401, 'A valid token is required.');
      // The raw (still percent-encoded) path, so that encoded ".." is judged after decoding.
      const resolved = resolveMediaPath(engine.paths.libraryRoots, rawPath.slice('/media/'.length));
      if (!resolved.ok) return refuse(resolved.reason.startsWith('no such file') ? 404 : 403, `Refused: ${resolved.reason}`);
      return sendFile(res, resolved.path, headers, req.headers.range);
    }
    const file = rendererFile(rendererDir, url.pathname);
    if (!file) return refuse(403, 'Refused: the path leaves the studio folder');
    // Client-side routes fall back to the single page.
    return sendFile(res, existsSync(file) ? file : resolve(rendererDir, 'index.html'), headers);
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  http.on('upgrade', (req, socket, head) => {
    const reject = (status: number, reason: string) => {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      engine.log.warn('websocket refused', { reason, origin: req.headers.origin ?? null });
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!allowedHosts(port).has(req.headers.host ?? '')) return reject(421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, port)) return reject(403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const given = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (!offered.includes(WS_PROTOCOL) || !tokensEqual(given, token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let nextClient = 1;
  wss.on('connection', (ws: WebSocket) => {
    const clientId = `ws:${nextClient++}`;
    const send = (msg: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const unsubscribe = engine.events.subscribe((name, payload) => send({ type: 'event', name, payload }));
    send({ type: 'hello', clientId });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let parsed;
      try {
        parsed = ClientMessageSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        return ws.close(1007, 'malformed message');
      }
      if (!parsed.success) return ws.close(1007, 'malformed message');
      const { id, channel, input } = parsed.data;
      void engine.dispatcher
        .dispatch(channel, input, { origin: clientId, transport: 'server' })
        .then((result) => send({ type: 'result', id, result }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    http.once('error', rejectListen);
    http.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, () => {
      http.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    clients: () => wss.clients.size,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      const closed = new Promise<void>((r) => http.close(() => r()));
      // A video element may hold a half-read media stream open indefinitely; do not wait for it.
      http.closeAllConnections();
      await closed;
    },
  };
}
