import { describe, expect, it } from 'vitest';
import { parseByteRange, rangeHeaders } from '../../../src/main/engine/media/byteRange';

describe('parseByteRange', () => {
  it('serves the whole file without a usable header', () => {
    expect(parseByteRange(undefined, 100)).toBeNull();
    expect(parseByteRange('items=0-5', 100)).toBeNull();
    expect(parseByteRange('bytes=0-5,10-20', 100)).toBeNull();
    expect(parseByteRange('bytes=-', 100)).toBeNull();
  });

  it('parses closed, open-ended and suffix ranges, clamping to the file', () => {
    expect(parseByteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
  });

  it('reports ranges that cannot be satisfied', () => {
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=20-10', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('builds 206 headers', () => {
    expect(rangeHeaders({ start: 10, end: 19 }, 100)).toEqual({
      'Content-Range': 'bytes 10-19/100',
      'Content-Length': '10',
      'Accept-Ranges': 'bytes',
    });
  });
});
