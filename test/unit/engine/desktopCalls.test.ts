import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './harness';

/*
 * The calls that need the desktop shell (the system file manager and folder picker). The engine
 * runs them through hooks the desktop app passes in (Electron's shell and dialog, which cannot run
 * here); without them, as under the CLI or server, each says what to do instead. Over the browser
 * transport they are refused before reaching the engine (local-only calls).
 */
describe('desktop-only file calls', () => {
  let h: EngineHarness | null = null;
  afterEach(() => {
    h?.dispose();
    h = null;
  });

  it('without the desktop app: choosing a folder and showing a file say what to do instead', async () => {
    h = new EngineHarness(undefined, { sample: false, startQueue: false });
    const choose = await h.err('files:chooseFolder', { title: 'Export to this folder' });
    expect(choose.code).toBe('PERMISSION_DENIED');
    expect(choose.message).toMatch(/needs the desktop app.*Type the folder's path/);
    const show = await h.err('files:showInFolder', { path: h.dataDir });
    expect(show.code).toBe('PERMISSION_DENIED');
    expect(show.message).toContain(h.dataDir);
    expect((await h.err('files:showInFolder', { path: join(h.dataDir, 'gone.mp4') })).code).toBe('NOT_FOUND');
  });

  it('in the desktop app: the picker gets the title and starting folder, and its answer (or null) comes back', async () => {
    const asked: { title?: string; defaultPath?: string }[] = [];
    const picked = mkdtempSync(join(tmpdir(), 'shotline-picked-'));
    let answer: string | null = picked;
    h = new EngineHarness(undefined, {
      sample: false,
      startQueue: false,
      chooseFolder: (o) => {
        asked.push(o);
        return Promise.resolve(answer);
      },
    });
    expect(await h.ok('files:chooseFolder', { title: 'Export to this folder', defaultPath: '/tmp' })).toEqual({ path: picked });
    answer = null;
    expect(await h.ok('files:chooseFolder', {})).toEqual({ path: null });
    expect(asked).toEqual([{ title: 'Export to this folder', defaultPath: '/tmp' }, {}]);
    // A browser never reaches the picker, even where the app has one (a page must not open system dialogs).
    const fromBrowser = await h.err('files:chooseFolder', {}, { origin: 'http://127.0.0.1:1', transport: 'server' });
    expect(fromBrowser.code).toBe('PERMISSION_DENIED');
    expect(asked).toHaveLength(2);
    // Input is validated like every call's.
    expect((await h.err('files:chooseFolder', { title: 'x'.repeat(201) })).code).toBe('INVALID_INPUT');
  });
});
