/**
 * Dynamic time warping between two feature sequences (Euclidean cost; steps diagonal, horizontal,
 * vertical). Returns for every frame of `a` the frame of `b` it maps to (the first one on the path).
 */
export function dtwMap(a: readonly Float64Array[], b: readonly Float64Array[]): Int32Array {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new Error('Nothing to align: one of the two recordings has no frames.');
  const INF = Number.POSITIVE_INFINITY;
  const D = new Float64Array((n + 1) * (m + 1)).fill(INF);
  D[0] = 0;
  const idx = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const d = frameDistance(ai, b[j - 1]!);
      D[idx(i, j)] = d + Math.min(D[idx(i - 1, j - 1)]!, D[idx(i - 1, j)]!, D[idx(i, j - 1)]!);
    }
  }
  // Walk back from the end, remembering the first b frame each a frame meets.
  const map = new Int32Array(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    map[i - 1] = j - 1;
    const diag = D[idx(i - 1, j - 1)]!;
    const up = D[idx(i - 1, j)]!;
    const left = D[idx(i, j - 1)]!;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) i--;
    else j--;
  }
  for (let k = 1; k < n; k++) if (map[k]! < 0) map[k] = map[k - 1]!;
  return map;
}

/** Euclidean distance between two feature frames. */
export function frameDistance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]! - b[k]!;
    d += x * x;
  }
  return Math.sqrt(d);
}
