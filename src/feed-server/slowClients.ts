import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FeedConfig } from './config';

type Timeouts = Pick<FeedConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'bodyIdleTimeoutMs'>;

const secs = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;

/** Node's own limits: headers, the whole request, idle kept-alive connections (checked often enough to hold them). */
export function timeoutOptions(config: Timeouts): ServerOptions {
  const shortest = Math.min(config.headersTimeoutMs, config.requestTimeoutMs || Infinity);
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(shortest / 10))),
  };
}

/**
 * Slow clients must not hold the feed: a request whose headers, or whole self, arrive too slowly is
 * answered 408 with the reason and its connection closed (Node's headersTimeout/requestTimeout), and
 * a body that stops arriving for `bodyIdleTimeoutMs` is cut off too. A tus PATCH is cut without an
 * answer: its client resumes from the offset the feed kept, which a 4xx would make it give up.
 */
export function guardSlowClients(http: Server, config: Timeouts) {
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse; resumable: boolean }>();
  const bodies = new Map<IncomingMessage, { res: ServerResponse; resumable: boolean; bytes: number; at: number }>();

  const refuse = (socket: Socket, res: ServerResponse | null, status: number, code: string, message: string) => {
    if (socket.writable && !res?.headersSent) {
      const body = JSON.stringify({ error: { code, message } });
      const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };

  http.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const cur = current.get(socket);
    const inBody = cur && !cur.req.complete ? cur : null;
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      if (inBody?.resumable) return void socket.destroy();
      return inBody
        ? refuse(
            socket,
            inBody.res,
            408,
            'request_timeout',
            `The request did not arrive within ${secs(config.requestTimeoutMs)}; the connection is closed. Send it again on a faster connection.`,
          )
        : refuse(
            socket,
            null,
            408,
            'request_timeout',
            `The request's headers did not arrive within ${secs(config.headersTimeoutMs)}; the connection is closed.`,
          );
    }
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    if (err.code === 'HPE_HEADER_OVERFLOW') return refuse(socket, null, 431, 'headers_too_large', 'The request headers are too large.');
    refuse(socket, inBody?.res ?? null, 400, 'bad_request', 'The request is not valid HTTP.');
  });

  const timer = setInterval(
    () => {
      const t = Date.now();
      for (const [req, w] of bodies) {
        if (req.complete || req.socket.destroyed) {
          bodies.delete(req);
          continue;
        }
        if (req.socket.bytesRead !== w.bytes) {
          w.bytes = req.socket.bytesRead;
          w.at = t;
          continue;
        }
        if (t - w.at < config.bodyIdleTimeoutMs) continue;
        bodies.delete(req);
        if (w.resumable) req.socket.destroy();
        else
          refuse(
            req.socket,
            w.res,
            408,
            'request_timeout',
            `The request body stopped arriving (nothing for ${secs(config.bodyIdleTimeoutMs)}); the connection is closed. Send it again.`,
          );
      }
    },
    Math.max(20, Math.min(1000, Math.floor(config.bodyIdleTimeoutMs / 4))),
  );
  timer.unref();

  return {
    /** Watches a request from its headers on; `resumable`: a tus PATCH, cut without an answer. */
    watch(req: IncomingMessage, res: ServerResponse, resumable: boolean) {
      current.set(req.socket, { req, res, resumable });
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody && !req.complete) bodies.set(req, { res, resumable, bytes: req.socket.bytesRead, at: Date.now() });
    },
    stop() {
      clearInterval(timer);
      bodies.clear();
    },
  };
}
