/**
 * Random challenge phrases for the liveness check: four everyday words a person reads aloud, made
 * of distinct sounds so a phrase is told apart from others by its sound alone. A recording made
 * before the phrase was shown cannot contain it.
 */
export const CHALLENGE_WORDS = [
  ['purple', 'golden', 'quiet', 'windy', 'silver', 'sleepy', 'bright', 'frozen', 'happy', 'little'],
  ['river', 'tiger', 'window', 'garden', 'rocket', 'pencil', 'lemon', 'castle', 'dragon', 'blanket'],
  ['jumps', 'sings', 'waits', 'falls', 'dances', 'sleeps', 'shouts', 'swims', 'glows', 'knocks'],
  ['seven', 'twelve', 'thirty', 'ninety', 'eleven', 'forty', 'sixty', 'twenty', 'three', 'eight'],
] as const;

/** A phrase from the four word lists; `random` returns values in [0, 1). */
export function challengePhrase(random: () => number = Math.random): string {
  return CHALLENGE_WORDS.map((list) => list[Math.min(list.length - 1, Math.floor(random() * list.length))]!).join(' ');
}

/** A seeded generator (mulberry32), so phrases are reproducible in tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
