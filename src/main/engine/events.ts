import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Disposer } from '../../shared/ipc/api';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Fan-out of engine events to every transport (Electron windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(name, payload);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): Disposer {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size;
  }
}
