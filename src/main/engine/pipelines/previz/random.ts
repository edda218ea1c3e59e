/**
 * Seeded randomness for previz. Nothing here reads a clock or Math.random: the same seed gives the
 * same numbers on every run and machine, which is what lets a content hash name a rendered take.
 */

/** A 32-bit hash of a string (cyrb-style mixing of FNV-1a), used to derive seeds from ids. */
export function hashString(text: string): number {
  let h1 = 0x811c9dc5 ^ text.length;
  let h2 = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return (h1 ^ (h1 >>> 16)) >>> 0;
}

/** A seed from several parts, e.g. the project seed and an id. */
export function seedOf(...parts: (string | number)[]): number {
  return hashString(parts.map(String).join('\u001f'));
}

/** A small, fast seeded generator (mulberry32) with the helpers the drawing needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}
