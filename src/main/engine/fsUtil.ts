import { readdirSync, statfsSync } from 'node:fs';

/** The names in a folder, or none when it does not exist (or cannot be read). */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Bytes this process may still write on the filesystem that holds `dir`. */
export function freeBytesAt(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
