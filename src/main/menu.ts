import { BrowserWindow, Menu } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';
import { eventChannel } from './ipc';
import { buildMenuTemplate } from './menuTemplate';

/**
 * Installs the application menu. Menu commands go to the focused window (or, when only DevTools
 * has focus, the first window) as an `onMenuCommand` event; the renderer carries them out.
 */
export function installAppMenu(opts: { isDev: boolean; appName: string }): void {
  const send = (command: MenuCommand) => {
    const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (win && !win.isDestroyed()) win.webContents.send(eventChannel('onMenuCommand'), { command });
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, send, opts)));
}
