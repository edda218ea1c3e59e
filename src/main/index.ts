// Electron composition root: wires the engine to the window, the media:// protocol, IPC and the
// menu. Logic lives in the modules it calls; this file only decides the order.
import { join, resolve } from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, shell, type OpenDialogOptions } from 'electron';
import { createEngine, type Engine } from './engine/createEngine';
import { notifyFinishedExports } from './exportNotifications';
import { utilityWorker } from './inferenceProcess';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { handleMediaProtocol, registerMediaSchemePrivileged } from './protocol';
import { isNavigationAllowed } from './security';
import { appUrlOf, createMainWindow, createWebContentsGuard, type RendererSource } from './window';
import { followBatchProgress } from './taskbarProgress';

registerMediaSchemePrivileged();

// An explicit data folder (tests, portable installs) also moves Chromium's profile and the
// single-instance lock, so that instances with different data folders do not block each other.
const dataDirOverride = process.env.SHOTLINE_DATA_DIR ? resolve(process.env.SHOTLINE_DATA_DIR) : undefined;
if (dataDirOverride) app.setPath('userData', join(dataDirOverride, 'chromium'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const source: RendererSource = devServerUrl ? { rendererUrl: devServerUrl } : { rendererFile: join(__dirname, '../renderer/index.html') };
  const appUrl = appUrlOf(source);
  const preloadPath = join(__dirname, '../preload/index.js');

  let engine: Engine | undefined;
  let disposeIpc: (() => void) | undefined;
  let disposeMedia: (() => void) | undefined;
  let mainWindow: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Camera and microphone are allowed only while the renderer's recorder is open.
  let capturing = false;
  app.whenReady().then(
    () => {
      const dataDir = dataDirOverride ?? app.getPath('userData');
      try {
        engine = createEngine({
          dataDir,
          appVersion: app.getVersion(),
          revealFile: (p) => shell.showItemInFolder(p),
          chooseFolder: async (o) => {
            const options: OpenDialogOptions = { ...o, properties: ['openDirectory', 'createDirectory'] };
            const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
            return r.canceled ? null : (r.filePaths[0] ?? null);
          },
          onCapturing: (on) => {
            capturing = on;
          },
          // Model sessions run in a utility process: a native crash there does not take the window down.
          workerFactory: (budgetMB) => utilityWorker(join(__dirname, 'inference-worker.js'), budgetMB),
        });
      } catch (err) {
        dialog.showErrorBox(
          'Shotline could not start',
          `The library in ${dataDir} could not be opened:\n\n${err instanceof Error ? err.message : String(err)}`,
        );
        app.exit(1);
        return;
      }
      const eng = engine;
      const guard = createWebContentsGuard({ appUrl, log: eng.log });
      // Whatever Chromium creates (windows, devtools, anything a bug lets through) gets the guard.
      app.on('web-contents-created', (_e, contents) => guard(contents));

      disposeMedia = handleMediaProtocol(eng);
      disposeIpc = registerIpc(ipcMain, eng, {
        isAppUrl: (url) => isNavigationAllowed(url, appUrl),
        targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
      });
      installAppMenu({ isDev: !app.isPackaged, appName: app.getName() });
      notifyFinishedExports({ events: eng.events, window: () => mainWindow, reveal: (p) => shell.showItemInFolder(p) });
      followBatchProgress(eng.events, (state) => {
        if (!mainWindow || mainWindow.isDestroyed()) return;
        if (state) mainWindow.setProgressBar(state.fraction, { mode: state.mode });
        else mainWindow.setProgressBar(-1);
      });

      const openWindow = () => {
        const win = createMainWindow({ preloadPath, source, log: eng.log, guard, isCapturing: () => capturing });
        win.on('closed', () => {
          if (mainWindow === win) mainWindow = undefined;
        });
        mainWindow = win;
      };
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    },
    (err: unknown) => {
      console.error('Shotline failed to start', err);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    disposeIpc?.();
    disposeIpc = undefined;
    disposeMedia?.();
    disposeMedia = undefined;
    engine?.close();
    engine = undefined;
  });
}
