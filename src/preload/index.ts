// The sandboxed preload: builds `window.shotline` from the shared contract and exposes nothing
// else. The page never sees ipcRenderer, Node, or the IPC event objects.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type Disposer, type Transport } from '../shared/ipc/api';
import { CHANNELS, EVENT_NAMES, type EventName } from '../shared/ipc/contract';
import { fail } from '../shared/result';

const channels = new Set<string>(CHANNELS);
const eventNames = new Set<string>(EVENT_NAMES);

// One ipcRenderer listener per event, fanned out to the page's listeners: many components may
// subscribe to the same event without tripping EventEmitter's leak warning.
const fanOuts = new Map<EventName, { listeners: Set<(payload: unknown) => void>; forward: (event: unknown, payload: unknown) => void }>();

function subscribe(name: EventName, listener: (payload: unknown) => void): Disposer {
  if (!eventNames.has(name) || typeof listener !== 'function') return () => {};
  const channel = `shotline:event:${name}`;
  let fanOut = fanOuts.get(name);
  if (!fanOut) {
    const set = new Set<(payload: unknown) => void>();
    const forward = (_event: unknown, payload: unknown) => {
      for (const l of [...set]) {
        try {
          l(payload);
        } catch (err) {
          console.error(`A listener of ${name} failed`, err);
        }
      }
    };
    fanOut = { listeners: set, forward };
    fanOuts.set(name, fanOut);
    ipcRenderer.on(channel, forward);
  }
  const own = fanOut;
  own.listeners.add(listener);
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    own.listeners.delete(listener);
    if (own.listeners.size === 0 && fanOuts.get(name) === own) {
      ipcRenderer.removeListener(channel, own.forward);
      fanOuts.delete(name);
    }
  };
}

const transport: Transport = {
  invoke(channel, input) {
    if (!channels.has(channel)) return Promise.resolve(fail('UNKNOWN_CHANNEL', `Unknown call "${String(channel).slice(0, 80)}".`));
    return ipcRenderer.invoke(channel, input);
  },
  subscribe,
};

contextBridge.exposeInMainWorld('shotline', buildApi(transport));
