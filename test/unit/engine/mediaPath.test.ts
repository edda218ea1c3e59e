import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, resolveMediaPath } from '../../../src/main/engine/media/mediaPath';

let base: string;
let roots: string[];
let media: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'shotline-media-')));
  media = join(base, 'media');
  const exportsDir = join(base, 'exports');
  mkdirSync(join(media, 'takes'), { recursive: true });
  mkdirSync(exportsDir);
  writeFileSync(join(media, 'a.txt'), 'hello');
  writeFileSync(join(media, 'takes', 'shot 1 — テイク.mp4'), 'video');
  writeFileSync(join(exportsDir, 'final.mp4'), 'final');
  writeFileSync(join(media, '..notes.txt'), 'a file whose name starts with two dots');
  writeFileSync(join(base, 'secret.txt'), 'outside the library');
  symlinkSync(join(base, 'secret.txt'), join(media, 'escape.txt'));
  symlinkSync(base, join(media, 'escape-dir'));
  symlinkSync(join(media, 'a.txt'), join(media, 'alias.txt'));
  roots = [media, exportsDir];
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveMediaPath: served', () => {
  it('serves a file under media', () => {
    expect(resolveMediaPath(roots, 'media/a.txt')).toEqual({ ok: true, path: join(media, 'a.txt') });
    expect(resolveMediaPath(roots, '/media/a.txt')).toEqual({ ok: true, path: join(media, 'a.txt') });
  });

  it('serves percent-encoded names and files in the other root', () => {
    const encoded = 'media/takes/' + encodeURIComponent('shot 1 — テイク.mp4');
    expect(resolveMediaPath(roots, encoded)).toEqual({ ok: true, path: join(media, 'takes', 'shot 1 — テイク.mp4') });
    expect(resolveMediaPath(roots, 'exports/final.mp4')).toEqual({ ok: true, path: join(base, 'exports', 'final.mp4') });
  });

  it('serves a file whose name merely starts with ".." (it does not leave the folder)', () => {
    expect(resolveMediaPath(roots, 'media/..notes.txt')).toEqual({ ok: true, path: join(media, '..notes.txt') });
  });

  it('serves a link that stays inside the library, as its real path', () => {
    expect(resolveMediaPath(roots, 'media/alias.txt')).toEqual({ ok: true, path: join(media, 'a.txt') });
  });
});

describe('resolveMediaPath: refused', () => {
  it.each([
    ['../etc/passwd', /\.\./],
    ['media/../../x', /\.\./],
    ['media/../secret.txt', /\.\./],
    ['%2e%2e/x', /\.\./],
    ['media/%2e%2e/%2e%2e/etc/passwd', /\.\./],
    ['media%2F..%2F..%2Fsecret.txt', /\.\./],
    ['media\\..\\..\\secret.txt', /\.\./],
    ['/etc/passwd', /not a library folder/],
    ['C:/Windows', /absolute/],
    ['c:\\Windows\\win.ini', /absolute/],
    ['unknownroot/x', /"unknownroot" is not a library folder/],
    ['', /empty/],
    ['/', /empty/],
    ['media/a.txt\0.png', /NUL/],
    ['media/a.txt%00.png', /NUL/],
    ['media/%E0%A4%A', /percent-encoding/],
    ['media/escape.txt', /link/],
    ['media/escape-dir/secret.txt', /link/],
    ['media/missing.txt', /no such file/],
  ])('refuses %j with a reason', (requestPath, reason) => {
    const r = resolveMediaPath(roots, requestPath);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.reason.length).toBeGreaterThan(5);
    }
  });

  it('never serves a file outside the roots for any of a batch of traversal tricks', () => {
    const tricks = [
      '..',
      '../',
      './../secret.txt',
      'media/./../secret.txt',
      'media//../secret.txt',
      '%2E%2E%2Fsecret.txt',
      'media/%2e%2e%5csecret.txt',
      'exports/../media/a.txt',
    ];
    for (const t of tricks) {
      const r = resolveMediaPath(roots, t);
      if (r.ok) expect(isInside(media, r.path) || isInside(join(base, 'exports'), r.path)).toBe(true);
      expect(r.ok && r.path === join(base, 'secret.txt')).toBe(false);
    }
  });
});

describe('isInside', () => {
  it('is true only for strict descendants', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/../d')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });

  it('counts a child whose name starts with ".." as inside', () => {
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
  });
});
