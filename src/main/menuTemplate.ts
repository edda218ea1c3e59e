// The application menu as data. Pure (types only from electron), so a unit test can check every
// accelerator; menu.ts turns it into a real Menu.
//
// Accelerators (CmdOrCtrl = Cmd on macOS, Ctrl elsewhere):
//   New Project        CmdOrCtrl+Shift+N
//   Open Projects      CmdOrCtrl+O
//   Import…            CmdOrCtrl+I
//   Export…            CmdOrCtrl+E
//   Undo               CmdOrCtrl+Z
//   Redo               Shift+CmdOrCtrl+Z, and Ctrl+Y on Windows/Linux
//   New Shot           CmdOrCtrl+Shift+A   ("add"; CmdOrCtrl+Enter is left to text fields)
//   Duplicate Shot     CmdOrCtrl+D
//   Render Selected    R, Render and Export CmdOrCtrl+Enter, Render Queue Q: shown, not registered
//                      (text fields keep the keys); the storyboard handles them
//   Delete Shot        none registered: Delete/Backspace must keep deleting text in fields, so
//                      the storyboard handles the key itself when a shot card has focus (the
//                      label shows "Delete" on Windows/Linux without grabbing the key)
//   Keyboard Shortcuts CmdOrCtrl+/
// Cut/Copy/Paste/Select All keep their roles (and so their native shortcuts in text fields).
// Undo/Redo are project-level commands sent to the renderer rather than roles: the renderer
// decides whether a text field or the project history gets them.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract';

export type SendMenuCommand = (command: MenuCommand) => void;

export interface MenuTemplateOptions {
  /** Development build: adds Reload and Toggle Developer Tools. */
  isDev: boolean;
  /** Shown in the macOS app menu; defaults to "Shotline". */
  appName?: string;
}

export function buildMenuTemplate(
  platform: NodeJS.Platform | string,
  send: SendMenuCommand,
  opts: MenuTemplateOptions,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const appName = opts.appName ?? 'Shotline';
  // Alt-key mnemonics ("&File") exist on Windows and Linux only.
  const top = (label: string) => (isMac ? label : `&${label}`);
  const command = (
    id: MenuCommand,
    label: string,
    accelerator?: string,
    extra: Partial<MenuItemConstructorOptions> = {},
  ): MenuItemConstructorOptions => ({
    id,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(id),
    ...extra,
  });

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      command('newProject', 'New Project', 'CmdOrCtrl+Shift+N'),
      command('openProjects', 'Open Projects…', 'CmdOrCtrl+O'),
      { type: 'separator' },
      command('importProject', 'Import…', 'CmdOrCtrl+I'),
      command('exportProject', 'Export…', 'CmdOrCtrl+E'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [
      command('undo', 'Undo', 'CmdOrCtrl+Z'),
      command('redo', 'Redo', 'Shift+CmdOrCtrl+Z'),
      // Windows and Linux users expect Ctrl+Y as well; a hidden twin carries the second key.
      ...(isMac ? [] : [command('redo', 'Redo', 'Ctrl+Y', { id: 'redoAlt', visible: false, acceleratorWorksWhenHidden: true })]),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const shotMenu: MenuItemConstructorOptions = {
    label: top('Shot'),
    submenu: [
      command('newShot', 'New Shot', 'CmdOrCtrl+Shift+A'),
      command('duplicateShot', 'Duplicate Shot', 'CmdOrCtrl+D'),
      command('deleteShot', 'Delete Shot', isMac ? undefined : 'Delete', isMac ? {} : { registerAccelerator: false }),
      { type: 'separator' },
      // Plain letters and Ctrl+Enter are shown but never grabbed: text fields keep them.
      command('renderSelectedShots', 'Render Selected Shots', 'R', { registerAccelerator: false }),
      command('renderAndExport', 'Render and Export…', 'CmdOrCtrl+Enter', { registerAccelerator: false }),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      ...(opts.isDev
        ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])
        : []),
      command('toggleQueue', 'Render Queue', 'Q', { registerAccelerator: false }),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = { role: 'windowMenu' };

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [command('showShortcuts', 'Keyboard Shortcuts', 'CmdOrCtrl+/')],
  };

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, shotMenu, viewMenu, ...(isMac ? [windowMenu] : []), helpMenu];
}
