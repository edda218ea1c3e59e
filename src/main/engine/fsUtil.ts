import { readdirSync } from 'node:fs';

/** The names in a folder, or none when it does not exist (or cannot be read). */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
