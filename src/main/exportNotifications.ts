import { Notification, type BrowserWindow } from 'electron';
import type { Disposer } from '../shared/ipc/api';
import type { QueueSnapshot } from '../shared/jobs';
import { finishedExports } from '../shared/jobs/finished';
import type { EventBus } from './engine/events';

/**
 * System notifications of finished and failed exports, from the main process: the window's own
 * Notification API is refused by the permission policy (security.ts), and a notification matters
 * most when the window is not in front, where the window's toast is not seen. Clicking one brings
 * the window back; for a finished export it also shows the file in its folder.
 */
export function notifyFinishedExports(o: {
  events: EventBus;
  window: () => BrowserWindow | undefined;
  reveal: (path: string) => void;
}): Disposer {
  let before: QueueSnapshot | null = null;
  return o.events.subscribe((name, payload) => {
    if (name !== 'onQueueChanged') return;
    const after = payload as QueueSnapshot;
    const done = finishedExports(before, after);
    before = after;
    const win = o.window();
    if (done.length === 0 || !Notification.isSupported() || (win && win.isFocused())) return;
    for (const f of done) {
      const n = new Notification({
        title: f.ok ? 'Shotline: export finished' : 'Shotline: export failed',
        body: f.ok ? (f.outputPath ?? f.label) : `${f.label}: ${f.message}`,
      });
      n.on('click', () => {
        const w = o.window();
        if (w) {
          if (w.isMinimized()) w.restore();
          w.focus();
        }
        if (f.ok && f.outputPath) o.reveal(f.outputPath);
      });
      n.show();
    }
  });
}
