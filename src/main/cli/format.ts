import type { ProjectSummary } from '../../shared/domain';
import { formatBytes } from '../../shared/bytes';
import type { CacheUsage } from '../../shared/ipc/contract';
import { formatTimecode } from '../../shared/time';

/** A plain table of projects for the terminal. */
export function formatSummaries(list: ProjectSummary[]): string {
  if (list.length === 0) return 'No projects yet. Start the studio, or import one with "shotline projects import <file>".';
  const rows = list.map((p) => [
    p.id,
    p.name,
    String(p.shotCount),
    formatTimecode(p.durationFrames, p.fps),
    p.updatedAt.slice(0, 16).replace('T', ' '),
  ]);
  const head = ['ID', 'NAME', 'SHOTS', 'LENGTH', 'UPDATED'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The render cache's takes by what uses them, a line each. */
export function formatCacheUsage(u: CacheUsage): string {
  const row = (label: string, b: { count: number; bytes: number }) =>
    `${label.padEnd(8)}${String(b.count).padStart(6)} take${b.count === 1 ? ' ' : 's'}  ${formatBytes(b.bytes).padStart(9)}`;
  return [
    row('in use', u.current),
    row('older', u.older),
    row('unused', u.unused),
    u.unused.count + u.older.count > 0 ? 'Free the space with "shotline cache clean" (--older for earlier versions of shots too).' : '',
  ]
    .filter(Boolean)
    .join('\n');
}
