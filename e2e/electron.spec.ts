// The real Electron app, launched from the build (`npm run build` first). It needs an Electron
// binary; where there is none (as on the project's build machines) the spec reports itself
// skipped, loudly, rather than passing silently.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test, expect, _electron as electron, type ElectronApplication, type Page } from '@playwright/test';

const root = resolve(__dirname, '..');
const mainEntry = join(root, 'out/main/index.js');

/**
 * Where the electron package says its binary is, without triggering its download-on-require
 * (`require('electron')` runs the installer when the binary is missing).
 */
function findElectronBinary(): { path: string; exists: boolean } {
  try {
    const pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const path = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : join(pkgDir, 'dist');
    return { path, exists: relative !== '' || override !== undefined ? existsSync(path) : false };
  } catch (err) {
    return { path: `(electron package not resolvable: ${err instanceof Error ? err.message : String(err)})`, exists: false };
  }
}

const binary = findElectronBinary();
if (!binary.exists) {
  console.warn(
    `\n*** Electron e2e SKIPPED: no Electron binary at ${binary.path}; run on a machine where \`npx install-electron\` or npm install downloaded it ***\n`,
  );
}

test.describe('electron', () => {
  test.skip(
    !binary.exists,
    `SKIPPED: no Electron binary on this machine (${binary.path}); run \`npx install-electron\` where downloads are possible`,
  );

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  test.beforeEach(async () => {
    expect(existsSync(mainEntry), `build the app first (npm run build): ${mainEntry} is missing`).toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'shotline-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && k !== 'ELECTRON_RENDERER_URL' && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    app = await electron.launch({
      executablePath: binary.path,
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
      env: { ...env, SHOTLINE_DATA_DIR: dataDir },
    });
    page = await app.firstWindow();
    pageErrors.length = 0;
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  test.afterEach(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(pageErrors, 'the page threw').toEqual([]);
  });

  test('opens the studio on the sample project', async () => {
    await expect(page.getByText('Sample — Rooftop at Dusk')).toBeVisible();
    expect(await page.title()).not.toBe('');
  });

  test('the page gets window.shotline and no Node', async () => {
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        shotline: typeof w.shotline,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      shotline: 'object',
      ipcRenderer: 'undefined',
    });
    const info = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as { shotline: { app: { info(i: object): Promise<{ ok: boolean; value?: { transport: string } }> } } }
      ).shotline;
      return api.app.info({});
    });
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } });
  });

  test('refuses navigation to another origin', async () => {
    await expect(page.getByText('Sample — Rooftop at Dusk')).toBeVisible();
    const before = page.url();
    // Watch the main process see the attempt, so the test waits on the event, not on a timer.
    await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents;
      (globalThis as Record<string, unknown>).__navAttempt = new Promise<string>((res) => wc.once('will-navigate', (e) => res(e.url)));
    });
    await page.evaluate(() => {
      // This project's node tsconfig has no DOM lib, hence globalThis instead of window.
      const w = globalThis as unknown as { __sameDocument?: boolean; location: { href: string } };
      w.__sameDocument = true;
      w.location.href = 'https://example.com/';
    });
    const attempted = await app.evaluate(() => (globalThis as Record<string, unknown>).__navAttempt as Promise<string>);
    expect(attempted).toBe('https://example.com/');
    // A round trip through the page proves its document survived.
    expect(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>).__sameDocument)).toBe(true);
    expect(page.url()).toBe(before);
  });

  test('the export dialog picks its folder with the system folder picker', async () => {
    const picked = join(dataDir, 'picked');
    // The native dialog cannot be clicked by a test: the main process's dialog answers instead.
    await app.evaluate(({ dialog }, folder) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [folder] })) as typeof dialog.showOpenDialog;
    }, picked);
    await page.getByText('Sample — Rooftop at Dusk').first().click();
    await page.getByRole('button', { name: '● Render' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Render and export' });
    // The engine's defaults arrive first (they would replace a folder chosen before them).
    await expect(exportDialog.getByLabel('File name')).not.toHaveValue('');
    await exportDialog.getByRole('button', { name: 'Choose the export folder' }).click();
    await expect(exportDialog.getByLabel('Folder')).toHaveValue(picked);
  });
});
