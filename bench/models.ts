/**
 * npm run bench:models — for every installed model: session load time and median inference
 * latency on the provider the runtime picks (in the inference worker), and Silero VAD's real-time
 * factor over a minute of synthesized speech. The baseline of the same run: the round trip of an
 * empty request to the worker, which every inference also pays.
 */
import { cpus } from 'node:os';
import { silentLogger } from '../src/main/engine/logger';
import { memoryHashCache } from '../src/main/engine/runtime/fileHash';
import { benchModels } from '../src/main/engine/runtime/modelBench';
import { ModelRuntime } from '../src/main/engine/runtime/modelRuntime';
import { ModelRegistry } from '../src/main/engine/runtime/registry';
import { forkWorker, InferenceWorkerHost } from '../src/main/engine/runtime/worker/workerHost';
import { defaultModelsDir } from '../src/main/engine/createEngine';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function main(): Promise<void> {
  console.log(`bench:models — ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`);
  const registry = new ModelRegistry(
    { builtInDir: defaultModelsDir(), packsDir: mkdtempSync(join(tmpdir(), 'shotline-bench-packs-')) },
    memoryHashCache(),
  );
  const host = new InferenceWorkerHost(forkWorker({ budgetMB: 2048 }), silentLogger);
  const runtime = new ModelRuntime({ registry, host, choice: () => 'auto', log: silentLogger, budgetMB: 2048 });
  try {
    await host.request({ op: 'info' });
    const rt: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await host.request({ op: 'info' });
      rt.push(performance.now() - t);
    }
    rt.sort((a, b) => a - b);
    const base = rt[100]!;
    console.log(`worker round trip (baseline): ${base.toFixed(3)} ms median`);
    const rows = await benchModels(registry, runtime, { log: (l) => console.log(l) });
    for (const r of rows) console.log(`  ${r.id}: inference = ${(r.medianMs / base).toFixed(1)}× the worker round trip`);
    const view = await runtime.view();
    if (view.failed.length)
      console.log(`providers that failed here: ${view.failed.map((f) => `${f.provider} (${f.message.slice(0, 80)})`).join('; ')}`);
  } finally {
    await host.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
