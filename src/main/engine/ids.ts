import { randomBytes } from 'node:crypto';

/** Short, URL-safe, sortable-enough ids: a prefix, base-36 time, and 8 random characters. */
export function newId(prefix: string): string {
  const rand = randomBytes(6)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x');
  return `${prefix}_${Date.now().toString(36)}${rand}`;
}

export type IdFactory = (prefix: string) => string;
