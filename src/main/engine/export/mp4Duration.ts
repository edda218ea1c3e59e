import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

/** The duration of an MP4 from its movie header (moov/mvhd), without running a prober. */
export function mp4DurationSeconds(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (pos: number, len: number) => {
      const b = Buffer.alloc(len);
      readSync(fd, b, 0, len, pos);
      return b;
    };
    const walk = (start: number, end: number, path: string[]): number | null => {
      let pos = start;
      while (pos + 8 <= end) {
        const head = read(pos, 16);
        let boxSize = head.readUInt32BE(0);
        const type = head.toString('latin1', 4, 8);
        let header = 8;
        if (boxSize === 1) {
          boxSize = Number(head.readBigUInt64BE(8));
          header = 16;
        } else if (boxSize === 0) boxSize = end - pos;
        if (boxSize < header) return null;
        if (type === path[0]) {
          if (path.length > 1) return walk(pos + header, pos + boxSize, path.slice(1));
          const body = read(pos + header, 32);
          const version = body[0];
          if (version === 1) return Number(body.readBigUInt64BE(24)) / body.readUInt32BE(20);
          return body.readUInt32BE(16) / body.readUInt32BE(12);
        }
        pos += boxSize;
      }
      return null;
    };
    const d = walk(0, size, ['moov', 'mvhd']);
    if (d === null || !Number.isFinite(d)) throw new Error(`${file} is not an MP4 with a movie header.`);
    return d;
  } finally {
    closeSync(fd);
  }
}
