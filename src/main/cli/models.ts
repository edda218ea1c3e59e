import { resolve } from 'node:path';
import type { Engine } from '../engine/createEngine';
import { benchModels } from '../engine/runtime/modelBench';
import type { ModelView, RuntimeView } from '../../shared/models';
import type { PackInfoSchema } from '../../shared/ipc/contract';
import type { z } from 'zod';
import { followJobs, UsageError } from './render';

type Call = (channel: string, input: unknown) => Promise<unknown>;
type PackInfo = z.infer<typeof PackInfoSchema>;

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

export function formatModels(list: readonly ModelView[]): string {
  if (list.length === 0) return 'No models found.';
  return list
    .map(
      (m) =>
        `${m.id.padEnd(24)} ${m.task.padEnd(15)} ${m.status.padEnd(8)} ${mb(m.bytes).padStart(9)}  ${m.origin.padEnd(8)} ${m.licence}` +
        (m.provider ? `  [runs on ${m.provider}]` : '') +
        (m.problem ? `\n    ${m.problem}` : ''),
    )
    .join('\n');
}

/**
 * `shotline models list|verify|import|bench|provider`. Exit codes: 0 ok, 1 a model is not usable
 * (verify) or an import failed, 2 a usage error or a licence not yet accepted.
 */
export async function modelsCommand(
  engine: Engine,
  call: Call,
  sub: string | undefined,
  args: string[],
  o: { json: boolean; acceptLicence: boolean; out: NodeJS.WriteStream },
): Promise<number> {
  const write = (s: string) => void o.out.write(`${s}\n`);
  switch (sub) {
    case 'list':
    case 'verify': {
      const list = (await call('models:list', { rescan: sub === 'verify' })) as ModelView[];
      write(o.json ? JSON.stringify(list, null, 2) : formatModels(list));
      if (sub === 'verify') {
        const bad = list.filter((m) => m.status !== 'ok');
        write(bad.length ? `${bad.length} model(s) cannot be used.` : `All ${list.length} models verified (size and sha256).`);
        return bad.length ? 1 : 0;
      }
      return 0;
    }
    case 'provider': {
      const choice = args[0];
      const view = (await call(choice ? 'models:setProvider' : 'models:runtime', choice ? { choice } : {})) as RuntimeView;
      write(
        o.json
          ? JSON.stringify(view, null, 2)
          : `provider setting: ${view.choice}\ntried in this order here: ${view.order.join(' → ')}\n` +
              view.failed.map((f) => `unavailable: ${f.provider} (${f.message.slice(0, 160)})`).join('\n'),
      );
      return 0;
    }
    case 'import': {
      const source = args[0];
      if (!source) throw new UsageError('Usage: shotline models import <pack folder | manifest URL> [--accept-licence]');
      const isUrl = /^https?:\/\//i.test(source);
      const info = (await call(
        isUrl ? 'models:inspectUrl' : 'models:inspectPack',
        isUrl ? { url: source } : { path: resolve(source) },
      )) as PackInfo & {
        freeBytes?: number;
      };
      write(`${info.name} (${info.id} ${info.version}) — ${info.task}, ${mb(info.bytes)}, licence ${info.licence.name}`);
      if (info.freeBytes !== undefined) write(`Needs ${mb(info.bytes)}; ${mb(info.freeBytes)} free.`);
      if (!info.licence.accepted && !o.acceptLicence) {
        if (info.licence.text) write(`\n${info.licence.text.slice(0, 2000)}${info.licence.text.length > 2000 ? '\n…' : ''}\n`);
        write(`Read the licence above, then run the command again with --accept-licence to install.`);
        return 2;
      }
      if (!isUrl) {
        const view = (await call('models:importPack', { path: resolve(source), acceptLicence: true })) as ModelView;
        write(`Installed ${view.name}: ${view.status}.`);
        return 0;
      }
      const { jobId } = (await call('models:downloadPack', { url: source, acceptLicence: true })) as { jobId: string };
      return followJobs(engine, [jobId], jobId, o.out);
    }
    case 'bench': {
      write(`Benchmarking on ${process.platform}-${process.arch} (provider setting: ${engine.models.providerChoice()})`);
      await benchModels(engine.modelRegistry, engine.modelRuntime, { log: write });
      return 0;
    }
    default:
      throw new UsageError(
        'Usage: shotline models list | verify | provider [auto|cuda|dml|coreml|webgpu|cpu] | import <folder|url> | bench',
      );
  }
}
