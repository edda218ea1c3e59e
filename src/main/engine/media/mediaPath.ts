import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type MediaResolution = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Maps a `media://` (or server `/media/`) request path to a file under one of the library roots.
 * The path is decoded, resolved, symlinks followed, and only then checked for containment, so
 * `..`, absolute paths, encoded separators and links that leave the library are all refused.
 */
export function resolveMediaPath(libraryRoots: readonly string[], requestPath: string): MediaResolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return { ok: false, reason: 'the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, reason: 'the path contains a NUL byte' };
  const trimmed = decoded.replace(/^\/+/, '');
  if (trimmed === '') return { ok: false, reason: 'the path is empty' };
  if (isAbsolute(trimmed) || /^[A-Za-z]:/.test(trimmed)) return { ok: false, reason: 'absolute paths are not served' };
  if (trimmed.split(/[\\/]/).includes('..')) return { ok: false, reason: 'the path leaves the library ("..")' };

  // The first segment names the root ("media/…" or "exports/…"); the rest is inside it.
  const [rootName, ...rest] = trimmed.split('/');
  const root = libraryRoots.find((r) => r.split(sep).pop() === rootName);
  if (!root) return { ok: false, reason: `"${rootName}" is not a library folder` };
  const candidate = resolve(root, ...rest);
  if (!isInside(root, candidate)) return { ok: false, reason: 'the path leaves the library' };
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(candidate);
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, reason: 'no such file in the library' };
  }
  if (!isInside(realRoot, real)) return { ok: false, reason: 'the path leaves the library through a link' };
  return { ok: true, path: real };
}

export function isInside(root: string, candidate: string): boolean {
  const rel = relative(resolve(root), resolve(candidate));
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}
