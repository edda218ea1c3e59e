import { readFileSync } from 'node:fs';

/** Median (the upper one of an even count; NaN of none): other processes on a small machine add spikes that would swamp a mean. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * CPU seconds this process's waited-for children have used so far (every ffmpeg it ran), from
 * /proc/self/stat's cutime and cstime; null where there is no /proc.
 */
export function childCpuSeconds(): number | null {
  try {
    // Fields after the ")" that closes the command name: state is field 3, cutime 16, cstime 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = 100; // USER_HZ, 100 on every Linux build Node supports
    return (Number(f[13]) + Number(f[14])) / ticks;
  } catch {
    return null;
  }
}
