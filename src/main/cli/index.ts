import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createEngine } from '../engine/createEngine';
import { defaultDataDir } from '../engine/paths';
import { startServer } from '../server/server';
import { formatCacheUsage, formatSummaries } from './format';
import { formatBytes } from '../../shared/bytes';
import type { CacheUsage, CallOutput } from '../../shared/ipc/contract';

type CleanResult = CallOutput<'render:cleanCache'>;
import { modelsCommand } from './models';
import { renderCommand, runQueueCommand, UsageError } from './render';
import pkg from '../../../package.json';

const HELP = `shotline ${pkg.version} — offline studio for multi-shot AI video

Usage:
  shotline serve [--port N] [--data-dir DIR]      run the studio for a browser (127.0.0.1 only)
  shotline projects list [--json]                 list projects
  shotline projects export <projectId> <file>     write a .shotline file
  shotline projects import <file>                 import a .shotline file as a new project
  shotline render <file.shotline> -o <out.mp4> [--preset 720p|1080p|vertical]
                  [--creator NAME] [--srt] [--fcpxml]
                                                  render every shot (previz) and export a watermarked,
                                                  credentialed MP4; cached shots are not rendered again;
                                                  --fcpxml also writes .fcpxml and .premiere.xml edit lists
  shotline queue list [--json]                    the render queue
  shotline queue run                              finish what the queue holds (e.g. after a crash)
  shotline cache [--json]                         how much disk the render cache's takes hold: in use, older, unused
  shotline cache clean [--older]                  remove the takes no project uses (--older: also earlier versions of
                                                  shots); files rendered with "shotline render" then render anew
  shotline models list [--json]                   built-in models and installed packs, with status
  shotline models verify                          re-check every model file (size, sha256); exit 1 if any is unusable
  shotline models provider [auto|cuda|dml|coreml|webgpu|cpu]
                                                  show or set the execution provider
  shotline models import <folder|manifest URL> [--accept-licence]
                                                  install a model pack (downloads resume; files verified)
  shotline models bench                           load time and latency of each model on this machine
  shotline lipsync report <projectId|file.shotline> [--json]
                                                  per line: mouth vs speech offset (ms); flags lines beyond 25 ms
  shotline info                                   versions and where data and logs live
  shotline feed-server                             run the reference feed service (FEED_* environment variables)
  shotline feed-server accounts add <name> | list | token <name> | revoke <name> [--json]
                                                  the feed's accounts and API tokens, on its FEED_DATA_DIR
  shotline --help | --version

Data folder: --data-dir, else $SHOTLINE_DATA_DIR, else the platform default (${defaultDataDir()}).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      output: { type: 'string', short: 'o' },
      preset: { type: 'string', default: '720p' },
      creator: { type: 'string' },
      srt: { type: 'boolean', default: false },
      fcpxml: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      'accept-licence': { type: 'boolean', default: false },
      older: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) return print(pkg.version);
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) return print(HELP);
  if (command === 'feed-server') {
    // The feed is its own service with its own data (FEED_DATA_DIR); no studio engine is opened.
    if (sub === 'accounts') {
      const { accountsCommand } = await import('../../feed-server/accounts');
      return accountsCommand(rest, process.env, { out: process.stdout, err: process.stderr, json: values.json ?? false });
    }
    if (sub)
      throw new CliError('Usage: shotline feed-server | shotline feed-server accounts add <name> | list | token <name> | revoke <name>');
    const { runFeedServer } = await import('../../feed-server/main');
    await runFeedServer();
    return new Promise<number>(() => undefined);
  }
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();

  // Only the commands that render run the queue; a listing only loads it.
  const engine = createEngine({
    dataDir,
    appVersion: pkg.version,
    startQueue:
      command === 'serve' || command === 'render' || (command === 'queue' && sub === 'run') || (command === 'models' && sub === 'import')
        ? true
        : // The cache needs the queue's jobs: a failed export keeps the takes a retry would use.
          command === 'queue' || command === 'cache'
          ? 'load-only'
          : false,
  });
  const call = async (channel: string, input: unknown) => {
    const result = await engine.dispatcher.dispatch(channel, input, { origin: 'cli', transport: 'cli' });
    if (!result.ok) throw new CliError(`${result.error.message} [${result.error.code}]`);
    return result.value;
  };

  try {
    switch (command) {
      case 'serve':
        return await serve(engine, values.port);
      case 'render': {
        if (!sub || !values.output)
          throw new CliError('Usage: shotline render <file.shotline> -o <out.mp4> [--preset 720p|1080p|vertical]');
        return await renderCommand(engine, call, {
          file: sub,
          output: values.output,
          preset: values.preset ?? '720p',
          creator: values.creator,
          srt: values.srt ?? false,
          fcpxml: values.fcpxml ?? false,
          out: process.stdout,
        });
      }
      case 'queue':
        if (sub === 'run') return await runQueueCommand(engine, process.stdout);
        if (sub === 'list') {
          const snap = engine.queue.snapshot();
          return print(
            values.json
              ? JSON.stringify(snap, null, 2)
              : snap.jobs
                  .map(
                    (j) =>
                      `${j.id}  ${j.state.padEnd(9)} ${j.progress ? `${j.progress.percent}%`.padStart(6) : '      '}  ${j.label}${j.error ? `  — ${j.error.message}` : ''}`,
                  )
                  .join('\n') || 'The queue is empty.',
          );
        }
        throw new CliError('Usage: shotline queue list | run');
      case 'cache': {
        if (sub === 'clean') {
          const r = (await call('render:cleanCache', { older: values.older ?? false })) as CleanResult;
          if (values.json) return print(JSON.stringify(r, null, 2));
          return print(
            `Removed ${r.removed} take${r.removed === 1 ? '' : 's'}, freed ${formatBytes(r.freedBytes)}.` +
              (r.failed ? ` ${r.failed} could not be removed (a player may have them open; see the log).` : '') +
              `\n${formatCacheUsage(r.usage)}`,
          );
        }
        if (sub) throw new CliError('Usage: shotline cache [--json] | shotline cache clean [--older]');
        const usage = (await call('render:cacheUsage', {})) as CacheUsage;
        return print(values.json ? JSON.stringify(usage, null, 2) : formatCacheUsage(usage));
      }
      case 'models':
        return await modelsCommand(engine, call, sub, rest, {
          json: values.json ?? false,
          acceptLicence: values['accept-licence'] ?? false,
          out: process.stdout,
        });
      case 'lipsync': {
        if (sub !== 'report' || !rest[0]) throw new CliError('Usage: shotline lipsync report <projectId|file.shotline> [--json]');
        return print(await lipsyncReport(call, rest[0], values.json ?? false));
      }
      case 'info':
        return print(JSON.stringify(await call('app:info', {}), null, 2));
      case 'projects':
        if (sub === 'list') {
          const list = (await call('projects:list', {})) as Parameters<typeof formatSummaries>[0];
          return print(values.json ? JSON.stringify(list, null, 2) : formatSummaries(list));
        }
        if (sub === 'export' && rest.length === 2) {
          const out = (await call('projects:exportFile', { projectId: rest[0], path: resolve(rest[1]!) })) as {
            path: string;
            bytes: number;
          };
          return print(`Wrote ${out.path} (${out.bytes} bytes)`);
        }
        if (sub === 'import' && rest.length === 1) {
          const out = (await call('projects:importFile', { path: resolve(rest[0]!) })) as {
            project: { id: string; name: string };
            migratedFrom: number;
          };
          return print(
            `Imported "${out.project.name}" as ${out.project.id}${out.migratedFrom < 1 ? ` (migrated from schema ${out.migratedFrom})` : ''}`,
          );
        }
        throw new CliError('Usage: shotline projects list | export <projectId> <file> | import <file>');
      default:
        throw new CliError(`Unknown command "${command}". Run "shotline --help".`);
    }
  } finally {
    if (command !== 'serve') await engine.shutdown();
  }
}

async function serve(engine: ReturnType<typeof createEngine>, portText: string | undefined): Promise<number> {
  const port = portText === undefined ? 5180 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${portText}"`);
  const server = await startServer({ engine, rendererDir: resolve(__dirname, '../renderer'), port }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new CliError(`Port ${port} is in use. Pick another with --port, or --port 0 for any free port.`);
    throw e;
  });
  process.stdout.write(
    `Shotline ${pkg.version} server mode\n  data: ${engine.paths.dataDir}\n  logs: ${engine.paths.logDir}\n\nOpen this URL in your browser (it carries this launch's token):\n  ${server.openUrl}\n\nPress Ctrl+C to stop.\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await engine.shutdown();
  return 0;
}

class CliError extends Error {}

/** `shotline lipsync report`: a project by id, or a .shotline file imported for the report and removed after. */
async function lipsyncReport(call: (c: string, i: unknown) => Promise<unknown>, target: string, json: boolean): Promise<string> {
  const isFile = /\.shotline$/i.test(target);
  const projectId = isFile
    ? ((await call('projects:importFile', { path: resolve(target) })) as { project: { id: string } }).project.id
    : target;
  try {
    const r = (await call('lipsync:report', { projectId })) as {
      tolerance: number;
      lines: { shotIndex: number; character: string; text: string; offsetMs: number | null; flagged: boolean; note: string | null }[];
    };
    if (json) return JSON.stringify(r, null, 2);
    const rows = r.lines.map(
      (l) =>
        `${`shot ${l.shotIndex + 1}`.padEnd(8)} ${l.character.padEnd(12)} ${(l.offsetMs === null ? '   —' : `${l.offsetMs > 0 ? '+' : ''}${l.offsetMs} ms`).padStart(8)} ${l.flagged ? 'OUT OF SYNC' : l.offsetMs === null ? 'not measured' : 'ok'}  “${l.text.slice(0, 50)}”${l.note ? `\n         ${l.note}` : ''}`,
    );
    const bad = r.lines.filter((l) => l.flagged).length;
    return [...rows, `${r.lines.length} line(s); ${bad} beyond ±${r.tolerance} ms.`].join('\n');
  } finally {
    if (isFile) await call('projects:delete', { projectId }).catch(() => undefined);
  }
}

function print(text: string): number {
  process.stdout.write(text + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`shotline: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof CliError || e instanceof UsageError ? 2 : 1;
  },
);
