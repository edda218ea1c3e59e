import type { Channel, EventName } from '../../../shared/ipc/contract';
import type { Disposer, Transport } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/result';

const WS_PROTOCOL = 'shotline.v1';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The server-mode transport: the contract over a WebSocket to the studio on 127.0.0.1. Calls
 * made while the socket reconnects wait for it; calls in flight when it drops fail clearly.
 */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private opened: Promise<void> | null = null;
  private retryMs = 500;
  private closedByUser = false;
  clientId: string | null = null;
  onState: (state: ConnectionState) => void = () => {};

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  connect(): Promise<void> {
    if (this.opened) return this.opened;
    this.onState('connecting');
    this.opened = new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(this.url, [WS_PROTOCOL, `token.${this.token}`]);
      this.socket = ws;
      let settled = false;
      ws.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data)) as {
          type: string;
          id?: number;
          result?: Result<unknown>;
          name?: string;
          payload?: unknown;
          clientId?: string;
        };
        if (msg.type === 'hello') {
          this.clientId = msg.clientId ?? null;
          this.retryMs = 500;
          settled = true;
          this.onState('open');
          resolve();
        } else if (msg.type === 'result' && msg.id !== undefined) {
          this.pending.get(msg.id)?.(msg.result as Result<unknown>);
          this.pending.delete(msg.id);
        } else if (msg.type === 'event' && msg.name) {
          for (const l of this.listeners.get(msg.name) ?? []) l(msg.payload);
        }
      };
      ws.onclose = () => {
        this.opened = null;
        this.socket = null;
        for (const [id, done] of this.pending) {
          done({ ok: false, error: { code: 'IO_ERROR', message: 'The connection to the studio was lost before it answered. Try again.' } });
          this.pending.delete(id);
        }
        this.onState('closed');
        if (!settled)
          reject(new Error('The studio refused the connection. Open the URL that "npm run serve" printed (it carries the token).'));
        else if (!this.closedByUser) this.reconnectLater();
      };
    });
    return this.opened;
  }

  /** Retries with backoff (up to 8 s apart) until the studio answers again. */
  private reconnectLater(): void {
    this.retryMs = Math.min(this.retryMs * 2, 8000);
    setTimeout(() => {
      if (!this.closedByUser) this.connect().catch(() => this.reconnectLater());
    }, this.retryMs);
  }

  async invoke(channel: Channel, input: unknown): Promise<Result<unknown>> {
    try {
      await this.connect();
    } catch (e) {
      return { ok: false, error: { code: 'IO_ERROR', message: (e as Error).message } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket!.send(JSON.stringify({ type: 'call', id, channel, input }));
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): Disposer {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  }

  close(): void {
    this.closedByUser = true;
    this.socket?.close();
  }
}
