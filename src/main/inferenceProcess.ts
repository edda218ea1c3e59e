import { utilityProcess } from 'electron';
import type { SpawnWorker } from './engine/runtime/worker/workerHost';
import type { WorkerResponse } from './engine/runtime/worker/protocol';

/**
 * The desktop app's inference worker: an Electron utility process (a Node process Chromium
 * manages, sandbox-free for native addons). Messages go by structured clone, typed arrays included.
 */
export function utilityWorker(script: string, budgetMB: number): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(script, [], {
      serviceName: 'Shotline inference',
      env: { ...process.env, SHOTLINE_WORKER_BUDGET_MB: String(budgetMB) },
      stdio: 'ignore',
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send: (msg) => child.postMessage(msg),
      onMessage: (cb) => child.on('message', (m: unknown) => cb(m as WorkerResponse)),
      onExit: (cb) => child.on('exit', (code) => cb(code, null)),
      kill: () => void child.kill(),
    };
  };
}
