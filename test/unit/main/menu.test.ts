import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../src/shared/ipc/contract';
import { MENU_COMMANDS } from '../../../src/shared/ipc/contract';
import { buildMenuTemplate } from '../../../src/main/menuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: string, isDev = false) {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate(platform, (c) => sent.push(c), { isDev });
  const items = flatten(template);
  const byId = (id: string) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw new Error(`no menu item ${id}`);
    return item;
  };
  const click = (id: string) => (byId(id).click as () => void)();
  return { template, items, byId, click, sent };
}

describe('buildMenuTemplate', () => {
  it('sends undo and redo to the renderer instead of using the edit roles', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const m = build(platform);
      expect(m.byId('undo').accelerator).toBe('CmdOrCtrl+Z');
      expect(m.byId('redo').accelerator).toBe('Shift+CmdOrCtrl+Z');
      expect(m.items.some((i) => i.role === 'undo' || i.role === 'redo')).toBe(false);
      m.click('undo');
      m.click('redo');
      expect(m.sent).toEqual(['undo', 'redo']);
    }
  });

  it('adds Ctrl+Y for redo on Windows and Linux only', () => {
    const win = build('win32');
    expect(win.byId('redoAlt')).toMatchObject({ accelerator: 'Ctrl+Y', visible: false });
    win.click('redoAlt');
    expect(win.sent).toEqual(['redo']);
    expect(build('darwin').items.some((i) => i.id === 'redoAlt')).toBe(false);
  });

  it('keeps the clipboard roles', () => {
    const roles = build('linux').items.map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
  });

  it('has File, Edit, Shot, View and Help menus, plus the app and Window menus on macOS', () => {
    const labels = (platform: string) => build(platform).template.map((m) => (m.label ?? m.role ?? '').replace('&', ''));
    expect(labels('linux')).toEqual(['File', 'Edit', 'Shot', 'View', 'Help']);
    expect(labels('darwin')).toEqual(['Shotline', 'File', 'Edit', 'Shot', 'View', 'windowMenu', 'Help']);
    expect(build('win32').template[0]!.label).toBe('&File');
    expect(build('darwin').template[1]!.label).toBe('File');
  });

  it('offers every menu command with its label and accelerator', () => {
    const m = build('linux');
    const expected: Record<MenuCommand, [string, string | undefined]> = {
      newProject: ['New Project', 'CmdOrCtrl+Shift+N'],
      openProjects: ['Open Projects…', 'CmdOrCtrl+O'],
      importProject: ['Import…', 'CmdOrCtrl+I'],
      exportProject: ['Export…', 'CmdOrCtrl+E'],
      undo: ['Undo', 'CmdOrCtrl+Z'],
      redo: ['Redo', 'Shift+CmdOrCtrl+Z'],
      newShot: ['New Shot', 'CmdOrCtrl+Shift+A'],
      duplicateShot: ['Duplicate Shot', 'CmdOrCtrl+D'],
      deleteShot: ['Delete Shot', 'Delete'],
      renderSelectedShots: ['Render Selected Shots', 'R'],
      renderAndExport: ['Render and Export…', 'CmdOrCtrl+Enter'],
      toggleQueue: ['Render Queue', 'Q'],
      showShortcuts: ['Keyboard Shortcuts', 'CmdOrCtrl+/'],
    };
    for (const command of MENU_COMMANDS) {
      const item = m.byId(command);
      expect(item.label).toBe(expected[command][0]);
      expect(item.accelerator).toBe(expected[command][1]);
      m.click(command);
    }
    expect(m.sent).toEqual([...MENU_COMMANDS]);
  });

  it('shows R, Q and Ctrl+Enter for rendering and the queue without grabbing them from text fields', () => {
    for (const p of ['linux', 'darwin', 'win32']) {
      for (const id of ['renderSelectedShots', 'renderAndExport', 'toggleQueue'] as const) {
        expect(build(p).byId(id).registerAccelerator).toBe(false);
      }
    }
  });

  it('shows Delete for Delete Shot without grabbing the key from text fields', () => {
    expect(build('win32').byId('deleteShot')).toMatchObject({ accelerator: 'Delete', registerAccelerator: false });
    expect(build('darwin').byId('deleteShot').accelerator).toBeUndefined();
  });

  it('has no two visible items with the same accelerator', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const accels = build(platform, true)
        .items.filter((i) => i.accelerator)
        .map((i) => i.accelerator!.replace('CmdOrCtrl', platform === 'darwin' ? 'Cmd' : 'Ctrl'));
      expect(new Set(accels).size).toBe(accels.length);
    }
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (isDev: boolean) => build('linux', isDev).items.map((i) => i.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('quits from File on Windows and Linux, and from the app menu on macOS', () => {
    const fileMenu = (platform: string) => build(platform).template.find((m) => m.label?.replace('&', '') === 'File')!;
    expect(flatten([fileMenu('linux')]).some((i) => i.role === 'quit')).toBe(true);
    expect(flatten([fileMenu('darwin')]).some((i) => i.role === 'close')).toBe(true);
    expect(flatten([build('darwin').template[0]!]).some((i) => i.role === 'quit')).toBe(true);
  });
});
