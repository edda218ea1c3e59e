// The security baseline of DESIGN §8 as pure functions and constants, so that each rule is a unit
// test rather than a hope. Nothing here touches the Electron runtime: only types are imported.
import type { WebPreferences } from 'electron';

/**
 * The preferences every Shotline window gets. The renderer is a web page with no Node, no
 * `require`, and only the `window.shotline` api that the sandboxed preload builds.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Prompts are free text a creator writes; the OS spellchecker is welcome there.
    spellcheck: true,
  };
}

const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // React and the timeline set inline styles (positions, widths); no inline *scripts* are allowed.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob: media:"],
  ['media-src', "'self' blob: media:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

const joinDirectives = (directives: ReadonlyArray<readonly [string, string]>) =>
  directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy of the packaged app: scripts only from the app itself, no eval, no plugins, no network. */
export const CONTENT_SECURITY_POLICY = joinDirectives(CSP_DIRECTIVES);

/**
 * The policy for a page. Under the Vite dev server (`electron-vite dev`) the React refresh
 * preamble is an inline script and hot reload talks over a WebSocket to the dev server, so dev
 * relaxes exactly those two directives for that one origin; the packaged app never does.
 */
export function contentSecurityPolicy(opts: { devServerUrl?: string } = {}): string {
  if (!opts.devServerUrl) return CONTENT_SECURITY_POLICY;
  const dev = new URL(opts.devServerUrl);
  const ws = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
  return joinDirectives(
    CSP_DIRECTIVES.map(([name, value]): readonly [string, string] => {
      if (name === 'script-src') return [name, `${value} 'unsafe-inline'`];
      if (name === 'connect-src') return [name, `${value} ${ws}`];
      return [name, value];
    }),
  );
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const isHttp = (u: URL) => u.protocol === 'http:' || u.protocol === 'https:';

/**
 * Whether a frame may navigate to `targetUrl`. Only the app's own page is allowed: the same
 * origin as the dev server, or, for the packaged app, the very same `file://` index (any query or
 * hash). Every other origin, every other file, and `javascript:`, `data:`, `blob:`, `about:` … are
 * refused.
 */
export function isNavigationAllowed(targetUrl: string, appUrl: string): boolean {
  const target = parseUrl(targetUrl);
  const app = parseUrl(appUrl);
  if (!target || !app) return false;
  if (isHttp(app)) return isHttp(target) && target.origin === app.origin && !target.username && !target.password;
  if (app.protocol === 'file:') return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  return false;
}

/**
 * Whether a response belongs to the app (and so gets the app's CSP header): the dev server's
 * origin, or a file inside the folder of the packaged `index.html`.
 */
export function isAppResource(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!target || !app) return false;
  if (isHttp(app)) return target.origin === app.origin;
  if (app.protocol !== 'file:' || target.protocol !== 'file:' || target.host !== app.host) return false;
  const folder = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1);
  return target.pathname.startsWith(folder) && !target.pathname.split('/').includes('..');
}

/** Links the user clicks may open in the system browser, but only plain http(s) ones. */
export function isExternalLinkAllowed(url: string): boolean {
  const u = parseUrl(url);
  return u !== null && isHttp(u) && u.hostname !== '' && !u.username && !u.password;
}

export interface PermissionContext {
  /** True only while the cameo or dialogue recorder is open and recording. */
  capturing: boolean;
  /** For `media` requests: what is asked for (`audio` = microphone, `video` = camera). */
  mediaTypes?: readonly string[];
}

/**
 * The answer to a permission request or check. Only `media` (microphone and camera) is ever
 * granted, and only while capturing; screen capture, notifications, geolocation, clipboard reads,
 * HID/USB/serial, MIDI and everything else are refused.
 */
export function permissionDecision(permission: string, ctx: PermissionContext): boolean {
  if (permission !== 'media' || !ctx.capturing) return false;
  const types = ctx.mediaTypes ?? [];
  return types.every((t) => t === 'audio' || t === 'video');
}

export type MediaRequest = { ok: true; requestPath: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

/**
 * `media://export/<jobId>`: the file a finished export wrote, wherever the user chose to write it
 * (the engine looks the job up and serves only that file). Null for any other media URL.
 */
export function exportMediaJobId(
  url: string,
  method = 'GET',
): { ok: true; jobId: string } | { ok: false; status: 400 | 404 | 405; reason: string } | null {
  const u = parseUrl(url);
  if (!u || u.protocol !== 'media:' || u.hostname !== 'export') return null;
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `${method} is not allowed on media://` };
  if (u.username || u.password || u.port) return { ok: false, status: 400, reason: 'media URLs carry no credentials or port' };
  const jobId = u.pathname.replace(/^\/+/, '');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(jobId)) return { ok: false, status: 404, reason: 'not a job id' };
  return { ok: true, jobId };
}

/**
 * Turns a `media://library/<root>/<path>` URL into the library request path `<root>/<path>`
 * that `resolveMediaPath` checks for containment. Only GET and HEAD are served.
 */
export function mediaRequestPath(url: string, method = 'GET'): MediaRequest {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `${method} is not allowed on media://` };
  const u = parseUrl(url);
  if (!u || u.protocol !== 'media:') return { ok: false, status: 400, reason: 'not a media:// URL' };
  if (u.hostname !== 'library') return { ok: false, status: 404, reason: `unknown media host "${u.hostname}"` };
  if (u.username || u.password || u.port) return { ok: false, status: 400, reason: 'media URLs carry no credentials or port' };
  const requestPath = u.pathname.replace(/^\/+/, '');
  if (requestPath === '') return { ok: false, status: 404, reason: 'no file named' };
  return { ok: true, requestPath };
}
