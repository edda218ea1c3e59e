import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Project, ProjectSummary } from '../../../shared/domain';
import type { CacheUsage } from '../../../shared/ipc/contract';
import type { JobView } from '../../../shared/jobs';
import { AppError } from '../../../shared/result';
import type { Logger } from '../logger';
import type { EditContext } from '../projects/projectEditor';

/**
 * The render cache on disk: the takes in `media/takes` (each `<hash>.mp4` with its seal, its part
 * files and its thumbnail `thumbs/take-<hash>.jpg`), sorted into those a shot shows now (or a job
 * that has not succeeded still needs), older versions a shot still lists (stale or revoked), and
 * those nothing names any more. Removing takes is only ever asked for: an unused take is what a
 * shot edited back to its old state, or a project that is imported again, would reuse.
 */
export interface TakeCacheDeps {
  mediaDir: string;
  projects: () => ProjectSummary[];
  load: (projectId: string) => Project;
  /** Edits a stored project through the editor (origin "render": takes are not part of the edit history). */
  edit: (projectId: string, ctx: EditContext, mutate: (draft: Project) => void) => unknown;
  jobs: () => readonly JobView[];
  payload: (jobId: string) => unknown;
  log: Logger;
}

const RENDER_ORIGIN: EditContext = { origin: 'render' };
/** A take's name in `media/takes`, and the thumbnail's in `media/thumbs`, with the files that share its stem. */
const TAKE_FILE = /^([0-9a-f]{16,128})\.mp4(\..*)?$/;
const THUMB_FILE = /^take-([0-9a-f]{16,128})\.jpg(\.part)?$/;
/** A take as a project or a job payload names it. */
const TAKE_REF = /(?:^|\/)takes\/([0-9a-f]{16,128})\.mp4$/;
const TAKE_REFS = /takes\/([0-9a-f]{16,128})\.mp4/g;

type Kind = 'current' | 'older' | 'unused';

interface Census {
  /** Every take on disk: its files and their size. */
  files: Map<string, { paths: string[]; bytes: number }>;
  kind: (hash: string) => Kind;
}

export class TakeCache {
  constructor(private readonly d: TakeCacheDeps) {}

  /** How many takes there are of each kind, and the bytes they hold. */
  usage(): CacheUsage {
    const c = this.census();
    const usage: CacheUsage = { current: bucket(), older: bucket(), unused: bucket() };
    for (const [hash, f] of c.files) {
      const b = usage[c.kind(hash)];
      b.count++;
      b.bytes += f.bytes;
    }
    return usage;
  }

  /**
   * Removes the takes nothing uses and, with `older`, the older versions shots still list (their
   * entries go from the shots too). Takes a shot shows, or a queued, running, paused, failed or
   * canceled job names, always stay.
   */
  clean(i: { older: boolean }): { removed: number; freedBytes: number; failed: number; usage: CacheUsage } {
    const c = this.census();
    const doomed = new Set([...c.files.keys()].filter((h) => c.kind(h) === 'unused' || (i.older && c.kind(h) === 'older')));
    if (i.older) {
      for (const summary of this.d.projects()) {
        const project = this.d.load(summary.id);
        const drops = project.shots.some((s) => s.takes.some((t) => t.status !== 'ok' && doomed.has(hashOf(t.path) ?? '')));
        if (!drops) continue;
        this.d.edit(project.id, RENDER_ORIGIN, (draft) => {
          for (const s of draft.shots) s.takes = s.takes.filter((t) => t.status === 'ok' || !doomed.has(hashOf(t.path) ?? ''));
        });
      }
    }
    let removed = 0;
    let freedBytes = 0;
    let failed = 0;
    for (const hash of doomed) {
      const f = c.files.get(hash)!;
      let ok = true;
      // The take itself last: a take whose seal is gone is never reused, so a half-removed one renders again.
      for (const path of [...f.paths].sort((a, b) => Number(a.endsWith(`${hash}.mp4`)) - Number(b.endsWith(`${hash}.mp4`)))) {
        try {
          rmSync(path, { force: true });
        } catch (e) {
          ok = false;
          this.d.log.warn('could not remove a cached take file', { path, message: (e as Error).message });
        }
      }
      if (ok) {
        removed++;
        freedBytes += f.bytes;
      } else failed++;
    }
    return { removed, freedBytes, failed, usage: this.usage() };
  }

  private census(): Census {
    const files = new Map<string, { paths: string[]; bytes: number }>();
    const add = (dir: string, pattern: RegExp) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const m = pattern.exec(name);
        if (!m) continue;
        const path = join(dir, name);
        let bytes: number;
        try {
          const st = statSync(path);
          if (!st.isFile()) continue;
          bytes = st.size;
        } catch {
          continue;
        }
        const entry = files.get(m[1]!) ?? { paths: [], bytes: 0 };
        entry.paths.push(path);
        entry.bytes += bytes;
        files.set(m[1]!, entry);
      }
    };
    add(join(this.d.mediaDir, 'takes'), TAKE_FILE);
    // A thumbnail without its take is not a take of its own: it goes with its take, or stays.
    const takes = new Set(files.keys());
    add(join(this.d.mediaDir, 'thumbs'), THUMB_FILE);
    for (const h of [...files.keys()]) if (!takes.has(h)) files.delete(h);

    const current = new Set<string>();
    const older = new Set<string>();
    for (const summary of this.d.projects()) {
      let project: Project;
      try {
        project = this.d.load(summary.id);
      } catch (e) {
        throw new AppError(
          'INVALID_FILE',
          `The project "${summary.name}" could not be read (${(e as Error).message}), so which takes it uses is not known. Nothing was removed; open or delete that project first.`,
        );
      }
      for (const s of project.shots) {
        for (const t of s.takes) {
          const h = hashOf(t.path);
          if (h) (t.status === 'ok' ? current : older).add(h);
        }
      }
    }
    // A job that may still run (again) reads or writes its takes: a retried export needs the takes it was given.
    for (const j of this.d.jobs()) {
      if (j.state === 'succeeded') continue;
      for (const m of JSON.stringify(this.d.payload(j.id) ?? null).matchAll(TAKE_REFS)) current.add(m[1]!);
    }
    return { files, kind: (h) => (current.has(h) ? 'current' : older.has(h) ? 'older' : 'unused') };
  }
}

function bucket(): { count: number; bytes: number } {
  return { count: 0, bytes: 0 };
}

function hashOf(path: string): string | null {
  return TAKE_REF.exec(path)?.[1] ?? null;
}
