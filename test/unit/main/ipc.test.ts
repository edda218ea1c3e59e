import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/engine/events';
import type { CallContext, Dispatcher } from '../../../src/main/engine/ipc/dispatcher';
import { silentLogger } from '../../../src/main/engine/logger';
import { eventChannel, registerIpc } from '../../../src/main/ipc';
import { CHANNELS } from '../../../src/shared/ipc/contract';
import type { Result } from '../../../src/shared/result';

const APP = 'file:///app/out/renderer/index.html';
type Handler = (e: IpcMainInvokeEvent, input: unknown) => unknown;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, h: Handler) => void handlers.set(channel, h),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const calls: { channel: string; input: unknown; ctx: CallContext }[] = [];
  const dispatcher = {
    dispatch: async (channel: string, input: unknown, ctx: CallContext) => (
      calls.push({ channel, input, ctx }),
      { ok: true, value: 'done' }
    ),
  } as unknown as Dispatcher;
  const events = new EventBus();
  const sent: { url: string; channel: string; payload: unknown }[] = [];
  const contents = (url: string, destroyed = false) =>
    ({
      getURL: () => url,
      isDestroyed: () => destroyed,
      send: (channel: string, payload: unknown) => sent.push({ url, channel, payload }),
    }) as unknown as WebContents;
  const targets = [contents(APP), contents('https://example.com/'), contents(APP, true)];
  const dispose = registerIpc(ipcMain, { dispatcher, events, log: silentLogger }, { isAppUrl: (u) => u === APP, targets: () => targets });
  const event = (url: string, parent: unknown = null) =>
    ({ sender: { id: 7 }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
  return { handlers, calls, events, sent, dispose, event };
}

describe('registerIpc', () => {
  it('registers every contract channel and dispatches with the window as origin', async () => {
    const s = setup();
    expect([...s.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const result = await s.handlers.get('projects:list')!(s.event(APP), {});
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(s.calls).toEqual([{ channel: 'projects:list', input: {}, ctx: { origin: 'window:7', transport: 'electron' } }]);
  });

  it('refuses calls from any other page or from a subframe', async () => {
    const s = setup();
    for (const e of [
      s.event('https://example.com/'),
      s.event(APP, { url: APP }),
      { sender: { id: 1 }, senderFrame: null } as unknown as IpcMainInvokeEvent,
    ]) {
      const r = (await s.handlers.get('projects:list')!(e, {})) as Result<unknown>;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('PERMISSION_DENIED');
    }
    expect(s.calls).toEqual([]);
  });

  it('forwards engine events to the app windows only', () => {
    const s = setup();
    s.events.emit('onProjectsChanged', {});
    expect(s.sent).toEqual([{ url: APP, channel: eventChannel('onProjectsChanged'), payload: {} }]);
  });

  it('disposes handlers and the subscription', () => {
    const s = setup();
    expect(s.events.size).toBe(1);
    s.dispose();
    s.dispose();
    expect(s.handlers.size).toBe(0);
    expect(s.events.size).toBe(0);
  });
});
