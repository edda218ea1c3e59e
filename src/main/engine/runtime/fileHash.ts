import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export interface HashCache {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** An in-memory cache (tests, the CLI); the engine keeps one in SQLite so big packs are hashed once. */
export function memoryHashCache(): HashCache {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v) };
}

/** sha256 of a file, streamed (packs can be gigabytes). */
export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * sha256 of a file, remembered against its path, size and modification time: a file that was
 * changed in place (same size or not) is hashed again.
 */
export async function cachedSha256(file: string, cache: HashCache): Promise<string> {
  const st = statSync(file);
  const key = `sha256:${file}`;
  const stamp = `${st.size}:${st.mtimeMs}`;
  const hit = cache.get(key);
  if (hit?.startsWith(`${stamp}:`)) return hit.slice(stamp.length + 1);
  const sha = await sha256File(file);
  cache.set(key, `${stamp}:${sha}`);
  return sha;
}
