import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTake, sealTake } from '../../../src/main/engine/render/takeSeal';

describe('take seals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shotline-seal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const take = (name: string, bytes = 64 * 1024) => {
    const file = join(dir, name);
    writeFileSync(file, Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 31) & 0xff)));
    return file;
  };

  it('tells a sealed take from a missing, unsealed, cut short or changed one', async () => {
    expect(await checkTake(join(dir, 'none.mp4'))).toBe('missing');
    const a = take('a.mp4');
    expect(await checkTake(a)).toBe('unsealed');
    await sealTake(a);
    expect(await checkTake(a)).toBe('intact');
    expect(await checkTake(a)).toBe('intact'); // again, from the size and time it was verified at
    truncateSync(a, 1000);
    expect(await checkTake(a)).toBe('damaged');

    // One byte changed in place, same size: only the hash can tell.
    const b = take('b.mp4');
    await sealTake(b);
    const bytes = readFileSync(b);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    writeFileSync(b, bytes);
    expect(await checkTake(b)).toBe('damaged');

    // A seal that is not one (cut short, edited) counts as no seal.
    const c = take('c.mp4');
    await sealTake(c);
    writeFileSync(`${c}.seal`, '{"v":1,"bytes":');
    expect(await checkTake(c)).toBe('unsealed');
  });
});
