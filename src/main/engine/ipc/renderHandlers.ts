import { resolve } from 'node:path';
import { AppError } from '../../../shared/result';
import { isInside } from '../media/mediaPath';
import type { RenderQueue } from '../queue/renderQueue';
import type { RenderService } from '../render/renderService';
import type { TakeCache } from '../render/takeCache';
import type { Handlers } from './dispatcher';

type RenderChannel = Extract<keyof Handlers, `render:${string}` | `queue:${string}`>;

/** The calls that render and export, and those that drive the render queue. */
export function renderHandlers(d: {
  render: RenderService;
  cache: TakeCache;
  queue: RenderQueue;
  exportsDir: string;
}): Pick<Handlers, RenderChannel> {
  // From a browser, exports stay inside the library's exports folder (downloadable from there);
  // any folder on disk is for the desktop app and the CLI.
  const refuseOutsideExports = (directory: string | undefined, transport: string) => {
    if (transport === 'server' && directory !== undefined && !(resolve(directory) === d.exportsDir || isInside(d.exportsDir, directory))) {
      throw new AppError(
        'PERMISSION_DENIED',
        `From the browser, exports go to the studio's exports folder (${d.exportsDir}) or a folder inside it; download them from the queue.`,
      );
    }
  };
  return {
    'render:shots': (i) => d.render.renderShots(i),
    'render:export': (i, ctx) => {
      refuseOutsideExports(i.directory, ctx.transport);
      return d.render.export(i);
    },
    'render:space': (i, ctx) => {
      refuseOutsideExports(i.directory, ctx.transport);
      return d.render.space(i);
    },
    'render:thumbnail': (i) => d.render.thumbnail(i),
    'render:defaults': (i) => d.render.defaults(i),
    'render:cacheUsage': () => d.cache.usage(),
    'render:cleanCache': (i) => d.cache.clean(i),
    'queue:list': () => d.queue.snapshot(),
    'queue:pause': (i) => (d.queue.pause(i.jobId), {}),
    'queue:resume': (i) => (d.queue.resume(i.jobId), {}),
    'queue:cancel': (i) => (d.queue.cancel(i.jobId), {}),
    'queue:retry': (i) => (d.queue.retry(i.jobId), {}),
    'queue:move': (i) => (d.queue.move(i.jobId, i.beforeJobId), {}),
    'queue:setPaused': async (i) => {
      if (i.paused) await d.queue.pauseAll();
      else d.queue.resumeAll();
      return {};
    },
    'queue:clearFinished': () => ({ removed: d.queue.clearFinished() }),
  };
}
