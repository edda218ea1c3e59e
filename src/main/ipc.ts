import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS, type EventName } from '../shared/ipc/contract';
import type { Disposer } from '../shared/ipc/api';
import { fail } from '../shared/result';
import type { Engine } from './engine/createEngine';

/** The IPC channel an engine event travels on; the preload listens on the same name. */
export const eventChannel = (name: EventName) => `shotline:event:${name}` as const;

export interface IpcOptions {
  /** Whether a frame URL is the app's own page (see `isNavigationAllowed`). */
  isAppUrl(url: string): boolean;
  /** The renderers that receive engine events (all open windows). */
  targets(): WebContents[];
}

/**
 * Serves every contract call over `ipcMain.handle` through the engine's dispatcher, and forwards
 * engine events to every window. Calls from any frame other than the app's own page are refused.
 * Returns a disposer that removes the handlers and the event subscription.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  engine: Pick<Engine, 'dispatcher' | 'events' | 'log'>,
  opts: IpcOptions,
): Disposer {
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    try {
      const frame = e.senderFrame;
      return frame !== null && frame.parent === null && opts.isAppUrl(frame.url);
    } catch {
      return false; // the frame went away while the call was in flight
    }
  };

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (e, input: unknown) => {
      if (!trusted(e)) {
        engine.log.warn('ipc call refused: untrusted sender', { channel, sender: e.sender.id });
        return fail('PERMISSION_DENIED', `"${channel}" may only be called by Shotline's own page.`);
      }
      return engine.dispatcher.dispatch(channel, input, { origin: `window:${e.sender.id}`, transport: 'electron' });
    });
  }

  const unsubscribe = engine.events.subscribe((name, payload) => {
    for (const wc of opts.targets()) {
      if (wc.isDestroyed() || !opts.isAppUrl(wc.getURL())) continue;
      try {
        wc.send(eventChannel(name), payload);
      } catch (err) {
        // A window closing mid-send must not stop the event reaching the others.
        engine.log.debug('event not delivered', { event: name, message: err instanceof Error ? err.message : String(err) });
      }
    }
  });

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
