import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import type { Logger } from './engine/logger';
import {
  contentSecurityPolicy,
  isAppResource,
  isExternalLinkAllowed,
  isNavigationAllowed,
  permissionDecision,
  secureWebPreferences,
} from './security';

/** Where the renderer comes from: the Vite dev server in development, the built file otherwise. */
export type RendererSource = { rendererUrl: string } | { rendererFile: string };

/** The URL of the app's own page, against which navigation and IPC senders are checked. */
export function appUrlOf(source: RendererSource): string {
  return 'rendererUrl' in source ? source.rendererUrl : pathToFileURL(source.rendererFile).href;
}

export type WebContentsGuard = (contents: WebContents) => void;

/**
 * Builds the guard applied to every web contents (windows, and anything else Chromium creates):
 * no navigation away from the app's page, no redirects, no webviews, and no new windows; http(s)
 * links open in the system browser instead. Applying it twice to the same contents is a no-op.
 */
export function createWebContentsGuard(opts: { appUrl: string; log: Logger }): WebContentsGuard {
  const guarded = new WeakSet<WebContents>();
  const refuse = (kind: string, url: string) => opts.log.warn(`${kind} refused`, { url: url.slice(0, 300) });
  return (contents) => {
    if (guarded.has(contents)) return;
    guarded.add(contents);
    contents.on('will-navigate', (e) => {
      if (!isNavigationAllowed(e.url, opts.appUrl)) {
        e.preventDefault();
        refuse('navigation', e.url);
      }
    });
    contents.on('will-frame-navigate', (e) => {
      // The main frame is covered by will-navigate above; this catches subframes.
      if (!e.isMainFrame && !isNavigationAllowed(e.url, opts.appUrl)) {
        e.preventDefault();
        refuse('frame navigation', e.url);
      }
    });
    contents.on('will-redirect', (e) => {
      if (!isNavigationAllowed(e.url, opts.appUrl)) {
        e.preventDefault();
        refuse('redirect', e.url);
      }
    });
    contents.on('will-attach-webview', (e) => {
      e.preventDefault();
      refuse('webview', contents.getURL());
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) {
        shell.openExternal(url).catch((err: unknown) => opts.log.warn('could not open link', { url, message: String(err) }));
      } else {
        refuse('new window', url);
      }
      return { action: 'deny' };
    });
  };
}

export interface SessionHardening {
  appUrl: string;
  /** Set in development: the CSP then allows the dev server's inline preamble and HMR socket. */
  devServerUrl?: string;
  /** Whether the cameo / dialogue recorder is capturing right now (the only time media is allowed). */
  isCapturing: () => boolean;
  log: Logger;
}

/** Permission handlers and the CSP header for a session. Setting them again replaces them. */
export function hardenSession(ses: Session, opts: SessionHardening): void {
  const fromApp = (url: string | undefined) => url !== undefined && isNavigationAllowed(url, opts.appUrl);

  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const granted =
      fromApp(details.requestingUrl ?? wc.getURL()) && permissionDecision(permission, { capturing: opts.isCapturing(), mediaTypes });
    if (!granted) opts.log.info('permission refused', { permission, mediaTypes });
    callback(granted);
  });

  ses.setPermissionCheckHandler((wc, permission, _origin, details) => {
    const mediaTypes = details.mediaType === 'audio' || details.mediaType === 'video' ? [details.mediaType] : undefined;
    return fromApp(details.requestingUrl ?? wc?.getURL()) && permissionDecision(permission, { capturing: opts.isCapturing(), mediaTypes });
  });

  const csp = contentSecurityPolicy(opts.devServerUrl ? { devServerUrl: opts.devServerUrl } : {});
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResource(details.url, opts.appUrl)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(details.responseHeaders ?? {})) {
      if (key.toLowerCase() !== 'content-security-policy') headers[key] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  source: RendererSource;
  log: Logger;
  guard: WebContentsGuard;
  isCapturing?: () => boolean;
}

/** The studio window: secure preferences, dark until the renderer paints, then shown. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const appUrl = appUrlOf(opts.source);
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Shotline',
    backgroundColor: '#111318',
    webPreferences: secureWebPreferences(opts.preloadPath),
  });

  opts.guard(win.webContents);
  hardenSession(win.webContents.session, {
    appUrl,
    ...('rendererUrl' in opts.source ? { devServerUrl: opts.source.rendererUrl } : {}),
    isCapturing: opts.isCapturing ?? (() => false),
    log: opts.log,
  });

  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_e, code, description, url) =>
    opts.log.error('renderer failed to load', { code, description, url }),
  );
  win.webContents.on('render-process-gone', (_e, details) =>
    opts.log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode }),
  );

  const load = 'rendererUrl' in opts.source ? win.loadURL(opts.source.rendererUrl) : win.loadFile(opts.source.rendererFile);
  load.catch((err: unknown) =>
    opts.log.error('could not load the renderer', { appUrl, message: err instanceof Error ? err.message : String(err) }),
  );
  return win;
}
