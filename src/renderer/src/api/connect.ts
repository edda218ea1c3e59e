import { buildApi, type ShotlineApi } from '../../../shared/ipc/api';
import { WebSocketTransport, type ConnectionState } from './wsTransport';

declare global {
  interface Window {
    /** Present inside the desktop app, built by the preload from the contract. */
    shotline?: ShotlineApi;
  }
}

export interface Connection {
  api: ShotlineApi;
  transport: 'electron' | 'server';
  /** This client's id, to recognise the echo of its own edits. */
  clientId(): string | null;
  onState(listener: (state: ConnectionState) => void): void;
  /** A URL the page can load a library file from ("media/takes/x.mp4" → media:// or the server's /media/). */
  mediaUrl(libraryPath: string): string;
  /** The desktop app's URL of a finished export's file wherever it was written; null in server mode (exports stay in the library there). */
  exportUrl(jobId: string): string | null;
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

const TOKEN_KEY = 'shotline.token';

/** Reads the launch token from the URL fragment once, then keeps it for reloads of this tab only. */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Picks the transport: the preload's api in Electron, otherwise the server's WebSocket. */
export async function connect(): Promise<Connection> {
  if (window.shotline) {
    return {
      api: window.shotline,
      transport: 'electron',
      clientId: () => null,
      onState: () => {},
      mediaUrl: (p) => `media://library/${encodePath(p)}`,
      exportUrl: (jobId) => `media://export/${encodeURIComponent(jobId)}`,
    };
  }
  const token = takeToken();
  if (!token) throw new Error('This page needs the studio token. Open the full URL that "npm run serve" printed in the terminal.');
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const transport = new WebSocketTransport(wsUrl, token);
  await transport.connect();
  return {
    api: buildApi(transport),
    transport: 'server',
    clientId: () => transport.clientId,
    onState: (l) => {
      transport.onState = l;
    },
    mediaUrl: (p) => `/media/${encodePath(p)}?token=${encodeURIComponent(token)}`,
    exportUrl: () => null,
  };
}
