/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { test, expect, openStudio } from './fixtures/studio';

/** A raw GET with chosen headers (fetch would normalise the path and forbid a Host header). */
function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsAttempt(url: string, protocols: string[], origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

test.describe('security', () => {
  test('the page has no require or process, and runs under a strict CSP', async ({ page, studio }) => {
    const response = await page.goto(studio.openUrl);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain('unsafe-eval');
    await page.waitForFunction(() => (window as unknown as { __shotlineReady?: boolean }).__shotlineReady === true);
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      token: location.hash,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', token: '' });
    // Another origin cannot be reached from the page.
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.2:9/steal');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
  });

  test('navigation to another origin is refused', async ({ page, studio }) => {
    await openStudio(page, studio);
    const before = page.url();
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/';
      a.textContent = 'elsewhere';
      a.id = 'outbound';
      document.body.appendChild(a);
    });
    await page.locator('#outbound').click();
    await expect(page.getByRole('alert').filter({ hasText: 'Blocked a link to https://example.com' })).toBeVisible();
    expect(page.url()).toBe(before);
    // (Form posts elsewhere are blocked by the CSP's form-action 'none', checked above; in the
    // desktop app the main process also refuses navigation — see electron.spec.ts.)
    await expect(page.getByRole('heading', { name: /Shotline/ })).toBeVisible();
  });

  test('media paths outside the library are refused; a library file is served', async ({ studio }) => {
    mkdirSync(join(studio.dataDir, 'media'), { recursive: true });
    writeFileSync(join(studio.dataDir, 'media', 'note.txt'), 'inside');
    const t = `?token=${studio.token}`;
    expect(await rawGet(studio.origin, `/media/media/note.txt${t}`)).toEqual({ status: 200, body: 'inside' });
    expect(await rawGet(studio.origin, `/media/media/note.txt${t}`, { Range: 'bytes=2-4' })).toEqual({ status: 206, body: 'sid' });
    expect((await rawGet(studio.origin, '/media/media/note.txt')).status).toBe(401);
    for (const path of [
      '/media/../shotline.db',
      '/media/media/../../shotline.db',
      '/media/media/%2e%2e/%2e%2e/etc/passwd',
      '/media/%2Fetc%2Fpasswd',
      '/media//etc/passwd',
      '/media/media/..%2f..%2fshotline.db',
    ]) {
      const r = await rawGet(studio.origin, path + t);
      expect(r.status, path).toBe(403);
      expect(r.body, path).toMatch(/^Refused: /);
    }
    expect((await rawGet(studio.origin, '/', { Host: 'evil.example:80' })).status).toBe(421);
  });

  test('a WebSocket without the token, with a wrong token, or from another origin is refused', async ({ studio }) => {
    const ws = studio.origin.replace('http', 'ws') + '/ws';
    expect(await wsAttempt(ws, ['shotline.v1'], studio.origin)).toBe(401);
    expect(await wsAttempt(ws, ['shotline.v1', 'token.not-the-token'], studio.origin)).toBe(401);
    expect(await wsAttempt(ws, ['shotline.v1', `token.${studio.token}`], 'http://evil.example')).toBe(403);
    expect(await wsAttempt(ws, ['shotline.v1', `token.${studio.token}`])).toBe(403);
    expect(await wsAttempt(ws, ['shotline.v1', `token.${studio.token}`], studio.origin)).toBe('open');
  });

  test('the page without a token explains what to do', async ({ page, studio }) => {
    await page.goto(studio.origin + '/');
    await expect(page.getByRole('alert')).toContainText('Open the full URL that "npm run serve" printed');
  });
});
