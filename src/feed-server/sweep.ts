import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './store';

export interface SweepResult {
  uploads: number;
  drafts: number;
}

/**
 * Removes what was abandoned: partial tus uploads untouched (not created, not written to) for
 * `maxAgeMs`, and drafts announced that long ago that no live upload is filling. A finished
 * upload is never here (it was moved into its post, or refused and removed), so only
 * uploads that never completed are swept. Runs one sweep at a time.
 */
export function feedSweep(db: Db, uploadsDir: string, maxAgeMs: number): () => Promise<SweepResult> {
  let running: Promise<SweepResult> | null = null;
  const once = async (): Promise<SweepResult> => {
    const cutoff = Date.now() - maxAgeMs;
    const ids = new Set((await readdir(uploadsDir)).map((n) => n.replace(/\.json$/, '')));
    const filling = new Set<string>();
    let uploads = 0;
    for (const id of ids) {
      const data = join(uploadsDir, id);
      const info = `${data}.json`;
      const meta = await readFile(info, 'utf8')
        .then((t) => JSON.parse(t) as { creation_date?: string; metadata?: { draftId?: string } })
        .catch(() => null);
      const touched = Math.max(
        Date.parse(meta?.creation_date ?? '') || 0,
        await stat(data).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
        await stat(info).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      );
      if (touched > cutoff) {
        if (meta?.metadata?.draftId) filling.add(meta.metadata.draftId);
        continue;
      }
      await rm(data, { force: true, recursive: true });
      await rm(info, { force: true });
      uploads++;
    }
    const stale = (db.prepare('SELECT id FROM drafts WHERE created_at < ?').all(new Date(cutoff).toISOString()) as { id: string }[]).filter(
      (d) => !filling.has(d.id),
    );
    const del = db.prepare('DELETE FROM drafts WHERE id = ?');
    db.transaction(() => stale.forEach((d) => del.run(d.id)))();
    return { uploads, drafts: stale.length };
  };
  return () => {
    running ??= once().finally(() => (running = null));
    return running;
  };
}
