/* A TCP proxy on loopback that cuts connections at random points (a bad network), counting requests. */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ChaosProxy {
  url: string;
  /** Connections still to be cut (set it to change the weather). */
  cuts: number;
  /** When true, new connections hang (no bytes pass) until set back: an app can be closed mid-upload. */
  stall: boolean;
  /** First request lines seen, e.g. "POST /api/uploads HTTP/1.1". */
  requests: string[];
  cutsDone: number;
  close(): Promise<void>;
}

export async function startChaosProxy(
  target: string,
  o: { cuts?: number; maxBytes?: number; seed?: number; stallAfterCut?: boolean } = {},
): Promise<ChaosProxy> {
  const t = new URL(target);
  let seed = o.seed ?? 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sockets = new Set<Socket>();
  const state = { cuts: o.cuts ?? 0, stall: false, requests: [] as string[], cutsDone: 0 };
  const server: Server = createServer((client) => {
    sockets.add(client);
    if (state.stall) {
      client.on('error', () => undefined);
      return;
    }
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(upstream);
    // A connection opened while cuts remain is cut after a random number of bytes (if it sends that many).
    let budget = state.cuts > 0 ? 200 + Math.floor(rand() * (o.maxBytes ?? 48_000)) : Infinity;
    let first = true;
    client.on('data', (chunk: Buffer) => {
      if (first) {
        state.requests.push(chunk.toString('latin1').split('\r\n')[0]!);
        first = false;
      }
      if (chunk.length >= budget && state.cuts > 0) {
        upstream.write(chunk.subarray(0, budget));
        state.cuts--;
        state.cutsDone++;
        budget = 0;
        client.destroy();
        upstream.destroy();
        if (o.stallAfterCut) state.stall = true;
        return;
      }
      budget -= chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (d) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const proxy: ChaosProxy = {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return state.cuts;
    },
    set cuts(n) {
      state.cuts = n;
    },
    get stall() {
      return state.stall;
    },
    set stall(v) {
      state.stall = v;
      if (v) for (const s of sockets) s.destroy();
    },
    get requests() {
      return state.requests;
    },
    get cutsDone() {
      return state.cutsDone;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return proxy;
}
