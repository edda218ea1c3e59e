import type { ProjectSummary } from '../../shared/domain';
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
