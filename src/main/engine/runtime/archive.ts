import { closeSync, mkdirSync, openSync, readFileSync, readSync, fstatSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { AppError } from '../../../shared/result';

/** Is this a pack archive the importer can open? */
export function isArchive(path: string): boolean {
  return /\.(zip|tar|tgz|tar\.gz)$/i.test(path);
}

/** Resolves an entry's name inside `dest`, refusing absolute names and `..` (no writing outside the folder). */
function safeTarget(dest: string, name: string): string | null {
  const clean = name.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!clean || clean.endsWith('/')) return null;
  if (clean.startsWith('/') || /^[a-zA-Z]:/.test(clean) || clean.split('/').includes('..')) {
    throw new AppError('INVALID_FILE', `The archive holds a file outside its own folder ("${name}"); it was not opened.`);
  }
  const target = resolve(dest, clean);
  if (!target.startsWith(resolve(dest) + sep)) throw new AppError('INVALID_FILE', `The archive entry "${name}" points outside the pack.`);
  return target;
}

function write(dest: string, name: string, data: Buffer): void {
  const target = safeTarget(dest, name);
  if (!target) return;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, data);
}

/** Unpacks a .tar or .tar.gz (ustar; regular files and folders). */
function extractTar(file: string, dest: string): void {
  let buf = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a: number, n: number) => header.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const prefix = str(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = null;
    const body = buf.subarray(off + 512, off + 512 + size);
    if (body.length < size) throw new AppError('INVALID_FILE', 'The archive is truncated.');
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === '0' || type === '\0') write(dest, name, Buffer.from(body));
    off += 512 + Math.ceil(size / 512) * 512;
  }
}

/** Unpacks a .zip (stored or deflated entries), reading its central directory. */
function extractZip(file: string, dest: string): void {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new AppError('INVALID_FILE', 'The file is not a zip archive (or it is truncated).');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) throw new AppError('INVALID_FILE', 'ZIP64 archives are not supported; use .tar.gz for packs over 4 GB.');
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new AppError('INVALID_FILE', 'The zip archive is damaged.');
      const method = cd.readUInt16LE(p + 10);
      const compSize = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      if (name.endsWith('/')) continue;
      const lh = Buffer.alloc(30);
      readSync(fd, lh, 0, 30, local);
      const start = local + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
      const data = Buffer.alloc(compSize);
      readSync(fd, data, 0, compSize, start);
      if (method === 0) write(dest, name, data);
      else if (method === 8) write(dest, name, inflateRawSync(data));
      else
        throw new AppError(
          'INVALID_FILE',
          `The zip entry "${name}" uses compression method ${method}; only stored and deflate are supported.`,
        );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Unpacks a pack archive into `dest` and returns the pack's folder: `dest` itself, or the one
 * folder the archive wraps everything in.
 */
export function extractArchive(file: string, dest: string): string {
  mkdirSync(dest, { recursive: true });
  try {
    if (/\.zip$/i.test(file)) extractZip(file, dest);
    else extractTar(file, dest);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INVALID_FILE', `The archive ${file} could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
  return dest;
}

/** The folder of an unpacked archive that holds manifest.json (the top, or its single subfolder). */
export function packRoot(dest: string, has: (folder: string) => boolean, list: (folder: string) => string[]): string {
  if (has(dest)) return dest;
  const subs = list(dest);
  if (subs.length === 1 && has(join(dest, subs[0]!))) return join(dest, subs[0]!);
  throw new AppError('INVALID_FILE', 'The archive has no manifest.json at its top (or in its one folder): it is not a model pack.');
}
