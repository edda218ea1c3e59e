import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  isAppResource,
  isExternalLinkAllowed,
  isNavigationAllowed,
  exportMediaJobId,
  mediaRequestPath,
  permissionDecision,
  secureWebPreferences,
} from '../../../src/main/security';

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('allows scripts only from the app, never eval or inline', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('has no network access beyond the app and no plugins, bases, forms or framing', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('lets images and media come from the library through media://', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'media:']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'media:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('is the packaged policy unless a dev server is named, which relaxes only script and connect', () => {
    expect(contentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
    const dev = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(dev.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' })).not.toContain('unsafe-eval');
  });
});

describe('isNavigationAllowed', () => {
  const fileApp = 'file:///opt/Shotline/resources/app.asar/out/renderer/index.html';
  const devApp = 'http://localhost:5173/';

  it('allows the app page itself', () => {
    expect(isNavigationAllowed(fileApp, fileApp)).toBe(true);
    expect(isNavigationAllowed(`${fileApp}#/project/p1`, fileApp)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5173/index.html?x=1', devApp)).toBe(true);
  });

  it('refuses other origins', () => {
    expect(isNavigationAllowed('https://example.com/', devApp)).toBe(false);
    expect(isNavigationAllowed('https://example.com/', fileApp)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5174/', devApp)).toBe(false);
    expect(isNavigationAllowed('https://localhost:5173/', devApp)).toBe(false);
    expect(isNavigationAllowed('http://user:pw@localhost:5173/', devApp)).toBe(false);
  });

  it('refuses script, data, blob and about URLs', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:http://localhost:5173/1234',
      'about:blank',
      'media://library/media/a.png',
    ]) {
      expect(isNavigationAllowed(url, fileApp)).toBe(false);
      expect(isNavigationAllowed(url, devApp)).toBe(false);
    }
  });

  it('refuses other files, including ones next to the index', () => {
    expect(isNavigationAllowed('file:///etc/passwd', fileApp)).toBe(false);
    expect(isNavigationAllowed('file:///opt/Shotline/resources/app.asar/out/renderer/other.html', fileApp)).toBe(false);
    expect(isNavigationAllowed('file:///opt/Shotline/resources/app.asar/out/renderer/../renderer/evil/index.html', fileApp)).toBe(false);
    expect(isNavigationAllowed('file://otherhost/opt/Shotline/resources/app.asar/out/renderer/index.html', fileApp)).toBe(false);
    expect(isNavigationAllowed('file:///opt/Shotline/resources/app.asar/out/renderer/index.html', devApp)).toBe(false);
  });

  it('refuses garbage', () => {
    expect(isNavigationAllowed('not a url', fileApp)).toBe(false);
    expect(isNavigationAllowed(fileApp, 'not a url')).toBe(false);
  });
});

describe('isAppResource', () => {
  const fileApp = 'file:///opt/Shotline/out/renderer/index.html';
  it('covers the renderer folder and the dev origin only', () => {
    expect(isAppResource('file:///opt/Shotline/out/renderer/assets/index-abc.js', fileApp)).toBe(true);
    expect(isAppResource('file:///opt/Shotline/out/main/index.js', fileApp)).toBe(false);
    expect(isAppResource('file:///etc/passwd', fileApp)).toBe(false);
    expect(isAppResource('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
    expect(isAppResource('https://example.com/', 'http://localhost:5173/')).toBe(false);
  });
});

describe('isExternalLinkAllowed', () => {
  it('opens only plain http(s) links in the system browser', () => {
    expect(isExternalLinkAllowed('https://example.com/docs')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'https://user:pw@example.com/',
      'not a url',
    ]) {
      expect(isExternalLinkAllowed(url)).toBe(false);
    }
  });
});

describe('permissionDecision', () => {
  it('allows microphone and camera only while capturing', () => {
    expect(permissionDecision('media', { capturing: true, mediaTypes: ['audio'] })).toBe(true);
    expect(permissionDecision('media', { capturing: true, mediaTypes: ['audio', 'video'] })).toBe(true);
    expect(permissionDecision('media', { capturing: true })).toBe(true);
    expect(permissionDecision('media', { capturing: false, mediaTypes: ['audio'] })).toBe(false);
    expect(permissionDecision('media', { capturing: false })).toBe(false);
  });

  it('refuses unknown media types even while capturing', () => {
    expect(permissionDecision('media', { capturing: true, mediaTypes: ['screen'] })).toBe(false);
  });

  it('refuses everything else, capturing or not', () => {
    const others = [
      'geolocation',
      'notifications',
      'display-capture',
      'clipboard-read',
      'midi',
      'midiSysex',
      'hid',
      'usb',
      'serial',
      'openExternal',
      'pointerLock',
      'fullscreen',
      'fileSystem',
      'unknown',
    ];
    for (const permission of others) {
      expect(permissionDecision(permission, { capturing: true })).toBe(false);
      expect(permissionDecision(permission, { capturing: false })).toBe(false);
    }
  });
});

describe('mediaRequestPath', () => {
  it('maps media://library/<root>/<path> to the library request path', () => {
    expect(mediaRequestPath('media://library/media/shot-1/take.mp4')).toEqual({ ok: true, requestPath: 'media/shot-1/take.mp4' });
    expect(mediaRequestPath('media://library/exports/film%20one.mp4', 'HEAD')).toEqual({ ok: true, requestPath: 'exports/film%20one.mp4' });
  });

  it('refuses other hosts, methods, schemes and empty paths', () => {
    expect(mediaRequestPath('media://elsewhere/media/a.png')).toMatchObject({ ok: false, status: 404 });
    expect(mediaRequestPath('media://library/media/a.png', 'POST')).toMatchObject({ ok: false, status: 405 });
    expect(mediaRequestPath('file:///etc/passwd')).toMatchObject({ ok: false, status: 400 });
    expect(mediaRequestPath('media://library/')).toMatchObject({ ok: false, status: 404 });
    expect(mediaRequestPath('media://user:pw@library/media/a.png')).toMatchObject({ ok: false, status: 400 });
  });

  it('never yields a path that climbs above the host (dot segments are resolved by the URL parser)', () => {
    const r = mediaRequestPath('media://library/media/../../../etc/passwd');
    expect(r).toEqual({ ok: true, requestPath: 'etc/passwd' });
  });
});

describe('exportMediaJobId', () => {
  it('names the job of media://export/<jobId>, and leaves other media URLs alone', () => {
    expect(exportMediaJobId('media://export/job_AbC-12_x')).toEqual({ ok: true, jobId: 'job_AbC-12_x' });
    expect(exportMediaJobId('media://export/job_1', 'HEAD')).toEqual({ ok: true, jobId: 'job_1' });
    expect(exportMediaJobId('media://library/exports/a.mp4')).toBeNull();
    expect(exportMediaJobId('file:///etc/passwd')).toBeNull();
  });

  it('refuses anything but a plain job id: paths, dot segments, other methods, credentials', () => {
    expect(exportMediaJobId('media://export/job_1/../../etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(exportMediaJobId('media://export/a%2Fb')).toMatchObject({ ok: false, status: 404 });
    expect(exportMediaJobId('media://export/')).toMatchObject({ ok: false, status: 404 });
    expect(exportMediaJobId('media://export/job_1', 'PUT')).toMatchObject({ ok: false, status: 405 });
    expect(exportMediaJobId('media://u:p@export/job_1')).toMatchObject({ ok: false, status: 400 });
  });
});
